import { headerHash } from '../../node/consensus/hashing/header-hash.ts';
import { genesisBlock } from '../../node/consensus/params/genesis.ts';
import { KASPA_GENESIS } from '../../node/consensus/params/kaspa-genesis.ts';
import { type BenchFigure, measureRate } from './figure.ts';

/** BLAKE2b block hashing: serialize + hash a one-parent-level header, as header import does. */
export function run(): BenchFigure[] {
  const { header } = genesisBlock(KASPA_GENESIS.kaspaDevnet);
  const withParents = { ...header, parents: [[header.hashMerkleRoot, header.utxoCommitment]] };
  let nonce = 0n;
  const rate = measureRate(
    () => {
      withParents.nonce = nonce++;
      headerHash(withParents);
    },
    1.5,
    100,
  );
  return [{ name: 'blake2b_block_hashes_per_s', value: rate, unit: 'hashes/s' }];
}
