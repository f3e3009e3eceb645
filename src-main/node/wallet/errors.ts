import { DagwalletError } from '../errors.ts';

export const WalletErrorCode = {
  /** Not 12 or 24 words (the counts Kaspa wallets create and restore). */
  BAD_MNEMONIC_LENGTH: 'BAD_MNEMONIC_LENGTH',
  /** A word that is not in the BIP39 English word list. */
  UNKNOWN_MNEMONIC_WORD: 'UNKNOWN_MNEMONIC_WORD',
  /** Every word is known but the BIP39 checksum in the last word does not match. */
  BAD_MNEMONIC_CHECKSUM: 'BAD_MNEMONIC_CHECKSUM',
  /** An extended key (kprv/kpub/ktrv/ktub) that does not parse for the network. */
  BAD_EXTENDED_KEY: 'BAD_EXTENDED_KEY',
  /** An account or address index outside 0 .. 2^31 - 1, or a key at the wrong depth. */
  BAD_DERIVATION: 'BAD_DERIVATION',
} as const;
export type WalletErrorCode = (typeof WalletErrorCode)[keyof typeof WalletErrorCode];

/**
 * Key and mnemonic errors; messages are shown to the user, so they never quote the secret
 * (not even the offending word, only its position).
 */
export class WalletError extends DagwalletError<WalletErrorCode> {}
