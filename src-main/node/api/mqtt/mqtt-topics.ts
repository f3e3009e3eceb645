import type { TransactionJson } from '../../../../src-shared/api.ts';
import type { AddressActivityKind } from './address-activity.ts';

/**
 * Kasparov's MQTT topics (kasparovsyncd/mqtt): payloads are JSON. dag/blocks carries the
 * explorer's BlockJson, the transactions topics its TransactionJson, once per address the
 * transaction touches; transactions/unaccepted adds `unacceptedBy` (UnacceptedTransactionJson).
 */
export const MQTT_TOPICS = {
  /** Every block added to the DAG. */
  blocks: 'dag/blocks',
  /** The new sink (the tip of the selected chain) after each chain change: SelectedTipJson. */
  selectedTip: 'dag/selected-tip',
  /** How the selected chain moved: SelectedParentChainJson. */
  selectedParentChain: 'dag/selected-parent-chain',
} as const;

const TRANSACTION_TOPIC_PREFIX: Record<AddressActivityKind, string> = {
  included: 'transactions',
  accepted: 'transactions/accepted',
  unaccepted: 'transactions/unaccepted',
};

/** `transactions/<address>`, `transactions/accepted/<address>` or `transactions/unaccepted/<address>`. */
export function transactionTopic(kind: AddressActivityKind, address: string): string {
  return `${TRANSACTION_TOPIC_PREFIX[kind]}/${address}`;
}

/** Filters that together match every topic the node publishes. */
export const ALL_TOPIC_FILTERS = ['dag/#', 'transactions/#'] as const;

export interface SelectedTipJson {
  blockHash: string;
  blueScore: number;
  daaScore: number;
  /** Unix ms. */
  timestamp: number;
}

export interface SelectedParentChainJson {
  /** Chain blocks that left the selected chain, newest first. */
  removedBlockHashes: string[];
  /** Chain blocks that joined it, oldest first, with the transactions each accepted. */
  addedBlocks: { hash: string; acceptedTransactionIds: string[] }[];
}

/**
 * A transaction a chain block stopped accepting, as it stands once the whole chain change is
 * applied (often accepted again, by a block of the new chain), plus the block that let it go.
 */
export interface UnacceptedTransactionJson extends TransactionJson {
  unacceptedBy: string;
}
