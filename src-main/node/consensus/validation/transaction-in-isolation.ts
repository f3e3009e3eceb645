import { bytesEqual, bytesToHex } from '../../encoding/hex.ts';
import { isCoinbase, isNativeSubnetwork, SUBNETWORK_ID_REGISTRY, type Transaction } from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';
import { MAX_SOMPI, MAX_TRANSACTION_VERSION } from './tx-constants.ts';
import { TxError } from './tx-error.ts';

export type TxIsolationParams = Pick<
  ConsensusParams,
  'ghostdagK' | 'maxCoinbasePayloadLength' | 'coinbasePayloadScriptPublicKeyMaxLength'
>;

/**
 * kaspad dagconfig EnableNonNativeSubnetworks: false on all four legacy networks, so only native
 * and coinbase transactions exist.
 */
const ENABLE_NON_NATIVE_SUBNETWORKS = false;

/** The registry subnetwork's payload is the new subnetwork's gas limit, a u64. */
const REGISTRY_PAYLOAD_LENGTH = 8;

/**
 * kaspad transactionvalidator ValidateTransactionInIsolation (v0.12.20): the rules that need
 * nothing but the transaction, in kaspad's order, so the first broken rule is the one reported.
 * kaspad's povDAAScore argument is unused by those rules and is left out.
 */
export function validateTransactionInIsolation(tx: Transaction, params: TxIsolationParams): void {
  checkInputCount(tx);
  checkAmountRanges(tx);
  checkDuplicateInputs(tx);
  checkCoinbaseInIsolation(tx, params);
  checkGasInBuiltInOrNative(tx);
  checkSubnetworkRegistryPayload(tx);
  checkNativePayload(tx);
  checkSubnetworkEnabled(tx);
  if (tx.version > MAX_TRANSACTION_VERSION) {
    throw new TxError('UNKNOWN_VERSION', `unknown transaction version ${tx.version}`);
  }
}

function isRegistry(tx: Transaction): boolean {
  return bytesEqual(tx.subnetworkId, SUBNETWORK_ID_REGISTRY);
}

/** kaspad subnetworks.IsBuiltInOrNative: native, coinbase or registry. */
function isBuiltInOrNative(tx: Transaction): boolean {
  return isNativeSubnetwork(tx) || isCoinbase(tx) || isRegistry(tx);
}

function checkInputCount(tx: Transaction): void {
  if (!isCoinbase(tx) && tx.inputs.length === 0) {
    throw new TxError('NO_INPUTS', 'a non-coinbase transaction has no inputs');
  }
}

/**
 * checkTransactionAmountRanges. kaspad also guards the u64 running total against wrapping; a
 * bigint total cannot wrap, and any sum that would have wrapped is above MAX_SOMPI anyway.
 */
function checkAmountRanges(tx: Transaction): void {
  let total = 0n;
  for (const [index, output] of tx.outputs.entries()) {
    if (output.value === 0n) throw new TxError('ZERO_VALUE_OUTPUT', `output ${index} has zero value`);
    if (output.value > MAX_SOMPI) {
      throw new TxError('OUTPUT_VALUE_TOO_HIGH', `output ${index} holds ${output.value}, above ${MAX_SOMPI}`);
    }
    total += output.value;
    if (total > MAX_SOMPI) {
      throw new TxError('OUTPUTS_TOTAL_TOO_HIGH', `the outputs total ${total}, above ${MAX_SOMPI}`);
    }
  }
}

function checkDuplicateInputs(tx: Transaction): void {
  const seen = new Set<string>();
  for (const input of tx.inputs) {
    const key = `${bytesToHex(input.previousOutpoint.transactionId)}:${input.previousOutpoint.index}`;
    if (seen.has(key)) throw new TxError('DUPLICATE_INPUTS', `outpoint ${key} is spent twice`);
    seen.add(key);
  }
}

/** checkCoinbaseInIsolation: a coinbase has no inputs and bounded payload, outputs and scripts. */
function checkCoinbaseInIsolation(tx: Transaction, params: TxIsolationParams): void {
  if (!isCoinbase(tx)) return;
  if (tx.payload.length > params.maxCoinbasePayloadLength) {
    throw new TxError(
      'COINBASE_PAYLOAD_TOO_LONG',
      `coinbase payload of ${tx.payload.length} bytes exceeds ${params.maxCoinbasePayloadLength}`,
    );
  }
  if (tx.inputs.length !== 0) throw new TxError('COINBASE_WITH_INPUTS', 'the coinbase has inputs');
  // One output per merged blue block (at most k + 1 with the selected parent) plus the red reward.
  const outputsLimit = params.ghostdagK + 2;
  if (tx.outputs.length > outputsLimit) {
    throw new TxError('COINBASE_TOO_MANY_OUTPUTS', `coinbase has ${tx.outputs.length} outputs, limit ${outputsLimit}`);
  }
  for (const [index, output] of tx.outputs.entries()) {
    if (output.scriptPublicKey.script.length > params.coinbasePayloadScriptPublicKeyMaxLength) {
      throw new TxError('COINBASE_SCRIPT_PUBLIC_KEY_TOO_LONG', `coinbase output ${index} has a too long script`);
    }
  }
}

function checkGasInBuiltInOrNative(tx: Transaction): void {
  if (isBuiltInOrNative(tx) && tx.gas > 0n) {
    throw new TxError('INVALID_GAS', 'a native, coinbase or registry transaction has gas > 0');
  }
}

function checkSubnetworkRegistryPayload(tx: Transaction): void {
  if (isRegistry(tx) && tx.payload.length !== REGISTRY_PAYLOAD_LENGTH) {
    throw new TxError('BAD_SUBNETWORK_REGISTRY_PAYLOAD', `registry payload is ${tx.payload.length} bytes, not 8`);
  }
}

function checkNativePayload(tx: Transaction): void {
  if (isNativeSubnetwork(tx) && tx.payload.length > 0) {
    throw new TxError('NATIVE_TX_WITH_PAYLOAD', 'a native transaction carries a payload');
  }
}

/**
 * checkTransactionSubnetwork. Its second rule (a partial node refuses payloads of foreign
 * subnetworks) never applies: dagwallet is a full node, as kaspad always passes nil there.
 */
function checkSubnetworkEnabled(tx: Transaction): void {
  if (!ENABLE_NON_NATIVE_SUBNETWORKS && !isNativeSubnetwork(tx) && !isCoinbase(tx)) {
    throw new TxError('SUBNETWORKS_DISABLED', 'only native and coinbase transactions are enabled');
  }
}
