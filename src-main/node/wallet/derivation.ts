import { HARDENED_OFFSET, HDKey, type Versions } from '@scure/bip32';
import {
  generateMnemonic as bip39GenerateMnemonic,
  validateMnemonic as bip39ValidateMnemonic,
  mnemonicToSeedSync,
} from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { type Address, type AddressPrefix, AddressVersion, createAddress } from '../consensus/address.ts';
import { WalletError } from './errors.ts';

/**
 * Kaspa's BIP39/BIP32 wallet layout (rusty-kaspa wallet/keys derivation/gen1/hd.rs): a standard
 * BIP39 seed, a standard secp256k1 BIP32 tree, accounts at m/44'/111111'/<account>' and addresses
 * at <account>/<0 receive | 1 change>/<index>. Only the extended-key version bytes and the
 * address format are Kaspa's own.
 */

/** SLIP-44 coin type registered for Kaspa. */
export const KASPA_COIN_TYPE = 111111;
export const BIP44_PURPOSE = 44;

/** kprv / kpub (rusty-kaspa wallet/bip32 prefix.rs). */
export const MAINNET_KEY_VERSIONS: Readonly<Versions> = Object.freeze({ private: 0x038f2ef4, public: 0x038f332e });
/** ktrv / ktub: testnet, devnet and simnet share them. */
export const TESTNET_KEY_VERSIONS: Readonly<Versions> = Object.freeze({ private: 0x03909e07, public: 0x0390a241 });

export type Chain = 0 | 1;
export const RECEIVE_CHAIN: Chain = 0;
export const CHANGE_CHAIN: Chain = 1;

/**
 * The network is named by its address prefix. Mainnet-style networks (Kaspa's and dagwallet's
 * reserved one) use kprv/kpub; every other network, dagwallet's test networks included, ktrv/ktub.
 */
export function extendedKeyVersions(network: AddressPrefix): Versions {
  const v = network === 'kaspa' || network === 'dagwallet' ? MAINNET_KEY_VERSIONS : TESTNET_KEY_VERSIONS;
  return { ...v };
}

/** A fresh BIP39 English phrase from the platform CSPRNG (16 or 32 bytes of entropy). */
export function generateMnemonic(words: 12 | 24 = 24): string {
  if (words !== 12 && words !== 24) throw new RangeError('a mnemonic has 12 or 24 words');
  return bip39GenerateMnemonic(wordlist, words === 12 ? 128 : 256);
}

const WORDS: ReadonlySet<string> = new Set(wordlist);

/**
 * Checks a phrase as typed and returns it in canonical form (lowercase, single spaces), which
 * is what the seed is computed from, so stray spaces or capitals cannot change the wallet.
 * rusty-kaspa restores 12- and 24-word phrases only; so do we.
 */
export function validateMnemonic(mnemonic: string): string {
  const words = mnemonic
    .normalize('NFKD')
    .toLowerCase()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  if (words.length !== 12 && words.length !== 24) {
    throw new WalletError('BAD_MNEMONIC_LENGTH', `A recovery phrase has 12 or 24 words; this one has ${words.length}.`);
  }
  const unknown = words.findIndex((w) => !WORDS.has(w));
  if (unknown >= 0) {
    throw new WalletError('UNKNOWN_MNEMONIC_WORD', `Word ${unknown + 1} is not in the BIP39 English word list.`);
  }
  const canonical = words.join(' ');
  if (!bip39ValidateMnemonic(canonical, wordlist)) {
    throw new WalletError(
      'BAD_MNEMONIC_CHECKSUM',
      'Every word is valid, but together they are not a valid recovery phrase: a word is wrong or out of order.',
    );
  }
  return canonical;
}

/** The BIP32 master key (depth 0) of a phrase and optional BIP39 passphrase. */
export function mnemonicToMasterKey(mnemonic: string, passphrase: string, network: AddressPrefix): HDKey {
  const seed = mnemonicToSeedSync(validateMnemonic(mnemonic), passphrase);
  try {
    return HDKey.fromMasterSeed(seed, extendedKeyVersions(network));
  } finally {
    seed.fill(0);
  }
}

/** Parses a kprv/kpub/ktrv/ktub string for the network's version bytes. */
export function parseExtendedKey(text: string, network: AddressPrefix): HDKey {
  try {
    return HDKey.fromExtendedKey(text, extendedKeyVersions(network));
  } catch (cause) {
    // The text may be a private key: the message never repeats it.
    throw new WalletError('BAD_EXTENDED_KEY', 'This is not a valid extended key for the selected network.', { cause });
  }
}

function checkIndex(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n >= HARDENED_OFFSET) {
    throw new WalletError('BAD_DERIVATION', `The ${what} must be a whole number from 0 to ${HARDENED_OFFSET - 1}.`);
  }
}

/** Derives a chain of children, wiping the private keys of the intermediate nodes. */
function deriveChain(from: HDKey, indexes: number[]): HDKey {
  let key = from;
  for (const index of indexes) {
    const child = key.deriveChild(index);
    if (key !== from) key.wipePrivateData();
    key = child;
  }
  return key;
}

/** The account key m/44'/111111'/<account>' (hardened, so it needs the private master key). */
export function accountKey(master: HDKey, account: number): HDKey {
  if (master.depth !== 0 || master.privateKey === null) {
    throw new WalletError('BAD_DERIVATION', 'Accounts are derived from the private master key.');
  }
  checkIndex('account number', account);
  return deriveChain(master, [
    HARDENED_OFFSET + BIP44_PURPOSE,
    HARDENED_OFFSET + KASPA_COIN_TYPE,
    HARDENED_OFFSET + account,
  ]);
}

/**
 * The key of address <index> on the receive (0) or change (1) chain of an account. Both steps
 * are unhardened, so an account's public key (kpub) is enough to derive addresses.
 */
export function deriveAddressKey(account: HDKey, change: Chain, index: number): HDKey {
  if (account.depth !== 3) throw new WalletError('BAD_DERIVATION', 'Addresses are derived from an account key.');
  if (change !== 0 && change !== 1)
    throw new WalletError('BAD_DERIVATION', 'The chain must be 0 (receive) or 1 (change).');
  checkIndex('address index', index);
  return deriveChain(account, [change, index]);
}

/** The Schnorr P2PK address of a key: the x-coordinate of its compressed public key. */
export function addressFor(key: HDKey, prefix: AddressPrefix): Address {
  const publicKey = key.publicKey;
  if (publicKey === null) throw new WalletError('BAD_DERIVATION', 'The key has no public key.');
  return createAddress(prefix, AddressVersion.PubKey, publicKey.subarray(1));
}
