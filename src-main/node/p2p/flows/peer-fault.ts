import { CoinbaseError } from '../../consensus/coinbase/coinbase-error.ts';
import { ScriptError } from '../../consensus/script/script-error.ts';
import { BlockBodyError } from '../../consensus/validation/block-body-error.ts';
import { BlockError } from '../../consensus/validation/block-error.ts';
import { TxError } from '../../consensus/validation/tx-error.ts';
import { DecodeError } from '../../errors.ts';
import { MempoolError } from '../../mempool/mempool-error.ts';

/** Block errors that say "not yet" rather than "never": the sender is not at fault (kaspad does not ban for them). */
const NOT_YET: ReadonlySet<string> = new Set(['MISSING_PARENTS', 'TIME_TOO_FAR_IN_FUTURE']);

/** Whether a block's rejection proves the peer sent an invalid block (not a store failure or shutdown). */
export function isInvalidBlock(error: unknown): boolean {
  if (error instanceof BlockError) return !NOT_YET.has(error.code);
  return (
    error instanceof BlockBodyError ||
    error instanceof TxError ||
    error instanceof ScriptError ||
    error instanceof CoinbaseError ||
    error instanceof DecodeError
  );
}

/**
 * Transaction errors that depend on the receiver's view (its UTXO set, its DAA score, its clock):
 * a peer that saw more of the DAG may relay such a transaction honestly.
 */
const CONTEXTUAL_TX_ERRORS: ReadonlySet<string> = new Set([
  'MISSING_UTXO_ENTRIES',
  'IMMATURE_COINBASE_SPEND',
  'LOCK_TIME_NOT_REACHED',
  'SEQUENCE_LOCK_NOT_REACHED',
]);

/**
 * Whether a transaction's rejection proves the peer relayed an invalid transaction: a consensus
 * rule broken regardless of context, or not a transaction a pool may hold (kaspad bans for
 * RejectInvalid and malformed messages). Standardness, fees and pool conflicts are our policy or
 * a race, not the peer's fault.
 */
export function isInvalidTransaction(error: unknown): boolean {
  if (error instanceof TxError) return !CONTEXTUAL_TX_ERRORS.has(error.code);
  if (error instanceof ScriptError || error instanceof DecodeError) return true;
  if (error instanceof MempoolError) return error.code === 'MALFORMED' || error.code === 'COINBASE_TRANSACTION';
  return false;
}
