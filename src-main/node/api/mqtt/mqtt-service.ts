import type { NodeLog } from '../../log/node-log.ts';
import type { NodeEvents } from '../../node-events.ts';
import { type ExplorerNode, explorerViews } from '../explorer-api-handlers.ts';
import {
  type AddressActivity,
  AddressActivityReader,
  type AddressActivitySource,
  followImports,
} from './address-activity.ts';
import { EmbeddedBroker } from './embedded-broker.ts';
import { ExternalBroker, type RetryDelays } from './external-broker.ts';
import { MqttPublisher, type MqttPublisherStats, type MqttTransport } from './mqtt-publisher.ts';
import { MQTT_TOPICS, type SelectedParentChainJson, type SelectedTipJson, transactionTopic } from './mqtt-topics.ts';

/** config.json's `mqtt`: 'embedded' (a broker in the node on 127.0.0.1:port), 'off', or an external broker's URL. */
export interface MqttSettings {
  broker: string;
  /** The embedded broker's port (0: any free port); an external broker's port is in its URL. */
  port: number;
}

/** Settings tests shorten or shrink. */
export interface MqttTuning {
  /** Delays between attempts to reach an external broker. */
  retry?: RetryDelays;
  /** Messages held while the broker cannot take them. */
  queueLimit?: number;
}

/** What MQTT reads of a node (a DagwalletNode has all of it). */
export interface MqttNode extends ExplorerNode, AddressActivitySource {
  readonly events: NodeEvents;
  readonly log: NodeLog;
}

/**
 * Publishes the node's events on Kasparov's topics. Per imported block: dag/blocks, then
 * transactions/<address> for each of its transactions and each address they touch; then, if the
 * import moved the selected chain, transactions/unaccepted/<address> for what the blocks that
 * left it had accepted, transactions/accepted/<address> for what the blocks that joined accept,
 * dag/selected-parent-chain and dag/selected-tip. Nothing is built while nobody can receive it
 * (an embedded broker without clients).
 */
export function publishNodeEvents(node: MqttNode, publisher: MqttPublisher): () => void {
  const views = explorerViews(node);
  const reader = new AddressActivityReader(node);
  const { consensus, mempool, transactionIndex } = node;
  return followImports(node.events, ({ hash, block, chain }) => {
    if (!publisher.wanted) return;
    // A transaction's JSON says what the node knows of it now: built once per import, sent per address.
    const transactionJsons = new Map<string, string>();
    const publishActivity = (activities: readonly AddressActivity[]): void => {
      for (const { kind, transactionId, transaction, block: activityBlock, addresses } of activities) {
        let json = transactionJsons.get(transactionId);
        if (json === undefined) {
          json = JSON.stringify(
            views.transactionJson(
              transactionId,
              transaction,
              transactionIndex.acceptance(transactionId),
              mempool.has(transactionId),
            ),
          );
          transactionJsons.set(transactionId, json);
        }
        // The state after the change may be "accepted" again: say which chain block let it go.
        const payload =
          kind === 'unaccepted' ? `${json.slice(0, -1)},"unacceptedBy":${JSON.stringify(activityBlock)}}` : json;
        for (const address of addresses) publisher.publish(transactionTopic(kind, address), payload);
      }
    };
    if (block !== undefined) {
      publisher.publish(MQTT_TOPICS.blocks, JSON.stringify(views.blockJson(hash)));
      publishActivity(reader.included(hash, block.transactions));
    }
    if (chain === undefined) return;
    publishActivity(reader.chainChanged(chain));
    const parentChain: SelectedParentChainJson = {
      removedBlockHashes: [...chain.removed],
      addedBlocks: chain.added.map(({ block: added, acceptedTransactionIds }) => ({
        hash: added,
        acceptedTransactionIds: [...acceptedTransactionIds],
      })),
    };
    publisher.publish(MQTT_TOPICS.selectedParentChain, JSON.stringify(parentChain));
    const sink = chain.added.at(-1)?.block ?? consensus.sink();
    const header = consensus.header(sink);
    const ghostdag = consensus.ghostdagData(sink);
    if (header === undefined || ghostdag === undefined) return;
    const tip: SelectedTipJson = {
      blockHash: sink,
      blueScore: ghostdag.blueScore,
      daaScore: header.daaScore,
      timestamp: header.timestamp,
    };
    publisher.publish(MQTT_TOPICS.selectedTip, JSON.stringify(tip));
  });
}

/** The node's MQTT: its broker (embedded or external), the publisher in front of it, and the feed. */
export class MqttService {
  readonly #publisher: MqttPublisher;
  readonly #transport: MqttTransport;
  readonly #stop: () => void;
  #closed = false;

  private constructor(node: MqttNode, transport: MqttTransport, tuning: MqttTuning) {
    this.#transport = transport;
    this.#publisher = new MqttPublisher(transport, {
      queueLimit: tuning.queueLimit,
      log: { info: (message) => node.log.info('api', message), warn: (message) => node.log.warn('api', message) },
    });
    this.#stop = publishNodeEvents(node, this.#publisher);
  }

  /**
   * Starts what `settings` ask for: undefined for 'off'. The embedded broker fails the start when
   * it cannot listen (PORT_IN_USE, LISTEN_FAILED); an external broker never does: it is tried
   * again until it answers, and messages wait (bounded) meanwhile.
   */
  static async start(
    node: MqttNode,
    settings: MqttSettings,
    tuning: MqttTuning = {},
  ): Promise<MqttService | undefined> {
    if (settings.broker === 'off') return undefined;
    const transport =
      settings.broker === 'embedded'
        ? await EmbeddedBroker.listen(settings.port)
        : new ExternalBroker(settings.broker, { retry: tuning.retry });
    return new MqttService(node, transport, tuning);
  }

  /** Where subscribers connect (no credentials in it). */
  get url(): string {
    return this.#transport.url;
  }

  /** Whether the broker is the node's own. */
  get embedded(): boolean {
    return this.#transport instanceof EmbeddedBroker;
  }

  /** For the log and the terminal: where the node publishes. */
  get description(): string {
    return this.embedded ? `embedded broker at ${this.url}` : `publishing to ${this.url}`;
  }

  /** Whether an external broker is connected now (the embedded one always is). */
  get connected(): boolean {
    return this.#transport.up;
  }

  /** Publishes refused by the embedded broker (0 for an external one). */
  get refusedPublishes(): number {
    return this.#transport instanceof EmbeddedBroker ? this.#transport.refusedPublishes : 0;
  }

  stats(): MqttPublisherStats {
    return this.#publisher.stats();
  }

  /** Stops following the node, lets waiting messages go out briefly, and closes the broker or connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop();
    await this.#publisher.close();
  }
}
