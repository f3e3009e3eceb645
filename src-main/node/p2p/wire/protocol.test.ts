import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAGWALLET_NETWORKS } from '../../consensus/params/dagwallet-networks.ts';
import { MAX_NETWORK_NAME_BYTES, MAX_USER_AGENT_BYTES } from './limits.ts';
import { isNetworkName, NETWORK_NAMES, p2pProtocolId, PROTOCOL_VERSION, userAgent } from './protocol.ts';

describe('P2P protocol constants', () => {
  it('names only the dagwallet networks, each within the Version limit', () => {
    assert.deepEqual(NETWORK_NAMES, [DAGWALLET_NETWORKS.devnet.name, DAGWALLET_NETWORKS.simnet.name]);
    for (const name of NETWORK_NAMES) assert.ok(Buffer.byteLength(name) <= MAX_NETWORK_NAME_BYTES);
    assert.ok(isNetworkName('dagwallet-devnet'));
    assert.ok(!isNetworkName('kaspa-mainnet'));
  });

  it('derives one libp2p protocol id per network and protocol version', () => {
    assert.equal(PROTOCOL_VERSION, 1);
    assert.equal(p2pProtocolId('dagwallet-devnet'), '/dagwallet/dagwallet-devnet/p2p/1');
    assert.equal(new Set(NETWORK_NAMES.map((name) => p2pProtocolId(name))).size, NETWORK_NAMES.length);
  });

  it('formats user agents as kaspad does', () => {
    assert.equal(userAgent('0.1.0'), '/dagwallet:0.1.0/');
    assert.equal(userAgent('0.1.0', ['linux', 'x64']), '/dagwallet:0.1.0(linux; x64)/');
    assert.ok(Buffer.byteLength(userAgent('0.1.0', ['a'.repeat(100)])) <= MAX_USER_AGENT_BYTES);
  });
});
