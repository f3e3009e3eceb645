import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from './api-error.ts';
import { RpcClient } from './json-rpc/rpc-client.ts';

/** Where a running node says how to reach it: the API's URL and this run's token (mode 0600). */
export const ENDPOINT_FILE = 'node.json';

export interface NodeEndpoint {
  url: string;
  token: string;
  pid: number;
  /** Where the node's MQTT notifications are (its embedded broker, or the external one without credentials). */
  mqtt?: string;
}

export function writeEndpoint(dir: string, endpoint: NodeEndpoint): void {
  const path = join(dir, ENDPOINT_FILE);
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

export function removeEndpoint(dir: string): void {
  rmSync(join(dir, ENDPOINT_FILE), { force: true });
}

/** A client of the node running on this folder, or NODE_UNREACHABLE saying how to start one. */
export function connectToNode(dir: string): RpcClient {
  let endpoint: NodeEndpoint;
  try {
    endpoint = JSON.parse(readFileSync(join(dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint;
  } catch {
    throw new ApiError('NODE_UNREACHABLE', `no node is running on ${dir}: start one with \`dagwallet node\` first`);
  }
  if (typeof endpoint.url !== 'string' || typeof endpoint.token !== 'string')
    throw new ApiError('NODE_UNREACHABLE', `${join(dir, ENDPOINT_FILE)} is damaged: restart \`dagwallet node\``);
  return new RpcClient(endpoint.url, endpoint.token);
}
