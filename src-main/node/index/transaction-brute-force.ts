/**
 * Test support (not used by the node): the transaction index's answers worked out by brute force
 * from a store (every stored body decoded, every block tested against the selected chain with
 * reachability queries), and a simnet DAG with the shapes an explorer must show: merged siblings,
 * a red side branch carrying a payment, a transaction in two blocks, chained spends, a stale tip.
 */
import type { Consensus } from '../consensus/consensus.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { decodeTransactions } from '../store/body-repository.ts';
import { blobToKey } from '../store/key-bytes.ts';
import { outputOf, signTransaction } from '../test-support/signing.ts';
import type { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';
import type { BlockMerge, TransactionAcceptance, TransactionLocation } from './transaction-index.ts';

/** Every block of the store, in import order. */
export function allBlocks(consensus: Consensus): BlockKey[] {
  return (consensus.store.db.prepare('SELECT hash FROM blocks ORDER BY id').pluck().all() as Buffer[]).map(blobToKey);
}

/** The selected chain from genesis to the sink, oldest first. */
export function chainOf(consensus: Consensus): BlockKey[] {
  const chain: BlockKey[] = [];
  for (let block = consensus.sink(); ;) {
    chain.push(block);
    if (block === consensus.genesis) break;
    block = (consensus.ghostdagData(block) as { selectedParent: BlockKey }).selectedParent;
  }
  return chain.reverse();
}

/** Every stored body's transactions, decoded from the rows: transaction ID → the blocks holding it. */
export function bruteForceLocations(consensus: Consensus): Map<string, TransactionLocation[]> {
  const rows = consensus.store.db.prepare('SELECT hash, transactions FROM block_bodies').raw().all() as [
    Buffer,
    Buffer,
  ][];
  const daaScore = (block: BlockKey) => consensus.header(block)?.daaScore ?? 0;
  const locations = new Map<string, TransactionLocation[]>();
  for (const [hash, body] of rows) {
    decodeTransactions(body).forEach((tx, position) => {
      const id = bytesToHex(transactionId(tx));
      locations.set(id, [...(locations.get(id) ?? []), { block: blobToKey(hash), position }]);
    });
  }
  for (const list of locations.values()) {
    list.sort((x, y) => daaScore(x.block) - daaScore(y.block) || (x.block < y.block ? -1 : 1));
  }
  return locations;
}

/** For each transaction some chain block accepted: that block, by walking the chain's acceptances. */
export function bruteForceAcceptance(consensus: Consensus): Map<string, TransactionAcceptance> {
  const accepted = new Map<string, TransactionAcceptance>();
  for (const block of chainOf(consensus)) {
    const blueScore = (consensus.ghostdagData(block) as { blueScore: number }).blueScore;
    consensus.acceptedTransactions(block).forEach((tx: Transaction, acceptanceIndex) => {
      const id = bytesToHex(transactionId(tx));
      if (!accepted.has(id))
        accepted.set(id, { acceptingBlock: block, acceptingBlueScore: blueScore, acceptanceIndex });
    });
  }
  return accepted;
}

/**
 * Which chain block merged each block: the first chain block (oldest first) that is the block or
 * has it in its past, asked of reachability; red if that block's GHOSTDAG data lists it red.
 */
export function bruteForceMerges(consensus: Consensus): Map<BlockKey, BlockMerge> {
  const chain = chainOf(consensus);
  const merges = new Map<BlockKey, BlockMerge>();
  for (const block of allBlocks(consensus)) {
    const mergedBy = chain.find((chainBlock) => chainBlock === block || consensus.isDagAncestorOf(block, chainBlock));
    if (mergedBy === undefined) continue;
    const ghostdag = consensus.ghostdagData(mergedBy) as { blueScore: number; mergesetReds: BlockKey[] };
    merges.set(block, {
      mergedBy,
      mergedByBlueScore: ghostdag.blueScore,
      color: ghostdag.mergesetReds.includes(block) ? 'red' : 'blue',
    });
  }
  return merges;
}

/** What an explorer DAG holds, for tests to point at. */
export interface ExplorerDag {
  /** A payment to alice from a mature coinbase, in a block on the chain. */
  toAlice: Transaction;
  /** Alice's output spent on to bob (an input whose previous transaction is no coinbase). */
  toBob: Transaction;
  /** A payment to carol mined in a block of the red side branch. */
  toCarol: Transaction;
  /** A payment mined in two sibling blocks (the second copy is not accepted again). */
  twice: Transaction;
  twiceBlocks: [BlockKey, BlockKey];
  /** Siblings merged by the next block without becoming its selected parent. */
  mergedSiblings: BlockKey[];
  /** A branch grown beside a heavier chain, then merged: most of it red. */
  sideBranch: BlockKey[];
  /** The side-branch block holding toCarol. */
  carolBlock: BlockKey;
  /** A tip mined on an old chain block and never merged. */
  stale: BlockKey;
}

export const alice = testKey('alice');
export const bob = testKey('bob');
export const carol = testKey('carol');

/** Grows `chain` (which must be fresh) into an ExplorerDag of about 270 blocks. */
export function mineExplorerDag(chain: SimnetChain): ExplorerDag {
  const { consensus } = chain;
  const mergedSiblings: BlockKey[] = [];
  /** `steps` blocks on the virtual's parents; every 7th step first mines two siblings on the sink. */
  const grow = (steps: number): void => {
    for (let step = 0; step < steps; step++) {
      if (step % 7 === 3) {
        const sink = consensus.sink();
        mergedSiblings.push(chain.mine({ parents: [sink] }), chain.mine({ parents: [sink] }));
      }
      chain.mine();
    }
  };
  grow(chain.params.coinbaseMaturity + 6);
  const pay = (to: typeof alice, value: bigint) => {
    const coin = chain.matureCoinbase();
    return chain.sign(
      [coin],
      [
        { value, scriptPublicKey: to.script },
        { value: coin.entry.amount - value - 2_000n, scriptPublicKey: chain.miner.script },
      ],
    );
  };
  const toAlice = pay(alice, 40n * 100_000_000n);
  chain.mine({ transactions: [toAlice] });
  const toBob = signTransaction(
    [{ ...outputOf(toAlice, 0), secretKey: alice.secretKey }],
    [{ value: 40n * 100_000_000n - 3_000n, scriptPublicKey: bob.script }],
  );
  chain.mine({ transactions: [toBob] });
  grow(5);

  const twice = pay(alice, 2n * 100_000_000n);
  const sink = consensus.sink();
  const twiceBlocks: [BlockKey, BlockKey] = [
    chain.mine({ parents: [sink], transactions: [twice] }),
    chain.mine({ parents: [sink], transactions: [twice] }),
  ];
  grow(3);

  // Two main blocks per side block keep the main chain the heavier one, so the side stays off it.
  const forkPoint = consensus.sink();
  const toCarol = pay(carol, 3n * 100_000_000n);
  const sideBranch: BlockKey[] = [];
  let carolBlock = forkPoint;
  let mainTip = forkPoint;
  for (let i = 0; i < 25; i++) {
    const transactions = i === 20 ? [toCarol] : [];
    sideBranch.push(chain.mine({ parents: [sideBranch.at(-1) ?? forkPoint], transactions }));
    if (i === 20) carolBlock = sideBranch.at(-1) as BlockKey;
    mainTip = chain.mine({ parents: [mainTip] });
    mainTip = chain.mine({ parents: [mainTip] });
  }
  chain.mine({ parents: [mainTip, sideBranch.at(-1) as BlockKey] });
  grow(20);
  const stale = chain.mine({ parents: [chainOf(consensus).at(-30) as BlockKey] });
  chain.mine({ parents: [consensus.sink()] });
  return { toAlice, toBob, toCarol, twice, twiceBlocks, mergedSiblings, sideBranch, carolBlock, stale };
}
