import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { AddressVersion, createAddress, encodeAddress } from '../consensus/address.ts';
import { Consensus } from '../consensus/consensus.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { genesisBlock } from '../consensus/params/genesis.ts';
import { schnorrPublicKey } from '../crypto/schnorr.ts';
import { ConsensusStore } from '../store/consensus-store.ts';

/** For tests: a real consensus on a fresh SQLite store in a temp directory. */
export function openTestChain(params: ConsensusParams): { consensus: Consensus; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-mining-'));
  const store = ConsensusStore.open(join(dir, 'consensus.sqlite'));
  const genesis = genesisBlock(params.genesis);
  const consensus = new Consensus(store, {
    params,
    genesis: genesis.header,
    genesisTransactions: [genesis.coinbase],
  });
  return {
    consensus,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For tests: a Schnorr key pair named by `label`, and its pay-to-public-key address on `params`' network. */
export function testKey(label: string, params: Pick<ConsensusParams, 'addressPrefix'>) {
  const secretKey = sha256(new TextEncoder().encode(`dagwallet mining test ${label}`));
  const publicKey = schnorrPublicKey(secretKey);
  const address = encodeAddress(createAddress(params.addressPrefix, AddressVersion.PubKey, publicKey));
  return { secretKey, publicKey, address };
}
