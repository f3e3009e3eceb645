import type {
  AddressInfoJson,
  BlockColor,
  BlockJson,
  BlockSummaryJson,
  DagBlockJson,
  ExplorerApi,
  HeaderJson,
  SearchResultJson,
  TransactionInputJson,
  TransactionJson,
} from '../../../src-shared/api.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import {
  type Address,
  AddressError,
  addressToScriptPublicKey,
  decodeAddress,
  encodeAddress,
  scriptPublicKeyToAddress,
} from '../consensus/address.ts';
import type { Consensus } from '../consensus/consensus.ts';
import { type WindowSource, windowByWalk } from '../consensus/daa/block-window.ts';
import { transactionHash, transactionId } from '../consensus/hashing/tx-hash.ts';
import { type BlockKey, ORIGIN } from '../consensus/model/block-key.ts';
import {
  isCoinbase,
  type Outpoint,
  type ScriptPublicKey,
  type Transaction,
  type TransactionOutput,
  type UtxoEntry,
} from '../consensus/model/transaction.ts';
import { decodeUtxoEntry, type OutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { bytesToHex } from '../encoding/hex.ts';
import type { AddressIndex, AddressUtxo } from '../index/address-index.ts';
import type { BlockMerge, TransactionAcceptance, TransactionIndex } from '../index/transaction-index.ts';
import type { Mempool } from '../mempool/mempool.ts';
import { StoreError } from '../store/migrations.ts';
import { outpointBlob, storedUtxoAmount, utxoScriptKey } from '../store/utxo-set-repository.ts';
import { ApiError } from './api-error.ts';
import { badParams, hashParam, paramsObject, wholeNumberParam } from './params.ts';
import type { HandlersOf } from './node-api-handlers.ts';
import { scriptToJson } from './script-json.ts';

/** What the explorer reads of a node (a DagwalletNode has all of it). */
export interface ExplorerNode {
  readonly params: ConsensusParams;
  readonly consensus: Consensus;
  readonly mempool: Mempool;
  readonly index: AddressIndex;
  readonly transactionIndex: TransactionIndex;
}

export const EXPLORER_LIMITS = {
  addressItems: { default: 100, max: 1_000 },
  recentBlocks: { default: 50, max: 200 },
  dagBlocks: { default: 1_000, max: 2_000 },
  /** kaspad's RPC takes at least 1000 blocks and, in safe mode, at most 10,000; a young DAG may ask for fewer. */
  hashRateWindow: { default: 1_000, min: 10, max: 10_000 },
} as const;

/** Longer than any address or hash: pasted junk is refused before it is looked at. */
const MAX_QUERY_CHARS = 1_000;

/** A header's own fields as the API writes them (Kaspa's names; parents are level 0, the direct parents). */
export function headerJson(hash: BlockKey, header: BlockHeader): HeaderJson {
  return {
    hash,
    version: header.version,
    parents: (header.parents[0] ?? []).map(bytesToHex),
    hashMerkleRoot: bytesToHex(header.hashMerkleRoot),
    acceptedIdMerkleRoot: bytesToHex(header.acceptedIdMerkleRoot),
    utxoCommitment: bytesToHex(header.utxoCommitment),
    timestamp: header.timestamp,
    bits: header.bits,
    nonce: header.nonce.toString(),
    daaScore: header.daaScore,
    blueScore: header.blueScore,
    blueWork: header.blueWork.toString(16),
    pruningPoint: bytesToHex(header.pruningPoint),
  };
}

function colorOf(merge: BlockMerge | undefined): BlockColor {
  return merge?.color ?? 'unmerged';
}

/** The address a script pays, in this network's encoding; null for a script no address describes. */
function addressOf(script: ScriptPublicKey, params: ConsensusParams): string | null {
  const address = scriptPublicKeyToAddress(script, params.addressPrefix);
  return address === null ? null : encodeAddress(address);
}

/** The address typed by a user, on this network; its fault in words otherwise. */
function parseAddress(text: string, params: ConsensusParams): Address {
  try {
    return decodeAddress(text, params.addressPrefix);
  } catch (error) {
    if (error instanceof AddressError) throw badParams(error.message);
    throw error;
  }
}

/**
 * kaspad's EstimateNetworkHashesPerSecond (difficultymanager/hashrate.go): over a window of the
 * `windowSize` heaviest blocks below the virtual, the blue work gained between the lightest and
 * the heaviest, divided by the span between the window's earliest and latest timestamps. kaspad
 * divides by whole seconds; this keeps the milliseconds. The window starts at the sink (the
 * virtual's other parents, a few blocks at most, are left out).
 */
export function estimateNetworkHashesPerSecond(consensus: Consensus, windowSize: number): number {
  const { store } = consensus;
  const sink = consensus.sink();
  const source: WindowSource = {
    genesis: consensus.genesis,
    ghostdag: (block) => store.ghostdag.getGhostdag(block),
    windowBlock: (block) => {
      const record = store.blocks.get(block);
      if (record === undefined) throw new StoreError('MISSING', `block ${block} is not in the store`);
      return record.windowBlock;
    },
  };
  const sinkData = store.ghostdag.getGhostdag(sink);
  // A block whose only parent is the sink: its window is the sink and the heaviest of its past.
  const window = windowByWalk(
    source,
    {
      ...sinkData,
      selectedParent: sink,
      mergesetBlues: [sink],
      mergesetReds: [],
      bluesAnticoneSizes: new Map([[sink, 0]]),
    },
    windowSize,
  );
  if (window.length < 2) {
    throw new ApiError(
      'NOT_ENOUGH_DATA',
      `the DAG is too young to estimate the hash rate: ${window.length} block${window.length === 1 ? '' : 's'} beyond genesis, at least 2 needed`,
    );
  }
  let [minTime, maxTime] = [Infinity, -Infinity];
  let [minWork, maxWork] = [(window[0] as (typeof window)[number]).blueWork, 0n];
  for (const block of window) {
    minTime = Math.min(minTime, block.timestamp);
    maxTime = Math.max(maxTime, block.timestamp);
    if (block.blueWork < minWork) minWork = block.blueWork;
    if (block.blueWork > maxWork) maxWork = block.blueWork;
  }
  if (maxTime === minTime) {
    throw new ApiError(
      'NOT_ENOUGH_DATA',
      `the ${window.length} blocks of the window all carry the same timestamp: no time has passed to measure`,
    );
  }
  return Number(((maxWork - minWork) * 1000n) / BigInt(maxTime - minTime));
}

/** How the explorer writes blocks and transactions; the REST API answers with the same shapes. */
export interface ExplorerViews {
  /** A transaction with its inputs' amounts and addresses resolved, and its acceptance as given. */
  transactionJson(
    id: string,
    tx: Transaction,
    acceptance: TransactionAcceptance | undefined,
    pooled: boolean,
  ): TransactionJson;
  /** A pooled or stored transaction with its acceptance; undefined if the node knows none with this ID. */
  transactionById(id: string): TransactionJson | undefined;
  /** Throws NOT_FOUND for a block the node does not know. */
  blockJson(block: BlockKey): BlockJson;
  /** The output an outpoint names: from the pool's transaction that created it, or the stored body holding that transaction. */
  spentOutput(outpoint: Outpoint): TransactionOutput | undefined;
}

export function explorerViews(node: ExplorerNode): ExplorerViews {
  const { consensus, mempool, params, transactionIndex } = node;

  const confirmationsAt = (blueScore: number): number => Math.max(0, consensus.virtualState().blueScore - blueScore);

  const spentOutput = (outpoint: Outpoint): TransactionOutput | undefined => {
    const id = bytesToHex(outpoint.transactionId);
    const previous = mempool.get(id)?.tx ?? transactionIndex.transaction(id);
    return previous?.outputs[outpoint.index];
  };

  const transactionJson = (
    id: string,
    tx: Transaction,
    acceptance: TransactionAcceptance | undefined,
    pooled: boolean,
  ): TransactionJson => {
    const coinbase = isCoinbase(tx);
    let inputTotal: bigint | null = 0n;
    const inputs = tx.inputs.map((input): TransactionInputJson => {
      const spent = spentOutput(input.previousOutpoint);
      inputTotal = spent === undefined || inputTotal === null ? null : inputTotal + spent.value;
      return {
        previousOutpoint: `${bytesToHex(input.previousOutpoint.transactionId)}:${input.previousOutpoint.index}`,
        signatureScript: bytesToHex(input.signatureScript),
        sequence: input.sequence.toString(),
        amount: spent === undefined ? null : spent.value.toString(),
        address: spent === undefined ? null : addressOf(spent.scriptPublicKey, params),
      };
    });
    const outputTotal = tx.outputs.reduce((sum, output) => sum + output.value, 0n);
    return {
      transactionId: id,
      hash: bytesToHex(transactionHash(tx)),
      version: tx.version,
      isCoinbase: coinbase,
      inputs,
      outputs: tx.outputs.map((output, i) => ({
        index: i,
        amount: output.value.toString(),
        scriptPublicKey: scriptToJson(output.scriptPublicKey),
        address: addressOf(output.scriptPublicKey, params),
      })),
      lockTime: tx.lockTime.toString(),
      subnetworkId: bytesToHex(tx.subnetworkId),
      payload: bytesToHex(tx.payload),
      mass: transactionMass(tx, params),
      fee: coinbase || inputTotal === null ? null : (inputTotal - outputTotal).toString(),
      // Accepted beats pooled: what the chain accepted is the answer, even in the moment before
      // the pool lets go of it.
      status: acceptance ? 'accepted' : pooled ? 'mempool' : 'unaccepted',
      blocks: transactionIndex.locations(id).map((location) => location.block),
      acceptingBlock: acceptance?.acceptingBlock ?? null,
      acceptingBlueScore: acceptance?.acceptingBlueScore ?? null,
      confirmations: acceptance === undefined ? 0 : confirmationsAt(acceptance.acceptingBlueScore),
    };
  };

  const transactionById = (id: string): TransactionJson | undefined => {
    const pooled = mempool.get(id)?.tx;
    const tx = pooled ?? transactionIndex.transaction(id);
    return tx === undefined
      ? undefined
      : transactionJson(id, tx, transactionIndex.acceptance(id), pooled !== undefined);
  };

  const blockJson = (block: BlockKey): BlockJson => {
    const header = consensus.header(block);
    const ghostdag = consensus.ghostdagData(block);
    if (header === undefined || ghostdag === undefined)
      throw new ApiError('NOT_FOUND', `no block ${block} is known to this node`);
    const merge = transactionIndex.merge(block);
    const isChainBlock = merge?.mergedBy === block;
    const body = consensus.store.bodies.get(block);
    const state = consensus.utxoState(block);
    return {
      ...headerJson(block, header),
      children: transactionIndex.children(block),
      // GHOSTDAG's own figures (the header's copies are checked equal for every valid block).
      blueScore: ghostdag.blueScore,
      blueWork: ghostdag.blueWork.toString(16),
      selectedParent: ghostdag.selectedParent === ORIGIN ? null : ghostdag.selectedParent,
      mergesetBlues: [...ghostdag.mergesetBlues],
      mergesetReds: [...ghostdag.mergesetReds],
      isChainBlock,
      color: colorOf(merge),
      mergedBy: merge?.mergedBy ?? null,
      confirmations: confirmationsAt(ghostdag.blueScore),
      transactions:
        body === undefined
          ? null
          : body.map((tx) => ({
              transactionId: bytesToHex(transactionId(tx)),
              isCoinbase: isCoinbase(tx),
              inputCount: tx.inputs.length,
              outputCount: tx.outputs.length,
              outputTotal: tx.outputs.reduce((sum, output) => sum + output.value, 0n).toString(),
            })),
      acceptedTransactionIds:
        isChainBlock && state?.status === 'valid'
          ? state.acceptance.flatMap((mergesetBlock) =>
              mergesetBlock.transactions.filter((tx) => tx.accepted).map((tx) => bytesToHex(tx.id)),
            )
          : [],
      utxoStatus: state?.status ?? 'unknown',
    };
  };

  return { transactionJson, transactionById, blockJson, spentOutput };
}

/**
 * An address's balance and UTXO count in the virtual's UTXO set, and its `limit` largest UTXOs
 * (ties by outpoint). The stored rows are read through the script index with only their amounts
 * looked at; just the outputs kept are decoded, and at most 2 × `limit` are held at a time.
 */
function largestUtxos(
  node: ExplorerNode,
  script: ScriptPublicKey,
  limit: number,
): { balance: bigint; count: number; largest: AddressUtxo[] } {
  const { consensus } = node;
  const { diff } = consensus.virtualState();
  const key = utxoScriptKey(script);
  type Candidate = { amount: bigint; outpoint: OutpointKey; entry: () => UtxoEntry };
  const order = (x: Candidate, y: Candidate) =>
    x.amount !== y.amount ? (x.amount > y.amount ? -1 : 1) : x.outpoint < y.outpoint ? -1 : 1;
  let kept: Candidate[] = [];
  let floor: bigint | undefined;
  let balance = 0n;
  let count = 0;
  const offer = (amount: bigint, candidate: () => Candidate) => {
    balance += amount;
    count++;
    if (floor !== undefined && amount < floor) return;
    kept.push(candidate());
    if (kept.length >= 2 * limit) {
      kept = kept.sort(order).slice(0, limit);
      floor = (kept.at(-1) as Candidate).amount;
    }
  };
  // What the virtual's mergeset spent of this script's stored outputs: a few at most.
  const spent = [...diff.toRemove]
    .filter(([, entry]) => utxoScriptKey(entry.scriptPublicKey).equals(key))
    .map(([outpoint]) => outpointBlob(outpoint));
  for (const row of consensus.store.utxoSet.byScript(key)) {
    if (spent.some((blob) => blob.equals(row.outpoint))) continue;
    const amount = storedUtxoAmount(row.entry);
    offer(amount, () => ({
      amount,
      outpoint: `${row.outpoint.subarray(0, 32).toString('hex')}:${row.outpoint.readUInt32LE(32)}`,
      entry: () => decodeUtxoEntry(row.entry),
    }));
  }
  for (const [outpoint, entry] of diff.toAdd) {
    if (utxoScriptKey(entry.scriptPublicKey).equals(key))
      offer(entry.amount, () => ({ amount: entry.amount, outpoint, entry: () => entry }));
  }
  const largest = kept
    .sort(order)
    .slice(0, limit)
    .map((candidate) => ({ outpoint: candidate.outpoint, entry: candidate.entry() }));
  return { balance, count, largest };
}

/** The explorer's and the DAG view's methods; every param is checked here, at the door. */
export function explorerApiHandlers(node: ExplorerNode): HandlersOf<ExplorerApi> {
  const { consensus, mempool, params, index, transactionIndex } = node;
  const prefix = params.addressPrefix;
  const { blockJson, transactionById } = explorerViews(node);

  return {
    async getBlock(raw) {
      return blockJson(hashParam(paramsObject(raw).hash, 'hash'));
    },

    async getTransaction(raw) {
      const id = hashParam(paramsObject(raw).transactionId, 'transactionId');
      const found = transactionById(id);
      if (found === undefined) throw new ApiError('NOT_FOUND', `no transaction ${id} is known to this node`);
      return found;
    },

    async getAddressInfo(raw) {
      const input = paramsObject(raw);
      if (typeof input.address !== 'string' || input.address.length > MAX_QUERY_CHARS)
        throw badParams(`address must be a string of at most ${MAX_QUERY_CHARS} characters`);
      const limit = wholeNumberParam(input.limit, 'limit', EXPLORER_LIMITS.addressItems);
      const address = parseAddress(input.address, params);
      const script = addressToScriptPublicKey(address);
      const utxos = largestUtxos(node, script, limit);
      const history = index.history([script], { limit });
      const virtualBlueScore = consensus.virtualState().blueScore;
      const info: AddressInfoJson = {
        address: encodeAddress(address),
        balance: utxos.balance.toString(),
        utxoCount: utxos.count,
        utxos: utxos.largest.map(({ outpoint, entry }) => ({
          outpoint,
          amount: entry.amount.toString(),
          blockDaaScore: entry.blockDaaScore,
          isCoinbase: entry.isCoinbase,
        })),
        transactionCount: index.transactionCount([script]),
        transactions: history.map((row) => ({
          transactionId: row.transactionId,
          acceptingBlock: row.acceptingBlock,
          acceptingBlueScore: row.acceptingBlueScore,
          timestamp: row.timestamp,
          received: row.received.toString(),
          sent: row.sent.toString(),
          confirmations: Math.max(0, virtualBlueScore - row.acceptingBlueScore),
        })),
      };
      return info;
    },

    async search(raw): Promise<SearchResultJson> {
      const text = paramsObject(raw).query;
      if (typeof text !== 'string' || text.length > MAX_QUERY_CHARS)
        throw badParams(`query must be a string of at most ${MAX_QUERY_CHARS} characters`);
      const query = text.trim();
      if (query === '') return { kind: 'none', reason: 'Type a block hash, a transaction ID or an address.' };
      if (/^[0-9a-fA-F]{64}$/.test(query)) {
        const id = query.toLowerCase();
        if (consensus.has(id)) return { kind: 'block', id };
        if (mempool.has(id) || transactionIndex.locations(id).length > 0) return { kind: 'transaction', id };
        return { kind: 'none', reason: `No block or transaction ${id} is known to this node.` };
      }
      if (query.includes(':')) {
        try {
          return { kind: 'address', id: encodeAddress(decodeAddress(query, prefix)) };
        } catch (error) {
          if (error instanceof AddressError) return { kind: 'none', reason: error.message };
          throw error;
        }
      }
      if (/^[0-9a-fA-F]+$/.test(query)) {
        return {
          kind: 'none',
          reason: `A block hash or transaction ID is 64 hex characters; this has ${query.length}.`,
        };
      }
      return {
        kind: 'none',
        reason: `Not a block hash, transaction ID or address (addresses on this network start with "${prefix}:").`,
      };
    },

    async getRecentBlocks(raw) {
      const limit = wholeNumberParam(paramsObject(raw).limit, 'limit', EXPLORER_LIMITS.recentBlocks);
      return transactionIndex.recentBlocks(limit).map((row): BlockSummaryJson => ({
        hash: row.hash,
        timestamp: row.timestamp,
        daaScore: row.daaScore,
        blueScore: row.blueScore,
        transactionCount: row.transactionCount ?? 0,
        isChainBlock: row.merge?.mergedBy === row.hash,
        color: colorOf(row.merge),
      }));
    },

    async getDagBlocks(raw) {
      const limit = wholeNumberParam(paramsObject(raw).limit, 'limit', EXPLORER_LIMITS.dagBlocks);
      const rows = transactionIndex.recentBlocks(limit);
      const blocks = rows.reverse().map((row): DagBlockJson => ({
        hash: row.hash,
        daaScore: row.daaScore,
        blueScore: row.blueScore,
        timestamp: row.timestamp,
        parents: row.parents,
        selectedParent: row.selectedParent,
        isChainBlock: row.merge?.mergedBy === row.hash,
        color: colorOf(row.merge),
      }));
      return { sink: consensus.sink(), blocks };
    },

    async estimateNetworkHashesPerSecond(raw) {
      const windowSize = wholeNumberParam(paramsObject(raw).windowSize, 'windowSize', EXPLORER_LIMITS.hashRateWindow);
      return { hashesPerSecond: estimateNetworkHashesPerSecond(consensus, windowSize) };
    },
  };
}
