import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketNodeClient } from '../../../../src-shared/node-client.ts';
import type { DagwalletNode } from '../../node.ts';
import { runNodeClientContract } from '../../test-support/node-client-contract.ts';
import { ENDPOINT_FILE, type NodeEndpoint } from '../node-endpoint.ts';

/** The token a local client reads from the node's folder, as the UI's host process would. */
function tokenOf(node: DagwalletNode): string {
  return (JSON.parse(readFileSync(join(node.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint).token;
}

runNodeClientContract('WebSocketNodeClient over real sockets', (node) => {
  if (!node.wsUrl) throw new Error('the node serves no WebSocket API');
  return WebSocketNodeClient.connect(node.wsUrl, tokenOf(node));
});
