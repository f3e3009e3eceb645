import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '../../encoding/hex.ts';
import { readVectorJson } from '../../test-support/vectors.ts';
import { headerHash, serializeHeader } from '../hashing/header-hash.ts';
import { transactionHash, transactionId } from '../hashing/tx-hash.ts';
import { genesisBlock } from './genesis.ts';
import { KASPA_GENESIS } from './kaspa-genesis.ts';

interface GenesisVector {
  name: string;
  expected_hash: string;
  header_preimage_hex: string;
  coinbase_tx_id: string;
  coinbase_tx_hash: string;
}

const vectors = readVectorJson<{ genesis: GenesisVector[] }>('transcribed', 'genesis.json').genesis;

describe('genesis blocks (transcribed/genesis.json)', () => {
  it('covers every network of the vector file', () => {
    assert.equal(Object.keys(KASPA_GENESIS).length, vectors.length);
  });
  for (const spec of Object.values(KASPA_GENESIS)) {
    it(`${spec.name} (${spec.hash.slice(0, 8)}) hashes to its known hash`, () => {
      const vector = vectors.find((v) => v.name === spec.name && v.expected_hash === spec.hash);
      assert.ok(vector, `no vector for ${spec.name}`);
      const { header, coinbase } = genesisBlock(spec);
      assert.equal(bytesToHex(transactionId(coinbase)), vector.coinbase_tx_id);
      assert.equal(bytesToHex(transactionHash(coinbase)), vector.coinbase_tx_hash);
      assert.equal(bytesToHex(serializeHeader(header)), vector.header_preimage_hex);
      assert.equal(bytesToHex(headerHash(header)), vector.expected_hash);
    });
  }
});
