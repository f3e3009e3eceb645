import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MuHash } from '../crypto/muhash.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { blobToKey } from '../store/key-bytes.ts';
import { ConsensusStore } from '../store/consensus-store.ts';
import { seededBytes } from '../test-support/seeded-random.ts';
import type { ChainChangedEvent } from './chain-changed.ts';
import { Consensus } from './consensus.ts';
import { transactionId } from './hashing/tx-hash.ts';
import type { BlockKey } from './model/block-key.ts';
import { genesisBlock } from './params/genesis.ts';
import { KASPA_GENESIS } from './params/kaspa-genesis.ts';
import { KASPA_NETWORKS } from './params/kaspa-networks.ts';
import { decodeUtxoEntry, serializeUtxo } from './utxo/utxo-serialization.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-chain-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Pay-to-public-key (Schnorr): OP_DATA_32 <key> OP_CHECKSIG. */
const payTo = (seed: number) => ({
  version: 0,
  script: Uint8Array.from([0x20, ...seededBytes(seed, 32), 0xac]),
});

describe('the selected chain and the UTXO set follow the heaviest valid block', () => {
  it('a heavier branch reorganises the chain: one event removes the old blocks, adds the new, and the stored set moves', () => {
    const { header: genesis, coinbase } = genesisBlock(KASPA_GENESIS.kaspaGoDevnet);
    const store = ConsensusStore.open(join(dir, 'reorg.sqlite'));
    let time = genesis.timestamp;
    const consensus = new Consensus(store, {
      params: { ...KASPA_NETWORKS.devnet, skipProofOfWork: true },
      genesis,
      genesisTransactions: [coinbase],
      now: () => time + 1000,
    });
    const events: ChainChangedEvent[] = [];
    consensus.onChainChanged((event) => events.push(event));
    const coinbaseIds = new Map<BlockKey, string>();
    const mine = (tip: BlockKey, miner: number): BlockKey => {
      time += 1000;
      const block = consensus.blockTemplate([tip], {
        timestamp: time,
        coinbaseData: { scriptPublicKey: payTo(miner), extraData: new Uint8Array() },
      });
      const result = consensus.insertBlock(block.header, block.transactions);
      assert.equal(result.utxo?.status, 'valid', JSON.stringify(result.utxo));
      coinbaseIds.set(result.hash, bytesToHex(transactionId(block.transactions[0]!)));
      return result.hash;
    };

    const g = consensus.genesis;
    const a: BlockKey[] = [];
    for (let tip = g, i = 0; i < 3; i++) a.push((tip = mine(tip, 1)));
    const b: BlockKey[] = [];
    for (let tip = g, i = 0; i < 5; i++) b.push((tip = mine(tip, 2)));

    // Replaying the events over genesis must give the final selected chain.
    const chain: BlockKey[] = [g];
    for (const event of events) {
      for (const removed of event.removed) assert.equal(chain.pop(), removed, 'removed newest first');
      chain.push(...event.added.map((added) => added.block));
    }
    assert.deepEqual(chain, [g, ...b]);
    assert.ok(
      events.some((e) => e.removed.join() === [...a].reverse().join()),
      'the old branch left in one event',
    );
    // A chain block accepts its selected parent's coinbase.
    const addedB2 = events.flatMap((e) => e.added).find((added) => added.block === b[1]);
    assert.ok(addedB2?.acceptedTransactionIds.includes(coinbaseIds.get(b[0] as BlockKey) as string));
    // The transactions themselves, in the same order as the event's IDs.
    assert.deepEqual(
      consensus.acceptedTransactions(b[1] as BlockKey).map((tx) => bytesToHex(transactionId(tx))),
      addedB2?.acceptedTransactionIds,
    );

    // The stored set is the sink's past UTXO set: its MuHash is the one the sink's header commits to.
    const stored = new MuHash();
    for (const [outpoint, entry] of store.db.prepare('SELECT outpoint, entry FROM utxo_set').raw().all() as [
      Buffer,
      Buffer,
    ][]) {
      stored.add(
        serializeUtxo(`${blobToKey(outpoint.subarray(0, 32))}:${outpoint.readUInt32LE(32)}`, decodeUtxoEntry(entry)),
      );
    }
    assert.equal(consensus.sink(), b[4]);
    assert.equal(bytesToHex(stored.finalize()), bytesToHex(consensus.header(b[4] as BlockKey)!.utxoCommitment));
    assert.ok((store.db.prepare('SELECT count(*) FROM utxo_set').pluck().get()! as number) > 0);
    // New transactions spend from the virtual's set: the sink's own coinbase is in it, not yet in the stored one.
    const sinkCoinbase = `${coinbaseIds.get(b[4] as BlockKey)}:0`;
    assert.equal(consensus.virtualState().parents[0], b[4]);
    assert.ok(consensus.virtualState().utxo.get(sinkCoinbase));
    assert.equal(store.utxoSet.get(sinkCoinbase), undefined);
    // The abandoned branch is still valid, just not selected.
    assert.equal(consensus.utxoState(a[2] as BlockKey)?.status, 'valid');
    store.close();
  });
});
