import { BLOCK_LIMITS } from '../../consensus/codec/block-codec.ts';
import { HASH_SIZE } from '../../consensus/model/hash.ts';
import type { WireMessageType } from './messages.ts';

/** kaspad appmessage.MaxInvPerMsg (1 << 17): hashes in any inv or request-by-hash list. */
export const MAX_INV_PER_MESSAGE = 1 << 17;
/** kaspad appmessage.MaxAddressesPerMsg. */
export const MAX_ADDRESSES_PER_MESSAGE = 1000;
/** kaspad appmessage.MaxBlockLocatorsPerMsg; also bounds the IBD chain locator. */
export const MAX_BLOCK_LOCATOR_HASHES = 500;
/**
 * kaspad's RequestHeaders handler sends at most `maxBlocks = 1 << 10` headers per BlockHeaders
 * message (handle_request_headers.go), and the RequestAnticone answer is bounded by twice the
 * merge-set limit; our senders must batch to this too.
 */
export const MAX_HEADERS_PER_MESSAGE = 1 << 10;
/**
 * kaspad's ibdBatchSize (handle_request_headers.go): the syncee asks for block bodies 99 at a time
 * and the constant "must be equal at both syncer and syncee", so a longer request is misbehaviour.
 */
export const IBD_BATCH_SIZE = 99;
/** kaspad appmessage.MaxUserAgentLen. */
export const MAX_USER_AGENT_BYTES = 256;
/** Our network names are short ('dagwallet-devnet'); kaspad has no bound, we refuse long garbage. */
export const MAX_NETWORK_NAME_BYTES = 64;
/** A text multiaddr with ip6, tcp and a /p2p/ peer id is ~110 bytes; room for dns names. */
export const MAX_MULTIADDR_BYTES = 256;
/** kaspad's RejectMessage.reason is unbounded; one line of explanation is all a peer needs. */
export const MAX_REJECT_REASON_BYTES = 1024;
/** kaspad's id.ID is 16 random bytes. */
export const NODE_ID_BYTES = 16;
/**
 * A transaction's serialized size counts toward its mass one for one, and no valid transaction
 * exceeds kaspad's defaultMaxBlockMass (500,000), so 512 KiB bounds any transaction worth decoding.
 */
export const MAX_TRANSACTION_BYTES = 512 * 1024;

const U64 = 8;
const hashList = (count: number): number => U64 + count * HASH_SIZE;
const text = (bytes: number): number => U64 + bytes;

/**
 * The most bytes each message body may hold, checked before the body is decoded, so an oversized
 * message costs no allocation or parsing. Each is the largest valid body, or a bound on it.
 */
export const MAX_BODY_BYTES: { readonly [T in WireMessageType]: number } = {
  version: 4 + text(MAX_NETWORK_NAME_BYTES) + text(MAX_USER_AGENT_BYTES) + U64 + HASH_SIZE + U64 + NODE_ID_BYTES + 1,
  verack: 0,
  requestAddresses: 0,
  addresses: U64 + MAX_ADDRESSES_PER_MESSAGE * (text(MAX_MULTIADDR_BYTES) + U64),
  invRelayBlock: HASH_SIZE,
  requestRelayBlocks: hashList(MAX_INV_PER_MESSAGE),
  block: BLOCK_LIMITS.maxBlockBytes,
  invTransactions: hashList(MAX_INV_PER_MESSAGE),
  requestTransactions: hashList(MAX_INV_PER_MESSAGE),
  transaction: MAX_TRANSACTION_BYTES,
  transactionNotFound: HASH_SIZE,
  ping: U64,
  pong: U64,
  reject: text(MAX_REJECT_REASON_BYTES),
  requestHeaders: 2 * HASH_SIZE,
  // Real headers are well under 8 KiB each; a batch of them stays within one block's bound.
  headers: BLOCK_LIMITS.maxBlockBytes,
  doneHeaders: 0,
  requestNextHeaders: 0,
  requestBlockLocator: HASH_SIZE + 4,
  blockLocator: hashList(MAX_BLOCK_LOCATOR_HASHES),
  requestIbdChainBlockLocator: 2 * (1 + HASH_SIZE),
  ibdChainBlockLocator: hashList(MAX_BLOCK_LOCATOR_HASHES),
  requestAnticone: 2 * HASH_SIZE,
  requestIbdBlocks: hashList(IBD_BATCH_SIZE),
  ibdBlock: BLOCK_LIMITS.maxBlockBytes,
};

/**
 * The largest frame (type byte + body) anyone may send us: the largest body plus one. kaspad
 * allows 1 GiB per gRPC message (p2pMaxMessageSize); a length-prefixed stream reader should refuse
 * anything above this before buffering it.
 */
export const MAX_FRAME_BYTES = 1 + Math.max(...Object.values(MAX_BODY_BYTES));
