import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { txFromVector, type VectorTx } from '../../test-support/vector-tx.ts';
import { readVectorJson } from '../../test-support/vectors.ts';
import { transactionHash, transactionId, writeTransaction } from './tx-hash.ts';

interface TxCase {
  name: string;
  rules: string;
  tx: VectorTx;
  expected_id: string;
  expected_hash: string;
  id_preimage_hex: string;
  hash_preimage_hex: string;
}

const { cases } = readVectorJson<{ cases: TxCase[] }>('transcribed', 'tx_hashing.json');

describe('transaction ID and hash (transcribed/tx_hashing.json)', () => {
  it('holds the legacy cases', () => assert.ok(cases.length >= 17));
  for (const c of cases) {
    it(c.name, () => {
      const tx = txFromVector(c.tx);
      const idPreimage = new ByteWriter();
      writeTransaction(idPreimage, tx, true);
      assert.equal(bytesToHex(idPreimage.finish()), c.id_preimage_hex, 'id preimage');
      assert.equal(bytesToHex(transactionId(tx)), c.expected_id, 'id');
      assert.equal(bytesToHex(transactionHash(tx)), c.expected_hash, 'hash');
    });
  }
});
