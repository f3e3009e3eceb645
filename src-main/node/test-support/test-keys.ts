/**
 * Test support (not used by the node): deterministic Schnorr keys, their pay-to-public-key
 * scripts and addresses, so every test run owns the same scripts.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  AddressPrefix,
  AddressVersion,
  addressToScriptPublicKey,
  createAddress,
  encodeAddress,
} from '../consensus/address.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { schnorrPublicKey } from '../crypto/schnorr.ts';

/** A test key pair and the script it owns, for funding, paying and signing in tests. */
export interface TestKey {
  secretKey: Uint8Array;
  /** The x-only Schnorr public key. */
  publicKey: Uint8Array;
  /** Pay-to-public-key (Schnorr), script version 0: OP_DATA_32 <x-only key> OP_CHECKSIG. */
  script: ScriptPublicKey;
}

/** The key named by `label` (its secret is a hash of the label), so tests name keys instead of storing them. */
export function testKey(label: string): TestKey {
  const secretKey = sha256(new TextEncoder().encode(`dagwallet test key ${label}`));
  const publicKey = schnorrPublicKey(secretKey);
  // The script does not depend on the network: any prefix gives the same one.
  const script = addressToScriptPublicKey(createAddress(AddressPrefix.Dagsim, AddressVersion.PubKey, publicKey));
  return { secretKey, publicKey, script };
}

/** The key's pay-to-public-key address on a network (simnet by default), for APIs that take addresses, like mining's. */
export function testAddress(
  key: TestKey,
  network: Pick<ConsensusParams, 'addressPrefix'> = DAGWALLET_NETWORKS.simnet,
): string {
  return encodeAddress(createAddress(network.addressPrefix, AddressVersion.PubKey, key.publicKey));
}
