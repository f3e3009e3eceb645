import { SighashReusedValues } from '../hashing/sighash.ts';
import type { Transaction, UtxoEntry } from '../model/transaction.ts';
import { isPayToScriptHash, isPushOnly, type ParsedOpcode, parseScript } from './parse-script.ts';
import { ScriptEngine } from './script-engine.ts';
import { ScriptError } from './script-error.ts';
import { MAX_SCRIPT_PUBLIC_KEY_VERSION, MAX_SCRIPT_SIZE } from './script-limits.ts';
import { SignatureContext } from './signature-context.ts';
import { defaultSignatureVerifier, type SignatureVerifier } from './signature-verifier.ts';

export interface VerifyInputOptions {
  /** Defaults to the WASM libsecp256k1 verifiers. */
  verifier?: SignatureVerifier;
}

/** A ScriptError raised before execution (kaspad NewEngine → ErrScriptMalformed). */
function malformed(error: unknown): unknown {
  return error instanceof ScriptError ? new ScriptError(error.code, error.message, true) : error;
}

/** parseScriptAndVerifySize */
function parseWithSizeLimit(script: Uint8Array, which: string): ParsedOpcode[] {
  if (script.length > MAX_SCRIPT_SIZE) {
    throw new ScriptError('SCRIPT_TOO_BIG', `${which} of ${script.length} bytes, over ${MAX_SCRIPT_SIZE}`);
  }
  return parseScript(script);
}

/** NewEngine's checks: both scripts parse within the size limit and the signature script only pushes. */
function parseScripts(signatureScript: Uint8Array, scriptPublicKey: Uint8Array) {
  try {
    const sigScript = parseWithSizeLimit(signatureScript, 'signature script');
    if (!isPushOnly(sigScript)) throw new ScriptError('NOT_PUSH_ONLY', 'signature script is not push only');
    const pkScript = parseWithSizeLimit(scriptPublicKey, 'script public key');
    return { sigScript, pkScript };
  } catch (error) {
    throw malformed(error);
  }
}

/**
 * Validates the scripts of one input (kaspad v0.12 txscript NewEngine + Execute, with no flags):
 * runs the signature script, then the spent output's script public key on the stack it left;
 * for pay-to-script-hash, the hash check must pass and the redeem script (the signature script's
 * last push) then runs on the rest of that stack. Throws a ScriptError when the input may not
 * spend `spent`.
 *
 * `reused` holds the sighash parts shared by all inputs of `tx`: pass the same one for every
 * input of a transaction.
 */
export function verifyInputScript(
  tx: Transaction,
  inputIndex: number,
  spent: UtxoEntry,
  reused: SighashReusedValues = new SighashReusedValues(),
  options: VerifyInputOptions = {},
): void {
  const input = tx.inputs[inputIndex];
  if (!input) throw new ScriptError('INVALID_INDEX', `transaction has no input ${inputIndex}`, true);
  const { signatureScript } = input;
  const { script, version } = spent.scriptPublicKey;
  // Nothing to run leaves an empty stack: refused up front, whatever the script version.
  if (signatureScript.length === 0 && script.length === 0) {
    throw new ScriptError('EVAL_FALSE', 'false stack entry at end of script execution', true);
  }
  // Script versions above the known one are not interpreted yet: anyone can spend them.
  if (version > MAX_SCRIPT_PUBLIC_KEY_VERSION) return;

  const { sigScript, pkScript } = parseScripts(signatureScript, script);
  const signatures = new SignatureContext(tx, inputIndex, spent, reused, options.verifier ?? defaultSignatureVerifier);
  const engine = new ScriptEngine(tx, inputIndex, signatures);
  engine.run(sigScript);
  if (!isPayToScriptHash(pkScript)) {
    engine.run(pkScript);
    engine.checkResult(true);
    return;
  }
  const sigScriptStack = engine.dstack.toArray();
  engine.run(pkScript);
  engine.checkResult(false);
  const redeemScript = sigScriptStack.pop();
  if (redeemScript === undefined) {
    // Unreachable: the script public key's OP_BLAKE2B has already failed on an empty stack.
    throw new ScriptError('INVALID_STACK_OPERATION', 'no redeem script on the stack');
  }
  engine.dstack.replaceWith(sigScriptStack);
  engine.run(parseScript(redeemScript));
  engine.checkResult(true);
}
