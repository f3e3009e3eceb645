import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../model/block-key.ts';
import { SUBNETWORK_ID_COINBASE, type Transaction, type TransactionOutput } from '../model/transaction.ts';
import { calcBlockSubsidy, type SubsidyParams } from '../subsidy.ts';
import { CoinbaseError } from './coinbase-error.ts';
import {
  type CoinbaseData,
  type CoinbasePayload,
  type CoinbasePayloadLimits,
  encodeCoinbasePayload,
} from './coinbase-payload.ts';

/** kaspad constants.MaxTransactionVersion: every coinbase of the legacy era has version 0. */
export const COINBASE_TRANSACTION_VERSION = 0;

/** What the merging block needs to know about one block of its mergeset. */
export interface MergedBlockReward {
  /**
   * From the merged block's own coinbase payload: the script its miner asked to be paid to, and
   * its subsidy. kaspad reads the subsidy there rather than recomputing it, so it is the subsidy at
   * the merged block's DAA score (checkCoinbaseSubsidy held it to that), not the merging block's.
   */
  coinbase: Pick<CoinbasePayload, 'scriptPublicKey' | 'subsidy'>;
  /** Σ fees of the block's transactions this block accepted (kaspad acceptance data; a coinbase's is 0). */
  acceptedFees: bigint;
  /** In this block's DAA-added blocks (see daaAddedBlocks); if not, the block earns nothing. */
  daaAdded: boolean;
}

export interface ExpectedCoinbaseInput {
  ghostdag: Pick<GhostdagData, 'blueScore' | 'mergesetBlues' | 'mergesetReds'>;
  /** This block's DAA score: its own subsidy, written into its payload for whoever merges it. */
  daaScore: number;
  /** This block's miner script and extra data, as its coinbase payload states them. */
  coinbaseData: CoinbaseData;
  /** Every block of the mergeset (blues and reds). */
  mergeset: ReadonlyMap<BlockKey, MergedBlockReward>;
}

/** kaspad calcMergedBlockReward: subsidy plus accepted fees, or nothing outside the DAA window. */
function mergedBlockReward(input: ExpectedCoinbaseInput, block: BlockKey): { reward: bigint; data: MergedBlockReward } {
  const data = input.mergeset.get(block);
  if (data === undefined) throw new CoinbaseError('MISSING_MERGED_BLOCK', `no reward data for merged block ${block}`);
  return { reward: data.daaAdded ? data.coinbase.subsidy + data.acceptedFees : 0n, data };
}

/**
 * The coinbase a (non-genesis) block must carry (kaspad coinbasemanager ExpectedCoinbaseTransaction):
 * - one output per mergeset blue, in mergesetBlues order (selected parent first), paying its
 *   reward to the script in the blue's own payload; blues whose reward is 0 get no output;
 * - then one output paying the reds' rewards, summed, to this block's miner, if the sum is not 0;
 * - no inputs, version 0, lock time 0, the coinbase subnetwork, gas 0;
 * - payload: this block's blue score and subsidy, its miner script and extra data.
 * A block is paid for by whoever merges it, so a block's own subsidy goes only into its payload.
 */
export function expectedCoinbaseTransaction(
  input: ExpectedCoinbaseInput,
  params: SubsidyParams & CoinbasePayloadLimits,
): Transaction {
  const outputs: TransactionOutput[] = [];
  for (const blue of input.ghostdag.mergesetBlues) {
    const { reward, data } = mergedBlockReward(input, blue);
    if (reward !== 0n) outputs.push({ value: reward, scriptPublicKey: data.coinbase.scriptPublicKey });
  }
  let redReward = 0n;
  for (const red of input.ghostdag.mergesetReds) redReward += mergedBlockReward(input, red).reward;
  if (redReward !== 0n) outputs.push({ value: redReward, scriptPublicKey: input.coinbaseData.scriptPublicKey });

  const payload = encodeCoinbasePayload(
    {
      blueScore: BigInt(input.ghostdag.blueScore),
      subsidy: calcBlockSubsidy(input.daaScore, params),
      scriptPublicKey: input.coinbaseData.scriptPublicKey,
      extraData: input.coinbaseData.extraData,
    },
    params,
  );
  return {
    version: COINBASE_TRANSACTION_VERSION,
    inputs: [],
    outputs,
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_COINBASE.slice(),
    gas: 0n,
    payload,
    storageMass: 0n,
  };
}
