import { blake2b256 } from '../crypto/domain-hash.ts';
import { decodeCashAddrData, encodeCashAddr } from '../encoding/cashaddr.ts';
import { DagwalletError } from '../errors.ts';
import type { ScriptPublicKey } from './model/transaction.ts';

/**
 * Kaspa addresses (rusty-kaspa crypto/addresses lib.rs, kaspad util/address.go): a network
 * prefix, a version byte saying how the payload is spent, and the payload, written with the
 * CashAddr-style base32 of encoding/cashaddr.ts.
 */

/** Network prefixes. `a` and `b` exist only for the upstream codec vectors. */
export const AddressPrefix = {
  Mainnet: 'kaspa',
  Testnet: 'kaspatest',
  Simnet: 'kaspasim',
  Devnet: 'kaspadev',
  TestA: 'a',
  TestB: 'b',
  /** dagwallet's own networks; `dagwallet` is reserved for a mainnet-style network. */
  Dagwallet: 'dagwallet',
  Dagtest: 'dagtest',
  Dagdev: 'dagdev',
  Dagsim: 'dagsim',
} as const;
export type AddressPrefix = (typeof AddressPrefix)[keyof typeof AddressPrefix];

export const AddressVersion = {
  /** 32-byte x-only Schnorr public key. */
  PubKey: 0,
  /** 33-byte compressed ECDSA public key. */
  PubKeyECDSA: 1,
  /** 32-byte unkeyed BLAKE2b-256 of a redeem script. */
  ScriptHash: 8,
} as const;
export type AddressVersion = (typeof AddressVersion)[keyof typeof AddressVersion];

export interface Address {
  prefix: AddressPrefix;
  version: AddressVersion;
  payload: Uint8Array;
}

export const AddressErrorCode = {
  TOO_LONG: 'TOO_LONG',
  MISSING_PREFIX: 'MISSING_PREFIX',
  INVALID_PREFIX: 'INVALID_PREFIX',
  BAD_CHARACTER: 'BAD_CHARACTER',
  MIXED_CASE: 'MIXED_CASE',
  BAD_CHECKSUM: 'BAD_CHECKSUM',
  BAD_PADDING: 'BAD_PADDING',
  BAD_LENGTH: 'BAD_LENGTH',
  UNKNOWN_VERSION: 'UNKNOWN_VERSION',
  WRONG_NETWORK: 'WRONG_NETWORK',
} as const;
export type AddressErrorCode = (typeof AddressErrorCode)[keyof typeof AddressErrorCode];

/** An address that cannot be used; the message is written for the send form. */
export class AddressError extends DagwalletError<AddressErrorCode> {}

/**
 * Longest text decodeAddress looks at, checked before anything else so pasted junk costs
 * nothing. The longest real address (9-letter prefix, 33-byte ECDSA key) is 73 characters.
 */
export const MAX_ADDRESS_LENGTH = 128;

const PAYLOAD_LENGTH: Record<AddressVersion, number> = { 0: 32, 1: 33, 8: 32 };

const NETWORK_NAME: Record<AddressPrefix, string> = {
  kaspa: 'Kaspa mainnet',
  kaspatest: 'Kaspa testnet',
  kaspasim: 'Kaspa simnet',
  kaspadev: 'Kaspa devnet',
  a: 'a test-only network',
  b: 'a test-only network',
  dagwallet: 'dagwallet mainnet',
  dagtest: 'dagwallet testnet',
  dagdev: 'dagwallet devnet',
  dagsim: 'dagwallet simnet',
};

const PREFIXES: ReadonlySet<string> = new Set(Object.values(AddressPrefix));
const VERSIONS: ReadonlySet<number> = new Set(Object.values(AddressVersion));

export function isAddressPrefix(text: string): text is AddressPrefix {
  return PREFIXES.has(text);
}

export function isAddressVersion(n: number): n is AddressVersion {
  return VERSIONS.has(n);
}

/**
 * rusty-kaspa skips the payload-length rule for its test-only prefixes, which is what lets the
 * bech32 codec vectors carry short payloads; every real network enforces it.
 */
function isTestOnlyPrefix(prefix: AddressPrefix): boolean {
  return prefix === AddressPrefix.TestA || prefix === AddressPrefix.TestB;
}

function versionName(version: AddressVersion): string {
  if (version === AddressVersion.PubKey) return 'public-key';
  if (version === AddressVersion.PubKeyECDSA) return 'ECDSA public-key';
  return 'script-hash';
}

function checkPayloadLength(version: AddressVersion, payload: Uint8Array): void {
  const want = PAYLOAD_LENGTH[version];
  if (payload.length !== want) {
    throw new AddressError(
      'BAD_LENGTH',
      `A ${versionName(version)} address must carry ${want} bytes, but this one carries ${payload.length}.`,
    );
  }
}

function checkAddress(prefix: string, version: number, payload: Uint8Array): Address {
  if (!isAddressPrefix(prefix)) {
    throw new AddressError('INVALID_PREFIX', `"${prefix}" is not a network this wallet knows.`);
  }
  if (!isAddressVersion(version)) {
    throw new AddressError('UNKNOWN_VERSION', `The address is of an unknown type (version ${version}).`);
  }
  if (!isTestOnlyPrefix(prefix)) checkPayloadLength(version, payload);
  return { prefix, version, payload };
}

/** Builds an address after checking the payload length for the version (a fresh copy of the payload). */
export function createAddress(prefix: AddressPrefix, version: AddressVersion, payload: Uint8Array): Address {
  return checkAddress(prefix, version, payload.slice());
}

export function encodeAddress(address: Address): string {
  const { prefix, version, payload } = checkAddress(address.prefix, address.version, address.payload);
  const bytes = new Uint8Array(1 + payload.length);
  bytes[0] = version;
  bytes.set(payload, 1);
  return encodeCashAddr(prefix, bytes);
}

function describeCharacter(ch: string): string {
  if (/\s/u.test(ch)) return 'a space or line break';
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'an invisible control character';
  if (code > 0x7e) return `"${ch}" (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return `"${ch}"`;
}

/**
 * Parses an address typed or pasted by a user. With `expectedPrefix`, an address of another
 * network is refused (WRONG_NETWORK) once its checksum has proven it is not a typo.
 *
 * Only lowercase is accepted, as rusty-kaspa does (its symbol table and prefix match are
 * lowercase-only). kaspad and BIP-173 would also take an all-uppercase string; we refuse it,
 * with a message saying why, so that dagwallet never accepts what rusty-kaspa wallets reject.
 */
export function decodeAddress(text: string, expectedPrefix?: AddressPrefix): Address {
  if (text.length > MAX_ADDRESS_LENGTH) {
    throw new AddressError('TOO_LONG', `An address is at most ${MAX_ADDRESS_LENGTH} characters; this is longer.`);
  }
  if (text.length === 0) throw new AddressError('MISSING_PREFIX', 'The address is empty.');

  const outside = /[^\x21-\x7e]/u.exec(text);
  if (outside) {
    throw new AddressError('BAD_CHARACTER', `The address contains ${describeCharacter(outside[0])}.`);
  }

  const colon = text.indexOf(':');
  if (colon <= 0) {
    throw new AddressError(
      'MISSING_PREFIX',
      'The address must start with its network name and a colon, like "kaspa:".',
    );
  }

  if (/[A-Z]/.test(text)) {
    if (/[a-z]/.test(text)) {
      throw new AddressError('MIXED_CASE', 'The address mixes capital and small letters; addresses are all lowercase.');
    }
    throw new AddressError('BAD_CHARACTER', 'The address is in capitals; Kaspa addresses are written in lowercase.');
  }

  const prefix = text.slice(0, colon);
  if (!isAddressPrefix(prefix)) {
    throw new AddressError('INVALID_PREFIX', `"${prefix}" is not a network this wallet knows.`);
  }

  const data = text.slice(colon + 1);
  const result = decodeCashAddrData(prefix, data);
  if (!result.ok) {
    switch (result.reason) {
      case 'BAD_CHARACTER': {
        const ch = data[result.index] ?? '';
        throw new AddressError(
          'BAD_CHARACTER',
          `The address contains ${describeCharacter(ch)}, which never appears after the colon (no b, i, o, 1 or punctuation).`,
        );
      }
      case 'TOO_SHORT':
        throw new AddressError('BAD_LENGTH', 'The address is too short; part of it is probably missing.');
      case 'BAD_CHECKSUM':
        throw new AddressError(
          'BAD_CHECKSUM',
          'The address has a typo or is incomplete: its built-in check does not match. Copy it again.',
        );
      case 'BAD_PADDING':
        throw new AddressError('BAD_PADDING', 'The address is malformed: its last characters are not a valid ending.');
    }
  }

  if (expectedPrefix !== undefined && prefix !== expectedPrefix) {
    throw new AddressError(
      'WRONG_NETWORK',
      `This address is for ${NETWORK_NAME[prefix]} ("${prefix}:"), but this wallet is on ${NETWORK_NAME[expectedPrefix]} ("${expectedPrefix}:").`,
    );
  }

  const bytes = result.bytes;
  return checkAddress(prefix, bytes[0] as number, bytes.slice(1));
}

// Script opcodes of the three standard output scripts (kaspad txscript/standard.go).
const OP_DATA_32 = 0x20;
const OP_DATA_33 = 0x21;
const OP_EQUAL = 0x87;
const OP_BLAKE2B = 0xaa;
const OP_CHECKSIGECDSA = 0xab;
const OP_CHECKSIG = 0xac;

/**
 * The standard script paying to an address, script version 0:
 * P2PK `OP_DATA_32 <key> OP_CHECKSIG`, ECDSA P2PK `OP_DATA_33 <key> OP_CHECKSIGECDSA`,
 * P2SH `OP_BLAKE2B OP_DATA_32 <hash> OP_EQUAL`.
 */
export function addressToScriptPublicKey(address: Address): ScriptPublicKey {
  const { version, payload } = address;
  // Test-only prefixes may hold short payloads; a script is never built from one.
  checkPayloadLength(version, payload);
  let script: Uint8Array;
  if (version === AddressVersion.PubKey) {
    script = new Uint8Array([OP_DATA_32, ...payload, OP_CHECKSIG]);
  } else if (version === AddressVersion.PubKeyECDSA) {
    script = new Uint8Array([OP_DATA_33, ...payload, OP_CHECKSIGECDSA]);
  } else {
    script = new Uint8Array([OP_BLAKE2B, OP_DATA_32, ...payload, OP_EQUAL]);
  }
  return { version: 0, script };
}

/** The address a standard script pays to, or null for any other script (or script version). */
export function scriptPublicKeyToAddress(spk: ScriptPublicKey, prefix: AddressPrefix): Address | null {
  if (spk.version !== 0) return null;
  const s = spk.script;
  if (s.length === 34 && s[0] === OP_DATA_32 && s[33] === OP_CHECKSIG) {
    return { prefix, version: AddressVersion.PubKey, payload: s.slice(1, 33) };
  }
  if (s.length === 35 && s[0] === OP_DATA_33 && s[34] === OP_CHECKSIGECDSA) {
    return { prefix, version: AddressVersion.PubKeyECDSA, payload: s.slice(1, 34) };
  }
  if (s.length === 35 && s[0] === OP_BLAKE2B && s[1] === OP_DATA_32 && s[34] === OP_EQUAL) {
    return { prefix, version: AddressVersion.ScriptHash, payload: s.slice(2, 34) };
  }
  return null;
}

/** The P2SH address of a redeem script: its unkeyed BLAKE2b-256 (kaspad NewAddressScriptHash). */
export function payToScriptHashAddress(redeemScript: Uint8Array, prefix: AddressPrefix): Address {
  return { prefix, version: AddressVersion.ScriptHash, payload: blake2b256(redeemScript) };
}
