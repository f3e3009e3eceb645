import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliUsageError } from '../../../cli/command.ts';
import { parseFlags } from '../../../cli/flags.ts';
import { configFromFlags, NODE_FLAG_SPEC } from '../../../cli/node-flags.ts';
import { parseConfigFile, resolveConfig } from '../../config/config.ts';
import { ConfigError } from '../../config/config-error.ts';
import { DEFAULT_RATE_LIMIT } from './access-policy.ts';

describe('API bind and rate limit settings: config.json and flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-api-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const flagged = (...args: string[]) => configFromFlags(parseFlags(['--data-dir', root, ...args], NODE_FLAG_SPEC));

  it('defaults to loopback and the default rate', () => {
    const config = resolveConfig({ dataDir: root });
    assert.equal(config.rpcListen, '127.0.0.1');
    assert.deepEqual(config.rateLimit, DEFAULT_RATE_LIMIT);
  });

  it('reads them from config.json; flags override field by field', () => {
    const path = join(root, 'config.json');
    writeFileSync(path, JSON.stringify({ rpcListen: '0.0.0.0', rateLimit: { perSecond: 20 } }));
    const fromFile = resolveConfig({}, path);
    assert.equal(fromFile.rpcListen, '0.0.0.0');
    assert.deepEqual(fromFile.rateLimit, { perSecond: 20, burst: DEFAULT_RATE_LIMIT.burst });
    const both = configFromFlags(
      parseFlags(['--config', path, '--rpc-listen', '[::1]', '--rpc-rate-burst', '40'], NODE_FLAG_SPEC),
    );
    assert.equal(both.rpcListen, '::1', 'brackets dropped');
    assert.deepEqual(both.rateLimit, { perSecond: 20, burst: 40 });
    writeFileSync(path, JSON.stringify({ rateLimit: false }));
    assert.equal(resolveConfig({}, path).rateLimit, false, 'off in the file');
    assert.deepEqual(
      configFromFlags(parseFlags(['--config', path, '--rpc-rate-limit', '7'], NODE_FLAG_SPEC)).rateLimit,
      { perSecond: 7, burst: DEFAULT_RATE_LIMIT.burst },
      'a flag turns it back on',
    );
    assert.equal(flagged('--no-rpc-rate-limit').rateLimit, false);
    assert.equal(flagged('--rpc-listen', 'node.example').rpcListen, 'node.example');
  });

  it('refuses bad values, naming the field or flag', () => {
    const refused: [unknown, RegExp][] = [
      [{ rpcListen: 7 }, /rpcListen must be an IP address or a host name/],
      [{ rpcListen: 'not a host' }, /not 'not a host'/],
      [{ rpcListen: '' }, /rpcListen/],
      [{ rateLimit: true }, /rateLimit must be false or an object/],
      [{ rateLimit: { perSecond: 0 } }, /rateLimit.perSecond must be a whole number/],
      [{ rateLimit: { burst: 1.5 } }, /rateLimit.burst/],
      [{ rateLimit: { persecond: 5 } }, /unknown config field 'rateLimit.persecond'/],
    ];
    for (const [json, message] of refused)
      assert.throws(
        () => parseConfigFile(json),
        (error) => error instanceof ConfigError && message.test(error.message),
        JSON.stringify(json),
      );
    for (const [args, message] of [
      [['--rpc-listen', 'http://x'], /--rpc-listen/],
      [['--rpc-rate-limit', 'fast'], /--rpc-rate-limit/],
      [['--rpc-rate-burst', '0'], /--rpc-rate-burst/],
      [['--no-rpc-rate-limit', '--rpc-rate-limit', '5'], /contradict/],
    ] as [string[], RegExp][])
      assert.throws(
        () => flagged(...args),
        (error) => error instanceof CliUsageError && message.test(error.message),
        args.join(' '),
      );
  });
});
