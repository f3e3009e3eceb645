import type { ScriptPublicKey } from '../model/transaction.ts';
import { Op } from './opcodes.ts';
import { isPayToScriptHash, isPushOnly, type ParsedOpcode, parseScriptPartially } from './parse-script.ts';
import { MAX_PUBKEYS_PER_MULTISIG } from './script-limits.ts';

/**
 * getSigOpCount: a single-signature opcode counts 1; a multisig counts its key count when
 * `precise` and an OP_1..OP_16 precedes it, else the maximum of 20.
 */
function countSigOps(ops: readonly ParsedOpcode[], precise: boolean): number {
  let count = 0;
  ops.forEach(({ opcode }, i) => {
    if (opcode === Op.CheckSig || opcode === Op.CheckSigVerify || opcode === Op.CheckSigEcdsa) {
      count += 1;
    } else if (opcode === Op.CheckMultiSig || opcode === Op.CheckMultiSigVerify || opcode === Op.CheckMultiSigEcdsa) {
      const previous = i > 0 ? (ops[i - 1] as ParsedOpcode).opcode : -1;
      const keysKnown = precise && previous >= Op.True && previous <= Op.Sixteen;
      count += keysKnown ? previous - Op.Reserved : MAX_PUBKEYS_PER_MULTISIG;
    }
  });
  return count;
}

/** GetSigOpCount: the quick, worst-case count of a script, up to its first parse failure. */
export function getSigOpCount(script: Uint8Array): number {
  return countSigOps(parseScriptPartially(script).ops, false);
}

/**
 * GetPreciseSigOpCount: the count an input must declare in its sigOpCount. For a P2SH script
 * public key (and `isP2SH`, which transaction validation sets from isPayToScriptHashScript) it is
 * the precise count of the redeem script, the signature script's last push, counted up to its
 * first parse failure; 0 when the signature script does not parse, is not push-only, or is
 * empty. Any other script public key is counted precisely itself.
 */
export function getPreciseSigOpCount(
  signatureScript: Uint8Array,
  scriptPublicKey: ScriptPublicKey,
  isP2SH: boolean,
): number {
  const pkOps = parseScriptPartially(scriptPublicKey.script).ops;
  if (!(isP2SH && isPayToScriptHash(pkOps))) return countSigOps(pkOps, true);
  const { ops: sigOps, error } = parseScriptPartially(signatureScript);
  const redeemScript = sigOps[sigOps.length - 1]?.data;
  if (error || !isPushOnly(sigOps) || !redeemScript || redeemScript.length === 0) return 0;
  return countSigOps(parseScriptPartially(redeemScript).ops, true);
}
