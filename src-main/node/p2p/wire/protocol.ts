import { DAGWALLET_NETWORKS } from '../../consensus/params/dagwallet-networks.ts';

/**
 * Our P2P protocol version. kaspad numbers its flow sets (v0.12 speaks 5); ours are not
 * wire-compatible with kaspad's protobuf, so we start our own count. Bump it whenever a message
 * layout or a limit both sides must agree on (such as IBD_BATCH_SIZE) changes.
 */
export const PROTOCOL_VERSION = 1;

/** The network names a Version message may carry: dagwallet's own networks only. */
export const NETWORK_NAMES = Object.values(DAGWALLET_NETWORKS).map((params) => params.name);
export type NetworkName = (typeof DAGWALLET_NETWORKS)[keyof typeof DAGWALLET_NETWORKS]['name'];

export function isNetworkName(name: string): name is NetworkName {
  return (NETWORK_NAMES as readonly string[]).includes(name);
}

/**
 * kaspad's user agent is `/kaspad:<version>/` (appmessage.DefaultUserAgent), and
 * MsgVersion.AddUserAgent writes comments as `name:version(c1; c2)/`; we keep the same shape so
 * peers' log lines read alike. Must stay within MAX_USER_AGENT_BYTES (kaspad MaxUserAgentLen).
 */
export function userAgent(version: string, comments: readonly string[] = []): string {
  const suffix = comments.length === 0 ? '' : `(${comments.join('; ')})`;
  return `/dagwallet:${version}${suffix}/`;
}

/**
 * The libp2p protocol id of the P2P stream on `network`. The network is in the id so nodes of
 * different networks fail protocol negotiation before exchanging a byte of Version.
 */
export function p2pProtocolId(network: NetworkName): string {
  return `/dagwallet/${network}/p2p/${PROTOCOL_VERSION}`;
}
