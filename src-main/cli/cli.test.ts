import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { gunzipFirstMember } from '../node/replay/gzip.ts';
import { ERA1_STREAMS, ERA2_STREAMS, vectorPath } from '../node/test-support/vectors.ts';

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

  for (const [stream, blocks] of [
    [ERA1_STREAMS[0] as string, 264],
    [ERA1_STREAMS[1] as string, 4628],
  ] as const) {
    it(`replay --headers-only accepts every block of ${stream.split('/').at(-2)}`, () => {
      const result = dagwallet('replay', vectorPath(stream), '--headers-only');
      assert.equal(result.code, 0, result.out + result.err);
      assert.match(result.out, new RegExp(`accepted: ${blocks}  rejected: 0  already in store: 0`));
      assert.match(result.out, /sink: [0-9a-f]{64} \(blue score \d+\)/);
      assert.match(result.out, /blocks\/s/);
    });
  }

  it('replay validates the 905 real transactions of goref-905-tx-265-blocks in full and prints the UTXO commitment', () => {
    const result = dagwallet('replay', vectorPath(ERA1_STREAMS[0] as string));
    assert.equal(result.code, 0, result.out + result.err);
    assert.match(result.out, /accepted: 264 {2}rejected: 0/);
    assert.match(result.out, /disqualified from the selected chain: 0/);
    // The sink's own header commits to this UTXO set.
    assert.match(result.out, /UTXO commitment: 42fcbfc54105f349d0df5fbc8ce6bfe855586dce4eb74eda3bf774bb15200fec/);
    assert.match(result.out, /906 transactions/);
  });

  it('replay fails a stream with a tampered header and names the rule', () => {
    const lines = gunzipFirstMember(readFileSync(vectorPath(ERA1_STREAMS[0] as string)))
      .toString('utf8')
      .split('\n');
    // The version is checked before proof of work, so the rule that fires does not depend on luck.
    lines[100] = (lines[100] as string).replace('"Version":1', '"Version":2');
    const tampered = join(dir, 'tampered.json.gz');
    writeFileSync(tampered, gzipSync(lines.join('\n')));
    const result = dagwallet('replay', tampered, '--headers-only');
    assert.equal(result.code, 1);
    assert.match(result.out, /block 100 rejected: WRONG_VERSION/);
    assert.match(result.out, /and \d+ more rejected/);
    assert.match(result.out, /block 100: header hashes to [0-9a-f]{64}, the stream says/);
  });

  it('replay refuses what it cannot do with a reason', () => {
    const crescendo = dagwallet('replay', vectorPath(ERA2_STREAMS[0] as string), '--headers-only');
    assert.equal(crescendo.code, 1);
    assert.match(crescendo.err, /Crescendo/);
    assert.equal(dagwallet('replay', '--headers-only').code, 2);
    assert.equal(dagwallet('replay', join(dir, 'missing.gz'), '--headers-only').code, 1);
    const damaged = join(dir, 'damaged-store');
    mkdirSync(damaged);
    writeFileSync(join(damaged, 'consensus.sqlite'), 'not a database, just text long enough to look like a header');
    const result = dagwallet('replay', vectorPath(ERA1_STREAMS[0] as string), '--data-dir', damaged);
    assert.equal(result.code, 1);
    assert.match(result.err, /cannot use the store in .*damaged-store/);
  });
});
