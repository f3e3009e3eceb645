import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { seededBytes, seededRandom } from '../../test-support/seeded-random.ts';
import { PeerStoreError } from './peer-store-error.ts';
import {
  DEFAULT_BAN_DURATION_MS,
  GOSSIP_MAX_AGE_MS,
  isLoopback,
  MAX_ADDRESSES,
  normalizeIp,
  parseDialableMultiaddr,
  PeerStore,
} from './peer-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-peer-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
function freshStore(): { store: PeerStore; path: string } {
  const path = join(dir, `peers-${++fileCounter}.sqlite`);
  return { store: PeerStore.open(path), path };
}

async function peerIdFromSeed(seed: number): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', seededBytes(seed, 32))).toString();
}
const [alice, bob, carol, dave, self] = (await Promise.all([1, 2, 3, 4, 5].map(peerIdFromSeed))) as [
  string,
  string,
  string,
  string,
  string,
];

const addr = (peer: string, port: number, host = '203.0.113.7'): string => `/ip4/${host}/tcp/${port}/p2p/${peer}`;
const T0 = 1_700_000_000_000;
const none: ReadonlySet<string> = new Set();

function isCode(code: string) {
  return (error: unknown) => error instanceof PeerStoreError && error.code === code;
}

describe('peer store: multiaddr validation', () => {
  it('accepts dialable TCP addresses in one canonical spelling', () => {
    assert.deepEqual(parseDialableMultiaddr(`/ip4/1.2.3.4/tcp/16111/ipfs/${alice}`), {
      multiaddr: `/ip4/1.2.3.4/tcp/16111/p2p/${alice}`,
      peerId: alice,
      ip: '1.2.3.4',
      port: 16111,
    });
    assert.equal(
      parseDialableMultiaddr(`/ip6/0:0:0:0:0:0:0:1/tcp/1/p2p/${alice}`)?.multiaddr,
      `/ip6/::1/tcp/1/p2p/${alice}`,
    );
    assert.equal(parseDialableMultiaddr(`/ip6/::ffff:1.2.3.4/tcp/1/p2p/${alice}`)?.ip, '1.2.3.4');
    const dns = parseDialableMultiaddr(`/dns4/Seed.Example.COM./tcp/1/p2p/${alice}`);
    assert.equal(dns?.multiaddr, `/dns4/seed.example.com/tcp/1/p2p/${alice}`);
    assert.equal(dns?.ip, undefined);
  });

  it('skips garbage from peers without throwing', () => {
    const { store } = freshStore();
    const random = seededRandom(7);
    const junk: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(random() * 80);
      junk.push({
        multiaddr: Array.from({ length }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(''),
        lastSeen: T0,
      });
      // Random bytes behind a plausible prefix exercise the multiaddr parser's error paths too.
      junk.push({ multiaddr: `/ip4/1.2.3.4/tcp/${Math.floor(random() * 70_000)}/p2p/${junk.length}`, lastSeen: T0 });
    }
    const label = 'a'.repeat(60);
    const bad = [
      'garbage',
      '',
      '/ip4/1.2.3.4/tcp/4001',
      `/ip4/1.2.3.4/udp/4001/p2p/${alice}`,
      `/ip4/1.2.3.4/tcp/0/p2p/${alice}`,
      `/ip4/1.2.3.4/tcp/70000/p2p/${alice}`,
      `/ip4/999.2.3.4/tcp/1/p2p/${alice}`,
      `/ip4/1.2.3.4/tcp/1/p2p/not-a-peer-id`,
      `/ip4/1.2.3.4/tcp/1/p2p/${alice}/ws`,
      `/ip4/1.2.3.4/tcp/1/ws/p2p/${alice}`,
      `/unix/tmp%2Fsock/p2p/${alice}`,
      `/dns4/bad_host!/tcp/1/p2p/${alice}`,
      `/dns4/${[label, label, label, label].join('.')}/tcp/1/p2p/${alice}`, // > 256 chars
    ].map((multiaddr) => ({ multiaddr, lastSeen: T0 }));
    assert.ok((bad.at(-1)?.multiaddr.length ?? 0) > 256);
    const malformed: unknown[] = [
      null,
      42,
      'text',
      { multiaddr: addr(alice, 1) }, // no lastSeen
      { multiaddr: addr(alice, 2), lastSeen: Number.NaN },
      { multiaddr: addr(alice, 3), lastSeen: -1 },
      { multiaddr: 7, lastSeen: T0 },
    ];
    const all = [...junk, ...bad, ...malformed] as { multiaddr: string; lastSeen: number }[];
    assert.equal(store.addAddresses(all, 'peer', T0), 0);
    assert.equal(store.counts().addresses, 0);
    assert.equal(store.addAddresses([...all, { multiaddr: addr(alice, 4), lastSeen: T0 }], 'peer', T0), 1);
    assert.deepEqual(store.gossip(10, T0), [{ multiaddr: addr(alice, 4), lastSeen: T0 }]);
    store.close();
  });

  it('refuses impossible arguments from our own code with a typed error', () => {
    const { store } = freshStore();
    assert.throws(() => store.addAddresses([], 'rumour' as 'peer', T0), isCode('INVALID_ARGUMENT'));
    assert.throws(() => store.candidates(Number.NaN, { exclude: none, now: T0 }), isCode('INVALID_ARGUMENT'));
    assert.throws(() => store.gossip(5, Number.POSITIVE_INFINITY), isCode('INVALID_ARGUMENT'));
    assert.throws(() => store.ban({ peerId: alice }, 'x', 0, T0), isCode('INVALID_ARGUMENT'));
    assert.throws(() => store.ban({}, 'x', 1000, T0), isCode('INVALID_TARGET'));
    assert.throws(() => store.ban({ ip: '1.2.3' }, 'x', 1000, T0), isCode('INVALID_TARGET'));
    assert.throws(() => store.ban({ peerId: 'Qmnope' }, 'x', 1000, T0), isCode('INVALID_TARGET'));
    assert.throws(() => store.setSelf('nope'), isCode('INVALID_TARGET'));
    store.close();
  });
});

describe('peer store: addresses', () => {
  it('clamps a lastSeen in the future to now and never moves lastSeen backwards', () => {
    const { store } = freshStore();
    assert.equal(
      store.addAddresses([{ multiaddr: addr(alice, 1), lastSeen: T0 + 10 * GOSSIP_MAX_AGE_MS }], 'peer', T0),
      1,
    );
    assert.deepEqual(store.gossip(10, T0), [{ multiaddr: addr(alice, 1), lastSeen: T0 }]);
    assert.equal(store.addAddresses([{ multiaddr: addr(alice, 1), lastSeen: T0 - 5000 }], 'peer', T0), 0, 'older news');
    assert.equal(store.addAddresses([{ multiaddr: addr(alice, 1), lastSeen: T0 + 5 }], 'peer', T0 + 10), 1);
    assert.deepEqual(store.gossip(10, T0 + 10), [{ multiaddr: addr(alice, 1), lastSeen: T0 + 5 }]);
    store.close();
  });

  it('stays within MAX_ADDRESSES, dropping the most failing then the oldest, never config', () => {
    const { store } = freshStore();
    const peers = [alice, bob, carol, dave];
    const configured = [1, 2, 3, 4, 5].map((port) => ({ multiaddr: addr(alice, port, '198.51.100.1'), lastSeen: 1 }));
    assert.equal(store.addAddresses(configured, 'config', T0), 5);
    const gossiped = Array.from({ length: MAX_ADDRESSES }, (_, i) => ({
      multiaddr: addr(peers[i % 4] ?? alice, 1000 + i),
      lastSeen: T0 - MAX_ADDRESSES + i,
    }));
    assert.equal(store.addAddresses(gossiped, 'peer', T0), MAX_ADDRESSES);
    assert.equal(store.counts().addresses, MAX_ADDRESSES);
    const kept = new Set(store.gossip(MAX_ADDRESSES + 10, T0).map((a) => a.multiaddr));
    for (const { multiaddr } of gossiped.slice(0, 5)) assert.ok(!kept.has(multiaddr), 'the 5 oldest gossiped went');
    for (const { multiaddr } of gossiped.slice(5)) assert.ok(kept.has(multiaddr));

    // A freshly seen but failing address goes before an old healthy one.
    const failing = gossiped.at(-1)?.multiaddr ?? '';
    assert.ok(store.markFailure(failing, T0));
    const oldest = gossiped[5]?.multiaddr ?? '';
    assert.equal(store.addAddresses([{ multiaddr: addr(bob, 9000), lastSeen: T0 }], 'mdns', T0), 1);
    assert.equal(store.counts().addresses, MAX_ADDRESSES);
    assert.equal(store.markAttempt(failing, T0), false, 'the failing address was dropped');
    assert.equal(store.markAttempt(oldest, T0), true, 'the oldest healthy one stayed');

    // Config addresses survive even though they are the oldest of all.
    const dialFirst = store.candidates(1, { exclude: none, now: T0 });
    assert.equal(dialFirst[0], configured[0]?.multiaddr);
    for (const { multiaddr } of configured) assert.ok(store.markAttempt(multiaddr, T0));
    store.close();
  });

  it('ignores our own peer id, and forgets it if a peer had told us about it', () => {
    const { store } = freshStore();
    store.addAddresses([{ multiaddr: addr(self, 1), lastSeen: T0 }], 'peer', T0);
    assert.equal(store.counts().addresses, 1);
    store.setSelf(self);
    assert.equal(store.counts().addresses, 0);
    assert.equal(store.addAddresses([{ multiaddr: addr(self, 2), lastSeen: T0 }], 'peer', T0), 0);
    assert.deepEqual(store.candidates(5, { exclude: none, now: T0 }), []);
    store.close();
  });
});

describe('peer store: candidates', () => {
  it('backs off after failures: 10 s, 20 s, ... capped at 1 h, and forgets it on success', () => {
    const { store } = freshStore();
    const a = addr(alice, 1);
    store.addAddresses([{ multiaddr: a, lastSeen: T0 }], 'peer', T0);
    const dialable = (now: number) => store.candidates(5, { exclude: none, now }).includes(a);
    assert.ok(dialable(T0));

    store.markAttempt(a, T0);
    store.markFailure(a, T0 + 3000);
    assert.ok(!dialable(T0 + 9_999), 'one failure: 10 s from the attempt');
    assert.ok(dialable(T0 + 10_000));

    const t1 = T0 + 10_000;
    store.markAttempt(a, t1);
    store.markFailure(a, t1);
    assert.ok(!dialable(t1 + 19_999), 'two failures: 20 s');
    assert.ok(dialable(t1 + 20_000));

    const t2 = t1 + 20_000;
    for (let i = 0; i < 40; i++) {
      store.markAttempt(a, t2);
      store.markFailure(a, t2);
    }
    assert.ok(!dialable(t2 + 3_599_999), 'many failures: capped at 1 h');
    assert.ok(dialable(t2 + 3_600_000));

    store.markSuccess(a, t2 + 1);
    assert.ok(dialable(t2 + 2), 'a success clears the backoff');
    store.close();
  });

  it('offers one address per peer, best first, skipping excluded and banned peers', () => {
    const { store } = freshStore();
    store.addAddresses(
      [
        { multiaddr: addr(alice, 1), lastSeen: T0 - 100 },
        { multiaddr: addr(alice, 2), lastSeen: T0 - 50 },
        { multiaddr: addr(alice, 3), lastSeen: T0 - 10 },
        { multiaddr: addr(bob, 1, '192.0.2.1'), lastSeen: T0 - 1 },
        { multiaddr: addr(carol, 1, '192.0.2.2'), lastSeen: T0 - 20 },
        { multiaddr: addr(dave, 1, '192.0.2.3'), lastSeen: T0 - 30 },
      ],
      'peer',
      T0,
    );
    store.addAddresses([{ multiaddr: addr(dave, 2, '192.0.2.4'), lastSeen: T0 - 500 }], 'config', T0);
    store.markSuccess(addr(alice, 1), T0 - 90); // lastSeen becomes T0 - 90, but it worked
    let list = store.candidates(10, { exclude: none, now: T0 });
    assert.deepEqual(list, [
      addr(dave, 2, '192.0.2.4'), // configured
      addr(alice, 1), // succeeded
      addr(bob, 1, '192.0.2.1'), // most recently seen
      addr(carol, 1, '192.0.2.2'),
    ]);
    assert.deepEqual(store.candidates(2, { exclude: none, now: T0 }), list.slice(0, 2));

    list = store.candidates(10, { exclude: new Set([dave, alice]), now: T0 });
    assert.deepEqual(list, [addr(bob, 1, '192.0.2.1'), addr(carol, 1, '192.0.2.2')]);

    store.ban({ peerId: bob }, 'misbehaved', 60_000, T0);
    store.ban({ ip: '192.0.2.2' }, 'misbehaved', 60_000, T0);
    list = store.candidates(10, { exclude: new Set([dave]), now: T0 });
    assert.deepEqual(list, [addr(alice, 1)]);
    list = store.candidates(10, { exclude: new Set([dave]), now: T0 + 60_000 });
    assert.equal(list.length, 3, 'the bans ran out');
    assert.deepEqual(store.candidates(0, { exclude: none, now: T0 }), []);
    store.close();
  });
});

describe('peer store: gossip', () => {
  it('passes on recent, healthy, unbanned addresses, newest first', () => {
    const { store } = freshStore();
    store.addAddresses(
      [
        { multiaddr: addr(alice, 1), lastSeen: T0 - 1000 },
        { multiaddr: addr(alice, 2), lastSeen: T0 - GOSSIP_MAX_AGE_MS - 1 }, // too old
        { multiaddr: addr(bob, 1, '192.0.2.1'), lastSeen: T0 - 10 },
        { multiaddr: addr(carol, 1, '192.0.2.2'), lastSeen: T0 - 20 }, // failing
        { multiaddr: addr(dave, 1, '192.0.2.3'), lastSeen: T0 - 30 }, // banned by ip
        { multiaddr: addr(dave, 2, '192.0.2.4'), lastSeen: T0 - 40 },
      ],
      'peer',
      T0,
    );
    for (let i = 0; i < 3; i++) store.markFailure(addr(carol, 1, '192.0.2.2'), T0);
    store.ban({ ip: '192.0.2.3' }, 'bad blocks', DEFAULT_BAN_DURATION_MS, T0);
    assert.deepEqual(store.gossip(10, T0), [
      { multiaddr: addr(bob, 1, '192.0.2.1'), lastSeen: T0 - 10 },
      { multiaddr: addr(dave, 2, '192.0.2.4'), lastSeen: T0 - 40 },
      { multiaddr: addr(alice, 1), lastSeen: T0 - 1000 },
    ]);
    assert.equal(store.gossip(2, T0).length, 2);
    store.ban({ peerId: bob }, 'bad blocks', DEFAULT_BAN_DURATION_MS, T0);
    assert.deepEqual(
      store.gossip(10, T0).map((a) => a.multiaddr),
      [addr(dave, 2, '192.0.2.4'), addr(alice, 1)],
    );
    store.close();
  });
});

describe('peer store: bans', () => {
  it('defaults to kaspad 24 h ban duration', () => {
    assert.equal(DEFAULT_BAN_DURATION_MS, 86_400_000);
  });

  it('matches on either field and expires by the clock it is given', () => {
    const { store } = freshStore();
    const record = store.ban({ peerId: alice, ip: '1.2.3.4' }, 'invalid block', 1000, T0);
    assert.deepEqual(record, {
      peerId: alice,
      ip: '1.2.3.4',
      reason: 'invalid block',
      bannedAt: T0,
      expiresAt: T0 + 1000,
    });
    assert.deepEqual(store.isBanned({ peerId: alice }, T0 + 999), record);
    assert.deepEqual(store.isBanned({ ip: '1.2.3.4' }, T0), record);
    assert.deepEqual(store.isBanned({ peerId: bob, ip: '::ffff:1.2.3.4' }, T0), record, 'same ip, other peer');
    assert.equal(store.isBanned({ peerId: bob, ip: '1.2.3.5' }, T0), undefined);
    assert.equal(store.isBanned({}, T0), undefined);

    assert.equal(store.isBanned({ peerId: alice }, T0 + 1000), undefined, 'expired at expiresAt');
    assert.equal(store.counts().bans, 0, 'deleted when found expired');

    store.ban({ peerId: bob }, 'spam', 1000, T0);
    store.ban({ peerId: carol }, 'spam', 5000, T0);
    assert.equal(store.bans(T0 + 2000).length, 1);
    store.ban({ peerId: dave }, 'spam', 1000, T0);
    assert.equal(store.pruneExpired(T0 + 1000), 1);
    assert.equal(store.pruneExpired(T0 + 1000), 0);
    assert.deepEqual(
      store.bans(T0 + 1000).map((b) => b.peerId),
      [carol],
    );
    store.close();
  });

  it('a repeated ban keeps the later expiry and the newest reason', () => {
    const { store } = freshStore();
    store.ban({ peerId: alice }, 'first', 10_000, T0);
    const again = store.ban({ peerId: alice }, 'second', 1000, T0 + 10);
    assert.deepEqual(again, { peerId: alice, reason: 'second', bannedAt: T0 + 10, expiresAt: T0 + 10_000 });
    assert.equal(store.counts().bans, 1);
    store.close();
  });

  it('refuses an ip ban on loopback but bans the peer id', () => {
    for (const ip of ['127.0.0.1', '127.255.3.4', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      assert.ok(isLoopback(ip), ip);
    }
    for (const ip of ['128.0.0.1', '126.255.255.255', '::2', '10.0.0.1', 'localhost', '']) {
      assert.ok(!isLoopback(ip), ip);
    }
    const { store } = freshStore();
    assert.throws(() => store.ban({ ip: '127.0.0.1' }, 'spam', 1000, T0), isCode('LOOPBACK_IP'));
    assert.throws(() => store.ban({ ip: '::1' }, 'spam', 1000, T0), isCode('LOOPBACK_IP'));
    assert.equal(store.counts().bans, 0);
    const record = store.ban({ peerId: alice, ip: '127.0.0.1' }, 'spam', 1000, T0);
    assert.deepEqual(record, { peerId: alice, reason: 'spam', bannedAt: T0, expiresAt: T0 + 1000 });
    assert.ok(store.isBanned({ peerId: alice, ip: '127.0.0.1' }, T0));
    assert.equal(store.isBanned({ peerId: bob, ip: '127.0.0.1' }, T0), undefined, 'other local nodes still welcome');
    store.close();
  });

  it('unbans by peer id or ip', () => {
    const { store } = freshStore();
    store.ban({ peerId: alice }, 'a', 1000, T0);
    store.ban({ ip: '2001:DB8:0:0:0:0:0:1' }, 'b', 1000, T0);
    assert.equal(normalizeIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.deepEqual(new Set(store.bans(T0).map((b) => b.ip ?? b.peerId)), new Set([alice, '2001:db8::1']));
    assert.ok(store.unban('2001:db8::1'));
    assert.ok(store.unban(alice));
    assert.ok(!store.unban(alice));
    assert.ok(!store.unban('not anything'));
    assert.deepEqual(store.bans(T0), []);
    store.close();
  });
});

describe('peer store: persistence', () => {
  it('keeps addresses, dial history and bans across close and reopen', () => {
    const { store, path } = freshStore();
    store.addAddresses(
      [
        { multiaddr: addr(alice, 1), lastSeen: T0 - 10 },
        { multiaddr: addr(bob, 1, '192.0.2.1'), lastSeen: T0 - 20 },
        { multiaddr: `/dns4/seed.example.org/tcp/16111/p2p/${carol}`, lastSeen: T0 - 30 },
      ],
      'peer',
      T0,
    );
    store.markAttempt(addr(alice, 1), T0);
    store.markFailure(addr(alice, 1), T0);
    store.markSuccess(addr(bob, 1, '192.0.2.1'), T0);
    store.ban({ peerId: dave, ip: '198.51.100.9' }, 'invalid block', DEFAULT_BAN_DURATION_MS, T0);
    const before = {
      counts: store.counts(),
      candidates: store.candidates(10, { exclude: none, now: T0 + 5000 }),
      gossip: store.gossip(10, T0),
      bans: store.bans(T0),
    };
    store.close();

    const reopened = PeerStore.open(path);
    assert.deepEqual(reopened.counts(), { addresses: 3, bans: 1 });
    assert.deepEqual(
      {
        counts: reopened.counts(),
        candidates: reopened.candidates(10, { exclude: none, now: T0 + 5000 }),
        gossip: reopened.gossip(10, T0),
        bans: reopened.bans(T0),
      },
      before,
    );
    assert.deepEqual(before.candidates, [addr(bob, 1, '192.0.2.1'), `/dns4/seed.example.org/tcp/16111/p2p/${carol}`]);
    assert.ok(
      reopened.candidates(10, { exclude: none, now: T0 + 10_000 }).includes(addr(alice, 1)),
      'backoff remembered',
    );
    assert.ok(reopened.isBanned({ ip: '198.51.100.9' }, T0 + DEFAULT_BAN_DURATION_MS - 1));
    assert.equal(reopened.isBanned({ ip: '198.51.100.9' }, T0 + DEFAULT_BAN_DURATION_MS), undefined);
    reopened.close();
  });
});
