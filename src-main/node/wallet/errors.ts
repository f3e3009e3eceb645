import { DagwalletError } from '../errors.ts';

export const WalletErrorCode = {
  /** Not 12 or 24 words (the counts Kaspa wallets create and restore). */
  BAD_MNEMONIC_LENGTH: 'BAD_MNEMONIC_LENGTH',
  /** A word that is not in the BIP39 English word list. */
  UNKNOWN_MNEMONIC_WORD: 'UNKNOWN_MNEMONIC_WORD',
  /** Every word is known but the BIP39 checksum in the last word does not match. */
  BAD_MNEMONIC_CHECKSUM: 'BAD_MNEMONIC_CHECKSUM',
  /** An extended key (kprv/kpub/ktrv/ktub) that does not parse for the network. */
  BAD_EXTENDED_KEY: 'BAD_EXTENDED_KEY',
  /** An account or address index outside 0 .. 2^31 - 1, or a key at the wrong depth. */
  BAD_DERIVATION: 'BAD_DERIVATION',
  /** A script (address) the account has not derived, so it holds no key for it. */
  UNKNOWN_SCRIPT: 'UNKNOWN_SCRIPT',
  /** The recipient address does not parse or belongs to another network (wraps the AddressError). */
  BAD_ADDRESS: 'BAD_ADDRESS',
  /** An amount that is not a whole number of sompi from 1 to the coin supply. */
  BAD_AMOUNT: 'BAD_AMOUNT',
  /** A payment below the dust limit: the network would refuse to relay its output. */
  AMOUNT_TOO_SMALL: 'AMOUNT_TOO_SMALL',
  /** A fee rate that is not a finite positive number of sompi per gram. */
  BAD_FEE_RATE: 'BAD_FEE_RATE',
  /** The spendable outputs do not cover the amount plus the fee. */
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  /** Send-max with no spendable output at all. */
  NOTHING_TO_SEND: 'NOTHING_TO_SEND',
  /** A caller broke the contract of a wallet function (duplicate outpoints, a bad gap limit…). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A wallet (file) of another network than the node's. */
  WRONG_NETWORK: 'WRONG_NETWORK',
  /** Part of a payment's batch was submitted and the rest refused. */
  SEND_INCOMPLETE: 'SEND_INCOMPLETE',
  /** The node already hosts a wallet file: create and restore never replace one. */
  WALLET_EXISTS: 'WALLET_EXISTS',
  /** The node hosts no wallet yet: create or restore one first. */
  NO_WALLET: 'NO_WALLET',
  /** The hosted wallet is locked (by the user, the idle timer or the node closing): unlock it first. */
  WALLET_LOCKED: 'WALLET_LOCKED',
  /** A new receive address would be further past the last used one than a restore scans. */
  GAP_LIMIT_REACHED: 'GAP_LIMIT_REACHED',
  /** walletCreate without a phrase from walletNewMnemonic (none asked for, expired, or already used). */
  NO_PENDING_MNEMONIC: 'NO_PENDING_MNEMONIC',
  /** The words typed back do not match the pending phrase, or too few positions were asked (the message names positions, never words). */
  QUIZ_MISMATCH: 'QUIZ_MISMATCH',
} as const;
export type WalletErrorCode = (typeof WalletErrorCode)[keyof typeof WalletErrorCode];

/**
 * Key, mnemonic and spending errors; messages are shown to the user, so they never quote a
 * secret (not even the offending word, only its position).
 */
export class WalletError extends DagwalletError<WalletErrorCode> {}

/** What the wallet holds and what a payment needs, for a UI that wants more than the message. */
export interface FundsShortfall {
  /** Sum of the spendable outputs offered to the builder. */
  spendable: bigint;
  /** Amount plus the fee of spending every spendable output (send-max: the fee alone). */
  needed: bigint;
  /** The most a payment can deliver from the spendable outputs after fees (0 if none). */
  maxSendable: bigint;
  /** Coinbase rewards not yet mature, when the caller said. */
  immature: bigint;
  /** Incoming payments not yet in a block, when the caller said. */
  pending: bigint;
}

export class InsufficientFundsError extends WalletError {
  readonly shortfall: FundsShortfall;

  constructor(shortfall: FundsShortfall, message: string) {
    super('INSUFFICIENT_FUNDS', message);
    this.shortfall = shortfall;
  }
}
