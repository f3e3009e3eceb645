import { DagwalletError } from '../../errors.ts';

/**
 * Why a transaction is refused, one code per consensus rule (kaspad ruleerrors names in
 * comments). kaspad reuses ErrBadTxOutValue and ErrUnfinalizedTx for several rules; here each
 * rule has its own code so tests and peers can tell them apart.
 */
export const TxErrorCode = {
  /** ErrNoTxInputs: a non-coinbase transaction without inputs. */
  NO_INPUTS: 'NO_INPUTS',
  /** ErrTxOutValueZero */
  ZERO_VALUE_OUTPUT: 'ZERO_VALUE_OUTPUT',
  /** ErrBadTxOutValue: one output above MAX_SOMPI. */
  OUTPUT_VALUE_TOO_HIGH: 'OUTPUT_VALUE_TOO_HIGH',
  /** ErrBadTxOutValue: the outputs together above MAX_SOMPI (or overflowing u64). */
  OUTPUTS_TOTAL_TOO_HIGH: 'OUTPUTS_TOTAL_TOO_HIGH',
  /** ErrDuplicateTxInputs */
  DUPLICATE_INPUTS: 'DUPLICATE_INPUTS',
  /** ErrBadCoinbasePayloadLen: longer than maxCoinbasePayloadLength. */
  COINBASE_PAYLOAD_TOO_LONG: 'COINBASE_PAYLOAD_TOO_LONG',
  /** ErrCoinbaseWithInputs */
  COINBASE_WITH_INPUTS: 'COINBASE_WITH_INPUTS',
  /** ErrCoinbaseTooManyOutputs: more than ghostdagK + 2. */
  COINBASE_TOO_MANY_OUTPUTS: 'COINBASE_TOO_MANY_OUTPUTS',
  /** ErrCoinbaseTooLongScriptPublicKey */
  COINBASE_SCRIPT_PUBLIC_KEY_TOO_LONG: 'COINBASE_SCRIPT_PUBLIC_KEY_TOO_LONG',
  /** ErrInvalidGas: gas in the native, coinbase or registry subnetwork. */
  INVALID_GAS: 'INVALID_GAS',
  /** ErrSubnetworkRegistry: a registry transaction whose payload is not 8 bytes. */
  BAD_SUBNETWORK_REGISTRY_PAYLOAD: 'BAD_SUBNETWORK_REGISTRY_PAYLOAD',
  /** ErrInvalidPayload: a native transaction carrying a payload. */
  NATIVE_TX_WITH_PAYLOAD: 'NATIVE_TX_WITH_PAYLOAD',
  /** ErrSubnetworksDisabled */
  SUBNETWORKS_DISABLED: 'SUBNETWORKS_DISABLED',
  /** ErrTransactionVersionIsUnknown */
  UNKNOWN_VERSION: 'UNKNOWN_VERSION',
  /** ErrMissingTxOut: an input whose UTXO entry is not known. */
  MISSING_UTXO_ENTRIES: 'MISSING_UTXO_ENTRIES',
  /** ErrImmatureSpend */
  IMMATURE_COINBASE_SPEND: 'IMMATURE_COINBASE_SPEND',
  /** ErrBadTxOutValue: the spent entries together above MAX_SOMPI (or overflowing u64). */
  INPUTS_TOTAL_TOO_HIGH: 'INPUTS_TOTAL_TOO_HIGH',
  /** ErrSpendTooHigh */
  SPEND_TOO_HIGH: 'SPEND_TOO_HIGH',
  /** ErrUnfinalizedTx: the absolute lock time has not passed. */
  LOCK_TIME_NOT_REACHED: 'LOCK_TIME_NOT_REACHED',
  /** ErrUnfinalizedTx: an input's relative (sequence) lock has not passed. */
  SEQUENCE_LOCK_NOT_REACHED: 'SEQUENCE_LOCK_NOT_REACHED',
  /** ErrWrongSigOpCount */
  WRONG_SIG_OP_COUNT: 'WRONG_SIG_OP_COUNT',
} as const;
export type TxErrorCode = (typeof TxErrorCode)[keyof typeof TxErrorCode];

export class TxError extends DagwalletError<TxErrorCode> {
  /** For MISSING_UTXO_ENTRIES: the indexes of the inputs whose entries are missing. */
  readonly missingInputs: readonly number[];

  constructor(code: TxErrorCode, message: string, options?: ErrorOptions & { missingInputs?: readonly number[] }) {
    super(code, message, options);
    this.missingInputs = options?.missingInputs ?? [];
  }
}
