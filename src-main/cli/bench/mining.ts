import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AddressVersion, createAddress, encodeAddress } from '../../node/consensus/address.ts';
import { targetToCompact } from '../../node/consensus/difficulty/compact.ts';
import { DAGWALLET_NETWORKS } from '../../node/consensus/params/dagwallet-networks.ts';
import { BlockTemplateBuilder, type BlockTemplate } from '../../node/mining/block-template-builder.ts';
import { Miner, type MinerEvent } from '../../node/mining/miner.ts';
import { openSimnet } from '../../node/test-support/simnet.ts';
import type { BenchFigure } from './figure.ts';

/** Seconds of steady mining measured per run, after the threads' first reports. */
const MEASURE_SECONDS = 3;

/**
 * The Miner on a dagwallet devnet template whose target is 1, so no nonce is ever found and the
 * threads hash without pause: its hash rate with one thread, then with one per core. The rate is
 * the Miner's own (each thread's hashes over its hashing time in the last few seconds).
 */
export async function run(): Promise<BenchFigure[]> {
  const params = DAGWALLET_NETWORKS.devnet;
  const { consensus, close } = openSimnet({ params });
  try {
    const builder = new BlockTemplateBuilder(consensus, { selectForBlock: () => [] });
    const address = encodeAddress(
      createAddress(params.addressPrefix, AddressVersion.PubKey, new Uint8Array(32).fill(2)),
    );
    const template = builder.build(address);
    const hopeless: BlockTemplate = { ...template, header: { ...template.header, bits: targetToCompact(1n) } };
    const cores = availableParallelism();
    const oneThread = await hashRate(hopeless, 1);
    const allThreads = await hashRate(hopeless, cores);
    return [
      { name: 'mining_hash_rate_1_thread', value: oneThread, unit: 'hashes/s' },
      { name: 'mining_hash_rate_all_threads', value: allThreads, unit: 'hashes/s' },
      { name: 'mining_threads_all', value: cores, unit: 'threads' },
    ];
  } finally {
    close();
  }
}

async function hashRate(template: BlockTemplate, threads: number): Promise<number> {
  const miner = new Miner({ threads, templates: () => template, submit: () => {} });
  try {
    const warm = new Promise<void>((resolve) => {
      const off = miner.onEvent((event: MinerEvent) => {
        if (event.kind === 'hashrate' && event.hashesPerSecond > 0) {
          off();
          resolve();
        }
      });
    });
    miner.start();
    await warm;
    await sleep(MEASURE_SECONDS * 1000);
    return miner.hashRate;
  } finally {
    await miner.stop();
  }
}
