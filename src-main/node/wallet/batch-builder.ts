import type { ScriptPublicKey, Transaction, TransactionOutput, UtxoEntry } from '../consensus/model/transaction.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { parseOutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { formatSompi } from '../../../src-shared/amount.ts';
import type { WalletAddress } from './account.ts';
import { type BatchLayout, roundSizes } from './batch-layout.ts';
import { sortLargestFirst } from './coin-selection.ts';
import { WalletError } from './errors.ts';
import { dustThreshold } from './relay-policy.ts';
import {
  isP2pkScript,
  nativeTransaction,
  P2PK_SIG_OP_COUNT,
  type TransactionShapes,
  withPlaceholderSignatures,
} from './transaction-shape.ts';
import { sumUtxos, type WalletUtxo, walletUtxo } from './utxo.ts';

/** A transaction ready for signTransaction: empty signature scripts, one sig op per input declared. */
export interface UnsignedTransaction {
  kind: 'compound' | 'payment';
  transaction: Transaction;
  /** The entry each input spends, aligned with the inputs. */
  entries: UtxoEntry[];
  /** The spent script of each input in hex (WalletAccount.secretKeyFor's key), aligned with the inputs. */
  scriptHexes: string[];
  /** transactionId in hex; signing does not change it. */
  id: string;
  /** Mass once signed (computed with signature scripts of the final length). */
  mass: number;
  fee: bigint;
}

/**
 * Entries of outputs the batch itself creates are in no block yet: kaspad's wallet marks them with
 * UnacceptedDAAScore (max uint64), the largest safe integer says the same here. Only an entry's
 * amount and script enter the signature hash.
 */
export const UNACCEPTED_DAA_SCORE = Number.MAX_SAFE_INTEGER;

function sumOutputs(outputs: readonly TransactionOutput[]): bigint {
  let total = 0n;
  for (const output of outputs) total += output.value;
  return total;
}

/**
 * Deals coins (largest first) over groups back and forth (0, 1, …, n−1, n−1, …, 0, …), filling each
 * group to its size, so every group gets one of the largest coins before any gets a second.
 */
function dealInto(coins: readonly WalletUtxo[], sizes: readonly number[]): WalletUtxo[][] {
  const groups = sizes.map((): WalletUtxo[] => []);
  let next = 0;
  for (let pass = 0; next < coins.length; pass++) {
    for (let step = 0; step < groups.length && next < coins.length; step++) {
      const g = pass % 2 === 0 ? step : groups.length - 1 - step;
      const group = groups[g] as WalletUtxo[];
      if (group.length < (sizes[g] as number)) group.push(coins[next++] as WalletUtxo);
    }
  }
  return groups;
}

/** Builds a batch's transactions in order, each checked against the invariants of a plan. */
export class BatchBuilder {
  readonly #shapes: TransactionShapes;
  readonly #changeAddress: () => WalletAddress;
  readonly transactions: UnsignedTransaction[] = [];

  constructor(shapes: TransactionShapes, changeAddress: () => WalletAddress) {
    this.#shapes = shapes;
    this.#changeAddress = changeAddress;
  }

  /** A fresh change script; the mass plan assumes P2PK, so nothing else is accepted. */
  changeScript(): ScriptPublicKey {
    const change = this.#changeAddress();
    if (!change || !isP2pkScript(change.scriptPublicKey)) {
      throw new WalletError('BAD_REQUEST', 'The change address must be one of the wallet’s P2PK addresses.');
    }
    return { version: change.scriptPublicKey.version, script: change.scriptPublicKey.script.slice() };
  }

  /**
   * Runs the layout's compound rounds and returns the payment's inputs. A round compounds the
   * largest coins, dealt over its transactions so that every compound output is large (the fees
   * depend on the input counts alone, so which coin goes where changes no total); the smallest
   * coins go straight into the payment.
   */
  compound(coins: readonly WalletUtxo[], layout: BatchLayout): WalletUtxo[] {
    let pool = sortLargestFirst(coins);
    for (const round of layout.rounds) {
      const groups = dealInto(pool.slice(0, round.inputs), roundSizes(round));
      const outputs = groups.map((group) => this.#compoundOne(group));
      pool = sortLargestFirst([...pool.slice(round.inputs), ...outputs]);
    }
    if (pool.length !== layout.paymentInputs) throw new Error('batch layout and coins disagree');
    return pool;
  }

  #compoundOne(group: WalletUtxo[]): WalletUtxo {
    const fee = this.#shapes.compoundFee(group.length);
    const held = sumUtxos(group);
    const scriptPublicKey = this.changeScript();
    if (held - fee < dustThreshold(scriptPublicKey)) {
      throw new WalletError(
        'INSUFFICIENT_FUNDS',
        `${group.length} of the wallet's outputs hold ${formatSompi(held)} in all, too little to pay the ` +
          `${formatSompi(fee)} fee of combining them into one; at this fee rate they cannot be spent.`,
      );
    }
    const value = held - fee;
    const unsigned = this.add('compound', group, [{ value, scriptPublicKey }]);
    const entry: UtxoEntry = { amount: value, scriptPublicKey, blockDaaScore: UNACCEPTED_DAA_SCORE, isCoinbase: false };
    return walletUtxo(transactionId(unsigned.transaction), 0, entry);
  }

  /** Adds a transaction whose fee is whatever the inputs hold beyond the outputs. */
  add(
    kind: UnsignedTransaction['kind'],
    coins: readonly WalletUtxo[],
    outputs: TransactionOutput[],
  ): UnsignedTransaction {
    const inputs = coins.map((coin) => ({
      previousOutpoint: parseOutpointKey(coin.outpoint),
      signatureScript: new Uint8Array(0),
      sequence: 0n,
      sigOpCount: P2PK_SIG_OP_COUNT,
    }));
    const transaction = nativeTransaction(inputs, outputs);
    const mass = transactionMass(withPlaceholderSignatures(transaction), this.#shapes.params);
    const fee = sumUtxos(coins) - sumOutputs(outputs);
    // A plan that breaks one of these is a bug here, never the caller's fault.
    if (mass > this.#shapes.maxMass) throw new Error(`planned ${kind} transaction of mass ${mass} is over the limit`);
    if (fee < this.#shapes.feeForMass(mass)) throw new Error(`planned ${kind} fee ${fee} is below its mass's fee`);
    const unsigned: UnsignedTransaction = {
      kind,
      transaction,
      entries: coins.map((c) => c.entry),
      scriptHexes: coins.map((c) => c.scriptHex),
      id: bytesToHex(transactionId(transaction)),
      mass,
      fee,
    };
    this.transactions.push(unsigned);
    return unsigned;
  }
}
