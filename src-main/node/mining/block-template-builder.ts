import { AddressError, addressToScriptPublicKey, decodeAddress } from '../consensus/address.ts';
import { type CoinbaseData, COINBASE_PAYLOAD_MIN_LENGTH } from '../consensus/coinbase/coinbase-payload.ts';
import type { VirtualState } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import type { ScriptPublicKey, Transaction } from '../consensus/model/transaction.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import type { DagwalletError } from '../errors.ts';
import { coinbaseMassReserve, type CoinbaseReserveParams } from './coinbase-reserve.ts';
import { MiningError } from './mining-error.ts';
import { selectTemplateTransactions, type TemplateTransactionParams } from './template-transactions.ts';

export type TemplateParams = TemplateTransactionParams &
  CoinbaseReserveParams &
  Pick<ConsensusParams, 'addressPrefix' | 'maxBlockMass'>;

/** The part of Consensus a template needs. */
export interface TemplateConsensus {
  readonly params: TemplateParams;
  virtualState(): Pick<VirtualState, 'parents' | 'daaScore' | 'pastMedianTime' | 'utxo'>;
  blockTemplate(
    parents: readonly BlockKey[],
    options: { timestamp: number; coinbaseData: CoinbaseData; transactions?: readonly Transaction[] },
  ): { header: BlockHeader; transactions: Transaction[] };
}

/** Where a template's transactions come from: the mempool. */
export interface TransactionSource {
  /** Transactions by descending fee rate whose masses sum to at most `maxMass`. */
  selectForBlock(maxMass: number): Transaction[];
  /** Told of a selected transaction the virtual no longer accepts (kaspad mempool RemoveInvalidTransactions). */
  removeInvalid?(transaction: Transaction, error: DagwalletError): void;
}

/** A block with everything but its nonce. */
export interface BlockTemplate {
  header: BlockHeader;
  /** The coinbase first. */
  transactions: Transaction[];
  /** Counts up from 1 per builder, so a worker's solution can be matched to its template. */
  id: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export interface BlockTemplateBuilderOptions {
  now?: () => number;
  /** The coinbase's free text, e.g. "dagwallet/0.1.0". */
  extraData?: Uint8Array;
  /** A policy limit below the consensus one (kaspad blocktemplatebuilder policy.BlockMaxMass). */
  maxBlockMass?: number;
}

const DEFAULT_EXTRA_DATA = new TextEncoder().encode('dagwallet');

/**
 * Block templates on the virtual for a miner (kaspad blocktemplatebuilder BuildBlockTemplate):
 * the virtual's parents, a coinbase paying the miner, the mempool's transactions that are still
 * valid and fit the mass left after the coinbase's share, and every header field computed by
 * consensus.
 */
export class BlockTemplateBuilder {
  readonly #consensus: TemplateConsensus;
  readonly #transactions: TransactionSource;
  readonly #now: () => number;
  readonly #extraData: Uint8Array;
  readonly #maxBlockMass: number;
  #lastId = 0;

  constructor(
    consensus: TemplateConsensus,
    transactions: TransactionSource,
    options: BlockTemplateBuilderOptions = {},
  ) {
    const { params } = consensus;
    this.#consensus = consensus;
    this.#transactions = transactions;
    this.#now = options.now ?? Date.now;
    this.#extraData = (options.extraData ?? DEFAULT_EXTRA_DATA).slice();
    if (COINBASE_PAYLOAD_MIN_LENGTH + this.#extraData.length > params.maxCoinbasePayloadLength) {
      throw new MiningError(
        'BAD_EXTRA_DATA',
        `${this.#extraData.length} bytes of extra data do not fit a coinbase payload of ${params.maxCoinbasePayloadLength}`,
      );
    }
    const maxBlockMass = options.maxBlockMass ?? params.maxBlockMass;
    if (!Number.isSafeInteger(maxBlockMass) || maxBlockMass < 0 || maxBlockMass > params.maxBlockMass) {
      throw new MiningError('BAD_OPTION', `maxBlockMass must be an integer from 0 to ${params.maxBlockMass}`);
    }
    this.#maxBlockMass = maxBlockMass;
  }

  /** A fresh template paying `payAddress` (an address of this network, or a script). */
  build(payAddress: string | ScriptPublicKey): BlockTemplate {
    const { params } = this.#consensus;
    const scriptPublicKey = this.#payScript(payAddress);
    const virtual = this.#consensus.virtualState();
    const maxMass = Math.max(0, this.#maxBlockMass - coinbaseMassReserve(scriptPublicKey, params));
    const candidates = this.#transactions.selectForBlock(maxMass);
    const { selected, rejected } = selectTemplateTransactions(candidates, virtual, maxMass, params);
    for (const { transaction, error } of rejected) this.#transactions.removeInvalid?.(transaction, error);
    const block = this.#consensus.blockTemplate(virtual.parents, {
      timestamp: this.#now(),
      coinbaseData: { scriptPublicKey, extraData: this.#extraData },
      transactions: selected,
    });
    return { ...block, id: ++this.#lastId, createdAt: this.#now() };
  }

  #payScript(payAddress: string | ScriptPublicKey): ScriptPublicKey {
    const { params } = this.#consensus;
    let script: ScriptPublicKey;
    if (typeof payAddress === 'string') {
      try {
        script = addressToScriptPublicKey(decodeAddress(payAddress, params.addressPrefix));
      } catch (error) {
        if (!(error instanceof AddressError)) throw error;
        throw new MiningError('BAD_ADDRESS', `cannot mine to "${payAddress}": ${error.message}`, { cause: error });
      }
    } else {
      script = payAddress;
    }
    if (!Number.isInteger(script.version) || script.version < 0 || script.version > 0xffff) {
      throw new MiningError('BAD_SCRIPT', `script version ${script.version} is not a u16`);
    }
    const maxScript = params.coinbasePayloadScriptPublicKeyMaxLength;
    if (script.script.length > maxScript) {
      throw new MiningError(
        'BAD_SCRIPT',
        `a pay script of ${script.script.length} bytes, at most ${maxScript} allowed`,
      );
    }
    const payloadLength = COINBASE_PAYLOAD_MIN_LENGTH + script.script.length + this.#extraData.length;
    if (payloadLength > params.maxCoinbasePayloadLength) {
      throw new MiningError(
        'BAD_EXTRA_DATA',
        `the extra data leaves no room for this pay script in a coinbase payload of ${params.maxCoinbasePayloadLength} bytes`,
      );
    }
    return script;
  }
}
