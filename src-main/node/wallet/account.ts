import type { HDKey } from '@scure/bip32';
import { type AddressPrefix, addressToScriptPublicKey, encodeAddress, isAddressPrefix } from '../consensus/address.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { accountKey, addressFor, type Chain, deriveAddressKey, mnemonicToMasterKey } from './derivation.ts';
import { WalletError } from './errors.ts';

/** One derived Schnorr P2PK address of an account (m/44'/111111'/<account>'/<chain>/<index>). */
export interface WalletAddress {
  readonly address: string;
  readonly scriptPublicKey: ScriptPublicKey;
  /** The script bytes in hex, without the version: what UtxoEntry.scriptPublicKey.script holds. */
  readonly scriptHex: string;
  readonly chain: Chain;
  readonly index: number;
}

/**
 * One BIP44 account of a recovery phrase: derives and remembers its addresses, recognises its
 * scripts, and hands out the private key of a script it has derived. The account's private key
 * lives in memory for as long as this object does; the integrator decides that lifetime.
 */
export class WalletAccount {
  readonly prefix: AddressPrefix;
  readonly accountIndex: number;
  readonly #accountKey: HDKey;
  readonly #byPath = new Map<string, WalletAddress>();
  readonly #byScript = new Map<string, WalletAddress>();

  private constructor(key: HDKey, prefix: AddressPrefix, accountIndex: number) {
    this.#accountKey = key;
    this.prefix = prefix;
    this.accountIndex = accountIndex;
  }

  /** A 12- or 24-word phrase and its optional BIP39 passphrase ('' for none). */
  static fromMnemonic(
    mnemonic: string,
    bip39Passphrase: string,
    prefix: AddressPrefix,
    accountIndex = 0,
  ): WalletAccount {
    checkPrefix(prefix);
    const master = mnemonicToMasterKey(mnemonic, bip39Passphrase, prefix);
    try {
      return WalletAccount.fromMasterKey(master, prefix, accountIndex);
    } finally {
      master.wipePrivateData();
    }
  }

  /** The caller's private master key (depth 0) is left as it was. */
  static fromMasterKey(master: HDKey, prefix: AddressPrefix, accountIndex = 0): WalletAccount {
    checkPrefix(prefix);
    return new WalletAccount(accountKey(master, accountIndex), prefix, accountIndex);
  }

  /** The account's kpub/ktub: enough to derive every address, nothing to spend. */
  get publicExtendedKey(): string {
    return this.#accountKey.publicExtendedKey;
  }

  address(chain: Chain, index: number): WalletAddress {
    const path = `${chain}/${index}`;
    const known = this.#byPath.get(path);
    if (known) return known;
    const key = deriveAddressKey(this.#accountKey, chain, index);
    const address = addressFor(key, this.prefix);
    key.wipePrivateData();
    const scriptPublicKey = Object.freeze(addressToScriptPublicKey(address));
    const derived: WalletAddress = Object.freeze({
      address: encodeAddress(address),
      scriptPublicKey,
      scriptHex: bytesToHex(scriptPublicKey.script),
      chain,
      index,
    });
    this.#byPath.set(path, derived);
    this.#byScript.set(derived.scriptHex, derived);
    return derived;
  }

  /** `count` consecutive addresses of a chain from `from`. */
  addresses(chain: Chain, from: number, count: number): WalletAddress[] {
    return Array.from({ length: count }, (_, i) => this.address(chain, from + i));
  }

  /** The derived address paying to this script, if any (only addresses derived so far are known). */
  findByScript(scriptHex: string): WalletAddress | undefined {
    return this.#byScript.get(scriptHex);
  }

  /**
   * The 32-byte private key of a derived address's script: a fresh copy on every call, which the
   * caller should wipe (fill(0)) when done; signTransaction does.
   */
  secretKeyFor(scriptHex: string): Uint8Array {
    const known = this.#byScript.get(scriptHex);
    if (!known) {
      throw new WalletError('UNKNOWN_SCRIPT', 'This output does not pay to an address this wallet has derived.');
    }
    const key = deriveAddressKey(this.#accountKey, known.chain, known.index);
    const secret = key.privateKey?.slice();
    key.wipePrivateData();
    if (!secret) throw new WalletError('BAD_DERIVATION', 'The account has no private key.');
    return secret;
  }
}

function checkPrefix(prefix: AddressPrefix): void {
  if (!isAddressPrefix(prefix)) throw new WalletError('BAD_REQUEST', `"${String(prefix)}" is not a known network.`);
}
