import type { Block } from '../../consensus/codec/block-codec.ts';
import type { Hash } from '../../consensus/model/hash.ts';
import type { BlockHeader } from '../../consensus/model/header.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';

/**
 * The P2P messages, after kaspad's appmessage package (v0.12, flows v5): the same names and
 * fields where they make sense on libp2p, our own binary layout. Byte 0 is never assigned, so a
 * zeroed frame is an unknown type rather than a valid empty message.
 */
export const MessageType = {
  version: 1,
  verack: 2,
  requestAddresses: 3,
  addresses: 4,
  invRelayBlock: 5,
  requestRelayBlocks: 6,
  block: 7,
  invTransactions: 8,
  requestTransactions: 9,
  transaction: 10,
  transactionNotFound: 11,
  ping: 12,
  pong: 13,
  reject: 14,
  requestHeaders: 15,
  headers: 16,
  doneHeaders: 17,
  requestNextHeaders: 18,
  requestBlockLocator: 19,
  blockLocator: 20,
  requestIbdChainBlockLocator: 21,
  ibdChainBlockLocator: 22,
  requestAnticone: 23,
  requestIbdBlocks: 24,
  ibdBlock: 25,
} as const;
export type WireMessageType = keyof typeof MessageType;

/** Handshake, both ways (kaspad MsgVersion); the peer answers with VerAck once it accepts. */
export interface VersionMessage {
  type: 'version';
  /** PROTOCOL_VERSION of the sender (u32). */
  protocolVersion: number;
  /** A network name such as 'dagwallet-devnet'; a mismatch disconnects. */
  network: string;
  userAgent: string;
  /** Bit flags of services offered (kaspad ServiceFlag, u64). */
  services: bigint;
  /** The sender's selected tip (sink), so the receiver can tell at once whether it is behind. */
  selectedTipHash: Hash;
  /** Sender's clock, Unix milliseconds. */
  timestamp: number;
  /** Random per-process node id (kaspad id.ID, 16 bytes) to detect connecting to ourselves or twice. */
  id: Uint8Array;
  /** The sender wants no transaction invs (kaspad DisableRelayTx). */
  disableRelayTx: boolean;
}

export interface PeerAddress {
  /** A libp2p multiaddr in text form, e.g. /ip4/10.0.0.2/tcp/16111/p2p/12D3Koo… */
  multiaddr: string;
  /** When the sender last saw the peer, Unix milliseconds (kaspad NetAddress.Timestamp). */
  lastSeen: number;
}

export interface EmptyMessage<T extends WireMessageType> {
  type: T;
}

export type WireMessage =
  | VersionMessage
  | EmptyMessage<'verack'>
  | EmptyMessage<'requestAddresses'>
  | { type: 'addresses'; addresses: PeerAddress[] }
  | { type: 'invRelayBlock'; hash: Hash }
  | { type: 'requestRelayBlocks'; hashes: Hash[] }
  | { type: 'block'; block: Block }
  | { type: 'invTransactions'; ids: Hash[] }
  | { type: 'requestTransactions'; ids: Hash[] }
  | { type: 'transaction'; transaction: Transaction }
  | { type: 'transactionNotFound'; id: Hash }
  | { type: 'ping'; nonce: bigint }
  | { type: 'pong'; nonce: bigint }
  | { type: 'reject'; reason: string }
  /** Headers of the blocks between lowHash (a chain ancestor of highHash) and highHash, answered in batches. */
  | { type: 'requestHeaders'; lowHash: Hash; highHash: Hash }
  | { type: 'headers'; headers: BlockHeader[] }
  | EmptyMessage<'doneHeaders'>
  | EmptyMessage<'requestNextHeaders'>
  | { type: 'requestBlockLocator'; highHash: Hash; limit: number }
  | { type: 'blockLocator'; hashes: Hash[] }
  /** kaspad v5 chain negotiation: null bounds ask for the syncer's whole selected chain. */
  | { type: 'requestIbdChainBlockLocator'; lowHash: Hash | null; highHash: Hash | null }
  | { type: 'ibdChainBlockLocator'; hashes: Hash[] }
  /** Headers of past(contextHash) ∩ anticone(blockHash): the missing past of a relayed orphan block. */
  | { type: 'requestAnticone'; blockHash: Hash; contextHash: Hash }
  | { type: 'requestIbdBlocks'; hashes: Hash[] }
  | { type: 'ibdBlock'; block: Block };

export type MessageOf<T extends WireMessageType> = Extract<WireMessage, { type: T }>;
