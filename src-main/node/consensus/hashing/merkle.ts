import { domainHasher, HashDomain } from '../../crypto/domain-hash.ts';
import { type Hash, ZERO_HASH } from '../model/hash.ts';
import type { Transaction } from '../model/transaction.ts';
import { transactionHash } from './tx-hash.ts';

export function merkleBranch(left: Hash, right: Hash): Hash {
  return domainHasher(HashDomain.MerkleBranchHash).update(left).update(right).digest();
}

/**
 * Kaspa's merkle root (rusty-kaspa crypto/merkle): a binary tree padded to a power of two,
 * where a node without a right sibling is hashed with the zero hash and an empty tree is the
 * zero hash. A single leaf is its own root.
 */
export function merkleRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return ZERO_HASH;
  let level: Hash[] = [...leaves];
  while (level.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(merkleBranch(level[i] as Hash, level[i + 1] ?? ZERO_HASH));
    }
    level = next;
  }
  return level[0] as Hash;
}

/** A block header's hash_merkle_root: the tree over the transaction hashes. */
export function hashMerkleRoot(transactions: readonly Transaction[]): Hash {
  return merkleRoot(transactions.map(transactionHash));
}
