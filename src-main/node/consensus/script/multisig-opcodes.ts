import { Op } from './opcodes.ts';
import { ScriptError } from './script-error.ts';
import { MAX_OPS_PER_SCRIPT, MAX_PUBKEYS_PER_MULTISIG } from './script-limits.ts';
import type { OpcodeHandlers, ScriptVm } from './script-vm.ts';
import { checkPublicKeyFormat, ECDSA, SCHNORR, type SignatureScheme, splitSignature } from './signature-scheme.ts';
import { verifyTop } from './verify-top.ts';

function popItems(vm: ScriptVm, count: number): Uint8Array[] {
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) items.push(vm.dstack.pop());
  return items;
}

type SplitSignature = ReturnType<typeof splitSignature>;

/**
 * kaspad's matching walk: keys and signatures are both taken from the stack top down; each key
 * is tried once against the current signature, which moves on when it verifies. It fails as soon
 * as fewer keys remain than signatures. A signature's hash type and length are checked (as
 * errors) the first time it is reached; an unparsable one is never matched; a key's length is
 * checked only when a non-empty, parsable signature is tried against it. An empty signature
 * never matches, so it can only end in failure.
 */
function signaturesMatch(
  vm: ScriptVm,
  scheme: SignatureScheme,
  publicKeys: readonly Uint8Array[],
  fullSignatures: readonly Uint8Array[],
): boolean {
  const split: (SplitSignature | null)[] = [];
  let signatureIndex = 0;
  for (let keyIndex = 0; signatureIndex < fullSignatures.length; keyIndex++) {
    if (fullSignatures.length - signatureIndex > publicKeys.length - keyIndex) return false;
    const fullSignature = fullSignatures[signatureIndex] as Uint8Array;
    if (fullSignature.length === 0) continue;
    if (split[signatureIndex] === undefined) {
      const parts = splitSignature(fullSignature);
      split[signatureIndex] = scheme.isParsableSignature(parts.signature) ? parts : null;
    }
    const parts = split[signatureIndex];
    if (!parts) continue;
    const publicKey = publicKeys[keyIndex] as Uint8Array;
    checkPublicKeyFormat(scheme, publicKey);
    const message = scheme.message(vm.signatures, parts.hashType);
    if (scheme.verify(vm.signatures, publicKey, message, parts.signature)) signatureIndex++;
  }
  return true;
}

/**
 * opcodeCheckMultiSig / opcodeCheckMultiSigECDSA:
 * [... sig_1..sig_m m key_1..key_n n] → [... bool]. Unlike Bitcoin there is no extra dummy item.
 * The n keys count as operations. A failure with any non-empty signature is NULL_FAIL.
 */
function checkMultiSig(vm: ScriptVm, scheme: SignatureScheme): void {
  const keyCount = vm.dstack.popNumber();
  if (keyCount < 0 || keyCount > MAX_PUBKEYS_PER_MULTISIG) {
    throw new ScriptError('INVALID_PUBKEY_COUNT', `invalid number of public keys ${keyCount}`);
  }
  vm.numOps += keyCount;
  if (vm.numOps > MAX_OPS_PER_SCRIPT) {
    throw new ScriptError('TOO_MANY_OPERATIONS', `exceeded max operation limit of ${MAX_OPS_PER_SCRIPT}`);
  }
  const publicKeys = popItems(vm, keyCount);
  const signatureCount = vm.dstack.popNumber();
  if (signatureCount < 0 || signatureCount > keyCount) {
    throw new ScriptError(
      'INVALID_SIGNATURE_COUNT',
      `invalid number of signatures ${signatureCount} for ${keyCount} keys`,
    );
  }
  const fullSignatures = popItems(vm, signatureCount);
  const success = signaturesMatch(vm, scheme, publicKeys, fullSignatures);
  if (!success && fullSignatures.some((s) => s.length > 0)) {
    throw new ScriptError('NULL_FAIL', 'not all signatures empty on failed checkmultisig');
  }
  vm.dstack.pushBool(success);
}

export const multiSigOpcodes: OpcodeHandlers = {
  [Op.CheckMultiSig]: (vm) => checkMultiSig(vm, SCHNORR),
  [Op.CheckMultiSigEcdsa]: (vm) => checkMultiSig(vm, ECDSA),
  [Op.CheckMultiSigVerify]: (vm, op) => {
    checkMultiSig(vm, SCHNORR);
    verifyTop(vm, op, 'CHECK_MULTISIG_VERIFY');
  },
};
