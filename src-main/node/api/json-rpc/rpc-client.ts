import type { ApiErrorJson, MethodParams, MethodResult, NodeMethod } from '../../../../src-shared/api.ts';
import { RemoteError } from '../../../../src-shared/node-client.ts';
import { ApiError } from '../api-error.ts';

// One RemoteError for every transport (HTTP here, WebSocket and IPC in src-shared/node-client.ts).
export { RemoteError };

/** A typed JSON-RPC client of a node's local API. */
export class RpcClient {
  readonly url: string;
  readonly #token: string;
  #nextId = 1;

  constructor(url: string, token: string) {
    this.url = url;
    this.#token = token;
  }

  async call<M extends NodeMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.#nextId++, method, params }),
      });
    } catch (error) {
      throw new ApiError('NODE_UNREACHABLE', `cannot reach the node at ${this.url}: is \`dagwallet node\` running?`, {
        cause: error,
      });
    }
    const reply = (await response.json().catch(() => null)) as {
      result?: MethodResult<M>;
      error?: { message: string; data?: ApiErrorJson };
    } | null;
    if (reply === null) throw new ApiError('BAD_REQUEST', `the node answered HTTP ${response.status} without JSON`);
    if (reply.error) throw new RemoteError(reply.error.data?.code ?? 'UNKNOWN', reply.error.message);
    return reply.result as MethodResult<M>;
  }
}
