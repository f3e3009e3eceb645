import type { ScriptPublicKey, Transaction, TransactionOutput } from '../consensus/model/transaction.ts';
import { SUBNETWORK_ID_NATIVE } from '../consensus/model/transaction.ts';
import { type MassParams, transactionMass } from '../consensus/validation/mass.ts';
import { type FeeRate, feeForMass } from './relay-policy.ts';

/**
 * The length of a Schnorr P2PK signature script: OP_DATA_65, the 64-byte signature, the
 * sighash-type byte. Masses are computed with placeholders of this length, so the fee chosen
 * before signing is the fee the signed transaction pays.
 */
export const P2PK_SIGNATURE_SCRIPT_LENGTH = 66;
/** An OP_CHECKSIG P2PK script performs one signature operation. */
export const P2PK_SIG_OP_COUNT = 1;

/** Every P2PK script is 34 bytes (OP_DATA_32, key, OP_CHECKSIG); only the length matters for mass and dust. */
export const P2PK_SCRIPT_TEMPLATE: ScriptPublicKey = { version: 0, script: new Uint8Array(34) };
const ZERO_ID = new Uint8Array(32);

export function isP2pkScript(spk: ScriptPublicKey): boolean {
  const s = spk.script;
  return spk.version === 0 && s.length === 34 && s[0] === 0x20 && s[33] === 0xac;
}

/** A native-subnetwork, version-0 transaction with no lock time or payload, as Kaspa wallets build them. */
export function nativeTransaction(inputs: Transaction['inputs'], outputs: TransactionOutput[]): Transaction {
  return {
    version: 0,
    inputs,
    outputs,
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE.slice(),
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
  };
}

/** The same transaction with placeholder signature scripts of the final length, for mass. */
export function withPlaceholderSignatures(tx: Transaction): Transaction {
  return {
    ...tx,
    inputs: tx.inputs.map((input) => ({
      ...input,
      signatureScript: new Uint8Array(P2PK_SIGNATURE_SCRIPT_LENGTH),
      sigOpCount: P2PK_SIG_OP_COUNT,
    })),
  };
}

function skeletonMass(inputCount: number, outputs: ScriptPublicKey[], params: MassParams): number {
  const inputs = Array.from({ length: inputCount }, (_, index) => ({
    previousOutpoint: { transactionId: ZERO_ID, index },
    signatureScript: new Uint8Array(P2PK_SIGNATURE_SCRIPT_LENGTH),
    sequence: 0n,
    sigOpCount: P2PK_SIG_OP_COUNT,
  }));
  return transactionMass(
    nativeTransaction(
      inputs,
      outputs.map((scriptPublicKey) => ({ value: 1n, scriptPublicKey })),
    ),
    params,
  );
}

/**
 * Masses and fees of the two kinds of transaction a payment batch holds, as functions of the
 * number of P2PK inputs: the consensus mass is linear in it, so two evaluations of
 * transactionMass give every size (the builder re-checks each real transaction against it).
 *  - compound: k inputs → one P2PK change output;
 *  - payment: k inputs → the recipient, and optionally a P2PK change output.
 */
export class TransactionShapes {
  readonly inputMass: number;
  readonly maxMass: number;
  readonly params: MassParams;
  readonly #rate: FeeRate;
  readonly #compoundBase: number;
  readonly #paymentBase: number;
  readonly #paymentWithChangeBase: number;

  constructor(recipient: ScriptPublicKey, params: MassParams, rate: FeeRate, maxMass: number) {
    this.#rate = rate;
    this.maxMass = maxMass;
    this.params = params;
    this.#compoundBase = skeletonMass(0, [P2PK_SCRIPT_TEMPLATE], params);
    this.inputMass = skeletonMass(1, [P2PK_SCRIPT_TEMPLATE], params) - this.#compoundBase;
    this.#paymentBase = skeletonMass(0, [recipient], params);
    this.#paymentWithChangeBase = skeletonMass(0, [recipient, P2PK_SCRIPT_TEMPLATE], params);
  }

  compoundMass(inputs: number): number {
    return this.#compoundBase + inputs * this.inputMass;
  }

  paymentMass(inputs: number, withChange: boolean): number {
    return (withChange ? this.#paymentWithChangeBase : this.#paymentBase) + inputs * this.inputMass;
  }

  compoundFee(inputs: number): bigint {
    return feeForMass(this.compoundMass(inputs), this.#rate);
  }

  paymentFee(inputs: number, withChange: boolean): bigint {
    return feeForMass(this.paymentMass(inputs, withChange), this.#rate);
  }

  feeForMass(mass: number): bigint {
    return feeForMass(mass, this.#rate);
  }

  /** Most inputs a compound transaction may have within the mass limit. */
  get maxCompoundInputs(): number {
    return Math.floor((this.maxMass - this.#compoundBase) / this.inputMass);
  }

  maxPaymentInputs(withChange: boolean): number {
    const base = withChange ? this.#paymentWithChangeBase : this.#paymentBase;
    return Math.floor((this.maxMass - base) / this.inputMass);
  }
}
