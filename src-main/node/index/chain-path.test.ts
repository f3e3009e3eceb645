import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChainLink, chainPath } from './chain-path.ts';
import { IndexError } from './index-error.ts';

/**
 * g ─ a1 ─ a2 ─ a3 (blue scores 1..3)
 *  └─ b1 ─ b2      (blue scores 2 and 4: merging raises a child's blue score by more than one)
 */
const links: Record<string, ChainLink> = {
  g: { selectedParent: 'origin', blueScore: 0 },
  a1: { selectedParent: 'g', blueScore: 1 },
  a2: { selectedParent: 'a1', blueScore: 2 },
  a3: { selectedParent: 'a2', blueScore: 3 },
  b1: { selectedParent: 'g', blueScore: 2 },
  b2: { selectedParent: 'b1', blueScore: 4 },
  x: { selectedParent: 'elsewhere', blueScore: 1 },
};
const linkOf = (block: string) => links[block];

describe('chainPath', () => {
  it('meets at the newest common chain block and lists what joins, oldest first', () => {
    assert.deepEqual(chainPath('a3', 'b2', linkOf), { common: 'g', added: ['b1', 'b2'] });
    assert.deepEqual(chainPath('b2', 'a3', linkOf), { common: 'g', added: ['a1', 'a2', 'a3'] });
    assert.deepEqual(chainPath('a1', 'a3', linkOf), { common: 'a1', added: ['a2', 'a3'] });
    assert.deepEqual(chainPath('a3', 'a1', linkOf), { common: 'a1', added: [] });
    assert.deepEqual(chainPath('a2', 'a2', linkOf), { common: 'a2', added: [] });
    assert.deepEqual(chainPath('g', 'b2', linkOf), { common: 'g', added: ['b1', 'b2'] });
  });

  it('refuses chains that share no block', () => {
    assert.throws(
      () => chainPath('x', 'a3', linkOf),
      (error: unknown) => error instanceof IndexError && error.code === 'INCONSISTENT',
    );
  });
});
