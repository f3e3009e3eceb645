import { DagwalletError } from '../../errors.ts';

export const KeystoreErrorCode = {
  /** The password does not unwrap the data key (or the KDF parameters were altered along with the checksum). */
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  /** The file carries the wallet marker but fails its checksum, its structure or the payload's authentication. */
  TAMPERED: 'TAMPERED',
  /** Not JSON, not an object, or no `format: "dagwallet-wallet"` marker: some other file. */
  NOT_A_WALLET_FILE: 'NOT_A_WALLET_FILE',
  /** A wallet file of a version this build does not read (usually made by a newer dagwallet). */
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  /** KDF parameters that are unknown, malformed or too costly to run (refused before deriving anything). */
  BAD_KDF_PARAMS: 'BAD_KDF_PARAMS',
  /** The wallet is locked: unlock it with the password first. */
  LOCKED: 'LOCKED',
  /** create() refuses to overwrite an existing file. */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** No file at the path. */
  NOT_FOUND: 'NOT_FOUND',
  /** A new password that is refused (the empty password). */
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  /** Wallet contents that are not a JSON object (a bigint, a function, a cycle…). */
  BAD_CONTENTS: 'BAD_CONTENTS',
} as const;
export type KeystoreErrorCode = (typeof KeystoreErrorCode)[keyof typeof KeystoreErrorCode];

/** Wallet-file errors. Messages are shown to the user: they may name the file, never a secret. */
export class KeystoreError extends DagwalletError<KeystoreErrorCode> {}
