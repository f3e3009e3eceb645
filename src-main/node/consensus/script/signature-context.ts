import { ecdsaDomainHash, schnorrSignatureHash, type SighashReusedValues } from '../hashing/sighash.ts';
import type { Hash } from '../model/hash.ts';
import type { Transaction, UtxoEntry } from '../model/transaction.ts';
import type { SignatureVerifier } from './signature-verifier.ts';

/**
 * Everything a signature opcode needs beyond the stack: the input being spent, the sighash
 * values shared across the transaction's inputs, and the verifier. Messages are cached per hash
 * type, since a multisig may check many signatures of the same type.
 */
export class SignatureContext {
  readonly verifier: SignatureVerifier;
  private readonly tx: Transaction;
  private readonly inputIndex: number;
  private readonly spent: UtxoEntry;
  private readonly reused: SighashReusedValues;
  private readonly schnorrMessages = new Map<number, Hash>();
  private readonly ecdsaMessages = new Map<number, Hash>();

  constructor(
    tx: Transaction,
    inputIndex: number,
    spent: UtxoEntry,
    reused: SighashReusedValues,
    verifier: SignatureVerifier,
  ) {
    this.tx = tx;
    this.inputIndex = inputIndex;
    this.spent = spent;
    this.reused = reused;
    this.verifier = verifier;
  }

  /** CalculateSignatureHashSchnorr; the caller has checked the hash type is standard. */
  schnorrMessage(hashType: number): Hash {
    let message = this.schnorrMessages.get(hashType);
    if (!message) {
      message = schnorrSignatureHash(this.tx, this.inputIndex, this.spent, hashType, this.reused);
      this.schnorrMessages.set(hashType, message);
    }
    return message;
  }

  /** CalculateSignatureHashECDSA: the Schnorr sighash under the ECDSA domain. */
  ecdsaMessage(hashType: number): Hash {
    let message = this.ecdsaMessages.get(hashType);
    if (!message) {
      message = ecdsaDomainHash(this.schnorrMessage(hashType));
      this.ecdsaMessages.set(hashType, message);
    }
    return message;
  }
}
