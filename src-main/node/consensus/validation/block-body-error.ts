import { DagwalletError } from '../../errors.ts';

/**
 * Why a block body is refused (kaspad blockvalidator, body rules; ruleerrors names in comments).
 * A transaction that fails its own rules inside a body surfaces as a TxError instead, and an
 * unreadable coinbase payload (kaspad ErrBadCoinbasePayloadLen) as a CoinbaseError.
 */
export const BlockBodyErrorCode = {
  /** ErrBadMerkleRoot: the header's hash_merkle_root is not the transactions' root. */
  BAD_MERKLE_ROOT: 'BAD_MERKLE_ROOT',
  /** ErrNoTransactions */
  NO_TRANSACTIONS: 'NO_TRANSACTIONS',
  /** ErrFirstTxNotCoinbase */
  FIRST_TX_NOT_COINBASE: 'FIRST_TX_NOT_COINBASE',
  /** ErrMultipleCoinbases */
  MULTIPLE_COINBASES: 'MULTIPLE_COINBASES',
  /** ErrUnexpectedCoinbaseBlueScore */
  UNEXPECTED_COINBASE_BLUE_SCORE: 'UNEXPECTED_COINBASE_BLUE_SCORE',
  /** ErrTransactionsNotSorted: non-coinbase transactions not in subnetwork order. */
  TRANSACTIONS_NOT_SORTED: 'TRANSACTIONS_NOT_SORTED',
  /** ErrBlockMassTooHigh */
  BLOCK_MASS_TOO_HIGH: 'BLOCK_MASS_TOO_HIGH',
  /** ErrDuplicateTx */
  DUPLICATE_TRANSACTION: 'DUPLICATE_TRANSACTION',
  /** ErrDoubleSpendInSameBlock */
  DOUBLE_SPEND_IN_SAME_BLOCK: 'DOUBLE_SPEND_IN_SAME_BLOCK',
  /** ErrChainedTransactions: a transaction spends an output created in the same block. */
  CHAINED_TRANSACTIONS: 'CHAINED_TRANSACTIONS',
  /** ErrWrongCoinbaseSubsidy (body in context): the payload's subsidy is not the block's. */
  BAD_COINBASE_SUBSIDY: 'BAD_COINBASE_SUBSIDY',
} as const;
export type BlockBodyErrorCode = (typeof BlockBodyErrorCode)[keyof typeof BlockBodyErrorCode];

export class BlockBodyError extends DagwalletError<BlockBodyErrorCode> {}
