import type { Consensus } from '../consensus/consensus.ts';
import type { GhostdagData } from '../consensus/ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { DagwalletError } from '../errors.ts';
import { StoreError } from '../store/migrations.ts';

export const SyncErrorCode = {
  /** A hash the peer named is not in our store (kaspad: "Block %s does not exist", a ban). */
  UNKNOWN_BLOCK: 'UNKNOWN_BLOCK',
  /** `low` is not `high` nor a selected-chain ancestor of it (kaspad ErrBlockNotInSelectedParentChain). */
  NOT_IN_SELECTED_CHAIN: 'NOT_IN_SELECTED_CHAIN',
  /** `low` is not `high` nor in its past, so nothing lies "between" them. */
  NOT_IN_PAST: 'NOT_IN_PAST',
  /** A locator limit that cannot hold both ends (a caller bug, not a peer's). */
  BAD_LIMIT: 'BAD_LIMIT',
} as const;
export type SyncErrorCode = (typeof SyncErrorCode)[keyof typeof SyncErrorCode];

/**
 * A sync query we refuse. Every code but BAD_LIMIT comes from hashes a peer chose, so the flow
 * answering the request can score that peer from `code`.
 */
export class SyncError extends DagwalletError<SyncErrorCode> {}

/** The GHOSTDAG data of a block a peer named, or UNKNOWN_BLOCK when we hold no header for it. */
export function knownGhostdag(
  consensus: Pick<Consensus, 'has' | 'ghostdagData'>,
  hash: BlockKey,
  role: string,
): GhostdagData {
  const data = consensus.has(hash) ? consensus.ghostdagData(hash) : undefined;
  if (data === undefined) throw new SyncError('UNKNOWN_BLOCK', `${role} block ${hash} is not known`);
  return data;
}

/** The GHOSTDAG data of a block reached through stored links: missing means a broken store, not a bad peer. */
export function storedGhostdag(consensus: Pick<Consensus, 'ghostdagData'>, hash: BlockKey): GhostdagData {
  const data = consensus.ghostdagData(hash);
  if (data === undefined) throw new StoreError('MISSING', `no GHOSTDAG data for stored block ${hash}`);
  return data;
}
