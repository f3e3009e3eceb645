import type { WalletAccount } from './account.ts';
import { CHANGE_CHAIN, type Chain, RECEIVE_CHAIN } from './derivation.ts';
import { WalletError } from './errors.ts';

/** BIP44's gap limit: a restore stops after this many unused addresses in a row. */
export const DEFAULT_GAP_LIMIT = 20;

/** Generous, but keeps one isUsed call (and the derivation behind it) bounded. */
export const MAX_GAP_LIMIT = 10_000;

/** Answers, for each script (hex, no version), whether any transaction ever paid or spent it. */
export type ScriptUsage = (scriptHexes: string[]) => Promise<boolean[]>;

export interface DiscoveredIndexes {
  /** The first receive index after the last used one (0 for an unused wallet). */
  receiveIndex: number;
  changeIndex: number;
}

/**
 * BIP44 account discovery for a restore: each chain is scanned in batches of `gapLimit`
 * addresses until `gapLimit` consecutive addresses after the last used one are unused; the
 * chain's next index is the one after its last used address.
 * Every scanned address stays derived on the account, so its outputs are recognised.
 */
export async function discoverAddresses(
  account: WalletAccount,
  isUsed: ScriptUsage,
  gapLimit = DEFAULT_GAP_LIMIT,
): Promise<DiscoveredIndexes> {
  if (!Number.isInteger(gapLimit) || gapLimit < 1 || gapLimit > MAX_GAP_LIMIT) {
    throw new WalletError('BAD_REQUEST', `The gap limit must be a whole number from 1 to ${MAX_GAP_LIMIT}.`);
  }
  const [receiveIndex, changeIndex] = await Promise.all([
    scanChain(account, RECEIVE_CHAIN, isUsed, gapLimit),
    scanChain(account, CHANGE_CHAIN, isUsed, gapLimit),
  ]);
  return { receiveIndex, changeIndex };
}

/**
 * The scan reads answers in index order and stops at the first run of `gapLimit` unused
 * addresses, ignoring the rest of that batch, so the result does not depend on batching.
 */
async function scanChain(account: WalletAccount, chain: Chain, isUsed: ScriptUsage, gapLimit: number): Promise<number> {
  let nextUnused = 0;
  for (let from = 0; ; from += gapLimit) {
    const batch = account.addresses(chain, from, gapLimit);
    const used = await isUsed(batch.map((a) => a.scriptHex));
    if (!Array.isArray(used) || used.length !== batch.length) {
      throw new WalletError('BAD_REQUEST', `isUsed answered for ${String(used?.length)} of ${batch.length} scripts.`);
    }
    for (let i = 0; i < used.length; i++) {
      const index = from + i;
      if (index - nextUnused >= gapLimit) return nextUnused;
      if (used[i] === true) nextUnused = index + 1;
    }
    if (from + used.length - nextUnused >= gapLimit) return nextUnused;
  }
}
