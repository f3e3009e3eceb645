import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { type JsonDagStream, readJsonDagStream } from '../replay/json-dag-stream.ts';
import { streamNetwork } from '../replay/stream-network.ts';
import { ConsensusStore } from '../store/consensus-store.ts';
import { checkProofOfWork } from './pow.ts';
import { seededBytes } from '../test-support/seeded-random.ts';
import { remine } from '../test-support/remine.ts';
import { tableDigest } from '../test-support/store-digest.ts';
import { ERA1_STREAMS, vectorPath } from '../test-support/vectors.ts';
import { Consensus } from './consensus.ts';
import { windowByWalk } from './daa/block-window.ts';
import { headerHash } from './hashing/header-hash.ts';
import { keyOf } from './model/block-key.ts';
import type { BlockHeader } from './model/header.ts';
import type { BlockErrorCode } from './validation/block-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-consensus-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let storeCount = 0;

function openConsensus(stream: JsonDagStream, path = join(dir, `store-${storeCount++}.sqlite`)) {
  const store = ConsensusStore.open(path);
  const { params, genesis } = streamNetwork(stream);
  const lastTimestamp = Math.max(...stream.blocks.map((b) => b.header.timestamp));
  const genesisTransactions = stream.blocks[0]?.transactions ?? [];
  const consensus = new Consensus(store, { params, genesis, genesisTransactions, now: () => lastTimestamp });
  return { store, consensus, path };
}

const clone = (header: BlockHeader): BlockHeader => ({ ...header, parents: header.parents.map((l) => [...l]) });

describe('header validation: one mutation per field, each rejected with its rule and the store unchanged', () => {
  const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string));
  // A block with several direct parents and several levels, so every rule has something to check.
  const targetIndex = stream.blocks.findIndex(
    (b, i) => i >= 150 && (b.header.parents[0]?.length ?? 0) >= 2 && b.header.parents.length >= 2,
  );
  const target = stream.blocks[targetIndex]?.header as BlockHeader;
  let fixture: ReturnType<typeof openConsensus>;
  let before_: string;

  before(() => {
    fixture = openConsensus(stream);
    for (const block of stream.blocks.slice(1, targetIndex)) fixture.consensus.insertHeader(block.header);
    before_ = tableDigest(fixture.store.db);
  });
  after(() => fixture.store.close());

  const expectRejected = (header: BlockHeader, code: BlockErrorCode) => {
    assert.throws(
      () => fixture.consensus.insertHeader(header),
      (error: { code?: string }) => error.code === code,
      `expected ${code}`,
    );
    assert.equal(tableDigest(fixture.store.db), before_, `store changed after a ${code} rejection`);
  };

  const targetPastMedianTime = () =>
    fixture.consensus.headerTemplate((target.parents[0] ?? []).map(keyOf), target).pastMedianTime;

  const cases: [string, BlockErrorCode, (h: BlockHeader) => BlockHeader][] = [
    ['version 0', 'WRONG_VERSION', (h) => ({ ...h, version: 0 })],
    ['version 2', 'WRONG_VERSION', (h) => ({ ...h, version: 2 })],
    [
      'timestamp an hour ahead',
      'TIME_TOO_FAR_IN_FUTURE',
      (h) => remine({ ...h, timestamp: stream.blocks.at(-1)!.header.timestamp + 3_600_000 }),
    ],
    ['no parents', 'NO_PARENTS', (h) => remine({ ...h, parents: [] })],
    [
      'eleven parents',
      'TOO_MANY_PARENTS',
      (h) => remine({ ...h, parents: [Array.from({ length: 11 }, (_, i) => seededBytes(i, 32))] }),
    ],
    ['bits above powMax', 'TARGET_OUT_OF_RANGE', (h) => remine({ ...h, bits: 0x2100ffff })],
    [
      'nonce',
      'INVALID_POW',
      (h) => {
        const bad = { ...h };
        for (bad.nonce = h.nonce + 1n; checkProofOfWork(bad).valid; bad.nonce++);
        return bad;
      },
    ],
    [
      'unknown parent',
      'MISSING_PARENTS',
      (h) => {
        const m = clone(h);
        m.parents[0]?.push(seededBytes(99, 32));
        return remine(m);
      },
    ],
    [
      'a parent in the past of another',
      'INVALID_PARENTS_RELATION',
      (h) => {
        const m = clone(h);
        const parent = fixture.consensus.header(keyOf(h.parents[0]?.[0] as Uint8Array)) as BlockHeader;
        m.parents[0]?.push(parent.parents[0]?.[0] as Uint8Array);
        return remine(m);
      },
    ],
    ['DAA score + 1', 'UNEXPECTED_DAA_SCORE', (h) => remine({ ...h, daaScore: h.daaScore + 1 })],
    ['bits', 'UNEXPECTED_DIFFICULTY', (h) => remine({ ...h, bits: 0x207ffffe })],
    ['blue score + 1', 'UNEXPECTED_BLUE_SCORE', (h) => remine({ ...h, blueScore: h.blueScore + 1 })],
    ['blue work + 1', 'UNEXPECTED_BLUE_WORK', (h) => remine({ ...h, blueWork: h.blueWork + 1n })],
    ['timestamp at the past median time', 'TIME_TOO_OLD', (h) => remine({ ...h, timestamp: targetPastMedianTime() })],
    ['top parent level dropped', 'UNEXPECTED_PARENTS', (h) => remine({ ...h, parents: h.parents.slice(0, -1) })],
    [
      'a level-1 parent swapped for another block',
      'UNEXPECTED_PARENTS',
      (h) => {
        const m = clone(h);
        (m.parents[1] as Uint8Array[])[0] = hexToBytes(fixture.consensus.genesis);
        return remine(m);
      },
    ],
    [
      'pruning point',
      'UNEXPECTED_PRUNING_POINT',
      (h) => remine({ ...h, pruningPoint: h.parents[0]?.[0] as Uint8Array }),
    ],
  ];

  for (const [what, code, mutate] of cases) {
    it(`${what}: ${code}`, () => expectRejected(mutate(target), code));
  }

  it('a rejected block is known invalid, and so is anything built on it', () => {
    const bad = remine({ ...target, daaScore: target.daaScore + 7 });
    expectRejected(bad, 'UNEXPECTED_DAA_SCORE');
    expectRejected(bad, 'KNOWN_INVALID');
    const child = remine({ ...target, parents: [[headerHash(bad)]] });
    expectRejected(child, 'INVALID_PARENT');
  });

  it('the untouched block is still accepted afterwards, once', () => {
    assert.equal(fixture.consensus.insertHeader(target).status, 'inserted');
    assert.equal(fixture.consensus.insertHeader(target).status, 'known');
  });
});

describe('the store resumes where it stopped', () => {
  it('closing and reopening mid-stream ends with the same sink, tips and UTXO commitment as one run', () => {
    const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string));
    const state = (c: Consensus) => ({
      sink: c.sink(),
      headersTip: c.headersSelectedTip(),
      tips: c.tips().sort(),
      utxoCommitment: bytesToHex(c.sinkMultiset()?.finalize() ?? new Uint8Array()),
    });
    const once = openConsensus(stream);
    for (const block of stream.blocks.slice(1)) once.consensus.insertBlock(block.header, block.transactions);
    const expected = state(once.consensus);
    assert.notEqual(expected.sink, once.consensus.genesis);
    once.store.close();

    let part = openConsensus(stream);
    const { path } = part;
    for (const [i, block] of stream.blocks.slice(1).entries()) {
      if (i % 60 === 59) {
        part.store.close();
        part = openConsensus(stream, path);
      }
      part.consensus.insertBlock(block.header, block.transactions);
    }
    assert.deepEqual(state(part.consensus), expected);
    part.store.close();
  });

  it('refuses a store made for another network', () => {
    const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string));
    const first = openConsensus(stream);
    first.store.close();
    const other = { ...stream, blocks: [{ ...stream.blocks[0]!, header: { ...stream.blocks[0]!.header, nonce: 1n } }] };
    assert.throws(() => openConsensus(other, first.path), { code: 'WRONG_NETWORK' });
  });
});

describe('difficulty windows on a real DAG', () => {
  it("the window built from the selected parent's equals kaspad's chain walk, with the legacy window full", () => {
    const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[1] as string));
    const { store, consensus } = openConsensus(stream);
    const bits = new Set<number>();
    for (const block of stream.blocks.slice(1)) {
      consensus.insertHeader(block.header);
      bits.add(block.header.bits);
    }
    // The stream's difficulty moved, so the DAA was really exercised.
    assert.ok(bits.size > 100, `only ${bits.size} distinct bits`);
    const source = {
      genesis: consensus.genesis,
      ghostdag: (b: string) => store.ghostdag.getGhostdag(b),
      windowBlock: (b: string) => store.blocks.get(b)!.windowBlock,
    };
    for (const block of stream.blocks.slice(-300).filter((_, i) => i % 10 === 0)) {
      const key = keyOf(block.expectedHash);
      const cached = consensus.windowOf(key).map((b) => b.key);
      const walked = windowByWalk(source, store.ghostdag.getGhostdag(key), 2641).map((b) => b.key);
      assert.equal(cached.length, 2641);
      assert.deepEqual(cached, walked);
    }
    store.close();
  });
});
