/**
 * The REST API's replies (Kasparov's endpoints, served by the node on its API port; the
 * OpenAPI document at GET /openapi.json describes every route). JSON types only, so clients
 * outside this repository can use them: amounts are decimal sompi strings, hashes and scripts hex.
 * Blocks and transactions are the explorer's shapes (app-api.ts).
 */
import type { BlockDagInfoJson, FeeEstimateJson, UtxoByAddressJson } from './api.ts';
import type { BlockJson, TransactionJson } from './app-api.ts';

export type { BlockDagInfoJson, BlockJson, FeeEstimateJson, TransactionJson, UtxoByAddressJson };

/** Every error: a stable code and a sentence saying which input was wrong and why. */
export interface RestErrorJson {
  /**
   * BAD_HASH, BAD_ADDRESS, BAD_PAGING, BAD_BODY, BAD_TRANSACTION (400), UNAUTHORIZED (401),
   * NOT_FOUND (404), METHOD_NOT_ALLOWED (405), PAYLOAD_TOO_LARGE (413), UNSUPPORTED_MEDIA_TYPE
   * (415), the rule a refused transaction broke (422, e.g. DOUBLE_SPEND), UNAVAILABLE (503),
   * INTERNAL (500).
   */
  errorCode: string;
  errorMessage: string;
}

/** A page: pass `nextCursor` back as `?cursor=` for the next one; null on the last page. */
export interface RestPage {
  nextCursor: string | null;
}

/** GET /blocks: by blue score (ties in the order the node stored them), newest first unless ?order=asc. */
export interface RestBlocksPage extends RestPage {
  blocks: BlockJson[];
}

/**
 * GET /transactions/address/{address}: first the address's transactions in blocks no chain block
 * has accepted yet (status 'unaccepted', by transaction ID), then those the selected chain
 * accepted, newest first. ?acceptedOnly=true leaves the unaccepted ones out.
 */
export interface RestAddressTransactionsPage extends RestPage {
  transactions: TransactionJson[];
}

/** GET /transactions/address/{address}/count: counted as the listing lists them (acceptedOnly too). */
export interface RestTransactionCount {
  count: number;
}

/** GET /transactions/block/{hash}: the block's transactions in block order. */
export interface RestBlockTransactions {
  transactions: TransactionJson[];
}

/** One unspent output of the address, in the virtual's UTXO set. */
export interface RestUtxoJson extends UtxoByAddressJson {
  /** False for a coinbase output inside the coinbase maturity window. */
  isSpendable: boolean;
}

/** GET /utxos/address/{address}: by outpoint (an order of the node's, stable across pages). */
export interface RestUtxosPage extends RestPage {
  utxos: RestUtxoJson[];
}

/** GET /info. */
export interface RestInfoJson extends BlockDagInfoJson {
  version: string;
  addressPrefix: string;
  sinkBlueScore: number;
  /** Confirmations count from it. */
  virtualBlueScore: number;
  mempoolSize: number;
  /** DAA score after which a coinbase output may be spent. */
  coinbaseMaturity: number;
}

/** GET /fee-estimates. */
export type RestFeeEstimates = FeeEstimateJson;

/** POST /transaction's body. */
export interface RestSubmitTransactionRequest {
  /** The transaction in Kaspa's wire encoding, lowercase hex. */
  transaction: string;
}

/** POST /transaction's reply: 'orphan' while a transaction it spends from is unknown to the node. */
export interface RestSubmitTransactionResult {
  transactionId: string;
  status: 'accepted' | 'orphan';
}
