import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { readLine } from './read-line.ts';
import { readPassword } from './read-password.ts';
import { TerminalError } from './terminal-error.ts';

/** A stream that looks like a TTY and records every raw-mode switch. */
class FakeTty extends PassThrough {
  isTTY = true;
  isRaw = false;
  rawModeCalls: boolean[] = [];
  setRawMode(raw: boolean): this {
    this.rawModeCalls.push(raw);
    this.isRaw = raw;
    return this;
  }
}

function terminal() {
  const input = new FakeTty();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  return { input, output, written: () => Buffer.concat(chunks).toString('utf8') };
}

async function typeKeys(input: PassThrough, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    input.write(key);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function isCode(code: string) {
  return (e: unknown) => e instanceof TerminalError && e.code === code;
}

describe('readPassword on a TTY', () => {
  it('reads in raw mode, echoes nothing, restores the mode', async () => {
    const { input, output, written } = terminal();
    const reading = readPassword('Password: ', { input, output });
    await typeKeys(input, 's', 'e', 'c', 'x', '\x7f', 'r', 'et', '\r');
    assert.equal(await reading, 'secret');
    assert.deepEqual(input.rawModeCalls, [true, false]);
    assert.equal(input.isRaw, false);
    assert.equal(written(), 'Password: \n', 'only the prompt and the line break');
  });

  it('leaves a terminal that was already raw in raw mode', async () => {
    const { input, output } = terminal();
    input.isRaw = true;
    const reading = readPassword('', { input, output });
    await typeKeys(input, 'x\r');
    assert.equal(await reading, 'x');
    assert.deepEqual(input.rawModeCalls, [true, true]);
  });

  it('handles Backspace over a multi-byte character, Ctrl-U, arrows and a bracketed paste', async () => {
    const { input, output } = terminal();
    const reading = readPassword('', { input, output });
    await typeKeys(input, 'junk', '\x15', 'ab€', '\x7f', '\x1b[D', '\x1bOA', '\x1b[200~pasted\x1b[201~', '\t\r');
    assert.equal(await reading, 'abpasted');
  });

  it('rejects INTERRUPTED (exit code 130) on Ctrl-C and still restores the mode', async () => {
    const { input, output, written } = terminal();
    const rejected = assert.rejects(
      readPassword('Password: ', { input, output }),
      (e: unknown) => isCode('INTERRUPTED')(e) && (e as TerminalError).exitCode === 130,
    );
    await typeKeys(input, 'sec', '\x03');
    await rejected;
    assert.deepEqual(input.rawModeCalls, [true, false]);
    assert.equal(written(), 'Password: \n');
  });

  it('rejects END_OF_INPUT on Ctrl-D at an empty line, ignores it otherwise', async () => {
    const { input, output } = terminal();
    const rejected = assert.rejects(readPassword('', { input, output }), isCode('END_OF_INPUT'));
    await typeKeys(input, '\x04');
    await rejected;
    assert.deepEqual(input.rawModeCalls, [true, false]);
    const typed = readPassword('', { input, output });
    await typeKeys(input, 'ab\x04c\r');
    assert.equal(await typed, 'abc');
  });

  it('keeps typed-ahead input for the next prompt (a pasted password and its confirmation)', async () => {
    const { input, output } = terminal();
    input.write('one\r\ntwo\rname\r');
    assert.equal(await readPassword('Password: ', { input, output }), 'one');
    assert.equal(await readPassword('Repeat: ', { input, output }), 'two');
    assert.equal(await readLine('Name: ', { input, output }), 'name', 'raw CR typed ahead ends a line');
  });

  it('rejects END_OF_INPUT when the stream ends mid-line', async () => {
    const { input, output } = terminal();
    const rejected = assert.rejects(readPassword('', { input, output }), isCode('END_OF_INPUT'));
    input.end('partial');
    await rejected;
    assert.deepEqual(input.rawModeCalls, [true, false]);
  });
});

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

describe('readPassword on a real pseudo-terminal', { skip: hasScript ? false : 'no util-linux script' }, () => {
  it('does not echo what is typed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagwallet-pty-'));
    try {
      const driver = join(dir, 'driver.mjs');
      const module = new URL('./read-password.ts', import.meta.url).href;
      writeFileSync(
        driver,
        `import { readPassword } from ${JSON.stringify(module)};
         const password = await readPassword('Password: ');
         process.stdout.write('length=' + password.length + ' match=' + (password === 'hunter2') + '\\n');`,
      );
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(driver)}`;
      const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let seen = '';
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdout.on('data', (chunk: Buffer) => {
        const before = seen;
        seen += chunk.toString('utf8');
        // Type only once the prompt is up, i.e. raw mode is on (the prompt is written first, so
        // wait a moment): keys typed earlier would be echoed by the terminal itself.
        if (!before.includes('Password: ') && seen.includes('Password: ')) {
          setTimeout(() => child.stdin.end('hunter2\r'), 200); // script exits once its input ends
        }
      });
      const timer = setTimeout(() => child.kill(), 30_000);
      const status = await done;
      clearTimeout(timer);
      assert.equal(status, 0, seen);
      assert.match(seen, /length=7 match=true/u);
      assert.ok(!seen.includes('hunter2'), `echoed: ${JSON.stringify(seen)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
