import type { Transaction, UtxoEntry } from '../consensus/model/transaction.ts';
import { getPreciseSigOpCount } from '../consensus/script/sig-op-count.ts';
import { MAX_TRANSACTION_VERSION } from '../consensus/validation/tx-constants.ts';
import { formatSompi, SOMPI_PER_COIN } from '../../../src-shared/amount.ts';
import { MempoolError } from './mempool-error.ts';
import { isDust, minimumRelayFee } from './relay-fee.ts';
import { scriptClass, ScriptClass } from './script-class.ts';

/**
 * The relay policy of kaspad v0.12 (mempool/check_transaction_standard.go, validate_transaction.go):
 * rules a transaction must meet to be relayed and mined by this node, on top of consensus.
 */

/** kaspad MaximumStandardTransactionMass. */
export const MAX_STANDARD_TRANSACTION_MASS = 100_000;
/** kaspad maximumStandardSignatureScriptSize: a 15-of-15 P2SH multisig with a little room. */
export const MAX_STANDARD_SIGNATURE_SCRIPT_SIZE = 1650;
/** kaspad maxStandardP2SHSigOps. */
export const MAX_STANDARD_P2SH_SIG_OPS = 15;
/** kaspad constants.MaxScriptPublicKeyVersion. */
const MAX_SCRIPT_PUBLIC_KEY_VERSION = 0;
/** kaspad: the standard version range equals consensus's (one version exists). */
const STANDARD_VERSIONS = { min: MAX_TRANSACTION_VERSION, max: MAX_TRANSACTION_VERSION };

/** kaspad checkTransactionStandardInIsolation: version, mass, signature script sizes, output scripts, dust. */
export function checkStandardInIsolation(tx: Transaction, id: string, mass: number, relayFeeRate: bigint): void {
  const fail = (code: ConstructorParameters<typeof MempoolError>[0], why: string): never => {
    throw new MempoolError(code, `transaction ${id} is not standard: ${why}`, { transactionId: id });
  };
  if (tx.version < STANDARD_VERSIONS.min || tx.version > STANDARD_VERSIONS.max) {
    fail('NON_STANDARD_VERSION', `version ${tx.version} is outside ${STANDARD_VERSIONS.min}-${STANDARD_VERSIONS.max}`);
  }
  if (mass > MAX_STANDARD_TRANSACTION_MASS) {
    fail('MASS_TOO_HIGH', `its mass of ${mass} is above the standard limit of ${MAX_STANDARD_TRANSACTION_MASS}`);
  }
  tx.inputs.forEach((input, i) => {
    const size = input.signatureScript.length;
    if (size > MAX_STANDARD_SIGNATURE_SCRIPT_SIZE) {
      fail(
        'SIGNATURE_SCRIPT_TOO_LONG',
        `input ${i} has a signature script of ${size} bytes, above ${MAX_STANDARD_SIGNATURE_SCRIPT_SIZE}`,
      );
    }
  });
  tx.outputs.forEach((output, i) => {
    if (output.scriptPublicKey.version > MAX_SCRIPT_PUBLIC_KEY_VERSION) {
      fail('UNKNOWN_SCRIPT_VERSION', `output ${i} has script version ${output.scriptPublicKey.version}`);
    }
    if (scriptClass(output.scriptPublicKey.script) === ScriptClass.NON_STANDARD) {
      fail('NON_STANDARD_OUTPUT_SCRIPT', `output ${i} pays to a non-standard script`);
    }
    if (isDust(output, relayFeeRate)) fail('DUST_OUTPUT', `output ${i} of ${output.value} sompi is dust`);
  });
}

/**
 * kaspad validateTransactionInContext's spam rule (v0.12.20): a transaction that creates more
 * than two outputs beyond its input count, spending no coinbase output, must pay one coin of
 * fee per extra output.
 */
export function checkSpamOutputs(tx: Transaction, id: string, entries: readonly UtxoEntry[], fee: bigint): void {
  const extraOutputs = tx.outputs.length - tx.inputs.length;
  if (entries.some((entry) => entry.isCoinbase) || extraOutputs <= 2) return;
  const required = BigInt(extraOutputs) * SOMPI_PER_COIN;
  if (fee < required) {
    throw new MempoolError(
      'SPAM_OUTPUTS',
      `transaction ${id} makes ${tx.outputs.length} outputs from ${tx.inputs.length} inputs; ` +
        `a transaction with more than 2 extra outputs must pay 1 coin of fee for each (${formatSompi(required)} coins), ` +
        `it pays ${formatSompi(fee)}`,
      { transactionId: id },
    );
  }
}

/**
 * kaspad checkTransactionStandardInContext: every spent script is of a standard class, a P2SH
 * input's redeem script runs at most 15 sig ops, and the fee covers the minimum relay fee.
 */
export function checkStandardInContext(
  tx: Transaction,
  id: string,
  entries: readonly UtxoEntry[],
  fee: bigint,
  mass: number,
  relayFeeRate: bigint,
): void {
  tx.inputs.forEach((input, i) => {
    const spent = (entries[i] as UtxoEntry).scriptPublicKey;
    const spentClass = scriptClass(spent.script);
    if (spentClass === ScriptClass.NON_STANDARD) {
      throw new MempoolError(
        'NON_STANDARD_INPUT_SCRIPT',
        `transaction ${id}: input ${i} spends a non-standard script`,
        {
          transactionId: id,
        },
      );
    }
    if (spentClass === ScriptClass.SCRIPT_HASH) {
      const sigOps = getPreciseSigOpCount(input.signatureScript, spent, true);
      if (sigOps > MAX_STANDARD_P2SH_SIG_OPS) {
        throw new MempoolError(
          'TOO_MANY_P2SH_SIG_OPS',
          `transaction ${id}: input ${i} runs ${sigOps} signature operations, above ${MAX_STANDARD_P2SH_SIG_OPS}`,
          { transactionId: id },
        );
      }
    }
  });
  const minimum = minimumRelayFee(mass, relayFeeRate);
  if (fee < minimum) {
    throw new MempoolError(
      'FEE_TOO_LOW',
      `transaction ${id} pays a fee of ${fee} sompi, below the minimum relay fee of ${minimum} sompi for its mass of ${mass}`,
      { transactionId: id },
    );
  }
}
