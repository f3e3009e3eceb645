import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hexToBytes } from '../../encoding/hex.ts';
import { KASPA_NETWORKS } from '../params/kaspa-networks.ts';
import type { CoinbaseErrorCode } from './coinbase-error.ts';
import {
  COINBASE_PAYLOAD_MIN_LENGTH,
  type CoinbasePayload,
  decodeCoinbasePayload,
  encodeCoinbasePayload,
} from './coinbase-payload.ts';

const LIMITS = KASPA_NETWORKS.devnet;
/** Block 3 of goref-905-tx-265-blocks, as Go kaspad wrote it: blue score 3, 500 KAS, a P2PK script, the miner's version. */
const REAL = hexToBytes(
  '030000000000000000743ba40b0000000000222037a54521dc99e12c1e7ab8d26faea4b55bac9403910fb0f44bbb7c8c66b8e9d8ac' +
    '302e31322e372f6b617370616d696e65722d302e31322e37',
);

const rejects = (fn: () => unknown, code: CoinbaseErrorCode) =>
  assert.throws(fn, (error: { code?: string }) => error.code === code, `expected ${code}`);

describe('coinbase payload (kaspad coinbasemanager/payload.go)', () => {
  it('decodes a real payload field by field and encodes it back', () => {
    const payload = decodeCoinbasePayload(REAL, LIMITS);
    assert.equal(payload.blueScore, 3n);
    assert.equal(payload.subsidy, 50_000_000_000n);
    assert.equal(payload.scriptPublicKey.version, 0);
    assert.equal(payload.scriptPublicKey.script.length, 34);
    assert.equal(new TextDecoder().decode(payload.extraData), '0.12.7/kaspaminer-0.12.7');
    assert.deepEqual(encodeCoinbasePayload(payload, LIMITS), REAL);
  });

  it('an empty script and no extra data is the shortest payload', () => {
    const payload: CoinbasePayload = {
      blueScore: 2n ** 64n - 1n,
      subsidy: 1n,
      scriptPublicKey: { version: 0xffff, script: new Uint8Array(0) },
      extraData: new Uint8Array(0),
    };
    const bytes = encodeCoinbasePayload(payload, LIMITS);
    assert.equal(bytes.length, COINBASE_PAYLOAD_MIN_LENGTH);
    assert.deepEqual(decodeCoinbasePayload(bytes, LIMITS), payload);
  });

  it('refuses payloads shorter than the fixed fields', () => {
    rejects(() => decodeCoinbasePayload(REAL.slice(0, COINBASE_PAYLOAD_MIN_LENGTH - 1), LIMITS), 'PAYLOAD_TOO_SHORT');
    rejects(() => decodeCoinbasePayload(new Uint8Array(0), LIMITS), 'PAYLOAD_TOO_SHORT');
  });

  it('refuses a payload that ends inside its script', () => {
    rejects(() => decodeCoinbasePayload(REAL.slice(0, COINBASE_PAYLOAD_MIN_LENGTH + 33), LIMITS), 'SCRIPT_TRUNCATED');
    // Exactly the script, no extra data, is fine.
    const exact = decodeCoinbasePayload(REAL.slice(0, COINBASE_PAYLOAD_MIN_LENGTH + 34), LIMITS);
    assert.equal(exact.extraData.length, 0);
  });

  it('refuses a script longer than coinbasePayloadScriptPublicKeyMaxLength', () => {
    const bytes = new Uint8Array(COINBASE_PAYLOAD_MIN_LENGTH + 151);
    bytes[COINBASE_PAYLOAD_MIN_LENGTH - 1] = 151;
    rejects(() => decodeCoinbasePayload(bytes, LIMITS), 'SCRIPT_TOO_LONG');
    bytes[COINBASE_PAYLOAD_MIN_LENGTH - 1] = 150;
    assert.equal(decodeCoinbasePayload(bytes, LIMITS).scriptPublicKey.script.length, 150);
    const long = {
      ...decodeCoinbasePayload(REAL, LIMITS),
      scriptPublicKey: { version: 0, script: new Uint8Array(151) },
    };
    rejects(() => encodeCoinbasePayload(long, LIMITS), 'SCRIPT_TOO_LONG');
  });

  it('refuses a payload longer than maxCoinbasePayloadLength, checked before anything else', () => {
    const atLimit = new Uint8Array(LIMITS.maxCoinbasePayloadLength);
    assert.equal(decodeCoinbasePayload(atLimit, LIMITS).extraData.length, LIMITS.maxCoinbasePayloadLength - 19);
    rejects(
      () => decodeCoinbasePayload(new Uint8Array(LIMITS.maxCoinbasePayloadLength + 1), LIMITS),
      'PAYLOAD_TOO_LONG',
    );
    const payload = decodeCoinbasePayload(REAL, LIMITS);
    const extraData = new Uint8Array(LIMITS.maxCoinbasePayloadLength - COINBASE_PAYLOAD_MIN_LENGTH - 34 + 1);
    rejects(() => encodeCoinbasePayload({ ...payload, extraData }, LIMITS), 'PAYLOAD_TOO_LONG');
  });

  it('decoded fields do not alias the input bytes', () => {
    const bytes = REAL.slice();
    const payload = decodeCoinbasePayload(bytes, LIMITS);
    bytes.fill(0);
    assert.deepEqual(encodeCoinbasePayload(payload, LIMITS), REAL);
  });
});
