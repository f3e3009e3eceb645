import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { readVectorJson } from '../test-support/vectors.ts';
import { domainHash, HashDomain } from './domain-hash.ts';

interface HasherVector {
  hasher: string;
  domain: string;
  construction: string;
  cases: { input_hex: string; expected: string }[];
}

const { hashers } = readVectorJson<{ hashers: HasherVector[] }>('transcribed', 'hash_domains.json');

describe('keyed BLAKE2b domain hashers (transcribed/hash_domains.json)', () => {
  const keyed = hashers.filter((h) => h.construction.startsWith('blake2b-256 keyed'));
  it('covers the five legacy blake2b domains', () => assert.equal(keyed.length, 5));
  for (const vector of keyed) {
    it(vector.hasher, () => {
      assert.ok(vector.domain in HashDomain, `unknown domain ${vector.domain}`);
      for (const c of vector.cases) {
        const domain = vector.domain as HashDomain;
        assert.equal(bytesToHex(domainHash(domain, hexToBytes(c.input_hex))), c.expected, c.input_hex);
      }
    });
  }
});
