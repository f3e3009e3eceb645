import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SyncStatus } from '../../../src-shared/api.ts';
import {
  emptyTrack,
  syncEstimate,
  STABLE_WINDOW_MS,
  type SyncTrack,
  timeLeftText,
  trackSync,
} from './sync-estimate.ts';

const blocks = (done: number, total = 10_000, peer = 'p1'): SyncStatus => ({
  stage: 'blocks',
  peer,
  done,
  total,
  ratePerSecond: 0,
});

/** Feeds one notification a second at `perSecond` items, from t=0 for `seconds`. */
function steady(perSecond: number, seconds: number, start = 0): SyncTrack {
  let track = emptyTrack();
  for (let s = 0; s <= seconds; s++) track = trackSync(track, blocks(start + s * perSecond), s * 1000);
  return track;
}

describe('sync time left', () => {
  it('says nothing until the rate has held for the whole window', () => {
    const young = steady(100, 9);
    assert.equal(syncEstimate(young, 10_000, 9_000), null);
    const old = steady(100, 10);
    // 1,000 done at 100/s: 9,000 left take 90 s.
    assert.deepEqual(syncEstimate(old, 10_000, STABLE_WINDOW_MS), { ratePerSecond: 100, secondsLeft: 90 });
  });

  it('waits again when the rate jumps, and when the sync stalls', () => {
    let track = steady(100, 10);
    // The last 5 s four times faster: not steady.
    for (let s = 11; s <= 15; s++) track = trackSync(track, blocks(1_000 + (s - 10) * 400), s * 1000);
    assert.equal(syncEstimate(track, 10_000, 15_000), null);
    // Nothing for 12 s: no rate at all.
    assert.equal(syncEstimate(steady(100, 10), 10_000, 22_000), null);
  });

  it('starts over on a new stage or peer, and ignores repeats', () => {
    const track = steady(100, 12);
    const repeated = trackSync(track, blocks(1_200), 13_000);
    assert.equal(repeated, track);
    const otherPeer = trackSync(track, blocks(1_300, 10_000, 'p2'), 13_000);
    assert.equal(otherPeer.samples.length, 1);
    assert.equal(syncEstimate(otherPeer, 10_000, 13_000), null);
    assert.deepEqual(trackSync(track, null, 13_000), emptyTrack());
    assert.deepEqual(
      trackSync(track, { stage: 'negotiating', peer: 'p1', done: 0, total: 0, ratePerSecond: 0 }, 1),
      emptyTrack(),
    );
  });

  it('words the time left', () => {
    assert.equal(timeLeftText(20), 'less than a minute left');
    assert.equal(timeLeftText(200), 'about 3 min left');
    assert.equal(timeLeftText(3_600), 'about 1 h left');
    assert.equal(timeLeftText(4_800), 'about 1 h 20 min left');
    assert.equal(timeLeftText(5 * 86_400), 'about 5 days left');
  });
});
