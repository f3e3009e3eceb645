import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AddressPrefix,
  AddressPrefix as Prefix,
  addressToScriptPublicKey,
  decodeAddress,
  scriptPublicKeyToAddress,
} from '../consensus/address.ts';
import { schnorrPublicKey } from '../crypto/schnorr.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { readVectorJson } from '../test-support/vectors.ts';
import { WalletAccount } from './account.ts';
import { accountKey, parseExtendedKey } from './derivation.ts';
import { WalletError } from './errors.ts';

interface DerivationVectors {
  hd_wallet_gen1: {
    master_kprv: string;
    receive_addresses_mainnet_index_0_20: string[];
    change_addresses_mainnet_index_0_19: string[];
  };
  wallet_from_mnemonic: { mnemonic: string; passphrase: string; expected_account0_kpub: string };
  address_test_by_ktrv: {
    mnemonic: string;
    passphrase: string;
    expected_account0_ktub: string;
    expected_testnet_receive_address_index_1: string;
  };
}

const v = readVectorJson<DerivationVectors>('transcribed', 'wallet_derivation.json');

describe('WalletAccount against rusty-kaspa’s wallet vectors', () => {
  it('a mnemonic gives the vector’s testnet receive address 1 and account ktub', () => {
    const c = v.address_test_by_ktrv;
    const account = WalletAccount.fromMnemonic(c.mnemonic, c.passphrase, Prefix.Testnet);
    assert.equal(account.address(0, 1).address, c.expected_testnet_receive_address_index_1);
    assert.equal(account.publicExtendedKey, c.expected_account0_ktub);
  });

  it('a mnemonic gives the vector’s mainnet account kpub', () => {
    const c = v.wallet_from_mnemonic;
    assert.equal(
      WalletAccount.fromMnemonic(c.mnemonic, c.passphrase, Prefix.Mainnet).publicExtendedKey,
      c.expected_account0_kpub,
    );
  });

  it('a master key gives the 21 receive and 20 change mainnet addresses', () => {
    const g = v.hd_wallet_gen1;
    const master = parseExtendedKey(g.master_kprv, Prefix.Mainnet);
    const account = WalletAccount.fromMasterKey(master, Prefix.Mainnet);
    g.receive_addresses_mainnet_index_0_20.forEach((expected, i) =>
      assert.equal(account.address(0, i).address, expected),
    );
    g.change_addresses_mainnet_index_0_19.forEach((expected, i) =>
      assert.equal(account.address(1, i).address, expected),
    );
    // The caller's master key is left usable.
    assert.ok(master.privateKey);
    assert.equal(accountKey(master, 0).publicExtendedKey, account.publicExtendedKey);
  });
});

describe('WalletAccount addresses on dagwallet networks', () => {
  const mnemonic = v.wallet_from_mnemonic.mnemonic;

  for (const prefix of [Prefix.Dagsim, Prefix.Dagdev] as AddressPrefix[]) {
    it(`${prefix}: Schnorr P2PK addresses that round-trip through decodeAddress`, () => {
      const account = WalletAccount.fromMnemonic(mnemonic, '', prefix);
      for (const chain of [0, 1] as const) {
        for (let index = 0; index < 5; index++) {
          const a = account.address(chain, index);
          assert.ok(a.address.startsWith(`${prefix}:`));
          const decoded = decodeAddress(a.address, prefix);
          assert.equal(decoded.version, 0);
          assert.equal(decoded.payload.length, 32);
          assert.deepEqual(addressToScriptPublicKey(decoded), a.scriptPublicKey);
          assert.equal(a.scriptHex, bytesToHex(a.scriptPublicKey.script));
          assert.equal(a.scriptHex.length, 68);
          assert.deepEqual(scriptPublicKeyToAddress(a.scriptPublicKey, prefix), decoded);
          assert.equal(a.chain, chain);
          assert.equal(a.index, index);
        }
      }
    });
  }

  it('the same keys on every network: only the prefix differs', () => {
    const sim = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim).address(0, 3);
    const kaspa = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Mainnet).address(0, 3);
    assert.equal(sim.scriptHex, kaspa.scriptHex);
    assert.notEqual(sim.address, kaspa.address);
  });

  it('caches addresses and finds them by script', () => {
    const account = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim);
    const a = account.address(1, 7);
    assert.equal(account.address(1, 7), a);
    assert.ok(Object.isFrozen(a));
    assert.equal(account.findByScript(a.scriptHex), a);
    assert.equal(account.findByScript(account.address(0, 7).scriptHex)?.chain, 0);
    assert.equal(account.findByScript('20' + '00'.repeat(32) + 'ac'), undefined);
    assert.deepEqual(
      account.addresses(0, 2, 3).map((x) => x.index),
      [2, 3, 4],
    );
  });

  it('passphrase and account index each give other addresses', () => {
    const base = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim).address(0, 0).address;
    assert.notEqual(WalletAccount.fromMnemonic(mnemonic, 'x', Prefix.Dagsim).address(0, 0).address, base);
    const second = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim, 1);
    assert.equal(second.accountIndex, 1);
    assert.notEqual(second.address(0, 0).address, base);
  });

  it('secretKeyFor: the key of the script, a fresh copy each call; unknown scripts refused', () => {
    const account = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim);
    const a = account.address(0, 2);
    const secret = account.secretKeyFor(a.scriptHex);
    assert.equal(secret.length, 32);
    assert.equal(bytesToHex(schnorrPublicKey(secret)), a.scriptHex.slice(2, 66));
    secret.fill(0);
    assert.notDeepEqual(account.secretKeyFor(a.scriptHex), secret);
    assert.throws(
      () => account.secretKeyFor(account.address(0, 3).scriptHex.replace(/^20../, '20ff')),
      (err: unknown) => err instanceof WalletError && err.code === 'UNKNOWN_SCRIPT',
    );
  });

  it('refuses bad input with typed errors', () => {
    const code = (fn: () => unknown, expected: string) =>
      assert.throws(fn, (err: unknown) => err instanceof WalletError && err.code === expected);
    code(() => WalletAccount.fromMnemonic('abandon abandon', '', Prefix.Dagsim), 'BAD_MNEMONIC_LENGTH');
    code(() => WalletAccount.fromMnemonic(mnemonic, '', 'nonsense' as AddressPrefix), 'BAD_REQUEST');
    code(() => WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim, -1), 'BAD_DERIVATION');
    const account = WalletAccount.fromMnemonic(mnemonic, '', Prefix.Dagsim);
    code(() => account.address(2 as 0, 0), 'BAD_DERIVATION');
    code(() => account.address(0, 2 ** 31), 'BAD_DERIVATION');
  });
});
