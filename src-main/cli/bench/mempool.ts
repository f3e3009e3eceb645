import type { ChainChangedEvent } from '../../node/consensus/chain-changed.ts';
import type { Transaction } from '../../node/consensus/model/transaction.ts';
import { Mempool } from '../../node/mempool/mempool.ts';
import { outputOf } from '../../node/test-support/signing.ts';
import { SimnetChain } from '../../node/test-support/simnet-chain.ts';
import { testKey } from '../../node/test-support/test-keys.ts';
import type { BenchFigure } from './figure.ts';

const TRANSACTIONS = 2000;
/** Outputs per split transaction: 500 P2PK outputs weigh ~206,000 grams, two fit a block. */
const OUTPUTS_PER_SPLIT = 500;

/**
 * Mempool acceptance on a real simnet consensus: N independent one-input payments (P2PK,
 * Schnorr), signed beforehand, submitted one by one; each is checked in full (standardness, the
 * virtual UTXO set through SQLite, its signature, the fee) and indexed. Then what a miner and a
 * new block cost with the pool full: selecting a template's transactions, and handling the
 * chain change after a block carrying some of them (the block's own validation not counted).
 */
export function run(): BenchFigure[] {
  const chain = SimnetChain.open();
  try {
    const splits = Math.ceil(TRANSACTIONS / OUTPUTS_PER_SPLIT);
    chain.mineChain(chain.params.coinbaseMaturity + splits + 1);
    // Coinbase outputs split into many small ones, mined directly (too heavy to be standard).
    const splitTxs = chain
      .matureCoinbaseOutputs()
      .slice(0, splits)
      .map((coin) => {
        const value = (coin.entry.amount - 1_000_000n) / BigInt(OUTPUTS_PER_SPLIT);
        return chain.sign([coin], Array(OUTPUTS_PER_SPLIT).fill({ value, scriptPublicKey: chain.miner.script }));
      });
    for (let i = 0; i < splitTxs.length; i += 2) chain.mine({ transactions: splitTxs.slice(i, i + 2) });
    const to = testKey('other').script;
    const payments: Transaction[] = splitTxs
      .flatMap((split) => split.outputs.map((_output, index) => outputOf(split, index)))
      .slice(0, TRANSACTIONS)
      .map((input, i) =>
        chain.sign([input], [{ value: input.entry.amount - 10_000n - BigInt(i), scriptPublicKey: to }]),
      );

    const mempool = new Mempool(chain.consensus);
    const events: ChainChangedEvent[] = [];
    chain.consensus.onChainChanged((event) => events.push(event));
    const started = performance.now();
    for (const tx of payments) mempool.submit(tx);
    const acceptSeconds = (performance.now() - started) / 1000;
    if (mempool.size !== payments.length) throw new Error(`only ${mempool.size} of ${payments.length} accepted`);

    const selectStarted = performance.now();
    const selected = mempool.selectForBlock(chain.params.maxBlockMass / 2);
    const selectMs = performance.now() - selectStarted;

    chain.mine({ transactions: selected });
    chain.consensus.virtualState(); // consensus's work after a block, not the pool's
    const chainChangeStarted = performance.now();
    for (const event of events) mempool.handleChainChanged(event);
    const chainChangeMs = performance.now() - chainChangeStarted;
    if (mempool.size !== payments.length - selected.length) throw new Error('the mined transactions did not leave');

    return [
      { name: 'mempool_accept_tx_per_s', value: payments.length / acceptSeconds, unit: 'tx/s' },
      { name: 'mempool_select_for_block_2000_ms', value: selectMs, unit: 'ms' },
      { name: 'mempool_chain_change_2000_ms', value: chainChangeMs, unit: 'ms' },
    ];
  } finally {
    chain.close();
  }
}
