import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliUsageError } from '../../../cli/command.ts';
import { parseFlags } from '../../../cli/flags.ts';
import { configFromFlags, NODE_FLAG_SPEC } from '../../../cli/node-flags.ts';
import { parseConfigFile, resolveConfig } from '../../config/config.ts';
import { ConfigError } from '../../config/config-error.ts';

describe('MQTT settings: config.json and flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-mqtt-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('defaults to the embedded broker on a port per network, never 1883', () => {
    const devnet = resolveConfig({ network: 'devnet', dataDir: root });
    const simnet = resolveConfig({ network: 'simnet', dataDir: root });
    assert.deepEqual(devnet.mqtt, { broker: 'embedded', port: 17612 });
    assert.deepEqual(simnet.mqtt, { broker: 'embedded', port: 17512 });
  });

  it('reads mqtt from config.json; flags override it field by field', () => {
    const path = join(root, 'config.json');
    writeFileSync(path, JSON.stringify({ network: 'simnet', mqtt: { port: 0 } }));
    assert.deepEqual(resolveConfig({}, path).mqtt, { broker: 'embedded', port: 0 });
    writeFileSync(path, JSON.stringify({ mqtt: { broker: 'mqtts://user:secret@broker.example:8883' } }));
    assert.deepEqual(resolveConfig({}, path).mqtt.broker, 'mqtts://user:secret@broker.example:8883');
    assert.deepEqual(resolveConfig({ mqtt: { broker: 'off' } }, path).mqtt.broker, 'off');
    const flagged = configFromFlags(
      parseFlags(['--config', path, '--mqtt', 'embedded', '--mqtt-port', '1999'], NODE_FLAG_SPEC),
    );
    assert.deepEqual(flagged.mqtt, { broker: 'embedded', port: 1999 });
  });

  it('refuses a bad mqtt setting in config.json, naming the field', () => {
    const refused: [unknown, RegExp][] = [
      ['embedded', /mqtt must be an object/],
      [{ brokr: 'off' }, /unknown config field 'mqtt.brokr'/],
      [{ broker: 'ftp://broker' }, /mqtt.broker must be .* not an MQTT scheme/],
      [{ broker: 'mqtt://broker:1883/path' }, /no path/],
      [{ broker: 'somewhere' }, /mqtt.broker must be 'embedded', 'off' or a broker URL/],
      [{ broker: 7 }, /mqtt.broker must be/],
      [{ port: 70_000 }, /mqtt.port must be a port number/],
      [{ broker: 'mqtt://broker:1883', port: 1884 }, /port goes in its URL/],
      [{ broker: 'off', port: 1884 }, /MQTT is off/],
    ];
    for (const [mqtt, message] of refused) {
      assert.throws(
        () => parseConfigFile({ mqtt }),
        (error) => error instanceof ConfigError && message.test(error.message),
        JSON.stringify(mqtt),
      );
    }
  });

  it('takes --mqtt embedded|off|URL and --mqtt-port N, refusing what contradicts or is not one', () => {
    const empty = mkdtempSync(join(root, 'no-config-'));
    const flags = (...args: string[]) =>
      configFromFlags(parseFlags(['--network', 'simnet', '--data-dir', empty, ...args], NODE_FLAG_SPEC));
    assert.deepEqual(flags('--mqtt', 'off').mqtt.broker, 'off');
    assert.deepEqual(flags('--mqtt', 'mqtt://127.0.0.1:1883').mqtt.broker, 'mqtt://127.0.0.1:1883');
    assert.deepEqual(flags('--mqtt-port', '0').mqtt, { broker: 'embedded', port: 0 });
    for (const [args, message] of [
      [['--mqtt', 'mqtt://broker:1883', '--mqtt-port', '2'], /--mqtt-port is the embedded broker's port/],
      [['--mqtt', 'off', '--mqtt-port', '2'], /MQTT is off/],
      [['--mqtt', 'broker:1883'], /--mqtt must be 'embedded', 'off' or a broker URL/],
      [['--mqtt-port', 'x'], /--mqtt-port must be a port number/],
    ] as const) {
      assert.throws(
        () => flags(...args),
        (error) => error instanceof CliUsageError && message.test(error.message),
        args.join(' '),
      );
    }
  });

  it('`dagwallet node --help` documents the MQTT flags', () => {
    const main = new URL('../../../cli/main.ts', import.meta.url).pathname;
    const result = spawnSync(process.execPath, [main, 'node', '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /--mqtt embedded\|off\|URL/);
    assert.match(result.stdout, /--mqtt-port N/);
    assert.match(result.stdout, /dag\/selected-parent-chain/);
  });
});
