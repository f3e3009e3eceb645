import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { MAX_LINE_BYTES, readLine } from './read-line.ts';
import { readPassword } from './read-password.ts';
import { TerminalError } from './terminal-error.ts';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

function isCode(code: string) {
  return (e: unknown) => e instanceof TerminalError && e.code === code;
}

describe('readLine and readPassword from a pipe', () => {
  it('reads one line per prompt, leaving the rest for the next one', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const written = collect(output);
    input.end('first line\r\nsecond\nthird');
    assert.equal(await readLine('Name: ', { input, output }), 'first line');
    assert.equal(await readPassword('Password: ', { input, output }), 'second');
    assert.equal(await readLine('Last: ', { input, output }), 'third', 'a last line without a line break');
    await assert.rejects(readLine('More: ', { input, output }), isCode('END_OF_INPUT'));
    assert.equal(written(), 'Name: \nPassword: \nLast: \nMore: ');
  });

  it('waits for a line that arrives in pieces, and joins a UTF-8 character split between them', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const reading = readPassword('> ', { input, output });
    const word = Buffer.from('pässwörd\n');
    for (let i = 0; i < word.length; i += 2) {
      input.write(word.subarray(i, i + 2));
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(await reading, 'pässwörd');
  });

  it('works on a stream with an encoding set', async () => {
    const input = new PassThrough();
    input.setEncoding('utf8');
    input.end('one\ntwo\n');
    assert.equal(await readLine('', { input, output: new PassThrough() }), 'one');
    assert.equal(await readLine('', { input, output: new PassThrough() }), 'two');
  });

  it('ends with END_OF_INPUT on empty input and refuses an endless line', async () => {
    const empty = new PassThrough();
    empty.end();
    await assert.rejects(readPassword('', { input: empty, output: new PassThrough() }), isCode('END_OF_INPUT'));
    const endless = new PassThrough();
    endless.end(Buffer.alloc(MAX_LINE_BYTES + 1, 0x61));
    await assert.rejects(readLine('', { input: endless, output: new PassThrough() }), isCode('LINE_TOO_LONG'));
  });
});
