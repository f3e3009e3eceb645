import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type NodeConfig, networkDir } from './config/config.ts';
import { networkParams } from './config/networks.ts';
import {
  BlockImportQueue,
  type BlockSource,
  type BlockWithBody,
  type ImportOutcome,
} from './chain/block-import-queue.ts';
import type { ChainChangedEvent } from './consensus/chain-changed.ts';
import { Consensus } from './consensus/consensus.ts';
import type { Transaction } from './consensus/model/transaction.ts';
import { genesisBlock } from './consensus/params/genesis.ts';
import type { ConsensusParams } from './consensus/params/params.ts';
import { AddressIndex } from './index/address-index.ts';
import { TransactionIndex } from './index/transaction-index.ts';
import { Mempool } from './mempool/mempool.ts';
import { inProcessApi, WalletHost } from './wallet/wallet-host.ts';
import { BlockTemplateBuilder } from './mining/block-template-builder.ts';
import { Miner } from './mining/miner.ts';
import { ConsensusStore } from './store/consensus-store.ts';
import { NodeEvents } from './node-events.ts';
import { NodeLog } from './log/node-log.ts';
import { logNodeEvents } from './log/node-log-feed.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { RpcServer } from './api/json-rpc/rpc-server.ts';
import { nodeApiHandlers } from './api/node-api-handlers.ts';
import { RestApi } from './api/rest/rest-api.ts';
import { removeEndpoint, writeEndpoint } from './api/node-endpoint.ts';
import { NodeNotifications } from './api/ws/node-notifications.ts';
import { WsRpcServer } from './api/ws/ws-rpc-server.ts';
import { StaticUi } from './api/ui/static-ui.ts';
import { MqttService, type MqttTuning } from './api/mqtt/mqtt-service.ts';
import { P2PService, type P2POptions } from './p2p/p2p-service.ts';
import { type NetworkName, userAgent } from './p2p/wire/protocol.ts';

export interface NodeOptions {
  /** The app's version: mined coinbases carry `dagwallet/<version>`, the P2P handshake `/dagwallet:<version>/`. */
  version?: string;
  /** Milliseconds since the epoch; tests may pin it. */
  now?: () => number;
  /** Serve the local API (default true); in-process tests may do without. */
  rpc?: boolean;
  /** Serve the built UI from this folder (it holds index.html) on the local API's port. */
  uiDir?: string;
  /** Join the P2P network (default true). */
  p2p?: boolean;
  /** P2P settings beyond the config (shorter timers in tests). */
  p2pTuning?: Pick<P2POptions, 'timings' | 'dialIntervalMs' | 'banDurationMs' | 'maxInbound' | 'log'>;
  /**
   * Publish notifications over MQTT as `config.mqtt` says (default false): the CLI's node and the
   * app's turn it on; nodes embedded elsewhere (tests above all, many at once) stay off the
   * config's fixed broker port unless they ask.
   */
  mqtt?: boolean;
  /** MQTT settings beyond the config (shorter reconnect delays, a smaller queue in tests). */
  mqttTuning?: MqttTuning;
}

/**
 * The composition root (DESIGN: node.ts): builds the node's object graph in dependency order
 * and closes it in reverse. Everything below takes its dependencies in its constructor.
 */
export class DagwalletNode {
  readonly config: NodeConfig;
  readonly params: ConsensusParams;
  readonly dir: string;
  readonly store: ConsensusStore;
  readonly consensus: Consensus;
  readonly index: AddressIndex;
  readonly transactionIndex: TransactionIndex;
  readonly mempool: Mempool;
  readonly imports: BlockImportQueue;
  readonly templates: BlockTemplateBuilder;
  /** The wallet the node hosts for its UI; closing the node locks it. */
  readonly wallet: WalletHost;
  readonly events = new NodeEvents();
  /** What the node did, in words: the terminal and the Logs screen both print from here. */
  readonly log: NodeLog;
  #miner: Miner | undefined;
  #minerAddress: string | undefined;
  #blocksFound = 0;
  #closed = false;
  /** Set by a chain change during the import being reported. */
  #chainMoved = false;
  #rpc: RpcServer | undefined;
  #mqtt: MqttService | undefined;
  #ws: WsRpcServer | undefined;
  #p2p: P2PService | undefined;
  readonly #unlock: () => void;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #shutdownListeners = new Set<() => void>();
  #shutdownRequested = false;

  private constructor(config: NodeConfig, options: NodeOptions) {
    this.log = new NodeLog(this.events, { now: options.now });
    this.config = config;
    this.params = networkParams(config.network);
    this.dir = networkDir(config);
    this.log.info(
      'node',
      `starting dagwallet ${options.version ?? 'dev'} on ${config.network}, data folder ${this.dir}`,
    );
    mkdirSync(this.dir, { recursive: true });
    const genesis = genesisBlock(this.params.genesis);
    this.#unlock = lockDataDir(this.dir);
    try {
      this.store = ConsensusStore.open(join(this.dir, 'consensus.sqlite'));
    } catch (error) {
      this.#unlock();
      throw error;
    }
    try {
      this.consensus = new Consensus(this.store, {
        params: this.params,
        genesis: genesis.header,
        genesisTransactions: [genesis.coinbase],
        now: options.now,
      });
      this.index = new AddressIndex(this.consensus);
      this.transactionIndex = new TransactionIndex(this.consensus);
      this.mempool = new Mempool(this.consensus, options.now ? { now: options.now } : {});
      this.imports = new BlockImportQueue(this.consensus);
      this.templates = new BlockTemplateBuilder(this.consensus, this.mempool, {
        now: options.now,
        extraData: new TextEncoder().encode(`dagwallet/${options.version ?? 'dev'}`),
      });
      this.wallet = new WalletHost({
        dir: this.dir,
        params: this.params,
        events: this.events,
        api: inProcessApi(this),
      });
    } catch (error) {
      this.store.close();
      this.#unlock();
      throw error;
    }
    this.#unsubscribe.push(
      logNodeEvents(this.log, this.events, { now: options.now }),
      this.log.captureProcessWarnings(),
      this.consensus.onChainChanged((event) => this.#chainChanged(event)),
      this.imports.onOutcome((outcome, block) => this.#imported(outcome, block)),
      this.mempool.onChange((change) => this.events.emit('mempoolChanged', change)),
    );
  }

  static async start(config: NodeConfig, options: NodeOptions = {}): Promise<DagwalletNode> {
    const node = new DagwalletNode(config, options);
    try {
      if (options.mqtt ?? false) node.#mqtt = await MqttService.start(node, config.mqtt, options.mqttTuning);
      if (options.rpc ?? true) {
        const handlers = nodeApiHandlers(node);
        const ui = options.uiDir === undefined ? undefined : new StaticUi(options.uiDir);
        // The REST API (Kasparov's endpoints) on the same port, before the UI's files.
        node.#rpc = await RpcServer.listen(handlers, config.rpcPort, ui, new RestApi(node, handlers), {
          host: config.rpcListen,
          rateLimit: config.rateLimit,
        });
        // The same API over WebSocket at /ws on the same port, with live notifications.
        node.#ws = WsRpcServer.attach(node.#rpc, handlers, new NodeNotifications(node));
        writeEndpoint(node.dir, {
          url: node.#rpc.url,
          token: node.#rpc.token,
          pid: process.pid,
          ...(node.#mqtt ? { mqtt: node.#mqtt.url } : {}),
        });
      }
      if (options.p2p ?? true) node.#p2p = await node.#startP2P(options);
      node.log.info('api', node.#rpc ? `local API at ${node.#rpc.url}` : 'local API off');
      if (node.#rpc && !node.#rpc.policy.loopbackOnly)
        node.log.warn(
          'api',
          `the API listens on ${config.rpcListen}, reachable from the network: every API request needs the token`,
        );
      if (options.mqtt ?? false) node.log.info('api', node.#mqtt ? `MQTT: ${node.#mqtt.description}` : 'MQTT off');
      const listening = node.#p2p?.listenAddresses ?? [];
      node.log.info(
        'p2p',
        !node.#p2p
          ? 'P2P off'
          : listening.length > 0
            ? `listening on ${listening.join(', ')}`
            : `not listening (peer id ${node.#p2p.peerId})`,
      );
      if (config.mining.address) await node.startMining(config.mining.address, config.mining.threads);
    } catch (error) {
      await node.close();
      throw error;
    }
    return node;
  }

  #startP2P(options: NodeOptions): Promise<P2PService> {
    return P2PService.start(
      {
        network: this.params.name as NetworkName,
        dir: this.dir,
        listen: this.config.listen,
        peers: this.config.peers,
        mdns: this.config.mdns,
        targetOutbound: this.config.outboundPeers,
        userAgent: userAgent(options.version ?? 'dev'),
        now: options.now,
        // Its warnings (misbehaving peers, a sync cut short) are worth a line; the rest repeats events.
        log: (level, message) => {
          if (level === 'warn') this.log.warn('p2p', message);
        },
        ...options.p2pTuning,
      },
      this,
    );
  }

  #chainChanged(event: ChainChangedEvent): void {
    this.#chainMoved = true;
    this.mempool.handleChainChanged(event);
    this.events.emit('chainChanged', event);
  }

  #imported(outcome: ImportOutcome, block: BlockWithBody): void {
    if (outcome.status !== 'accepted') return;
    // A block the virtual merges without moving the chain still changes what the virtual spends:
    // the pool re-checks (an empty change means "everything"), and the miner takes the new tip.
    if (!this.#chainMoved) this.mempool.handleChainChanged({ removed: [], added: [] });
    this.#chainMoved = false;
    this.#miner?.newBlock();
    this.events.emit('blockAccepted', { hash: outcome.hash, block, outcome });
  }

  /** Validates a block and, if it is new and valid, commits it: the same path for miner, API and peers. */
  submitBlock(block: BlockWithBody, source: BlockSource = 'api'): Promise<ImportOutcome> {
    return this.imports.submit(block, source);
  }

  /** Validates a transaction against the virtual UTXO set and adds it to the mempool. */
  submitTransaction(tx: Transaction): { id: string; status: 'accepted' | 'orphan' } {
    const result = this.mempool.submit(tx);
    this.events.emit('transactionAccepted', { id: result.id, transaction: tx, status: result.status });
    return result;
  }

  /** The P2P layer, unless the node runs without it. */
  get p2p(): P2PService | undefined {
    return this.#p2p;
  }

  /** The local API's URL, when it is served. */
  get rpcUrl(): string | undefined {
    return this.#rpc?.url;
  }

  /** Where MQTT subscribers connect (the embedded broker, or the external one without credentials), when MQTT is on. */
  get mqttUrl(): string | undefined {
    return this.#mqtt?.url;
  }

  /** The node's MQTT (broker, publisher, stats), when it is on. */
  get mqtt(): MqttService | undefined {
    return this.#mqtt;
  }

  /** The local API's WebSocket URL (same port and token as rpcUrl), when it is served. */
  get wsUrl(): string | undefined {
    return this.#ws?.url;
  }

  /** The UI's address with its token, when the node serves the UI. */
  get uiUrl(): string | undefined {
    return this.#rpc?.uiUrl;
  }

  get miner(): Miner | undefined {
    return this.#miner;
  }

  get minerAddress(): string | undefined {
    return this.#minerAddress;
  }

  get blocksFound(): number {
    return this.#blocksFound;
  }

  /** Starts mining to `address` (validated first), replacing any running miner. */
  async startMining(address: string, threads = this.config.mining.threads): Promise<void> {
    this.templates.build(address); // a bad address or an unusable chain fails here, before threads start
    await this.stopMining();
    const miner = new Miner({
      threads,
      templates: () => this.templates.build(address),
      submit: async (block) => {
        const outcome = await this.submitBlock(block, 'miner');
        if (outcome.status === 'accepted') this.#blocksFound++;
        return outcome;
      },
    });
    miner.onEvent((event) => this.events.emit('mining', event));
    this.#miner = miner;
    this.#minerAddress = address;
    miner.start();
    this.log.info('mining', `mining to ${address} on ${threads} thread(s)`);
  }

  async stopMining(): Promise<void> {
    const miner = this.#miner;
    this.#miner = undefined;
    this.#minerAddress = undefined;
    if (miner) {
      await miner.stop();
      this.log.info('mining', 'mining stopped');
    }
  }

  /**
   * Called when a client asks the node to stop (the API's shutDown): whoever owns the node's
   * lifetime (the CLI, the app's host) runs its own stop path. Returns the unsubscribe function.
   */
  onShutdownRequested(listener: () => void): () => void {
    this.#shutdownListeners.add(listener);
    return () => this.#shutdownListeners.delete(listener);
  }

  /**
   * Asks the node to stop, once. The listeners hear of it on the event loop's next turn, after
   * the reply to the caller has been handed to its socket; with no listener the node closes itself.
   */
  requestShutdown(): void {
    if (this.#shutdownRequested || this.#closed) return;
    this.#shutdownRequested = true;
    this.log.info('node', 'shutdown requested through the API');
    setImmediate(() => {
      if (this.#closed) return;
      if (this.#shutdownListeners.size === 0) {
        this.close().catch((error: unknown) =>
          process.emitWarning(`closing the node failed: ${error instanceof Error ? error.message : String(error)}`),
        );
        return;
      }
      for (const listener of [...this.#shutdownListeners]) {
        try {
          listener();
        } catch (error) {
          process.emitWarning(`a shutdown listener failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
  }

  /** Closes in reverse order of construction; safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.log.info('node', 'stopping the node');
    if (this.#rpc) {
      removeEndpoint(this.dir);
      await this.#rpc.close();
    }
    await this.#mqtt?.close();
    this.wallet.close();
    await this.stopMining();
    await this.#p2p?.stop();
    await this.imports.close();
    for (const unsubscribe of this.#unsubscribe.reverse()) unsubscribe();
    this.transactionIndex.close();
    this.index.close();
    this.store.close();
    this.#unlock();
    this.log.info('node', 'node stopped');
    this.events.emit('closed', {});
  }
}
