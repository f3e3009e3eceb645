import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { AddressPrefix, decodeAddress, encodeAddress } from '../consensus/address.ts';
import { readVectorJson } from '../test-support/vectors.ts';
import {
  accountKey,
  addressFor,
  deriveAddressKey,
  extendedKeyVersions,
  generateMnemonic,
  mnemonicToMasterKey,
  parseExtendedKey,
  validateMnemonic,
} from './derivation.ts';
import { WalletError, type WalletErrorCode } from './errors.ts';

interface DerivationVectors {
  hd_wallet_gen1: {
    master_kprv: string;
    account: number;
    receive_addresses_mainnet_index_0_20: string[];
    change_addresses_mainnet_index_0_19: string[];
  };
  wallet_from_mnemonic: {
    mnemonic: string;
    passphrase: string;
    expected_master_kprv: string;
    expected_account0_kpub: string;
  };
  address_test_by_ktrv: {
    mnemonic: string;
    passphrase: string;
    expected_master_ktrv: string;
    expected_account0_ktub: string;
    expected_testnet_receive_address_index_1: string;
  };
}

const v = readVectorJson<DerivationVectors>('transcribed', 'wallet_derivation.json');

function throwsCode(fn: () => unknown, code: WalletErrorCode): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WalletError, `expected WalletError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe('Kaspa HD derivation (transcribed/wallet_derivation.json)', () => {
  const gen1 = v.hd_wallet_gen1;
  const master = parseExtendedKey(gen1.master_kprv, AddressPrefix.Mainnet);
  const account = accountKey(master, gen1.account);

  it('parses and re-serializes the master kprv', () => {
    assert.equal(master.depth, 0);
    assert.equal(master.privateExtendedKey, gen1.master_kprv);
  });

  it('derives the 21 receive addresses', () => {
    assert.equal(gen1.receive_addresses_mainnet_index_0_20.length, 21);
    gen1.receive_addresses_mainnet_index_0_20.forEach((expected, index) => {
      const address = addressFor(deriveAddressKey(account, 0, index), AddressPrefix.Mainnet);
      assert.equal(encodeAddress(address), expected, `receive ${index}`);
    });
  });

  it('derives the 20 change addresses', () => {
    assert.equal(gen1.change_addresses_mainnet_index_0_19.length, 20);
    gen1.change_addresses_mainnet_index_0_19.forEach((expected, index) => {
      const address = addressFor(deriveAddressKey(account, 1, index), AddressPrefix.Mainnet);
      assert.equal(encodeAddress(address), expected, `change ${index}`);
    });
  });

  it('derives the same addresses from the account kpub alone (watch-only)', () => {
    const watch = parseExtendedKey(account.publicExtendedKey, AddressPrefix.Mainnet);
    assert.equal(watch.privateKey, null);
    for (const [chain, list] of [
      [0, gen1.receive_addresses_mainnet_index_0_20],
      [1, gen1.change_addresses_mainnet_index_0_19],
    ] as const) {
      list.forEach((expected, index) => {
        assert.equal(encodeAddress(addressFor(deriveAddressKey(watch, chain, index), AddressPrefix.Mainnet)), expected);
      });
    }
  });

  it('wallet_from_mnemonic: master kprv and account 0 kpub', () => {
    const c = v.wallet_from_mnemonic;
    const m = mnemonicToMasterKey(c.mnemonic, c.passphrase, AddressPrefix.Mainnet);
    assert.equal(m.privateExtendedKey, c.expected_master_kprv);
    const acct = accountKey(m, 0);
    assert.equal(acct.depth, 3);
    assert.equal(acct.publicExtendedKey, c.expected_account0_kpub);
  });

  it('address_test_by_ktrv: master ktrv, account 0 ktub, testnet receive address 1', () => {
    const c = v.address_test_by_ktrv;
    const m = mnemonicToMasterKey(c.mnemonic, c.passphrase, AddressPrefix.Testnet);
    assert.equal(m.privateExtendedKey, c.expected_master_ktrv);
    const acct = accountKey(parseExtendedKey(c.expected_master_ktrv, AddressPrefix.Testnet), 0);
    assert.equal(acct.publicExtendedKey, c.expected_account0_ktub);
    const address = addressFor(deriveAddressKey(acct, 0, 1), AddressPrefix.Testnet);
    assert.equal(encodeAddress(address), c.expected_testnet_receive_address_index_1);
    assert.deepEqual(decodeAddress(c.expected_testnet_receive_address_index_1, AddressPrefix.Testnet), address);
  });

  it('uses kprv on mainnet-style networks and ktrv on every test network', () => {
    const c = v.address_test_by_ktrv;
    for (const prefix of [AddressPrefix.Mainnet, AddressPrefix.Dagwallet]) {
      assert.match(mnemonicToMasterKey(c.mnemonic, '', prefix).privateExtendedKey, /^kprv/);
    }
    for (const prefix of [
      AddressPrefix.Testnet,
      AddressPrefix.Devnet,
      AddressPrefix.Simnet,
      AddressPrefix.Dagtest,
      AddressPrefix.Dagdev,
    ]) {
      assert.deepEqual(extendedKeyVersions(prefix), extendedKeyVersions(AddressPrefix.Testnet));
      assert.equal(mnemonicToMasterKey(c.mnemonic, '', prefix).privateExtendedKey, c.expected_master_ktrv);
    }
  });

  it('refuses an extended key of the other network, without quoting it', () => {
    assert.throws(
      () => parseExtendedKey(gen1.master_kprv, AddressPrefix.Testnet),
      (err: unknown) => err instanceof WalletError && err.code === 'BAD_EXTENDED_KEY' && !err.message.includes('kprv5'),
    );
    throwsCode(() => parseExtendedKey('kprv-not-a-key', AddressPrefix.Mainnet), 'BAD_EXTENDED_KEY');
  });
});

describe('mnemonics', () => {
  it('generates a 24-word phrase by default that validates and round-trips', () => {
    const phrase = generateMnemonic();
    const words = phrase.split(' ');
    assert.equal(words.length, 24);
    assert.equal(validateMnemonic(phrase), phrase);
    assert.equal(validateMnemonic(`  ${phrase.toUpperCase().replaceAll(' ', ' \n\t')}  `), phrase);
    const a = mnemonicToMasterKey(phrase, '', AddressPrefix.Dagtest);
    const b = mnemonicToMasterKey(`${phrase} `, '', AddressPrefix.Dagtest);
    assert.equal(a.privateExtendedKey, b.privateExtendedKey);
    assert.notEqual(generateMnemonic(), phrase);
  });

  it('accepts and generates 12 words', () => {
    const phrase = generateMnemonic(12);
    assert.equal(phrase.split(' ').length, 12);
    assert.equal(validateMnemonic(phrase), phrase);
    const fixed = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
    assert.equal(validateMnemonic(fixed), fixed);
    assert.equal(mnemonicToMasterKey(fixed, '', AddressPrefix.Mainnet).depth, 0);
  });

  it('a passphrase gives a different wallet', () => {
    const c = v.wallet_from_mnemonic;
    const plain = mnemonicToMasterKey(c.mnemonic, '', AddressPrefix.Mainnet);
    const salted = mnemonicToMasterKey(c.mnemonic, 'TREZOR', AddressPrefix.Mainnet);
    assert.notEqual(plain.privateExtendedKey, salted.privateExtendedKey);
  });

  it('refuses a wrong checksum word', () => {
    const words = v.wallet_from_mnemonic.mnemonic.split(' ');
    const last = words[23] ?? '';
    // Of the 2048 candidates for the last word only 8 complete a valid 24-word phrase.
    const wrong = wordlist.find((w) => w !== last && !isValid([...words.slice(0, 23), w].join(' ')));
    assert.ok(wrong);
    throwsCode(() => validateMnemonic([...words.slice(0, 23), wrong].join(' ')), 'BAD_MNEMONIC_CHECKSUM');
    throwsCode(
      () => mnemonicToMasterKey([...words.slice(0, 23), wrong].join(' '), '', AddressPrefix.Mainnet),
      'BAD_MNEMONIC_CHECKSUM',
    );
    // Swapping two words keeps every word valid but breaks the checksum.
    const swapped = [words[1], words[0], ...words.slice(2)].join(' ');
    throwsCode(() => validateMnemonic(swapped), 'BAD_MNEMONIC_CHECKSUM');
  });

  it('refuses a word outside the list, naming its position but not the word', () => {
    const words = v.wallet_from_mnemonic.mnemonic.split(' ');
    words[4] = 'bitcoin';
    assert.throws(
      () => validateMnemonic(words.join(' ')),
      (err: unknown) =>
        err instanceof WalletError &&
        err.code === 'UNKNOWN_MNEMONIC_WORD' &&
        err.message.includes('Word 5') &&
        !err.message.includes('bitcoin'),
    );
  });

  it('refuses other word counts', () => {
    const words = v.wallet_from_mnemonic.mnemonic.split(' ');
    for (const n of [0, 1, 11, 15, 18, 21, 23, 25]) {
      const phrase = Array.from({ length: n }, (_, i) => words[i % 24]).join(' ');
      throwsCode(() => validateMnemonic(phrase), 'BAD_MNEMONIC_LENGTH');
    }
  });
});

describe('derivation arguments', () => {
  const master = parseExtendedKey(v.hd_wallet_gen1.master_kprv, AddressPrefix.Mainnet);
  const account = accountKey(master, 0);

  it('refuses indexes outside 0 .. 2^31 - 1 and keys at the wrong depth', () => {
    for (const bad of [-1, 1.5, 2 ** 31, Number.NaN]) {
      throwsCode(() => accountKey(master, bad), 'BAD_DERIVATION');
      throwsCode(() => deriveAddressKey(account, 0, bad), 'BAD_DERIVATION');
    }
    throwsCode(() => deriveAddressKey(account, 2 as 0, 0), 'BAD_DERIVATION');
    throwsCode(() => accountKey(account, 0), 'BAD_DERIVATION');
    throwsCode(
      () => accountKey(parseExtendedKey(master.publicExtendedKey, AddressPrefix.Mainnet), 0),
      'BAD_DERIVATION',
    );
    throwsCode(() => deriveAddressKey(master, 0, 0), 'BAD_DERIVATION');
    assert.equal(deriveAddressKey(account, 0, 2 ** 31 - 1).depth, 5);
  });

  it('leaves the caller’s keys intact and gives each account its own addresses', () => {
    const first = addressFor(deriveAddressKey(accountKey(master, 0), 0, 0), AddressPrefix.Mainnet);
    assert.ok(master.privateKey && account.privateKey);
    const other = addressFor(deriveAddressKey(accountKey(master, 1), 0, 0), AddressPrefix.Mainnet);
    assert.notEqual(encodeAddress(first), encodeAddress(other));
    assert.equal(encodeAddress(first), v.hd_wallet_gen1.receive_addresses_mainnet_index_0_20[0]);
  });
});

function isValid(phrase: string): boolean {
  try {
    validateMnemonic(phrase);
    return true;
  } catch {
    return false;
  }
}
