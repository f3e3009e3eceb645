import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { keyOf } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { checkProofOfWork } from '../consensus/pow.ts';
import type { BlockWithBody } from '../chain/block-import-queue.ts';
import type { DagwalletNode } from '../node.ts';
import type { NodeEventMap } from '../node-events.ts';
import { addressOf, TestNetwork, until, untilSameSink } from '../test-support/p2p-nodes.ts';
import { RawPeer, RawPeerError, type RawPeerOptions, type RawVersionOptions } from '../test-support/raw-peer.ts';
import { seededBytes } from '../test-support/seeded-random.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { FrameReader, lengthPrefixed } from './frame-reader.ts';
import type { Offence } from './misbehaviour.ts';
import type { P2PService } from './p2p-service.ts';
import type { BanRecord } from './peer-store/peer-store.ts';
import { BLOCK_INV_ROUTE_CAPACITY } from './route.ts';
import { decodeMessage, encodeMessage } from './wire/codec.ts';
import { MAX_FRAME_BYTES } from './wire/limits.ts';

type BanEvent = NodeEventMap['peerBanned'];

const WAIT_MS = 5_000;

function p2pOf(node: DagwalletNode): P2PService {
  assert.ok(node.p2p, 'the node runs P2P');
  return node.p2p;
}

/** Resolves with the node's peerBanned event for `peerId`; subscribe before the offence. */
function banOf(node: DagwalletNode, peerId: string, timeoutMs = WAIT_MS): Promise<BanEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no peerBanned for ${peerId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = node.events.on('peerBanned', (event) => {
      if (event.peerId !== peerId) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

async function within<T>(promise: Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The precondition of a garbage case: a reader of our own framing cannot make a message of these bytes. */
function assertUnreadable(bytes: Uint8Array): void {
  assert.throws(() => {
    for (const frame of new FrameReader().push(bytes)) decodeMessage(frame);
  }, 'the garbage does not happen to be (the start of) a valid message');
}

/** The same block with a nonce whose proof of work fails (simnet passes about every other nonce). */
function withFailingPow(block: BlockWithBody): BlockWithBody {
  const header = { ...block.header };
  do header.nonce++;
  while (checkProofOfWork(header).valid);
  return { header, transactions: block.transactions };
}

/** The same header over a changed coinbase, so the merkle root no longer matches. */
function withWrongMerkleRoot(block: BlockWithBody): BlockWithBody {
  const [coinbase, ...rest] = block.transactions as [Transaction, ...Transaction[]];
  return {
    header: block.header,
    transactions: [{ ...coinbase, payload: Uint8Array.of(...coinbase.payload, 0x2a) }, ...rest],
  };
}

/** The raw peers a suite made, all stopped by `stopAll()` in its after(). */
class RawPeers {
  readonly #all: RawPeer[] = [];

  async create(options: RawPeerOptions = {}): Promise<RawPeer> {
    const raw = await RawPeer.create(options);
    this.#all.push(raw);
    return raw;
  }

  /** A raw peer past the handshake with `node`, listed among its peers. */
  async handshaken(node: DagwalletNode, options: RawPeerOptions = {}): Promise<RawPeer> {
    const raw = await this.create(options);
    await raw.connect(addressOf(node));
    const version = await raw.handshake();
    assert.equal(version.network, 'dagwallet-simnet');
    await until('the node to list the raw peer', () => (isPeerOf(node, raw) ? true : undefined));
    return raw;
  }

  /**
   * Everything a ban means: the event names the peer and the offence, the ban is recorded (by
   * peer id: loopback ips are never banned), the peer was told why and cut off, and the same
   * peer id cannot come back.
   */
  async assertBanned(node: DagwalletNode, raw: RawPeer, banned: Promise<BanEvent>, offence: Offence) {
    const event = await banned;
    assert.equal(event.peerId, raw.peerId);
    assert.ok(event.reason.startsWith(`${offence}: `), `banned for ${offence}, not for: ${event.reason}`);
    assert.ok(event.expiresAt > Date.now());
    const record = banOn(node, raw);
    assert.ok(record, 'the ban is recorded');
    assert.equal(record.reason, event.reason);
    assert.equal(record.ip, undefined, 'a loopback ip is never banned');
    assert.equal(record.expiresAt, event.expiresAt);

    const reject = await raw.nextMessage('reject');
    assert.ok(reject.reason.startsWith(`${offence}: `), `the Reject says why: ${reject.reason}`);
    await within(raw.closed(), 'the node to close the stream');
    await until('the raw peer’s connection to close', () => (raw.connectionOpen ? undefined : true), WAIT_MS);
    await until('the node to drop the peer', () => (isPeerOf(node, raw) ? undefined : true));
    await this.assertRefused(node, raw);
    return record;
  }

  /** A new raw peer with the same key (so the same peer id) cannot get a Version out of the node. */
  async assertRefused(node: DagwalletNode, raw: RawPeer): Promise<void> {
    const again = await this.create({ privateKey: raw.privateKey });
    assert.equal(again.peerId, raw.peerId);
    const attempt = await again.tryConnect(addressOf(node));
    assert.equal(attempt.outcome, 'refused', 'a banned peer id is refused on reconnect');
    await again.stop();
  }

  async stopAll(): Promise<void> {
    for (const raw of this.#all) await raw.stop();
  }
}

function isPeerOf(node: DagwalletNode, raw: RawPeer): boolean {
  return p2pOf(node)
    .peers()
    .some((peer) => peer.peerId === raw.peerId);
}

function banOn(node: DagwalletNode, raw: RawPeer): BanRecord | undefined {
  return p2pOf(node)
    .bans()
    .find((ban) => ban.peerId === raw.peerId);
}

describe('misbehaving peers are banned; honest nodes keep syncing', () => {
  const network = new TestNetwork();
  const raws = new RawPeers();
  let victim: DagwalletNode;
  let honest: DagwalletNode;

  before(async () => {
    victim = await network.start('victim');
    honest = await network.start('honest', { peers: [addressOf(victim)] });
    await until('the honest node to connect', () =>
      p2pOf(victim)
        .peers()
        .some((peer) => peer.peerId === p2pOf(honest).peerId)
        ? true
        : undefined,
    );
  });

  after(async () => {
    await raws.stopAll();
    await network.close();
  });

  it('garbage after the handshake is a ban', async () => {
    const raw = await raws.handshaken(victim);
    const garbage = seededBytes(1, 200);
    assertUnreadable(garbage);
    const banned = banOf(victim, raw.peerId);
    raw.sendRaw(garbage);
    const event = await banned;
    // Random bytes make a random length: above the frame limit, or a frame that does not decode.
    const offence = event.reason.startsWith('OVERSIZED_MESSAGE') ? 'OVERSIZED_MESSAGE' : 'MALFORMED_MESSAGE';
    await raws.assertBanned(victim, raw, Promise.resolve(event), offence);
  });

  it('a framed message of garbage after the handshake is a ban (it does not decode)', async () => {
    const raw = await raws.handshaken(victim);
    const garbage = lengthPrefixed(seededBytes(2, 300));
    assertUnreadable(garbage);
    const banned = banOf(victim, raw.peerId);
    raw.sendRaw(garbage);
    await raws.assertBanned(victim, raw, banned, 'MALFORMED_MESSAGE');
  });

  it('garbage as the very first bytes, before any Version, is a ban', async () => {
    const raw = await raws.create();
    await raw.connect(addressOf(victim));
    const garbage = seededBytes(3, 200);
    assertUnreadable(garbage);
    const banned = banOf(victim, raw.peerId);
    raw.sendRaw(garbage);
    const event = await banned;
    const offence = event.reason.startsWith('OVERSIZED_MESSAGE') ? 'OVERSIZED_MESSAGE' : 'MALFORMED_MESSAGE';
    await raws.assertBanned(victim, raw, Promise.resolve(event), offence);
  });

  it('a length prefix above MAX_FRAME_BYTES is a ban before the body arrives', async () => {
    const raw = await raws.handshaken(victim);
    const prefix = new Uint8Array(4 + 8);
    new DataView(prefix.buffer).setUint32(0, MAX_FRAME_BYTES + 1);
    prefix.set(seededBytes(4, 8), 4);
    const banned = banOf(victim, raw.peerId);
    raw.sendRaw(prefix);
    await raws.assertBanned(victim, raw, banned, 'OVERSIZED_MESSAGE');
  });

  it('a relayed block whose proof of work fails is a ban', async () => {
    const raw = await raws.handshaken(victim);
    const bad = withFailingPow(mineSimnetBlock(victim.consensus));
    const hash = headerHash(bad.header);
    const banned = banOf(victim, raw.peerId);
    raw.send({ type: 'invRelayBlock', hash });
    const request = await raw.nextMessage('requestRelayBlocks');
    assert.deepEqual(request.hashes.map(keyOf), [keyOf(hash)]);
    raw.send({ type: 'block', block: { header: bad.header, transactions: [...bad.transactions] } });
    const record = await raws.assertBanned(victim, raw, banned, 'INVALID_BLOCK');
    assert.match(record.reason, /proof of work/);
    assert.equal(victim.consensus.store.bodies.has(keyOf(hash)), false);
  });

  it('a relayed block whose transactions do not match its merkle root is a ban', async () => {
    const raw = await raws.handshaken(victim);
    const bad = withWrongMerkleRoot(mineSimnetBlock(victim.consensus));
    const hash = headerHash(bad.header);
    const banned = banOf(victim, raw.peerId);
    raw.send({ type: 'invRelayBlock', hash });
    const request = await raw.nextMessage('requestRelayBlocks');
    assert.deepEqual(request.hashes.map(keyOf), [keyOf(hash)]);
    raw.send({ type: 'block', block: { header: bad.header, transactions: [...bad.transactions] } });
    const record = await raws.assertBanned(victim, raw, banned, 'INVALID_BLOCK');
    assert.match(record.reason, /merkle root/);
    assert.equal(victim.consensus.store.bodies.has(keyOf(hash)), false);
  });

  it('a block nobody asked for is a ban', async () => {
    const raw = await raws.handshaken(victim);
    const block = mineSimnetBlock(victim.consensus);
    const banned = banOf(victim, raw.peerId);
    raw.send({ type: 'block', block: { header: block.header, transactions: [...block.transactions] } });
    await raws.assertBanned(victim, raw, banned, 'UNREQUESTED_DATA');
    assert.equal(victim.consensus.store.bodies.has(keyOf(headerHash(block.header))), false);
  });

  it('a request for a block never announced scores 25: the fourth one bans', async () => {
    const raw = await raws.handshaken(victim);
    const banned = banOf(victim, raw.peerId);
    const scoreOf = () =>
      p2pOf(victim)
        .peers()
        .find((peer) => peer.peerId === raw.peerId)?.score;
    for (let i = 1; i <= 3; i++) {
      raw.send({ type: 'requestRelayBlocks', hashes: [seededBytes(100 + i, 32)] });
      await until(`a score of ${25 * i}`, () => (scoreOf() === 25 * i ? true : undefined), WAIT_MS);
    }
    assert.equal(banOn(victim, raw), undefined, 'three such requests are no ban yet');
    assert.ok(raw.connectionOpen);
    assert.deepEqual(
      raw.inbox.filter((message) => message.type === 'block' || message.type === 'reject'),
      [],
      'nothing was served, nobody was rejected',
    );
    raw.send({ type: 'requestRelayBlocks', hashes: [seededBytes(104, 32)] });
    await raws.assertBanned(victim, raw, banned, 'UNANNOUNCED_REQUEST');
  });

  it('a Version of another network is refused with a Reject naming it, and is no ban', async () => {
    await assertRefusedWithoutBan({ network: 'dagwallet-devnet' }, /network dagwallet-devnet/);
  });

  it('a Version of protocol version 2 is refused with a Reject naming it, and is no ban', async () => {
    await assertRefusedWithoutBan({ protocolVersion: 2 }, /protocol version 2/);
  });

  it('more block announcements than the relay flow can queue end the connection, without a ban score', async () => {
    const raw = await raws.handshaken(victim);
    const bans: BanEvent[] = [];
    const off = victim.events.on('peerBanned', (event) => {
      if (event.peerId === raw.peerId) bans.push(event);
    });
    // In one write, so they arrive together and the flow (awaiting the first block) reads none meanwhile.
    const invs = (count: number, seed: number) =>
      Buffer.concat(
        Array.from({ length: count }, (_, i) =>
          lengthPrefixed(encodeMessage({ type: 'invRelayBlock', hash: seededBytes(seed + i, 32) })),
        ),
      );
    try {
      // A fast honest miner: five times kaspad's default route depth is queued, not punished. The
      // answer to a later request shows the node has taken every announcement before it.
      raw.sendRaw(Buffer.concat([invs(1000, 10_000), lengthPrefixed(encodeMessage({ type: 'requestAddresses' }))]));
      await raw.nextMessage('addresses');
      assert.ok(isPeerOf(victim, raw), 'still connected after 1,000 announcements at once');
      raw.sendRaw(invs(BLOCK_INV_ROUTE_CAPACITY + 2, 20_000));
      await within(raw.closed(), 'the node to close the stream');
      await until('the node to drop the peer', () => (isPeerOf(victim, raw) ? undefined : true));
      assert.deepEqual(bans, []);
      assert.equal(banOn(victim, raw), undefined, 'falling behind proves no malice');
      // The same peer id may come straight back.
      await raw.connect(addressOf(victim));
      await raw.handshake();
      await raw.disconnect();
    } finally {
      off();
    }
  });

  async function assertRefusedWithoutBan(version: RawVersionOptions, reason: RegExp): Promise<void> {
    const raw = await raws.create();
    const bans: BanEvent[] = [];
    const off = victim.events.on('peerBanned', (event) => {
      if (event.peerId === raw.peerId) bans.push(event);
    });
    try {
      await raw.connect(addressOf(victim));
      await assert.rejects(raw.handshake(version), (error: unknown) => {
        assert.ok(error instanceof RawPeerError);
        assert.equal(error.code, 'REJECTED');
        assert.match(error.message, reason);
        return true;
      });
      await within(raw.closed(), 'the node to close the stream');
      await until('the node to drop the peer', () => (isPeerOf(victim, raw) ? undefined : true));
      // The same peer id may come straight back and complete a good handshake.
      await raw.connect(addressOf(victim));
      await raw.handshake();
      assert.deepEqual(bans, []);
      assert.equal(banOn(victim, raw), undefined);
      await raw.disconnect();
    } finally {
      off();
    }
  }

  it('after all those bans the honest node is still connected and follows the victim’s new blocks', async () => {
    assert.equal(p2pOf(victim).bans().length, 8, 'every ban above is recorded, and only those');
    assert.ok(
      p2pOf(victim)
        .peers()
        .some((peer) => peer.peerId === p2pOf(honest).peerId),
    );
    for (let i = 0; i < 3; i++) {
      const outcome = await victim.submitBlock(mineSimnetBlock(victim.consensus), 'local');
      assert.equal(outcome.status, 'accepted');
    }
    const sink = await untilSameSink([victim, honest], 15_000);
    assert.equal(honest.consensus.sink(), sink);
    assert.equal(honest.consensus.blockCount(), victim.consensus.blockCount());
  });
});

describe('a pong with the wrong nonce', () => {
  const network = new TestNetwork();
  const raws = new RawPeers();
  after(async () => {
    await raws.stopAll();
    await network.close();
  });

  it('is a ban', async () => {
    const victim = await network.start('pinger', { timings: { pingIntervalMs: 300 } });
    const raw = await raws.handshaken(victim, { answerPings: false });
    const banned = banOf(victim, raw.peerId);
    const ping = await raw.nextMessage('ping', 3_000);
    raw.send({ type: 'pong', nonce: (ping.nonce + 1n) & 0xffff_ffff_ffff_ffffn });
    await raws.assertBanned(victim, raw, banned, 'WRONG_PONG');
  });
});

describe('a ban outlives a restart and expires', () => {
  const network = new TestNetwork();
  const raws = new RawPeers();
  after(async () => {
    await raws.stopAll();
    await network.close();
  });

  /** Bans a fresh raw peer on `node` for a frame of an unknown type, checking everything a ban means. */
  async function bannedPeer(node: DagwalletNode): Promise<{ raw: RawPeer; record: BanRecord }> {
    const raw = await raws.handshaken(node);
    const banned = banOf(node, raw.peerId);
    raw.sendRaw(lengthPrefixed(Uint8Array.of(0, 1, 2, 3)));
    const record = await raws.assertBanned(node, raw, banned, 'MALFORMED_MESSAGE');
    return { raw, record };
  }

  it('a banned peer id is still refused after the node restarts', async () => {
    const first = await network.start('keeper');
    const nodePeerId = p2pOf(first).peerId;
    const { raw, record } = await bannedPeer(first);
    await first.close();

    const again = await network.start('keeper');
    assert.equal(p2pOf(again).peerId, nodePeerId, 'the node keeps its identity');
    assert.deepEqual(banOn(again, raw), record, 'the ban was persisted');
    await raws.assertRefused(again, raw);
    // Another peer id is welcome: the refusal is about the banned peer, not about the address.
    const other = await raws.create();
    assert.equal((await other.tryConnect(addressOf(again))).outcome, 'accepted');
    await other.handshake();
  });

  it('once a short ban expires the same peer id connects again', async () => {
    const banDurationMs = 3_000;
    const node = await network.start('forgiving', { banDurationMs });
    const { raw, record } = await bannedPeer(node);
    assert.equal(record.expiresAt - record.bannedAt, banDurationMs);
    assert.ok(Date.now() < record.expiresAt, 'the refusal was checked while the ban lasted');

    await new Promise((resolve) => setTimeout(resolve, record.expiresAt - Date.now() + 100));
    const back = await raws.create({ privateKey: raw.privateKey });
    assert.equal((await back.tryConnect(addressOf(node))).outcome, 'accepted');
    await back.handshake();
    assert.equal(banOn(node, raw), undefined, 'the expired ban is gone');
    await until('the node to list the forgiven peer', () => (isPeerOf(node, back) ? true : undefined));
  });
});
