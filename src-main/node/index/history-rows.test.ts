import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SUBNETWORK_ID_COINBASE,
  SUBNETWORK_ID_NATIVE,
  type ScriptPublicKey,
  type Transaction,
} from '../consensus/model/transaction.ts';
import { UtxoDiff } from '../consensus/utxo/utxo-diff.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { historyEntriesOf } from './history-rows.ts';
import { IndexError } from './index-error.ts';

const script = (byte: number): ScriptPublicKey => ({ version: 0, script: Uint8Array.of(0x51, byte) });
const [p, q, r] = [script(1), script(2), script(3)] as [ScriptPublicKey, ScriptPublicKey, ScriptPublicKey];
const id = (byte: number) => new Uint8Array(32).fill(byte);

function tx(inputs: [Uint8Array, number][], outputs: [ScriptPublicKey, bigint][], coinbase = false): Transaction {
  return {
    version: 0,
    inputs: inputs.map(([transactionId, index]) => ({
      previousOutpoint: { transactionId, index },
      signatureScript: new Uint8Array(),
      sequence: 0n,
      sigOpCount: 1,
    })),
    outputs: outputs.map(([scriptPublicKey, value]) => ({ scriptPublicKey, value })),
    lockTime: 0n,
    subnetworkId: coinbase ? SUBNETWORK_ID_COINBASE : SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(),
    storageMass: 0n,
  };
}

const summary = (entries: ReturnType<typeof historyEntriesOf>) =>
  entries.map((e) => ({
    script: e.script.toString('hex'),
    tx: bytesToHex(e.transactionId).slice(0, 2),
    position: e.position,
    received: e.received,
    sent: e.sent,
    fee: e.fee,
    isCoinbase: e.isCoinbase,
  }));

describe('historyEntriesOf', () => {
  it('sums per script what each accepted transaction paid and spent, spends of the same mergeset included', () => {
    const spentFromPast = new UtxoDiff().toRemove;
    spentFromPast.set(outpointKey(id(0xaa), 0), {
      amount: 100n,
      scriptPublicKey: p,
      blockDaaScore: 1,
      isCoinbase: false,
    });
    const accepted = [
      { transaction: tx([], [[p, 50n]], true), id: id(0x01), fee: 0n },
      // p pays q 60 and itself 30 back; fee 10.
      {
        transaction: tx(
          [[id(0xaa), 0]],
          [
            [q, 60n],
            [p, 30n],
          ],
        ),
        id: id(0x02),
        fee: 10n,
      },
      // q passes the 60 it just received on to r; the diff never saw that output.
      { transaction: tx([[id(0x02), 0]], [[r, 55n]]), id: id(0x03), fee: 5n },
    ];
    const key = (s: ScriptPublicKey) => `0000${bytesToHex(s.script)}`;
    assert.deepEqual(summary(historyEntriesOf(accepted, spentFromPast)), [
      { script: key(p), tx: '01', position: 0, received: 50n, sent: 0n, fee: 0n, isCoinbase: true },
      { script: key(p), tx: '02', position: 1, received: 30n, sent: 100n, fee: 10n, isCoinbase: false },
      { script: key(q), tx: '02', position: 1, received: 60n, sent: 0n, fee: 10n, isCoinbase: false },
      { script: key(q), tx: '03', position: 2, received: 0n, sent: 60n, fee: 5n, isCoinbase: false },
      { script: key(r), tx: '03', position: 2, received: 55n, sent: 0n, fee: 5n, isCoinbase: false },
    ]);
  });

  it('refuses a spend of an output that neither the diff nor the mergeset holds', () => {
    const accepted = [{ transaction: tx([[id(0xbb), 3]], [[p, 1n]]), id: id(0x04), fee: 0n }];
    assert.throws(
      () => historyEntriesOf(accepted, new UtxoDiff().toRemove),
      (error: unknown) => error instanceof IndexError && error.code === 'INCONSISTENT',
    );
  });
});
