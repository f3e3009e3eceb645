import { ApiError } from '../node/api/api-error.ts';
import type { RpcClient } from '../node/api/json-rpc/rpc-client.ts';
import { connectToNode } from '../node/api/node-endpoint.ts';
import { CliInputError } from './command.ts';

/** A client of the node running on `dir`; without one, a message saying how to start it (exit 1). */
export function nodeClient(dir: string): RpcClient {
  try {
    return connectToNode(dir);
  } catch (error) {
    if (error instanceof ApiError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
}
