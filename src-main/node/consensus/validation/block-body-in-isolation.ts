import { bytesEqual, bytesToHex, compareBytes } from '../../encoding/hex.ts';
import { decodeCoinbasePayload } from '../coinbase/coinbase-payload.ts';
import { hashMerkleRoot } from '../hashing/merkle.ts';
import { transactionId } from '../hashing/tx-hash.ts';
import type { BlockHeader } from '../model/header.ts';
import { isCoinbase, type Outpoint, type Transaction } from '../model/transaction.ts';
import { BlockBodyError } from './block-body-error.ts';
import { checkBlockMass, type BlockMassParams } from './mass.ts';
import { type TxIsolationParams, validateTransactionInIsolation } from './transaction-in-isolation.ts';
import { TxError } from './tx-error.ts';

export type BodyIsolationParams = TxIsolationParams & BlockMassParams;

/**
 * kaspad blockvalidator ValidateBodyInIsolation (v0.12.20), in its order: merkle root, at least
 * one transaction, coinbase first and only there, coinbase blue score, subnetwork order, each
 * transaction in isolation, block mass, duplicate transactions, double spends, chained
 * transactions. kaspad's first check (no UTXO entries prefilled into inputs) guards its own
 * in-memory model, which dagwallet's transactions have no field for; its gas-limit check has no
 * body in v0.12.20, so there is no gas rule to enforce. Throws BlockBodyError, the CoinbaseError
 * of an unreadable coinbase payload, or the TxError of the first bad transaction.
 */
export function validateBodyInIsolation(
  header: BlockHeader,
  transactions: readonly Transaction[],
  params: BodyIsolationParams,
): void {
  checkMerkleRoot(header, transactions);
  const coinbase = transactions[0];
  if (!coinbase) throw new BlockBodyError('NO_TRANSACTIONS', 'the block has no transactions');
  if (!isCoinbase(coinbase)) throw new BlockBodyError('FIRST_TX_NOT_COINBASE', 'the first transaction is no coinbase');
  checkOnlyOneCoinbase(transactions);
  checkCoinbaseBlueScore(header, coinbase, params);
  checkSubnetworkOrder(transactions);
  checkTransactionsInIsolation(transactions, params);
  checkBlockMass(transactions, params);
  const ids = transactions.map((tx) => bytesToHex(transactionId(tx)));
  checkDuplicateTransactions(ids);
  checkDoubleSpends(transactions, ids);
  checkNoChainedTransactions(transactions, ids);
}

function checkMerkleRoot(header: BlockHeader, transactions: readonly Transaction[]): void {
  const computed = hashMerkleRoot(transactions);
  if (!bytesEqual(computed, header.hashMerkleRoot)) {
    throw new BlockBodyError(
      'BAD_MERKLE_ROOT',
      `header states merkle root ${bytesToHex(header.hashMerkleRoot)}, the transactions give ${bytesToHex(computed)}`,
    );
  }
}

function checkOnlyOneCoinbase(transactions: readonly Transaction[]): void {
  for (let i = 1; i < transactions.length; i++) {
    if (isCoinbase(transactions[i] as Transaction)) {
      throw new BlockBodyError('MULTIPLE_COINBASES', `a second coinbase at index ${i}`);
    }
  }
}

/**
 * kaspad checkCoinbaseBlueScore: the coinbase commits to the block's blue score. kaspad reads the
 * payload here without its total length limit, which only the later transaction-in-isolation
 * step enforces, so the limit is lifted to keep kaspad's order of errors.
 */
function checkCoinbaseBlueScore(header: BlockHeader, coinbase: Transaction, params: BodyIsolationParams): void {
  const limits = { ...params, maxCoinbasePayloadLength: Number.POSITIVE_INFINITY };
  const { blueScore } = decodeCoinbasePayload(coinbase.payload, limits);
  if (blueScore !== BigInt(header.blueScore)) {
    throw new BlockBodyError(
      'UNEXPECTED_COINBASE_BLUE_SCORE',
      `the coinbase states blue score ${blueScore}, the header ${header.blueScore}`,
    );
  }
}

/**
 * kaspad checkBlockTransactionOrder: after the coinbase, subnetwork ids never decrease. The
 * coinbase itself is not compared (its subnetwork 1 sorts after native 0).
 */
function checkSubnetworkOrder(transactions: readonly Transaction[]): void {
  for (let i = 2; i < transactions.length; i++) {
    const previous = transactions[i - 1] as Transaction;
    if (compareBytes((transactions[i] as Transaction).subnetworkId, previous.subnetworkId) < 0) {
      throw new BlockBodyError('TRANSACTIONS_NOT_SORTED', `transaction ${i} breaks the subnetwork order`);
    }
  }
}

function checkTransactionsInIsolation(transactions: readonly Transaction[], params: TxIsolationParams): void {
  for (const [index, tx] of transactions.entries()) {
    try {
      validateTransactionInIsolation(tx, params);
    } catch (error) {
      if (!(error instanceof TxError)) throw error;
      throw new TxError(error.code, `transaction ${index} (${bytesToHex(transactionId(tx))}): ${error.message}`, {
        cause: error,
      });
    }
  }
}

function checkDuplicateTransactions(ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new BlockBodyError('DUPLICATE_TRANSACTION', `transaction ${id} appears twice`);
    seen.add(id);
  }
}

function outpointKey(outpoint: Outpoint): string {
  return `${bytesToHex(outpoint.transactionId)}:${outpoint.index}`;
}

function checkDoubleSpends(transactions: readonly Transaction[], ids: readonly string[]): void {
  const spentBy = new Map<string, string>();
  transactions.forEach((tx, index) => {
    for (const input of tx.inputs) {
      const key = outpointKey(input.previousOutpoint);
      const earlier = spentBy.get(key);
      if (earlier !== undefined) {
        throw new BlockBodyError(
          'DOUBLE_SPEND_IN_SAME_BLOCK',
          `transaction ${ids[index]} spends ${key}, already spent by ${earlier} in this block`,
        );
      }
      spentBy.set(key, ids[index] as string);
    }
  });
}

/** kaspad checkBlockHasNoChainedTransactions: no input may spend an output of this block. */
function checkNoChainedTransactions(transactions: readonly Transaction[], ids: readonly string[]): void {
  const inBlock = new Set(ids);
  transactions.forEach((tx, index) => {
    for (const input of tx.inputs) {
      const spent = bytesToHex(input.previousOutpoint.transactionId);
      if (inBlock.has(spent)) {
        throw new BlockBodyError('CHAINED_TRANSACTIONS', `transaction ${ids[index]} spends an output of ${spent}`);
      }
    }
  });
}
