import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ERA1_STREAMS, vectorPath } from '../node/test-support/vectors.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dagwallet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function dagwallet(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('dagwallet command', () => {
  it('prints help and version, and refuses unknown commands', () => {
    assert.match(dagwallet('--help').out, /check-ghostdag FILE/);
    assert.match(dagwallet('--version').out, /^\d+\.\d+\.\d+\n$/);
    assert.equal(dagwallet('frobnicate').code, 2);
    assert.equal(dagwallet('check-ghostdag').code, 2);
  });

  it('check-ghostdag passes a kaspad DAG and fails a wrong expectation', () => {
    const path = vectorPath('kaspad', 'ghostdag-dags', 'dag1.json');
    const good = dagwallet('check-ghostdag', path);
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /all match/);
    const dag = JSON.parse(readFileSync(path, 'utf8'));
    dag.Blocks[5].ExpectedSelectedParent = dag.Blocks[0].ID;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(dag));
    const result = dagwallet('check-ghostdag', bad);
    assert.equal(result.code, 1);
    assert.match(result.out, new RegExp(`block ${dag.Blocks[5].ID}: selectedParent`));
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"K": "x"}');
    assert.equal(dagwallet('check-ghostdag', garbage).code, 1);
    const directory = dagwallet('check-ghostdag', dir);
    assert.equal(directory.code, 1);
    assert.match(directory.err, /cannot read/);
  });

  it('verify-stream checks a real stream', () => {
    const result = dagwallet('verify-stream', vectorPath(ERA1_STREAMS[0] as string));
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /265 blocks, \d+ transactions checked .*all match/);
  });
});
