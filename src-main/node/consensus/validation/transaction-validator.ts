import { SighashReusedValues } from '../hashing/sighash.ts';
import type { Transaction, UtxoEntry } from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';
import { isPayToScriptHashScript } from '../script/parse-script.ts';
import { getPreciseSigOpCount } from '../script/sig-op-count.ts';
import { cachingVerifier } from '../script/signature-cache.ts';
import type { SignatureVerifier } from '../script/signature-verifier.ts';
import { verifyInputScript } from '../script/verify-input.ts';
import { validateTransactionInContext } from './transaction-in-context.ts';

/** One signature cache for the process, as kaspad keeps one per node. */
const sharedVerifier = cachingVerifier();

/**
 * kaspad ValidateTransactionInContextAndPopulateFee in full: the UTXO rules, then every input's
 * scripts (validateTransactionScripts, last). Returns the fee; throws TxError or ScriptError.
 */
export function validateTransactionFully(
  tx: Transaction,
  entries: readonly UtxoEntry[],
  povDaaScore: number,
  params: Pick<ConsensusParams, 'coinbaseMaturity'>,
  verifier: SignatureVerifier = sharedVerifier,
): bigint {
  const fee = validateTransactionInContext(tx, entries, {
    povDaaScore,
    coinbaseMaturity: params.coinbaseMaturity,
    countSigOps: (signatureScript, scriptPublicKey) =>
      getPreciseSigOpCount(signatureScript, scriptPublicKey, isPayToScriptHashScript(scriptPublicKey)),
  });
  const reused = new SighashReusedValues();
  for (let i = 0; i < tx.inputs.length; i++) {
    verifyInputScript(tx, i, entries[i] as UtxoEntry, reused, { verifier });
  }
  return fee;
}
