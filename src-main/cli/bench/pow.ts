import { prePowHash } from '../../node/consensus/hashing/header-hash.ts';
import { genesisBlock } from '../../node/consensus/params/genesis.ts';
import { KASPA_GENESIS } from '../../node/consensus/params/kaspa-genesis.ts';
import { checkProofOfWork } from '../../node/consensus/pow.ts';
import { generateMatrix } from '../../node/crypto/pow/heavy-matrix.ts';
import { PowState, targetToLeBytes } from '../../node/crypto/pow/kheavyhash.ts';
import { type BenchFigure, measureRate } from './figure.ts';

/**
 * kHeavyHash, one thread. The mining loop: one header (fixed matrix), a fresh nonce per hash.
 * A header check: everything a node pays per incoming header (pre-PoW hash, matrix generation
 * with its rank test, one hash, the target comparison), with a different header every time.
 */
export function run(): BenchFigure[] {
  const { header } = genesisBlock(KASPA_GENESIS.kaspaDevnet);
  const block = {
    ...header,
    parents: [[header.hashMerkleRoot, header.utxoCommitment]],
  };

  const state = new PowState(prePowHash(block), block.timestamp);
  const target = targetToLeBytes(1n << 255n);
  let nonce = 0;
  let found = 0;
  const hashes = measureRate(
    () => {
      if (state.meetsTarget(nonce++, 0x5eed, target)) found++;
    },
    1.5,
    1000,
  );
  if (found === 0) throw new Error('no nonce met a 2^255 target: the hash is broken');

  let score = 0;
  const matrices = measureRate(() => {
    block.blueScore = score++;
    generateMatrix(prePowHash(block));
  }, 1);

  const checks = measureRate(() => {
    block.blueScore = score++;
    checkProofOfWork(block);
  }, 1.5);

  return [
    { name: 'kheavyhash_hashes_per_s', value: hashes, unit: 'hashes/s' },
    {
      name: 'pow_matrix_generations_per_s',
      value: matrices,
      unit: 'matrices/s',
    },
    { name: 'pow_header_checks_per_s', value: checks, unit: 'checks/s' },
  ];
}
