import type { ScriptPublicKey, TransactionOutput } from '../consensus/model/transaction.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { formatSompi } from '../../../src-shared/amount.ts';
import type { WalletAddress } from './account.ts';
import { batchLayout, compoundFees } from './batch-layout.ts';
import { BatchBuilder, type UnsignedTransaction } from './batch-builder.ts';
import { type Selection, selectCoins, sortLargestFirst } from './coin-selection.ts';
import { InsufficientFundsError, WalletError } from './errors.ts';
import { checkAmount, checkMassLimit, checkUtxos, recipientScript } from './payment-checks.ts';
import { MAX_STANDARD_TRANSACTION_MASS } from '../mempool/standardness.ts';
import { dustThreshold, isDust, MIN_FEE_RATE, parseFeeRate } from './relay-policy.ts';
import { P2PK_SCRIPT_TEMPLATE, TransactionShapes } from './transaction-shape.ts';
import { sumUtxos, type WalletUtxo } from './utxo.ts';

export { UNACCEPTED_DAA_SCORE, type UnsignedTransaction } from './batch-builder.ts';

export interface PaymentRequest {
  /** Spendable outputs only: mature, and not spent by a pending transaction of ours. */
  utxos: readonly WalletUtxo[];
  /** The recipient's address text; it must be of the network of `params`. */
  to: string;
  /** Sompi the recipient gets, or 'max': every output, the fees taken from the amount. */
  amount: bigint | 'max';
  /** Sompi per gram of mass; default 1, kaspad's minimum relay fee (1000 sompi per kg). */
  feeRate?: number;
  /** A fresh change address on every call (one per compound transaction, one for the change). */
  changeAddress: () => WalletAddress;
  params: Pick<ConsensusParams, 'addressPrefix' | 'massPerTxByte' | 'massPerScriptPubKeyByte' | 'massPerSigOp'>;
  /** Default 100,000, kaspad's MaximumStandardTransactionMass. */
  maxTransactionMass?: number;
  /** For the insufficient-funds message only: what the wallet holds but cannot spend yet. */
  unavailable?: { immature?: bigint; pending?: bigint };
}

export interface PaymentPlan {
  /** Compound transactions first (each spends only outputs and earlier transactions), the payment last. */
  transactions: UnsignedTransaction[];
  /** Sum of the fees of every transaction. */
  fee: bigint;
  /** What the recipient receives: the amount asked, or for 'max' everything less the fees. */
  sent: bigint;
  /** The payment's change output, 0 when there is none. */
  change: bigint;
}

/**
 * Plans a payment: coin selection, fees from mass and fee rate, change to a fresh address (or to
 * the fee when it would be dust), send-max, and compound transactions first when the inputs would
 * not fit one standard transaction. In every transaction Σ inputs = Σ outputs + fee; over the
 * batch the recipient gets exactly the amount and only fees leave the wallet.
 */
export function buildPayment(request: PaymentRequest): PaymentPlan {
  const recipient = recipientScript(request.to, request.params.addressPrefix);
  const rate = parseFeeRate(request.feeRate ?? MIN_FEE_RATE);
  const maxMass = request.maxTransactionMass ?? MAX_STANDARD_TRANSACTION_MASS;
  if (!Number.isSafeInteger(maxMass) || maxMass < 1) {
    throw new WalletError('BAD_REQUEST', 'The maximum transaction mass must be a positive whole number.');
  }
  checkUtxos(request.utxos);
  const shapes = new TransactionShapes(recipient, request.params, rate, maxMass);
  const sorted = sortLargestFirst(request.utxos);
  const builder = new BatchBuilder(shapes, request.changeAddress);
  if (request.amount === 'max') return planSendMax(request, sorted, recipient, shapes, builder);

  const amount = checkAmount(request.amount, recipient);
  // Room for a change output is kept even if none is made, so one layout serves both cases.
  const maxPaymentInputs = shapes.maxPaymentInputs(true);
  checkMassLimit(shapes, maxPaymentInputs);
  const { selection, maxSendable } = selectCoins(sorted, amount, shapes, maxPaymentInputs);
  if (!selection) {
    const fee = feeOfSpendingAll(sorted.length, shapes, maxPaymentInputs);
    throw insufficientFunds(request, amount, fee, maxSendable);
  }
  return planPayment(selection, amount, recipient, shapes, builder);
}

function planPayment(
  { coins, layout, compoundFee }: Selection,
  amount: bigint,
  recipient: ScriptPublicKey,
  shapes: TransactionShapes,
  builder: BatchBuilder,
): PaymentPlan {
  const paymentFunds = sumUtxos(coins) - compoundFee;
  const change = paymentFunds - amount - shapes.paymentFee(layout.paymentInputs, true);
  // kaspad does not relay dust: change too small to stand as an output is left to the fee.
  const hasChange = change >= dustThreshold(P2PK_SCRIPT_TEMPLATE);
  const inputs = builder.compound(coins, layout);
  const outputs: TransactionOutput[] = [{ value: amount, scriptPublicKey: recipient }];
  if (hasChange) outputs.push({ value: change, scriptPublicKey: builder.changeScript() });
  builder.add('payment', inputs, outputs);
  return finish(builder, amount, hasChange ? change : 0n);
}

function planSendMax(
  request: PaymentRequest,
  sorted: WalletUtxo[],
  recipient: ScriptPublicKey,
  shapes: TransactionShapes,
  builder: BatchBuilder,
): PaymentPlan {
  if (sorted.length === 0) {
    throw new WalletError('NOTHING_TO_SEND', `The wallet has nothing it can send yet${unavailableNote(request)}.`);
  }
  const maxPaymentInputs = shapes.maxPaymentInputs(false);
  checkMassLimit(shapes, maxPaymentInputs);
  const layout = batchLayout(sorted.length, maxPaymentInputs, shapes.maxCompoundInputs);
  const fee = compoundFees(layout, shapes) + shapes.paymentFee(layout.paymentInputs, false);
  const amount = sumUtxos(sorted) - fee;
  if (amount <= 0n) throw insufficientFunds(request, 0n, fee, 0n);
  if (isDust(amount, recipient)) {
    throw new WalletError(
      'AMOUNT_TOO_SMALL',
      `After ${formatSompi(fee)} in fees only ${formatSompi(amount)} would arrive, below the network's ` +
        `dust limit of ${formatSompi(dustThreshold(recipient))} for this address.`,
    );
  }
  const inputs = builder.compound(sorted, layout);
  builder.add('payment', inputs, [{ value: amount, scriptPublicKey: recipient }]);
  return finish(builder, amount, 0n);
}

function finish(builder: BatchBuilder, sent: bigint, change: bigint): PaymentPlan {
  let fee = 0n;
  for (const tx of builder.transactions) fee += tx.fee;
  return { transactions: builder.transactions, fee, sent, change };
}

function feeOfSpendingAll(coins: number, shapes: TransactionShapes, maxPaymentInputs: number): bigint {
  if (coins === 0) return shapes.paymentFee(1, true);
  const layout = batchLayout(coins, maxPaymentInputs, shapes.maxCompoundInputs);
  return compoundFees(layout, shapes) + shapes.paymentFee(layout.paymentInputs, true);
}

function unavailableNote(request: PaymentRequest): string {
  const immature = request.unavailable?.immature ?? 0n;
  const pending = request.unavailable?.pending ?? 0n;
  const parts: string[] = [];
  if (immature > 0n) parts.push(`${formatSompi(immature)} in mining rewards still maturing`);
  if (pending > 0n) parts.push(`${formatSompi(pending)} in incoming payments not yet in a block`);
  return parts.length > 0 ? `; ${parts.join(' and ')} will be spendable later` : '';
}

function insufficientFunds(
  request: PaymentRequest,
  amount: bigint,
  fee: bigint,
  maxSendable: bigint,
): InsufficientFundsError {
  const spendable = sumUtxos(request.utxos);
  const needed = amount + fee;
  const what =
    amount > 0n
      ? `This payment needs ${formatSompi(needed)} (${formatSompi(amount)} plus about ${formatSompi(fee)} in fees)`
      : `Sending everything costs ${formatSompi(fee)} in fees`;
  const most = maxSendable > 0n ? ` The most it can send now is ${formatSompi(maxSendable)}.` : '';
  return new InsufficientFundsError(
    {
      spendable,
      needed,
      maxSendable,
      immature: request.unavailable?.immature ?? 0n,
      pending: request.unavailable?.pending ?? 0n,
    },
    `Not enough funds. ${what}, but the wallet can spend ${formatSompi(spendable)}${unavailableNote(request)}.${most}`,
  );
}
