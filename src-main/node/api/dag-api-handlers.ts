/**
 * Kaspa's RPC method set (rusty-kaspa rpc/core model/message.rs, served by rpc/service
 * service.rs), JSON-shaped as src-shared/api.ts DagApi says. Every param is checked here, at the
 * door: a malformed hash, address or number is BAD_PARAMS, a well-formed one the node does not
 * know is NOT_FOUND. Unknown fields are ignored, as rusty-kaspa's JSON decoding does.
 *
 * Where ours differs from rusty-kaspa, and why:
 * - getBlockDagInfo: `difficulty` is the sink's (rusty-kaspa takes the virtual's bits, which the
 *   next block will carry; the sink's is the difficulty of the newest block that exists).
 *   `pruningPointHash` is the pruning point the sink's header commits to: this node never prunes.
 * - getBlocks: a page of the whole DAG in (blue score, hash) order starting at lowHash, header-only
 *   blocks included, so a caller pages by handing the last hash back (it comes again as the next
 *   page's first, as rusty-kaspa also repeats lowHash; pages of one make no progress). rusty-kaspa
 *   instead returns lowHash and the blocks between it and the sink, bounded by the mergeset size
 *   limit, plus the sink's anticone.
 * - getHeaders: rusty-kaspa and kaspad answer "not implemented"; ours walks the selected parent
 *   chain from startHash down, or up the current selected chain (startHash must be on it).
 * - getMempoolEntry: an orphan's fee is unknown until its parents come, so it says "0".
 * - getVirtualChainFromBlock: `added` is capped at 10,000 blocks (rusty-kaspa: ten mergeset size
 *   limits), and with accepted IDs also at about 10,000 merged blocks, like rusty-kaspa's bound.
 *   minConfirmationCount is not offered.
 * - getBalanceByAddress / getBalancesByAddresses: an address without outputs has balance "0"
 *   (rusty-kaspa leaves it out). getUtxosByAddresses lists by address in the order asked, then by
 *   DAA score and outpoint (rusty-kaspa leaves the order open).
 * - getCoinSupply: maxSompi is the subsidy schedule summed exactly (coin-supply.ts), not
 *   rusty-kaspa's round MAX_SOMPI bound.
 * - getFeeEstimate: rusty-kaspa's model (fee-estimator.ts) over our pool, uncached.
 * - shutDown: allowed whenever the API is (rusty-kaspa refuses it unless run with --unsafe-rpc; our
 *   API is loopback with a token already). The reply is written first, then the node stops.
 */
import type {
  BlockDagInfoJson,
  DagApi,
  HeaderJson,
  MempoolEntryJson,
  UtxoByAddressJson,
  VirtualChainJson,
} from '../../../src-shared/api.ts';
import {
  type Address,
  AddressError,
  type AddressPrefix,
  addressToScriptPublicKey,
  decodeAddress,
  encodeAddress,
} from '../consensus/address.ts';
import { compactToTarget } from '../consensus/difficulty/compact.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { bytesToHex } from '../encoding/hex.ts';
import type { DagwalletNode } from '../node.ts';
import { blobToKey, keyToBlob } from '../store/key-bytes.ts';
import { ApiError } from './api-error.ts';
import { badParams, hashParam, optionalBoolean, paramsObject, wholeNumberParam } from './params.ts';
import { CirculatingSupply, maxSompi } from './coin-supply.ts';
import { explorerViews, headerJson } from './explorer-api-handlers.ts';
import { estimateFeeRates } from './fee-estimator.ts';
import type { HandlersOf } from './node-api-handlers.ts';
import { scriptToJson } from './script-json.ts';

export const DAG_API_LIMITS = {
  blocks: { default: 100, max: 1_000 },
  headers: { default: 100, max: 1_000 },
  /** Chain blocks one getVirtualChainFromBlock adds at most; ask again from the last for more. */
  virtualChainBlocks: 10_000,
  /** With accepted IDs: merged blocks whose acceptance one answer reads at most (one chain block always). */
  virtualChainMergedBlocks: 10_000,
  /** Addresses one call may name: a wallet with thousands fits, a flood does not. */
  addresses: 10_000,
} as const;

/** Longer than any address: pasted junk is refused before it is decoded or quoted back. */
const MAX_ADDRESS_CHARS = 200;

/** Addresses on this network, strictly: a wrong prefix or a bad checksum names the address and why. */
function addresses(value: unknown, field: string, prefix: AddressPrefix): Address[] {
  if (!Array.isArray(value)) throw badParams(`${field} must be a list of addresses`);
  if (value.length > DAG_API_LIMITS.addresses)
    throw badParams(`${field} may name at most ${DAG_API_LIMITS.addresses.toLocaleString('en-US')} addresses`);
  return value.map((text, i) => address(text, `${field}[${i}]`, prefix));
}

function address(text: unknown, field: string, prefix: AddressPrefix): Address {
  if (typeof text !== 'string' || text.length > MAX_ADDRESS_CHARS)
    throw badParams(`${field} must be an address of at most ${MAX_ADDRESS_CHARS} characters`);
  try {
    return decodeAddress(text, prefix);
  } catch (error) {
    if (error instanceof AddressError)
      throw badParams(`${field} ${JSON.stringify(text)} is not an address here: ${error.message}`);
    throw error;
  }
}

function spendsOf(tx: Transaction): string[] {
  return tx.inputs.map((input) => outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index));
}

function outputsOf(tx: Transaction): MempoolEntryJson['outputs'] {
  return tx.outputs.map((output, index) => ({
    index,
    amount: output.value.toString(),
    scriptPublicKey: scriptToJson(output.scriptPublicKey),
  }));
}

/** Kaspa's RPC methods over one node (see the file comment for where they differ from rusty-kaspa's). */
export function dagApiHandlers(node: DagwalletNode): HandlersOf<DagApi> {
  const { consensus, mempool, params, index, transactionIndex } = node;
  const db = consensus.store.db;
  const views = explorerViews(node);
  const countHeaders = db.prepare<[], number>('SELECT count(*) FROM blocks').pluck();
  // The (blue score, hash) order from a position on; the blue score index finds the start.
  const blocksFrom = db
    .prepare<[number, number, Buffer, number], Buffer>(
      `SELECT hash FROM blocks WHERE blue_score >= ? AND (blue_score > ? OR hash >= ?)
       ORDER BY blue_score, hash LIMIT ?`,
    )
    .pluck();
  const circulating = new CirculatingSupply(consensus, db);
  const supplyCap = maxSompi(params).toString();

  const known = (block: BlockKey, field: string): BlockKey => {
    if (!consensus.has(block)) throw new ApiError('NOT_FOUND', `${field}: no block ${block} is known to this node`);
    return block;
  };

  const ghostdagOf = (block: BlockKey) => {
    const data = consensus.ghostdagData(block);
    if (data === undefined) throw new ApiError('NOT_FOUND', `no block ${block} is known to this node`);
    return data;
  };

  /** Whether the block is on the current selected chain (the index is brought to the sink first). */
  const onSelectedChain = (block: BlockKey): boolean =>
    transactionIndex.chainBlockAt(ghostdagOf(block).blueScore) === block;

  /**
   * Up to `count` blocks of the current selected chain above blue score `above`, oldest first.
   * Blue scores along the chain grow by the number of mergeset blues (at most k + 1), so the walk
   * over scores looks up at most k + 1 scores per block found.
   */
  const chainBlocksAbove = (above: number, count: number, keepGoing: (block: BlockKey) => boolean = () => true) => {
    const sinkScore = ghostdagOf(consensus.sink()).blueScore;
    const found: BlockKey[] = [];
    for (let score = above + 1; score <= sinkScore && found.length < count; score++) {
      const block = transactionIndex.chainBlockAt(score);
      if (block === undefined) continue;
      if (!keepGoing(block)) break;
      found.push(block);
    }
    return found;
  };

  const headerOf = (block: BlockKey): HeaderJson => {
    const header = consensus.header(block);
    if (header === undefined) throw new ApiError('NOT_FOUND', `no block ${block} is known to this node`);
    return headerJson(block, header);
  };

  const acceptedIdsOf = (block: BlockKey): string[] => {
    const state = consensus.utxoState(block);
    if (state?.status !== 'valid') return [];
    return state.acceptance.flatMap((merged) =>
      merged.transactions.filter((tx) => tx.accepted).map((tx) => bytesToHex(tx.id)),
    );
  };

  /** The virtual's unspent outputs paying each address, grouped in the order the addresses were asked. */
  const utxosOf = (asked: readonly Address[]) => {
    const byScript = new Map<string, { address: string; script: ReturnType<typeof addressToScriptPublicKey> }>();
    for (const each of asked) {
      const script = addressToScriptPublicKey(each);
      byScript.set(scriptToJson(script), { address: encodeAddress(each), script });
    }
    const grouped = new Map<string, UtxoByAddressJson[]>([...byScript.keys()].map((key) => [key, []]));
    const found = index.utxosByScripts([...byScript.values()].map((each) => each.script));
    for (const { outpoint, entry } of found) {
      const key = scriptToJson(entry.scriptPublicKey);
      const owner = byScript.get(key);
      if (owner === undefined) continue;
      grouped.get(key)?.push({
        address: owner.address,
        outpoint,
        amount: entry.amount.toString(),
        scriptPublicKey: key,
        blockDaaScore: entry.blockDaaScore,
        isCoinbase: entry.isCoinbase,
      });
    }
    for (const list of grouped.values())
      list.sort(
        (x, y) => x.blockDaaScore - y.blockDaaScore || (x.outpoint < y.outpoint ? -1 : x.outpoint > y.outpoint ? 1 : 0),
      );
    return grouped;
  };

  const balancesOf = (asked: readonly Address[]): { address: string; balance: string }[] => {
    const grouped = utxosOf(asked);
    return asked.map((each) => {
      const list = grouped.get(scriptToJson(addressToScriptPublicKey(each))) ?? [];
      return {
        address: encodeAddress(each),
        balance: list.reduce((sum, utxo) => sum + BigInt(utxo.amount), 0n).toString(),
      };
    });
  };

  return {
    async getBlockDagInfo(raw) {
      paramsObject(raw);
      const sink = consensus.sink();
      const sinkHeader = consensus.header(sink);
      const virtual = consensus.virtualState();
      // rusty-kaspa get_difficulty_ratio: the easiest target over the block's target.
      const difficulty = sinkHeader ? Number(params.powMax) / Number(compactToTarget(sinkHeader.bits)) : 1;
      const info: BlockDagInfoJson = {
        network: params.name,
        blockCount: consensus.blockCount(),
        headerCount: countHeaders.get() as number,
        tipHashes: consensus.tips(),
        difficulty: Number.isFinite(difficulty) ? difficulty : 0,
        pastMedianTime: virtual.pastMedianTime,
        virtualParentHashes: [...virtual.parents],
        pruningPointHash: sinkHeader ? bytesToHex(sinkHeader.pruningPoint) : consensus.genesis,
        virtualDaaScore: virtual.daaScore,
        sink,
      };
      return info;
    },

    async getBlocks(raw) {
      const input = paramsObject(raw);
      const low =
        input.lowHash === undefined ? consensus.genesis : known(hashParam(input.lowHash, 'lowHash'), 'lowHash');
      const includeBlocks = optionalBoolean(input.includeBlocks, 'includeBlocks') ?? false;
      const count = wholeNumberParam(input.limit, 'limit', DAG_API_LIMITS.blocks);
      const { blueScore } = ghostdagOf(low);
      const blockHashes = (blocksFrom.all(blueScore, blueScore, keyToBlob(low), count) as Buffer[]).map(blobToKey);
      return { blockHashes, blocks: includeBlocks ? blockHashes.map((block) => views.blockJson(block)) : [] };
    },

    async getHeaders(raw) {
      const input = paramsObject(raw);
      const start = known(hashParam(input.startHash, 'startHash'), 'startHash');
      const count = wholeNumberParam(input.limit, 'limit', DAG_API_LIMITS.headers);
      const ascending = optionalBoolean(input.isAscending, 'isAscending') ?? false;
      if (ascending) {
        if (!onSelectedChain(start))
          throw badParams(`startHash ${start} is not on the selected chain: headers go up along that chain only`);
        const above = chainBlocksAbove(ghostdagOf(start).blueScore, count - 1);
        return { headers: [start, ...above].map(headerOf) };
      }
      const blocks: BlockKey[] = [];
      for (let block = start; blocks.length < count;) {
        blocks.push(block);
        if (block === consensus.genesis) break;
        block = ghostdagOf(block).selectedParent;
      }
      return { headers: blocks.map(headerOf) };
    },

    async getMempoolEntry(raw) {
      const input = paramsObject(raw);
      const id = hashParam(input.transactionId, 'transactionId');
      const includeOrphans = optionalBoolean(input.includeOrphanPool, 'includeOrphanPool') ?? false;
      const entry = mempool.get(id);
      if (entry !== undefined) {
        return {
          transactionId: id,
          fee: entry.fee.toString(),
          mass: entry.mass,
          spends: spendsOf(entry.tx),
          outputs: outputsOf(entry.tx),
          isOrphan: false,
        };
      }
      const orphan = includeOrphans ? mempool.orphan(id) : undefined;
      if (orphan !== undefined) {
        return {
          transactionId: id,
          fee: '0',
          mass: orphan.mass,
          spends: spendsOf(orphan.tx),
          outputs: outputsOf(orphan.tx),
          isOrphan: true,
        };
      }
      throw new ApiError(
        'NOT_FOUND',
        `no transaction ${id} is in the mempool${includeOrphans ? ' or its orphan pool' : ''}`,
      );
    },

    async getVirtualChainFromBlock(raw) {
      const input = paramsObject(raw);
      const start = known(hashParam(input.startHash, 'startHash'), 'startHash');
      const withIds = optionalBoolean(input.includeAcceptedTransactionIds, 'includeAcceptedTransactionIds') ?? false;
      // rusty-kaspa calculate_chain_path: down startHash's own chain until a block of the current one.
      const removed: BlockKey[] = [];
      let common = start;
      while (!onSelectedChain(common)) {
        removed.push(common);
        common = ghostdagOf(common).selectedParent;
      }
      // Reading acceptances costs per merged block: with IDs, stop before passing the bound (rusty-kaspa
      // bounds by merged blocks too), though the first chain block always comes.
      let merged = 0;
      const withinBound = (block: BlockKey): boolean => {
        if (!withIds) return true;
        const data = ghostdagOf(block);
        const size = data.mergesetBlues.length + data.mergesetReds.length;
        if (merged > 0 && merged + size > DAG_API_LIMITS.virtualChainMergedBlocks) return false;
        merged += size;
        return true;
      };
      const added = chainBlocksAbove(ghostdagOf(common).blueScore, DAG_API_LIMITS.virtualChainBlocks, withinBound);
      const chain: VirtualChainJson = {
        removedChainBlockHashes: removed,
        addedChainBlockHashes: added,
        acceptedTransactionIds: withIds
          ? added.map((block) => ({ acceptingBlockHash: block, acceptedTransactionIds: acceptedIdsOf(block) }))
          : [],
      };
      return chain;
    },

    async getSink(raw) {
      paramsObject(raw);
      return { sink: consensus.sink() };
    },

    async getSinkBlueScore(raw) {
      paramsObject(raw);
      return { blueScore: ghostdagOf(consensus.sink()).blueScore };
    },

    async getUtxosByAddresses(raw) {
      const asked = addresses(paramsObject(raw).addresses, 'addresses', params.addressPrefix);
      return [...utxosOf(asked).values()].flat();
    },

    async getBalanceByAddress(raw) {
      const asked = address(paramsObject(raw).address, 'address', params.addressPrefix);
      return { balance: (balancesOf([asked])[0] as { balance: string }).balance };
    },

    async getBalancesByAddresses(raw) {
      return balancesOf(addresses(paramsObject(raw).addresses, 'addresses', params.addressPrefix));
    },

    async getCoinSupply(raw) {
      paramsObject(raw);
      return { maxSompi: supplyCap, circulatingSompi: circulating.sompi().toString() };
    },

    async getFeeEstimate(raw) {
      paramsObject(raw);
      return estimateFeeRates({
        ready: mempool.entries().filter((entry) => entry.parents.length === 0),
        blocksPerSecond: 1000 / params.targetTimePerBlockMs,
        maxBlockMass: params.maxBlockMass,
        minimumFeeRate: Number(mempool.minimumRelayFeeRate) / 1000,
      });
    },

    async shutDown(raw) {
      paramsObject(raw);
      node.requestShutdown();
      return { shuttingDown: true };
    },
  };
}
