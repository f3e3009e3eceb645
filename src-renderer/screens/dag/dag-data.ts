/**
 * The DAG view's copy of the recent DAG: a snapshot from getDagBlocks, kept current between
 * re-reads by blockAdded and virtualChainChanged notifications. Plain TypeScript (no DOM, no
 * React) so it runs under node:test.
 */
import type { BlockAddedPayload, DagBlockJson } from '../../../src-shared/api.ts';

export type DagNode = DagBlockJson;

/** How many blocks the view keeps: the newest by DAA score. */
export const DAG_BLOCK_LIMIT = 1000;

export class DagData {
  readonly limit: number;
  #blocks = new Map<string, DagNode>();
  /**
   * Chain moves naming blocks not added yet (the node may announce the chain change before the
   * block): true joined, false left. Applied when the block arrives; bounded.
   */
  #pendingChain = new Map<string, boolean>();
  /** Bumped on every change, so a consumer re-lays out only when something moved. */
  #version = 0;

  constructor(limit = DAG_BLOCK_LIMIT) {
    this.limit = limit;
  }

  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#blocks.size;
  }

  get(hash: string): DagNode | undefined {
    return this.#blocks.get(hash);
  }

  /**
   * Takes a fresh getDagBlocks answer. Its blocks replace ours (their colours and chain flags are
   * the node's latest word); blocks we hold that it lacks are kept when they are at least as new
   * as its oldest block, since they arrived by notification after the node answered.
   */
  replace(snapshot: readonly DagBlockJson[]): void {
    let oldest = Infinity;
    for (const block of snapshot) oldest = Math.min(oldest, block.daaScore);
    const next = new Map<string, DagNode>();
    for (const block of snapshot) next.set(block.hash, { ...block, parents: [...block.parents] });
    for (const [hash, block] of this.#blocks) {
      if (!next.has(hash) && block.daaScore >= oldest) next.set(hash, block);
    }
    this.#blocks = next;
    this.#trim();
    this.#version++;
  }

  /** A block the node just added: not merged and off the chain until the node says otherwise. */
  add(block: BlockAddedPayload): boolean {
    if (this.#blocks.has(block.hash)) return false;
    if (this.#blocks.size >= this.limit && block.daaScore < this.#oldestDaaScore()) return false;
    const onChain = this.#pendingChain.get(block.hash) ?? false;
    this.#pendingChain.delete(block.hash);
    this.#blocks.set(block.hash, {
      hash: block.hash,
      daaScore: block.daaScore,
      blueScore: block.blueScore,
      timestamp: block.timestamp,
      parents: [...block.parents],
      selectedParent: null,
      isChainBlock: onChain,
      color: onChain ? 'blue' : 'unmerged',
    });
    this.#trim();
    this.#version++;
    return true;
  }

  /**
   * The selected chain moved. A block joining it is blue by definition; one leaving keeps its
   * colour until the next re-read says what the new chain made of it.
   */
  chainChanged(change: { removed: readonly string[]; added: readonly string[] }): void {
    let changed = false;
    for (const hash of change.removed) {
      const block = this.#blocks.get(hash);
      if (!block) this.#rememberPending(hash, false);
      else if (block.isChainBlock) {
        this.#blocks.set(hash, { ...block, isChainBlock: false });
        changed = true;
      }
    }
    for (const hash of change.added) {
      const block = this.#blocks.get(hash);
      if (!block) this.#rememberPending(hash, true);
      else if (!block.isChainBlock) {
        this.#blocks.set(hash, { ...block, isChainBlock: true, color: 'blue' });
        changed = true;
      }
    }
    if (changed) this.#version++;
  }

  /** Oldest first (by DAA score, then hash). */
  list(): DagNode[] {
    return [...this.#blocks.values()].sort(byDaaScore);
  }

  /** The lowest and highest DAA score held; null when empty. */
  daaRange(): { oldest: number; newest: number } | null {
    if (this.#blocks.size === 0) return null;
    let oldest = Infinity;
    let newest = -Infinity;
    for (const block of this.#blocks.values()) {
      oldest = Math.min(oldest, block.daaScore);
      newest = Math.max(newest, block.daaScore);
    }
    return { oldest, newest };
  }

  clear(): void {
    this.#pendingChain.clear();
    if (this.#blocks.size === 0) return;
    this.#blocks.clear();
    this.#version++;
  }

  #rememberPending(hash: string, onChain: boolean): void {
    this.#pendingChain.delete(hash);
    this.#pendingChain.set(hash, onChain);
    // Hashes older than the window never arrive: forget the oldest beyond a bound.
    if (this.#pendingChain.size > this.limit) {
      const oldest = this.#pendingChain.keys().next().value;
      if (oldest !== undefined) this.#pendingChain.delete(oldest);
    }
  }

  #oldestDaaScore(): number {
    let oldest = Infinity;
    for (const block of this.#blocks.values()) oldest = Math.min(oldest, block.daaScore);
    return oldest;
  }

  #trim(): void {
    if (this.#blocks.size <= this.limit) return;
    const sorted = [...this.#blocks.values()].sort(byDaaScore);
    for (const block of sorted.slice(0, sorted.length - this.limit)) this.#blocks.delete(block.hash);
  }
}

function byDaaScore(a: DagNode, b: DagNode): number {
  return a.daaScore - b.daaScore || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);
}
