import { Op } from '../consensus/script/opcodes.ts';
import { isPayToScriptHash, parseScriptPartially } from '../consensus/script/parse-script.ts';

/** The standard script forms (kaspad txscript ScriptClass); anything else is non-standard. */
export const ScriptClass = {
  NON_STANDARD: 'nonstandard',
  PUBKEY: 'pubkey',
  PUBKEY_ECDSA: 'pubkeyecdsa',
  SCRIPT_HASH: 'scripthash',
} as const;
export type ScriptClass = (typeof ScriptClass)[keyof typeof ScriptClass];

/**
 * kaspad txscript GetScriptClass: `OP_DATA_32 <key> OP_CHECKSIG`, `OP_DATA_33 <key>
 * OP_CHECKSIGECDSA` or `OP_BLAKE2B OP_DATA_32 <hash> OP_EQUAL`; a script that does not parse is
 * non-standard. Only the bytes are looked at, not the script version.
 */
export function scriptClass(script: Uint8Array): ScriptClass {
  const { ops, error } = parseScriptPartially(script);
  if (error) return ScriptClass.NON_STANDARD;
  if (ops.length === 2 && ops[0]?.opcode === Op.Data32 && ops[1]?.opcode === Op.CheckSig) return ScriptClass.PUBKEY;
  if (ops.length === 2 && ops[0]?.opcode === Op.Data33 && ops[1]?.opcode === Op.CheckSigEcdsa) {
    return ScriptClass.PUBKEY_ECDSA;
  }
  if (isPayToScriptHash(ops)) return ScriptClass.SCRIPT_HASH;
  return ScriptClass.NON_STANDARD;
}

/** kaspad txscript IsUnspendable: a script that does not parse, or starts with OP_RETURN. */
export function isUnspendable(script: Uint8Array): boolean {
  const { ops, error } = parseScriptPartially(script);
  return error !== null || ops[0]?.opcode === Op.Return;
}
