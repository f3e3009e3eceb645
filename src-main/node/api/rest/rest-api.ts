import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  RestAddressTransactionsPage,
  RestBlocksPage,
  RestBlockTransactions,
  RestErrorJson,
  RestFeeEstimates,
  RestInfoJson,
  RestSubmitTransactionResult,
  RestTransactionCount,
  RestUtxosPage,
  TransactionJson,
} from '../../../../src-shared/rest-api.ts';
import {
  type Address,
  AddressError,
  addressToScriptPublicKey,
  decodeAddress,
  encodeAddress,
} from '../../consensus/address.ts';
import { transactionHash, transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { ScriptPublicKey } from '../../consensus/model/transaction.ts';
import { ScriptError } from '../../consensus/script/script-error.ts';
import { TxError } from '../../consensus/validation/tx-error.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { MempoolError } from '../../mempool/mempool-error.ts';
import type { DagwalletNode } from '../../node.ts';
import { ApiError } from '../api-error.ts';
import { type ExplorerViews, explorerViews } from '../explorer-api-handlers.ts';
import type { HttpRouteContext, HttpRoutes } from '../json-rpc/rpc-server.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import { AddressQueries } from './address-queries.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { RestError, RestRejection } from './rest-error.ts';

/** The largest POST body taken: a transaction in hex is far smaller (standard mass caps it near 100 kB). */
export const MAX_REST_BODY_BYTES = 1024 * 1024;

/** Page sizes: default and most per request. */
export const REST_LIMITS = {
  blocks: { default: 25, max: 100 },
  addressTransactions: { default: 25, max: 100 },
  utxos: { default: 100, max: 1_000 },
} as const;

/** A route's path in OpenAPI's template form, and its method. */
export interface RestRoute {
  method: 'GET' | 'POST';
  path: string;
}

interface RouteCall {
  params: Record<string, string>;
  query: URLSearchParams;
  request: IncomingMessage;
  context: HttpRouteContext;
}

interface RouteDefinition extends RestRoute {
  segments: readonly string[];
  answer(call: RouteCall): Promise<unknown> | unknown;
}

const HASH = /^[0-9a-fA-F]{64}$/;
const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Everything but the document describes a DAG that keeps moving: nothing may be cached.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A path parameter that must be a 32-byte hash in hex (either case), lowercased. */
function hashParam(value: string, name: string): string {
  if (!HASH.test(value)) {
    const why =
      value.length !== 64 ? `it has ${value.length} characters` : 'it holds characters other than 0-9 and a-f';
    throw new RestError('BAD_HASH', `${name} must be 64 hex characters (a 32-byte hash); ${why}`);
  }
  return value.toLowerCase();
}

/** One query parameter, given at most once. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new RestError('BAD_PAGING', `${name} is given ${values.length} times; give it once`);
  return values[0];
}

function limitParam(query: URLSearchParams, range: { default: number; max: number }): number {
  const text = single(query, 'limit');
  if (text === undefined) return range.default;
  const limit = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= range.max))
    throw new RestError(
      'BAD_PAGING',
      `limit must be a whole number from 1 to ${range.max.toLocaleString('en-US')}, not '${text.slice(0, 20)}'`,
    );
  return limit;
}

function booleanParam(query: URLSearchParams, name: string): boolean {
  const text = single(query, name);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw new RestError('BAD_PAGING', `${name} must be true or false, not '${text.slice(0, 20)}'`);
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** The body, refused (413) as soon as it is known to exceed `limit`. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new RestError('PAYLOAD_TOO_LARGE', `the body must be at most ${limit.toLocaleString('en-US')} bytes`);
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Kasparov's error reply; statuses and codes from RestError, the rest mapped here. */
function errorOf(error: unknown): { status: number; body: RestErrorJson } {
  if (error instanceof RestError || error instanceof RestRejection)
    return { status: error.status, body: { errorCode: error.code, errorMessage: error.message } };
  if (error instanceof ApiError) {
    if (error.code === 'NOT_FOUND') return errorOf(new RestError('NOT_FOUND', error.message));
    if (error.code === 'NOT_ENOUGH_DATA' || error.code === 'UNAVAILABLE')
      return errorOf(new RestError('UNAVAILABLE', error.message));
  }
  // Anything else is the node's fault: logged in full, answered in two words.
  process.emitWarning(
    `REST request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return { status: 500, body: { errorCode: 'INTERNAL', errorMessage: 'internal error' } };
}

/**
 * Kasparov's REST API (kasparovd/server/routes.go) over the node's own store, on the local API's
 * port: blocks, transactions and addresses as the explorer shows them, fee estimates, node info,
 * and POST /transaction, which needs the API token. Reads are open to whoever reaches the port
 * (the server admits loopback clients only). Address listings page with cursors that seek in an
 * index, never OFFSET. GET /openapi.json describes every route.
 */
export class RestApi implements HttpRoutes {
  readonly #node: DagwalletNode;
  readonly #handlers: ApiHandlers;
  readonly #views: ExplorerViews;
  readonly #addresses: AddressQueries;
  readonly #routes: readonly RouteDefinition[];
  /** First path segments this API answers for: anything under them is a REST answer, 404 included. */
  readonly #roots: ReadonlySet<string>;

  constructor(node: DagwalletNode, handlers: ApiHandlers) {
    this.#node = node;
    this.#handlers = handlers;
    this.#views = explorerViews(node);
    this.#addresses = new AddressQueries(node, this.#views);
    this.#routes = this.#defineRoutes();
    this.#roots = new Set(this.#routes.map((route) => route.segments[0] as string));
  }

  /** Every route served, as OpenAPI names it. */
  get routes(): RestRoute[] {
    return this.#routes.map(({ method, path }) => ({ method, path }));
  }

  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    context: HttpRouteContext,
  ): Promise<boolean> {
    const segments = url.pathname.split('/').slice(1);
    if (!this.#roots.has(segments[0] ?? '')) return false;
    try {
      const matched = this.#routes.flatMap((route) => {
        const params = matchPath(route.segments, segments);
        return params === undefined ? [] : [{ route, params }];
      });
      if (matched.length === 0)
        throw new RestError('NOT_FOUND', `no endpoint ${url.pathname}; GET /openapi.json lists them`);
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const found = matched.find(({ route }) => route.method === method);
      if (found === undefined) {
        const allowed = [
          ...new Set(matched.flatMap(({ route }) => (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]))),
        ];
        this.#send(response, 405, {
          body: { errorCode: 'METHOD_NOT_ALLOWED', errorMessage: `${url.pathname} takes ${allowed.join(', ')}` },
          headers: { allow: allowed.join(', ') },
        });
        return true;
      }
      const body = await found.route.answer({ params: found.params, query: url.searchParams, request, context });
      this.#send(response, 200, { body });
    } catch (error) {
      const { status, body } = errorOf(error);
      // A refused body may still be arriving: close the connection rather than read it all.
      this.#send(response, status, { body, headers: status === 413 ? { connection: 'close' } : {} });
    }
    return true;
  }

  #send(response: ServerResponse, status: number, reply: { body: unknown; headers?: Record<string, string> }): void {
    const text = JSON.stringify(reply.body);
    response.writeHead(status, { ...JSON_HEADERS, ...reply.headers, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  #address(text: string): { address: Address; script: ScriptPublicKey; encoded: string } {
    try {
      const address = decodeAddress(text, this.#node.params.addressPrefix);
      return { address, script: addressToScriptPublicKey(address), encoded: encodeAddress(address) };
    } catch (error) {
      if (error instanceof AddressError) throw new RestError('BAD_ADDRESS', `address: ${error.message}`);
      throw error;
    }
  }

  #defineRoutes(): RouteDefinition[] {
    const { consensus, mempool, transactionIndex, store } = this.#node;
    const views = this.#views;
    const handlers = this.#handlers;
    const route = (method: RestRoute['method'], path: string, answer: RouteDefinition['answer']): RouteDefinition => ({
      method,
      path,
      segments: path.split('/').slice(1),
      answer,
    });
    const blockTransactions = (hash: string): TransactionJson[] => {
      if (!consensus.has(hash)) throw new RestError('NOT_FOUND', `no block ${hash} is known to this node`);
      const body = store.bodies.get(hash);
      if (body === undefined)
        throw new RestError('NOT_FOUND', `block ${hash} is known by its header only; its body is not stored`);
      return body.map((tx) => {
        const id = bytesToHex(transactionId(tx));
        return views.transactionJson(id, tx, transactionIndex.acceptance(id), mempool.has(id));
      });
    };

    return [
      route('GET', '/block/{hash}', ({ params }) => views.blockJson(hashParam(params.hash as string, 'hash'))),

      route('GET', '/blocks', ({ query }): RestBlocksPage => {
        const orderText = single(query, 'order') ?? 'desc';
        if (orderText !== 'asc' && orderText !== 'desc')
          throw new RestError('BAD_PAGING', `order must be asc or desc, not '${orderText.slice(0, 20)}'`);
        const order = orderText;
        const limit = limitParam(query, REST_LIMITS.blocks);
        const cursorText = single(query, 'cursor');
        const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText, ['blocks']);
        if (cursor !== undefined && cursor.order !== order)
          throw new RestError('BAD_PAGING', `cursor: it continues a listing with order=${cursor.order}, not ${order}`);
        const rows = store.blocks.pageByBlueScore(order, cursor, limit + 1);
        const shown = rows.slice(0, limit);
        const last = shown.at(-1);
        return {
          blocks: shown.map((row) => views.blockJson(row.hash)),
          nextCursor:
            rows.length > limit && last !== undefined
              ? encodeCursor({ kind: 'blocks', order, blueScore: last.blueScore, importOrder: last.importOrder })
              : null,
        };
      }),

      route('GET', '/transaction/id/{id}', ({ params }) => {
        const id = hashParam(params.id as string, 'id');
        const found = views.transactionById(id);
        if (found === undefined) throw new RestError('NOT_FOUND', `no transaction ${id} is known to this node`);
        return found;
      }),

      route('GET', '/transaction/hash/{hash}', ({ params }): TransactionJson => {
        const hash = hashParam(params.hash as string, 'hash');
        const id = store.bodies.transactionIdOfHash(hash);
        if (id !== undefined) {
          // The ID leaves the signatures out: answer with the stored copy that has this very hash.
          for (const { block, position } of transactionIndex.locations(id)) {
            const tx = store.bodies.get(block)?.[position];
            if (tx !== undefined && bytesToHex(transactionHash(tx)) === hash)
              return views.transactionJson(id, tx, transactionIndex.acceptance(id), mempool.has(id));
          }
        }
        throw new RestError('NOT_FOUND', `no transaction with hash ${hash} is in a block this node stores`);
      }),

      route('GET', '/transactions/address/{address}', ({ params, query }): RestAddressTransactionsPage => {
        const { script } = this.#address(params.address as string);
        const limit = limitParam(query, REST_LIMITS.addressTransactions);
        const acceptedOnly = booleanParam(query, 'acceptedOnly');
        const cursorText = single(query, 'cursor');
        const cursor =
          cursorText === undefined
            ? undefined
            : decodeCursor(cursorText, acceptedOnly ? ['accepted'] : ['accepted', 'unaccepted']);
        return this.#addresses.transactions(script, { limit, acceptedOnly, cursor });
      }),

      route('GET', '/transactions/address/{address}/count', ({ params, query }): RestTransactionCount => {
        const { script } = this.#address(params.address as string);
        return { count: this.#addresses.transactionCount(script, booleanParam(query, 'acceptedOnly')) };
      }),

      route('GET', '/transactions/block/{hash}', ({ params }): RestBlockTransactions => ({
        transactions: blockTransactions(hashParam(params.hash as string, 'hash')),
      })),

      route('GET', '/utxos/address/{address}', ({ params, query }): RestUtxosPage => {
        const { script, encoded } = this.#address(params.address as string);
        const limit = limitParam(query, REST_LIMITS.utxos);
        const cursorText = single(query, 'cursor');
        const after = cursorText === undefined ? undefined : decodeCursor(cursorText, ['utxos']).outpoint;
        return this.#addresses.utxos(script, encoded, { limit, after });
      }),

      route('GET', '/fee-estimates', (): Promise<RestFeeEstimates> => handlers.getFeeEstimate({})),

      route('GET', '/info', async (): Promise<RestInfoJson> => {
        const dag = await handlers.getBlockDagInfo({});
        const info = await handlers.getInfo({});
        return {
          ...dag,
          version: info.version,
          addressPrefix: info.addressPrefix,
          sinkBlueScore: info.sinkBlueScore,
          virtualBlueScore: info.virtualBlueScore,
          mempoolSize: info.mempoolSize,
          coinbaseMaturity: info.coinbaseMaturity,
        };
      }),

      route('POST', '/transaction', async ({ request, context }): Promise<RestSubmitTransactionResult> => {
        if (!context.authorized)
          throw new RestError('UNAUTHORIZED', 'POST /transaction needs the API token: Authorization: Bearer <token>');
        if (!isJson(request.headers['content-type']))
          throw new RestError('UNSUPPORTED_MEDIA_TYPE', 'send the body as Content-Type: application/json');
        const text = (await readBody(request, MAX_REST_BODY_BYTES)).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new RestError('BAD_BODY', 'the body is not JSON; send {"transaction": "<hex>"}');
        }
        const transaction = (body as { transaction?: unknown } | null)?.transaction;
        if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof transaction !== 'string')
          throw new RestError(
            'BAD_BODY',
            'the body must be a JSON object {"transaction": "<hex of the wire encoding>"}',
          );
        try {
          return await handlers.submitTransaction({ transaction });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'BAD_PARAMS')
            throw new RestError('BAD_TRANSACTION', error.message);
          if (error instanceof MempoolError || error instanceof TxError || error instanceof ScriptError)
            throw new RestRejection(error.code, error.message);
          throw error;
        }
      }),

      route('GET', '/openapi.json', () => OPENAPI_DOCUMENT),
    ];
  }
}

/** The path parameters if `segments` fit the route's, percent-decoded (a bad escape is kept as typed). */
function matchPath(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = segments[i] as string;
    if (want.startsWith('{')) {
      if (got === '') return undefined;
      params[want.slice(1, -1)] = decoded(got);
    } else if (want !== got) return undefined;
  }
  return params;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
