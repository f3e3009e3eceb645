import type {
  BanJson,
  CoreApi,
  HistoryRowJson,
  MempoolEntryJson,
  MethodParams,
  MethodResult,
  MiningStatus,
  NodeMethod,
  SubmitBlockResult,
  UtxoJson,
} from '../../../src-shared/api.ts';
import { readPackageVersion } from '../../cli/version.ts';
import type { ImportOutcome } from '../chain/block-import-queue.ts';
import { decodeBlock, encodeBlock } from '../consensus/codec/block-codec.ts';
import { decodeTransaction } from '../consensus/codec/tx-codec.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { DecodeError } from '../errors.ts';
import { hexToBytes } from '../encoding/hex.ts';
import type { DagwalletNode } from '../node.ts';
import type { P2PService } from '../p2p/p2p-service.ts';
import type { BanRecord } from '../p2p/peer-store/peer-store.ts';
import { ApiError } from './api-error.ts';
import { paramsObject } from './params.ts';
import { scriptFromJson, scriptToJson } from './script-json.ts';
import { dagApiHandlers } from './dag-api-handlers.ts';
import { explorerApiHandlers } from './explorer-api-handlers.ts';
import { hostApiHandlers } from './host-api-handlers.ts';
import { walletApiHandlers } from './wallet-api-handlers.ts';

/** Scripts one call may ask about: a wallet with thousands of addresses fits, a flood does not. */
const MAX_SCRIPTS_PER_CALL = 10_000;
/** Transactions one history call returns at most (a transaction's rows are never split). */
const MAX_HISTORY_TRANSACTIONS = 10_000;
/** Hex characters of the largest block or transaction the API decodes (the codecs bound them again). */
const MAX_HEX_CHARS = 2 * 8 * 1024 * 1024;

export type ApiHandlers = { [M in NodeMethod]: (params: MethodParams<M>) => Promise<MethodResult<M>> };
/** Handlers of one group of methods (a part of NodeApi). */
export type HandlersOf<Api> = { [M in keyof Api & NodeMethod]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

function scripts(params: Record<string, unknown>): ScriptPublicKey[] {
  const list = params.scripts;
  if (!Array.isArray(list)) throw new ApiError('BAD_PARAMS', 'scripts must be a list of script hex strings');
  if (list.length > MAX_SCRIPTS_PER_CALL)
    throw new ApiError('BAD_PARAMS', `at most ${MAX_SCRIPTS_PER_CALL} scripts per call`);
  return list.map((text, i) => scriptFromJson(text, `scripts[${i}]`));
}

function hexBytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || value.length > MAX_HEX_CHARS || value.length % 2 !== 0 || !/^[0-9a-f]*$/.test(value))
    throw new ApiError('BAD_PARAMS', `${field} must be lowercase hex of at most ${MAX_HEX_CHARS / 2} bytes`);
  return hexToBytes(value);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200)
    throw new ApiError('BAD_PARAMS', `${field} must be a non-empty string`);
  return value;
}

function withP2P(node: DagwalletNode): P2PService {
  if (!node.p2p) throw new ApiError('UNAVAILABLE', 'this node runs without P2P');
  return node.p2p;
}

function banJson(record: BanRecord): BanJson {
  return {
    peerId: record.peerId ?? null,
    ip: record.ip ?? null,
    reason: record.reason,
    bannedAt: record.bannedAt,
    expiresAt: record.expiresAt,
  };
}

function decoded<T>(decode: () => T, what: string): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof DecodeError) throw new ApiError('BAD_PARAMS', `${what} does not decode: ${error.message}`);
    throw error;
  }
}

function submitResult(outcome: ImportOutcome): SubmitBlockResult {
  switch (outcome.status) {
    case 'accepted':
      return outcome.utxo.status === 'valid'
        ? { hash: outcome.hash, status: 'accepted' }
        : { hash: outcome.hash, status: 'accepted', code: outcome.utxo.code, reason: outcome.utxo.reason };
    case 'known':
      return { hash: outcome.hash, status: 'known' };
    case 'waiting':
      return { hash: outcome.hash, status: 'waiting', reason: `missing parents ${outcome.missing.join(', ')}` };
    case 'rejected':
      return { hash: outcome.hash, status: 'rejected', code: outcome.error.code, reason: outcome.error.message };
  }
}

export function miningStatus(node: DagwalletNode): MiningStatus {
  const miner = node.miner;
  return {
    running: miner?.running ?? false,
    address: node.minerAddress ?? null,
    threads: miner?.threads ?? 0,
    hashesPerSecond: miner?.hashRate ?? 0,
    blocksFound: node.blocksFound,
  };
}

/** Every method of the API over one node: the core's, Kaspa's RPC set, the hosted wallet's, the explorer's and the host's. */
export function nodeApiHandlers(node: DagwalletNode): ApiHandlers {
  return {
    ...coreApiHandlers(node),
    ...dagApiHandlers(node),
    ...walletApiHandlers(node),
    ...explorerApiHandlers(node),
    ...hostApiHandlers(node),
  };
}

/** The node's core methods; every param is checked here, at the door. */
export function coreApiHandlers(node: DagwalletNode): HandlersOf<CoreApi> {
  const { consensus, mempool, index, params } = node;
  const version = readPackageVersion();
  return {
    async getInfo() {
      const sink = consensus.sink();
      const sinkHeader = consensus.header(sink);
      const virtual = consensus.virtualState();
      return {
        network: params.name,
        version,
        addressPrefix: params.addressPrefix,
        sink,
        sinkBlueScore: consensus.ghostdagData(sink)?.blueScore ?? 0,
        sinkTimestamp: sinkHeader?.timestamp ?? 0,
        virtualDaaScore: virtual.daaScore,
        virtualBlueScore: virtual.blueScore,
        blockCount: consensus.blockCount(),
        tipCount: consensus.tips().length,
        coinbaseMaturity: params.coinbaseMaturity,
        mempoolSize: mempool.size,
        mining: miningStatus(node),
        peerCount: node.p2p?.peers().length ?? 0,
        sync: node.p2p?.isSyncing ? (node.p2p.syncProgress ?? null) : null,
      };
    },
    async getUtxosByScripts(raw) {
      return index.utxosByScripts(scripts(paramsObject(raw))).map(({ outpoint, entry }): UtxoJson => ({
        outpoint,
        amount: entry.amount.toString(),
        scriptPublicKey: scriptToJson(entry.scriptPublicKey),
        blockDaaScore: entry.blockDaaScore,
        isCoinbase: entry.isCoinbase,
      }));
    },
    async getHistory(raw) {
      const input = paramsObject(raw);
      const limit = input.limit === undefined ? MAX_HISTORY_TRANSACTIONS : input.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_TRANSACTIONS)
        throw new ApiError('BAD_PARAMS', `limit must be a whole number from 1 to ${MAX_HISTORY_TRANSACTIONS}`);
      return index.history(scripts(input), { limit }).map((row): HistoryRowJson => ({
        scriptPublicKey: scriptToJson({ version: row.scriptVersion, script: hexToBytes(row.scriptHex) }),
        transactionId: row.transactionId,
        acceptingBlock: row.acceptingBlock,
        acceptingBlueScore: row.acceptingBlueScore,
        timestamp: row.timestamp,
        received: row.received.toString(),
        sent: row.sent.toString(),
        fee: row.fee.toString(),
        isCoinbase: row.isCoinbase,
      }));
    },
    async areScriptsUsed(raw) {
      return index.isUsed(scripts(paramsObject(raw)));
    },
    async getMempoolEntries(raw) {
      const input = paramsObject(raw);
      const wanted = input.scripts === undefined ? undefined : new Set(scripts(input).map(scriptToJson));
      const virtualUtxo = consensus.virtualState().utxo;
      const spentScript = (outpoint: string): string | undefined => {
        const entry = virtualUtxo.get(outpoint);
        if (entry) return scriptToJson(entry.scriptPublicKey);
        const [txid, index] = outpoint.split(':');
        const parent = mempool.get(txid as string);
        const output = parent?.tx.outputs[Number(index)];
        return output ? scriptToJson(output.scriptPublicKey) : undefined;
      };
      const entries: MempoolEntryJson[] = [];
      for (const entry of mempool.entries()) {
        const spends = entry.tx.inputs.map((input) =>
          outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index),
        );
        const outputs = entry.tx.outputs.map((output, i) => ({
          index: i,
          amount: output.value.toString(),
          scriptPublicKey: scriptToJson(output.scriptPublicKey),
        }));
        const relevant =
          wanted === undefined ||
          outputs.some((output) => wanted.has(output.scriptPublicKey)) ||
          spends.some((outpoint) => wanted.has(spentScript(outpoint) ?? ''));
        if (relevant)
          entries.push({ transactionId: entry.id, fee: entry.fee.toString(), mass: entry.mass, spends, outputs });
      }
      return entries;
    },
    async submitTransaction(raw) {
      const bytes = hexBytes(paramsObject(raw).transaction, 'transaction');
      const tx = decoded(() => decodeTransaction(bytes), 'transaction');
      const result = node.submitTransaction(tx);
      return { transactionId: result.id, status: result.status };
    },
    async getBlockTemplate(raw) {
      const template = node.templates.build(text(paramsObject(raw).payAddress, 'payAddress'));
      return {
        block: Buffer.from(encodeBlock({ header: template.header, transactions: [...template.transactions] })).toString(
          'hex',
        ),
        bits: template.header.bits,
      };
    },
    async submitBlock(raw) {
      const bytes = hexBytes(paramsObject(raw).block, 'block');
      const block = decoded(() => decodeBlock(bytes), 'block');
      return submitResult(await node.submitBlock(block, 'api'));
    },
    async startMining(raw) {
      const input = paramsObject(raw);
      const threads = input.threads;
      if (
        threads !== undefined &&
        (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 256)
      )
        throw new ApiError('BAD_PARAMS', 'threads must be a whole number from 1 to 256');
      await node.startMining(text(input.address, 'address'), threads);
      return miningStatus(node);
    },
    async stopMining() {
      await node.stopMining();
      return miningStatus(node);
    },
    async getConnectedPeerInfo() {
      return node.p2p?.peers() ?? [];
    },
    async getPeerAddresses() {
      const p2p = node.p2p;
      return {
        listen: p2p?.listenAddresses ?? [],
        known: p2p?.knownAddressCount() ?? 0,
        bans: (p2p?.bans() ?? []).map(banJson),
      };
    },
    async addPeer(raw) {
      const address = text(paramsObject(raw).address, 'address');
      withP2P(node).addPeer(address);
      return { added: true };
    },
    async ban(raw) {
      const input = paramsObject(raw);
      const peerId = text(input.peerId, 'peerId');
      const reason = input.reason === undefined ? 'banned by the user' : text(input.reason, 'reason');
      const duration = input.durationMs;
      if (duration !== undefined && (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1))
        throw new ApiError('BAD_PARAMS', 'durationMs must be a whole number of milliseconds');
      return banJson(withP2P(node).ban(peerId, reason, duration));
    },
    async unban(raw) {
      return { removed: withP2P(node).unban(text(paramsObject(raw).target, 'target')) };
    },
  };
}
