import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUBNETWORK_ID_REGISTRY, type Transaction } from '../model/transaction.ts';
import { KASPA_NETWORKS } from '../params/kaspa-networks.ts';
import { validateTransactionInIsolation } from './transaction-in-isolation.ts';
import { MAX_SOMPI } from './tx-constants.ts';
import { TxError, type TxErrorCode } from './tx-error.ts';
import { coinbaseTx, input, nativeTx, p2pkScript, recordedStream } from './validation-fixtures.ts';

const params = KASPA_NETWORKS.mainnet;

function rejects(tx: Transaction, code: TxErrorCode): void {
  assert.throws(
    () => validateTransactionInIsolation(tx, params),
    (error: unknown) => error instanceof TxError && error.code === code,
    code,
  );
}

function output(value: bigint) {
  return { value, scriptPublicKey: p2pkScript() };
}

function subnetwork(first: number): Uint8Array {
  const id = new Uint8Array(20);
  id[0] = first;
  return id;
}

describe('transaction in isolation', () => {
  it('accepts every transaction of the recorded era-1 streams', () => {
    let count = 0;
    for (const stream of [recordedStream(0), recordedStream(1, 500)]) {
      for (const block of stream.blocks) {
        for (const tx of block.transactions) {
          validateTransactionInIsolation(tx, stream.params);
          count++;
        }
      }
    }
    assert.equal(count, 907 + 500);
  });

  it('uses kaspad MaxSompi: 29 billion KAS', () => {
    assert.equal(MAX_SOMPI, 2_900_000_000_000_000_000n);
  });

  it('refuses a non-coinbase without inputs', () => rejects(nativeTx({ inputs: [] }), 'NO_INPUTS'));

  it('bounds every output and their sum by MAX_SOMPI, and forbids zero', () => {
    rejects(nativeTx({ outputs: [output(0n)] }), 'ZERO_VALUE_OUTPUT');
    validateTransactionInIsolation(nativeTx({ outputs: [output(MAX_SOMPI)] }), params);
    rejects(nativeTx({ outputs: [output(MAX_SOMPI + 1n)] }), 'OUTPUT_VALUE_TOO_HIGH');
    rejects(nativeTx({ outputs: [output(MAX_SOMPI), output(1n)] }), 'OUTPUTS_TOTAL_TOO_HIGH');
    // Sums that would wrap a u64 in kaspad.
    rejects(nativeTx({ outputs: Array.from({ length: 7 }, () => output(MAX_SOMPI)) }), 'OUTPUTS_TOTAL_TOO_HIGH');
  });

  it('refuses an outpoint spent twice', () => {
    rejects(nativeTx({ inputs: [input(1, 0), input(1, 1), input(1, 0)] }), 'DUPLICATE_INPUTS');
    validateTransactionInIsolation(nativeTx({ inputs: [input(1, 0), input(1, 1), input(2, 0)] }), params);
  });

  it('shapes the coinbase: payload length, no inputs, k + 2 outputs, short scripts', () => {
    validateTransactionInIsolation(coinbaseTx({ payload: new Uint8Array(params.maxCoinbasePayloadLength) }), params);
    rejects(coinbaseTx({ payload: new Uint8Array(params.maxCoinbasePayloadLength + 1) }), 'COINBASE_PAYLOAD_TOO_LONG');
    rejects(coinbaseTx({ inputs: [input(1)] }), 'COINBASE_WITH_INPUTS');
    const outputs = (n: number) => Array.from({ length: n }, () => output(1n));
    validateTransactionInIsolation(coinbaseTx({ outputs: outputs(params.ghostdagK + 2) }), params);
    rejects(coinbaseTx({ outputs: outputs(params.ghostdagK + 3) }), 'COINBASE_TOO_MANY_OUTPUTS');
    const longScript = { version: 0, script: new Uint8Array(params.coinbasePayloadScriptPublicKeyMaxLength + 1) };
    rejects(
      coinbaseTx({ outputs: [{ value: 1n, scriptPublicKey: longScript }] }),
      'COINBASE_SCRIPT_PUBLIC_KEY_TOO_LONG',
    );
  });

  it('applies the subnetwork rules: gas, registry payload, native payload, disabled subnetworks', () => {
    rejects(nativeTx({ gas: 1n }), 'INVALID_GAS');
    rejects(coinbaseTx({ gas: 1n }), 'INVALID_GAS');
    rejects(nativeTx({ subnetworkId: SUBNETWORK_ID_REGISTRY.slice(), gas: 1n }), 'INVALID_GAS');
    rejects(nativeTx({ subnetworkId: SUBNETWORK_ID_REGISTRY.slice() }), 'BAD_SUBNETWORK_REGISTRY_PAYLOAD');
    rejects(nativeTx({ payload: new Uint8Array(1) }), 'NATIVE_TX_WITH_PAYLOAD');
    // A well-formed registry transaction, or any other subnetwork (gas allowed), is still disabled.
    rejects(
      nativeTx({ subnetworkId: SUBNETWORK_ID_REGISTRY.slice(), payload: new Uint8Array(8) }),
      'SUBNETWORKS_DISABLED',
    );
    rejects(nativeTx({ subnetworkId: subnetwork(3), gas: 5n, payload: new Uint8Array(4) }), 'SUBNETWORKS_DISABLED');
  });

  it('refuses transaction versions above 0', () => rejects(nativeTx({ version: 1 }), 'UNKNOWN_VERSION'));

  it("reports the first broken rule in kaspad's order", () => {
    rejects(nativeTx({ inputs: [], outputs: [output(0n)] }), 'NO_INPUTS');
    rejects(nativeTx({ inputs: [input(1), input(1)], outputs: [output(0n)] }), 'ZERO_VALUE_OUTPUT');
    rejects(coinbaseTx({ inputs: [input(1), input(1)] }), 'DUPLICATE_INPUTS');
    rejects(coinbaseTx({ inputs: [input(1)], payload: new Uint8Array(300) }), 'COINBASE_PAYLOAD_TOO_LONG');
    rejects(nativeTx({ gas: 1n, payload: new Uint8Array(1), version: 9 }), 'INVALID_GAS');
    rejects(nativeTx({ payload: new Uint8Array(1), version: 9 }), 'NATIVE_TX_WITH_PAYLOAD');
  });
});
