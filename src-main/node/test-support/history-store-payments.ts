/**
 * Test support (not used by the node): the payments of a history store (history-store.ts),
 * planned and signed. The plan depends on nothing but its inputs (transaction IDs do not commit
 * to signatures), so a worker thread can sign the next blocks while consensus validates the
 * current one.
 */
import * as wasm from 'tiny-secp256k1';
import { schnorrSignatureHash, SighashReusedValues, SigHashType } from '../consensus/hashing/sighash.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { Hash } from '../consensus/model/hash.ts';
import {
  type ScriptPublicKey,
  SUBNETWORK_ID_NATIVE,
  type Transaction,
  type TransactionOutput,
} from '../consensus/model/transaction.ts';
import { seededRandom } from './seeded-random.ts';
import type { SpendableOutput } from './signing.ts';

/** The owner number of the busy address; ordinary addresses are 0..n-1. */
export const BUSY = -1;

/** A key the planner signs with and pays to. */
export interface PlannerKey {
  secretKey: Uint8Array;
  script: ScriptPublicKey;
}

/** An output waiting to be spent and who owns it. */
export interface PlannedCoin {
  transactionId: Hash;
  index: number;
  amount: bigint;
  owner: number;
}

/** Everything the planner needs; plain data, so it can be a worker's workerData. */
export interface PaymentPlan {
  keys: PlannerKey[];
  busy: PlannerKey;
  /** The coins to start from, spent oldest first; all spendable by the first block. */
  coins: PlannedCoin[];
  /** How many payments to make, in blocks of `perBlock` (the last block may overshoot, never fall short). */
  payments: number;
  perBlock: number;
  /** Every n-th payment of a block pays the busy address. */
  busyEvery: number;
  seed: number;
}

/** Worker to builder: a block's payments, the planner's count of transactions per owner once done, or its failure. */
export type FromPlannerMessage =
  | { kind: 'block'; transactions: Transaction[]; signMs: number }
  | { kind: 'done'; touched: [owner: number, transactions: number][] }
  | { kind: 'error'; message: string };

/** Builder to worker: one more block may be planned ahead. */
export interface ToPlannerMessage {
  kind: 'more';
}

/** What each payment leaves for the miner: ~1 sompi per gram of its ~2,100. */
const FEE = 2_100n;
/** Coins smaller than this stay where they are: splitting them further would leave dust. */
const MIN_SPENDABLE = 1_000_000n;

/** Plans and signs a history store's payments block by block, and counts the transactions touching each owner. */
export class PaymentPlanner {
  readonly #plan: PaymentPlan;
  readonly #queue: PlannedCoin[];
  readonly #random: () => number;
  readonly #touched = new Map<number, number>();
  #made = 0;
  /** Where the queue's unspent part starts (shifting a 100,000-entry array per coin would be quadratic). */
  #head = 0;
  /** Milliseconds spent signing. */
  signMs = 0;

  constructor(plan: PaymentPlan) {
    this.#plan = plan;
    this.#queue = [...plan.coins];
    this.#random = seededRandom(plan.seed);
  }

  /** The next block's payments, spending coins of earlier blocks only; undefined once all are made. */
  nextBlock(): Transaction[] | undefined {
    const { perBlock, busyEvery, keys } = this.#plan;
    if (this.#made >= this.#plan.payments) return undefined;
    const block: Transaction[] = [];
    const created: PlannedCoin[] = [];
    while (block.length < perBlock && this.#head < this.#queue.length) {
      const coin = this.#queue[this.#head++] as PlannedCoin;
      if (coin.amount < MIN_SPENDABLE) continue;
      // The busy address's turn: it is paid, or (spending its own coin) pays someone else.
      const to = block.length % busyEvery === 0 && coin.owner !== BUSY ? BUSY : this.#other(coin.owner, keys.length);
      // Between a tenth and a half of the coin, so coins shrink slowly and stay unequal.
      const paid = (coin.amount * BigInt(10 + Math.floor(this.#random() * 41))) / 100n;
      const outputs = [
        { value: paid, scriptPublicKey: this.#key(to).script },
        { value: coin.amount - paid - FEE, scriptPublicKey: this.#key(coin.owner).script },
      ];
      const started = performance.now();
      const tx = signPayment(
        { outpoint: { transactionId: coin.transactionId, index: coin.index }, entry: this.#entry(coin) },
        this.#key(coin.owner).secretKey,
        outputs,
      );
      this.signMs += performance.now() - started;
      block.push(tx);
      for (const owner of new Set([to, coin.owner])) this.#touched.set(owner, (this.#touched.get(owner) ?? 0) + 1);
      const id = transactionId(tx);
      outputs.forEach((output, index) =>
        created.push({ transactionId: id, index, amount: output.value, owner: index === 0 ? to : coin.owner }),
      );
    }
    if (block.length === 0) throw new Error('the history store ran out of spendable coins');
    // Spendable from the next block on: a block's transactions cannot spend each other's outputs.
    this.#queue.push(...created);
    this.#made += block.length;
    return block;
  }

  /** How many planned transactions touch each owner (pay it or spend from it). */
  touched(): [owner: number, transactions: number][] {
    return [...this.#touched];
  }

  #key(owner: number): PlannerKey {
    return owner === BUSY ? this.#plan.busy : (this.#plan.keys[owner] as PlannerKey);
  }

  #entry(coin: PlannedCoin): SpendableOutput['entry'] {
    return { amount: coin.amount, scriptPublicKey: this.#key(coin.owner).script, blockDaaScore: 0, isCoinbase: false };
  }

  /** A recipient other than `owner`: paying oneself would be one history row, not two. */
  #other(owner: number, count: number): number {
    const pick = Math.floor(this.#random() * (count - 1));
    return owner === BUSY || pick < owner ? pick : pick + 1;
  }
}

/**
 * The bytes signing.ts's signTransaction makes for a one-input spend (Schnorr over SigHashAll,
 * zero auxiliary randomness, with which BIP-340 signing is deterministic), signed by libsecp256k1
 * in WASM instead of @noble/secp256k1, which signs ~9x slower: a history store signs a hundred
 * thousand of them.
 */
export function signPayment(
  coin: SpendableOutput,
  secretKey: Uint8Array,
  outputs: readonly TransactionOutput[],
): Transaction {
  const tx: Transaction = {
    version: 0,
    inputs: [{ previousOutpoint: coin.outpoint, signatureScript: new Uint8Array(0), sequence: 0n, sigOpCount: 1 }],
    outputs: [...outputs],
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
  };
  const hash = schnorrSignatureHash(tx, 0, coin.entry, SigHashType.All, new SighashReusedValues());
  const signature = wasm.signSchnorr(hash, secretKey, new Uint8Array(32));
  const input = tx.inputs[0] as Transaction['inputs'][number];
  input.signatureScript = Uint8Array.from([0x41, ...signature, SigHashType.All]);
  return tx;
}
