import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '../../encoding/hex.ts';
import { isAddressPrefix } from '../address.ts';
import { workFromTarget } from '../difficulty/compact.ts';
import { headerHash } from '../hashing/header-hash.ts';
import { genesisBlock } from './genesis.ts';
import { KASPA_NETWORKS } from './kaspa-networks.ts';
import { pastMedianTimeWindowSize, pruningDepth } from './params.ts';

describe('Kaspa legacy network parameters', () => {
  it('derive the windows and depths kaspad derives', () => {
    const mainnet = KASPA_NETWORKS.mainnet;
    assert.equal(pastMedianTimeWindowSize(mainnet), 263);
    // kaspad mainnet: 2·86400 + 4·180·18 + 2·18 + 2.
    assert.equal(pruningDepth(mainnet), 185_798);
    assert.equal(mainnet.mergesetSizeLimit, 180);
    assert.equal(workFromTarget(mainnet.powMax), 2n);
  });

  for (const [name, params] of Object.entries(KASPA_NETWORKS)) {
    it(`${name}: genesis hashes to its known hash, and the prefix is an address prefix`, () => {
      assert.equal(bytesToHex(headerHash(genesisBlock(params.genesis).header)), params.genesis.hash);
      assert.ok(isAddressPrefix(params.addressPrefix));
    });
  }
});
