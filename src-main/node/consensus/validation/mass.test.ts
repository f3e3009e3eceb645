import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCoinbase } from '../model/transaction.ts';
import { KASPA_NETWORKS } from '../params/kaspa-networks.ts';
import { BlockBodyError } from './block-body-error.ts';
import { checkBlockMass, type MassParams, transactionEstimatedSerializedSize, transactionMass } from './mass.ts';
import { coinbaseTx, input, nativeTx, p2pkScript, recordedStream } from './validation-fixtures.ts';

const params = KASPA_NETWORKS.mainnet;
const p2pkOutput = { value: 1n, scriptPublicKey: p2pkScript() };

/** A typical wallet spend: one P2PK input (66-byte signature script, 1 sig op), payment and change. */
const oneInTwoOut = nativeTx({ inputs: [input(1)], outputs: [p2pkOutput, p2pkOutput] });

describe('legacy transaction mass (kaspad v0.12.20 txmass)', () => {
  it('counts the estimated serialized size field by field', () => {
    // 2 version + 8 + (36 outpoint + 8 + 66 + 8 sequence) + 8 + 2 × (8 + 2 + 8 + 34)
    //   + 8 lock time + 20 subnetwork + 8 gas + 32 payload hash + 8 payload length
    assert.equal(transactionEstimatedSerializedSize(oneInTwoOut), 2 + 8 + 118 + 8 + 104 + 8 + 20 + 8 + 32 + 8);
    assert.equal(transactionEstimatedSerializedSize(oneInTwoOut), 316);
    const withPayload = nativeTx({ payload: new Uint8Array(10) });
    assert.equal(transactionEstimatedSerializedSize(withPayload) - transactionEstimatedSerializedSize(nativeTx()), 10);
  });

  it('weighs size, script public keys (with their 2-byte version) and declared sig ops', () => {
    // 316 × 1 + 2 × (2 + 34) × 10 + 1 × 1000
    assert.equal(transactionMass(oneInTwoOut, params), 2036);
    const only = (weights: Partial<MassParams>) => transactionMass(oneInTwoOut, { ...params, ...weights });
    assert.equal(only({ massPerScriptPubKeyByte: 0, massPerSigOp: 0 }), 316);
    assert.equal(only({ massPerTxByte: 0, massPerSigOp: 0 }), 720);
    assert.equal(only({ massPerTxByte: 0, massPerScriptPubKeyByte: 0 }), 1000);
    const threeSigOps = nativeTx({ inputs: [input(1, 0, { sigOpCount: 3 })], outputs: [p2pkOutput, p2pkOutput] });
    assert.equal(transactionMass(threeSigOps, params), 2036 + 2000);
  });

  it('weighs a coinbase 0, whatever it carries', () => {
    const coinbase = coinbaseTx({ payload: new Uint8Array(200), outputs: [p2pkOutput, p2pkOutput] });
    assert.equal(transactionEstimatedSerializedSize(coinbase), 0);
    assert.equal(transactionMass(coinbase, params), 0);
  });

  it('gives the recorded transactions 2036 plus 1118 per extra P2PK input', () => {
    const { blocks, params: streamParams } = recordedStream(0);
    for (const block of blocks) {
      for (const tx of block.transactions) {
        if (isCoinbase(tx)) continue;
        const expected = 2036 + (tx.inputs.length - 1) * 1118 + (tx.outputs.length - 2) * (52 + 360);
        assert.equal(transactionMass(tx, streamParams), expected);
      }
      assert.ok(checkBlockMass(block.transactions, streamParams) <= streamParams.maxBlockMass);
    }
  });

  it('refuses a block once the running total passes maxBlockMass', () => {
    const txs = [coinbaseTx(), oneInTwoOut, nativeTx({ inputs: [input(2)], outputs: [p2pkOutput, p2pkOutput] })];
    assert.equal(checkBlockMass(txs, { ...params, maxBlockMass: 4072 }), 4072);
    assert.throws(
      () => checkBlockMass(txs, { ...params, maxBlockMass: 4071 }),
      (error: unknown) => error instanceof BlockBodyError && error.code === 'BLOCK_MASS_TOO_HIGH',
    );
  });
});
