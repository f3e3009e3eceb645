import { DagwalletError } from '../../errors.ts';

/**
 * Why a script fails, one code per kaspad v0.12 txscript ErrorCode (error.go) the legacy engine
 * raises; each code is the kaspad name in UPPER_SNAKE_CASE (ErrEvalFalse → EVAL_FALSE). The
 * codes kaspad declares but never raises during validation (ErrInternal, ErrInvalidFlags,
 * ErrUnsupportedAddress, ErrNotMultisigScript, ErrTooManyRequiredSigs, ErrScriptUnfinished,
 * ErrInvalidProgramCounter, ErrSigHighS, ErrNegativeLockTime) are left out.
 */
export const ScriptErrorCode = {
  /** ErrInvalidIndex: the input index is not one of the transaction's inputs. */
  INVALID_INDEX: 'INVALID_INDEX',
  /** ErrEarlyReturn: OP_RETURN was executed. */
  EARLY_RETURN: 'EARLY_RETURN',
  /** ErrEmptyStack: the scripts ended with an empty stack. */
  EMPTY_STACK: 'EMPTY_STACK',
  /** ErrEvalFalse: the scripts ended with a false top item. */
  EVAL_FALSE: 'EVAL_FALSE',
  /** ErrScriptTooBig: a script is longer than MaxScriptSize. */
  SCRIPT_TOO_BIG: 'SCRIPT_TOO_BIG',
  /** ErrElementTooBig: a push is longer than MaxScriptElementSize. */
  ELEMENT_TOO_BIG: 'ELEMENT_TOO_BIG',
  /** ErrTooManyOperations: more than MaxOpsPerScript non-push operations. */
  TOO_MANY_OPERATIONS: 'TOO_MANY_OPERATIONS',
  /** ErrStackOverflow: data and alt stack together hold more than MaxStackSize items. */
  STACK_OVERFLOW: 'STACK_OVERFLOW',
  /** ErrInvalidPubKeyCount: a multisig key count is negative or above MaxPubKeysPerMultiSig. */
  INVALID_PUBKEY_COUNT: 'INVALID_PUBKEY_COUNT',
  /** ErrInvalidSignatureCount: a multisig signature count is negative or above the key count. */
  INVALID_SIGNATURE_COUNT: 'INVALID_SIGNATURE_COUNT',
  /** ErrNumberTooBig: a numeric operand is longer than allowed. */
  NUMBER_TOO_BIG: 'NUMBER_TOO_BIG',
  /** ErrVerify: OP_VERIFY found a false item. */
  VERIFY: 'VERIFY',
  /** ErrEqualVerify */
  EQUAL_VERIFY: 'EQUAL_VERIFY',
  /** ErrNumEqualVerify */
  NUM_EQUAL_VERIFY: 'NUM_EQUAL_VERIFY',
  /** ErrCheckSigVerify */
  CHECK_SIG_VERIFY: 'CHECK_SIG_VERIFY',
  /** ErrCheckMultiSigVerify */
  CHECK_MULTISIG_VERIFY: 'CHECK_MULTISIG_VERIFY',
  /** ErrDisabledOpcode: a disabled opcode was passed over, executed branch or not. */
  DISABLED_OPCODE: 'DISABLED_OPCODE',
  /** ErrReservedOpcode: a reserved or undefined opcode was executed (OP_VERIF/OP_VERNOTIF: passed over). */
  RESERVED_OPCODE: 'RESERVED_OPCODE',
  /** ErrMalformedPush: a push runs past the end of its script. */
  MALFORMED_PUSH: 'MALFORMED_PUSH',
  /** ErrInvalidStackOperation: too few items for the operation, or a bad index. */
  INVALID_STACK_OPERATION: 'INVALID_STACK_OPERATION',
  /** ErrUnbalancedConditional: OP_ELSE/OP_ENDIF without OP_IF, or a script ends inside one. */
  UNBALANCED_CONDITIONAL: 'UNBALANCED_CONDITIONAL',
  /** ErrMinimalData: a push or a number not in its shortest encoding. */
  MINIMAL_DATA: 'MINIMAL_DATA',
  /** ErrInvalidSigHashType: a signature's last byte is not a standard hash type. */
  INVALID_SIG_HASH_TYPE: 'INVALID_SIG_HASH_TYPE',
  /** ErrSigLength: a signature (without its hash type) is not 64 bytes. */
  SIG_LENGTH: 'SIG_LENGTH',
  /** ErrNotPushOnly: a signature script does something other than push data. */
  NOT_PUSH_ONLY: 'NOT_PUSH_ONLY',
  /** ErrPubKeyFormat: a public key of the wrong length for its opcode. */
  PUBKEY_FORMAT: 'PUBKEY_FORMAT',
  /** ErrCleanStack: more than one item left at the end. */
  CLEAN_STACK: 'CLEAN_STACK',
  /** ErrNullFail: a failed signature check with a non-empty signature. */
  NULL_FAIL: 'NULL_FAIL',
  /** ErrUnsatisfiedLockTime: OP_CHECKLOCKTIMEVERIFY / OP_CHECKSEQUENCEVERIFY not met. */
  UNSATISFIED_LOCK_TIME: 'UNSATISFIED_LOCK_TIME',
  /** ErrMinimalIf: the OP_IF/OP_NOTIF operand is neither empty nor 0x01. */
  MINIMAL_IF: 'MINIMAL_IF',
} as const;
export type ScriptErrorCode = (typeof ScriptErrorCode)[keyof typeof ScriptErrorCode];

export class ScriptError extends DagwalletError<ScriptErrorCode> {
  /**
   * True when the scripts were refused before running (kaspad NewEngine, which transaction
   * validation reports as ErrScriptMalformed); false when running failed (ErrScriptValidation).
   */
  readonly malformed: boolean;

  constructor(code: ScriptErrorCode, message: string, malformed = false) {
    super(code, message);
    this.malformed = malformed;
  }
}
