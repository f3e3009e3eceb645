/**
 * Test support (not used by the node): a real Consensus on the dagwallet simnet in a temporary
 * SQLite store, whose coinbases pay one fixed Schnorr key, plus helpers to sign spends of its
 * outputs. Mempool tests and benchmarks build on it; anyone needing funded transactions on a real
 * chain may too.
 *
 *   const chain = TestChain.open();
 *   chain.mineBlocks(110);                                  // coinbases mature after 100 DAA score
 *   const [coin] = chain.matureCoinbaseOutputs();
 *   const tx = chain.sign([coin], [{ value: coin.entry.amount - 10_000n, scriptPublicKey: OTHER }]);
 *   chain.mine({ transactions: [tx] });
 *   chain.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressToScriptPublicKey, createAddress } from '../consensus/address.ts';
import { Consensus } from '../consensus/consensus.ts';
import { schnorrSignatureHash, SighashReusedValues, SigHashType } from '../consensus/hashing/sighash.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import {
  SUBNETWORK_ID_NATIVE,
  type Outpoint,
  type ScriptPublicKey,
  type Transaction,
  type TransactionOutput,
  type UtxoEntry,
} from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { genesisBlock } from '../consensus/params/genesis.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { schnorrPublicKey, signSchnorr } from '../crypto/schnorr.ts';
import { hexToBytes } from '../encoding/hex.ts';
import { ConsensusStore } from '../store/consensus-store.ts';
import { remine } from '../test-support/remine.ts';

/** A fixed test secret key (any scalar below the curve order will do). */
export const TEST_SECRET_KEY = hexToBytes('6d9c1b8f2a4e0c7d5b3a190817263544536271808f9eadbccbdae9f807162534', 32);
/** A second key, for outputs paid to someone else. */
export const OTHER_SECRET_KEY = hexToBytes('0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff1', 32);

/** The P2PK script (OP_DATA_32 <x-only key> OP_CHECKSIG) of a secret key, via its simnet address. */
export function payToKey(secretKey: Uint8Array): ScriptPublicKey {
  return addressToScriptPublicKey(createAddress('dagsim', 0, schnorrPublicKey(secretKey)));
}

/** An output someone can spend: where it is and the UTXO entry signing needs (amount and script). */
export interface SpendableOutput {
  outpoint: Outpoint;
  entry: UtxoEntry;
}

/** Output `index` of `tx` as an input for a chained spend (its DAA score does not enter the sighash). */
export function outputOf(tx: Transaction, index: number): SpendableOutput {
  const output = tx.outputs[index];
  if (!output) throw new RangeError(`the transaction has no output ${index}`);
  return {
    outpoint: { transactionId: transactionId(tx), index },
    entry: { amount: output.value, scriptPublicKey: output.scriptPublicKey, blockDaaScore: 0, isCoinbase: false },
  };
}

/**
 * A native transaction spending `inputs` (all P2PK outputs of `secretKey`) into `outputs`, each
 * input signed with Schnorr over SigHashAll: signature script = OP_DATA_65 <64-byte signature>
 * <hash type>, one sig op declared. Signatures use zero auxiliary randomness, so they are
 * deterministic.
 */
export function signTransaction(
  inputs: readonly SpendableOutput[],
  outputs: readonly TransactionOutput[],
  secretKey: Uint8Array,
  fields: Partial<Pick<Transaction, 'lockTime'>> & { sequence?: bigint } = {},
): Transaction {
  const tx: Transaction = {
    version: 0,
    inputs: inputs.map(({ outpoint }) => ({
      previousOutpoint: outpoint,
      signatureScript: new Uint8Array(0),
      sequence: fields.sequence ?? 0n,
      sigOpCount: 1,
    })),
    outputs: [...outputs],
    lockTime: fields.lockTime ?? 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
  };
  const reused = new SighashReusedValues();
  const auxRandom = new Uint8Array(32);
  const signatureScripts = inputs.map(({ entry }, i) => {
    const hash = schnorrSignatureHash(tx, i, entry, SigHashType.All, reused);
    return Uint8Array.from([0x41, ...signSchnorr(secretKey, hash, auxRandom), SigHashType.All]);
  });
  signatureScripts.forEach((script, i) => ((tx.inputs[i] as Transaction['inputs'][number]).signatureScript = script));
  return tx;
}

export interface MineOptions {
  /** Default: the virtual's parents (the sink and the tips it merges). */
  parents?: readonly BlockKey[];
  transactions?: readonly Transaction[];
}

/** A simnet consensus in a temporary directory, mining blocks that pay TEST_SECRET_KEY. */
export class TestChain {
  readonly consensus: Consensus;
  readonly params: ConsensusParams;
  readonly store: ConsensusStore;
  readonly secretKey = TEST_SECRET_KEY;
  readonly scriptPublicKey = payToKey(TEST_SECRET_KEY);
  readonly #dir: string;
  /** Block timestamps advance one target block time per block from genesis; `now` follows them. */
  #clock: number;
  /** Every coinbase mined here, for finding their outputs in the UTXO set. */
  readonly #coinbases: Transaction[] = [];

  private constructor(params: ConsensusParams) {
    this.params = params;
    this.#dir = mkdtempSync(join(tmpdir(), 'dagwallet-test-chain-'));
    this.store = ConsensusStore.open(join(this.#dir, 'consensus.sqlite'));
    const genesis = genesisBlock(params.genesis);
    this.#clock = genesis.header.timestamp;
    this.consensus = new Consensus(this.store, {
      params,
      genesis: genesis.header,
      genesisTransactions: [genesis.coinbase],
      now: () => this.#clock,
    });
  }

  static open(params: ConsensusParams = DAGWALLET_NETWORKS.simnet): TestChain {
    return new TestChain(params);
  }

  /** Mines and inserts one block; throws unless it is stored UTXO-valid. Returns its hash. */
  mine(options: MineOptions = {}): BlockKey {
    this.#clock += this.params.targetTimePerBlockMs;
    const template = this.consensus.blockTemplate(options.parents ?? this.consensus.virtualState().parents, {
      timestamp: this.#clock,
      coinbaseData: { scriptPublicKey: this.scriptPublicKey, extraData: new Uint8Array(0) },
      transactions: options.transactions ?? [],
    });
    const result = this.consensus.insertBlock(remine(template.header), template.transactions);
    if (result.utxo?.status !== 'valid') {
      throw new Error(`mined block ${result.hash} is not UTXO valid: ${JSON.stringify(result.utxo)}`);
    }
    this.#coinbases.push(template.transactions[0] as Transaction);
    return result.hash;
  }

  /** Mines `count` blocks on the virtual (or on a branch from `parent`); returns the last hash. */
  mineBlocks(count: number, parent?: BlockKey): BlockKey {
    let tip = parent;
    for (let i = 0; i < count; i++) tip = this.mine(tip === undefined ? {} : { parents: [tip] });
    return tip as BlockKey;
  }

  /** Coinbase outputs paying our key that the virtual UTXO set holds, mature or not, oldest first. */
  coinbaseOutputs(): SpendableOutput[] {
    const { utxo } = this.consensus.virtualState();
    const found: SpendableOutput[] = [];
    for (const coinbase of this.#coinbases) {
      const id = transactionId(coinbase);
      coinbase.outputs.forEach((_output, index) => {
        const entry = utxo.get(outpointKey(id, index));
        if (entry && sameScript(entry.scriptPublicKey, this.scriptPublicKey)) {
          found.push({ outpoint: { transactionId: id, index }, entry });
        }
      });
    }
    return found;
  }

  /** The coinbase outputs spendable now: coinbase maturity passed at the virtual's DAA score. */
  matureCoinbaseOutputs(): SpendableOutput[] {
    const { daaScore } = this.consensus.virtualState();
    return this.coinbaseOutputs().filter(({ entry }) => entry.blockDaaScore + this.params.coinbaseMaturity <= daaScore);
  }

  /** `signTransaction` with this chain's key. */
  sign(
    inputs: readonly SpendableOutput[],
    outputs: readonly TransactionOutput[],
    fields?: Partial<Pick<Transaction, 'lockTime'>> & { sequence?: bigint },
  ): Transaction {
    return signTransaction(inputs, outputs, this.secretKey, fields);
  }

  close(): void {
    this.store.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

function sameScript(a: ScriptPublicKey, b: ScriptPublicKey): boolean {
  return a.version === b.version && a.script.length === b.script.length && a.script.every((x, i) => x === b.script[i]);
}
