import { Op } from './opcodes.ts';
import { ScriptError } from './script-error.ts';
import type { OpcodeHandlers, ScriptVm } from './script-vm.ts';
import { checkPublicKeyFormat, ECDSA, SCHNORR, type SignatureScheme, splitSignature } from './signature-scheme.ts';
import { verifyTop } from './verify-top.ts';

/**
 * opcodeCheckSig / opcodeCheckSigECDSA: [... signature publicKey] → [... bool].
 *
 * An empty signature pushes false. Otherwise the hash type, signature length and key length are
 * enforced as errors; a key (or ECDSA signature) libsecp256k1 cannot parse pushes false; a
 * parsed signature that does not verify is NULL_FAIL, so a failed check can only ever be
 * expressed with an empty signature (no malleable failing signatures).
 */
function checkSig(vm: ScriptVm, scheme: SignatureScheme): void {
  const publicKey = vm.dstack.pop();
  const fullSignature = vm.dstack.pop();
  if (fullSignature.length === 0) {
    vm.dstack.pushBool(false);
    return;
  }
  const { signature, hashType } = splitSignature(fullSignature);
  checkPublicKeyFormat(scheme, publicKey);
  const message = scheme.message(vm.signatures, hashType);
  if (scheme.verify(vm.signatures, publicKey, message, signature)) {
    vm.dstack.pushBool(true);
    return;
  }
  if (!scheme.isParsablePublicKey(publicKey) || !scheme.isParsableSignature(signature)) {
    vm.dstack.pushBool(false);
    return;
  }
  throw new ScriptError('NULL_FAIL', 'signature not empty on failed checksig');
}

export const checkSigOpcodes: OpcodeHandlers = {
  [Op.CheckSig]: (vm) => checkSig(vm, SCHNORR),
  [Op.CheckSigEcdsa]: (vm) => checkSig(vm, ECDSA),
  [Op.CheckSigVerify]: (vm, op) => {
    checkSig(vm, SCHNORR);
    verifyTop(vm, op, 'CHECK_SIG_VERIFY');
  },
};
