/** The legacy script engine's limits (kaspad v0.12 txscript engine.go, script.go, scriptnum.go). */

/** MaxScriptSize: the longest signature script or script public key, in bytes. */
export const MAX_SCRIPT_SIZE = 10_000;

/** MaxScriptElementSize: the longest single push, in bytes. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;

/** MaxOpsPerScript: non-push operations per script, multisig keys included. */
export const MAX_OPS_PER_SCRIPT = 201;

/** MaxStackSize: the most items the data and alt stacks may hold together. */
export const MAX_STACK_SIZE = 244;

/** MaxPubKeysPerMultiSig */
export const MAX_PUBKEYS_PER_MULTISIG = 20;

/** defaultScriptNumLen: numeric operands are at most 4 bytes, so within ±(2^31 − 1). */
export const MAX_SCRIPT_NUMBER_LENGTH = 4;

/** OP_CHECKLOCKTIMEVERIFY / OP_CHECKSEQUENCEVERIFY read an unsigned little-endian u64. */
export const MAX_LOCK_TIME_LENGTH = 8;

/** constants.MaxScriptPublicKeyVersion: newer script versions are not executed (they pass). */
export const MAX_SCRIPT_PUBLIC_KEY_VERSION = 0;
