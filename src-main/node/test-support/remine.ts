import type { BlockHeader } from '../consensus/model/header.ts';
import { checkProofOfWork } from '../consensus/pow.ts';

/** The header with the first nonce that passes proof of work (era-1 targets are ~2^255: two tries on average). */
export function remine(header: BlockHeader): BlockHeader {
  const mined = { ...header };
  for (mined.nonce = 0n; !checkProofOfWork(mined).valid; mined.nonce++);
  return mined;
}
