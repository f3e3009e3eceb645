import { randomBytes } from 'node:crypto';
import { schnorrPublicKey, signSchnorr, verifySchnorr, verifySchnorrReference } from '../../node/crypto/schnorr.ts';
import { type BenchFigure, measureRate } from './figure.ts';

/** Schnorr verification on one core: the WASM path block validation uses, and the noble reference. */
export function run(): BenchFigure[] {
  const samples = Array.from({ length: 64 }, () => {
    const secret = randomBytes(32);
    const message = randomBytes(32);
    return { publicKey: schnorrPublicKey(secret), message, signature: signSchnorr(secret, message) };
  });
  let i = 0;
  const verifyNext = (verify: typeof verifySchnorr) => () => {
    const s = samples[i++ % samples.length] as (typeof samples)[number];
    if (!verify(s.publicKey, s.message, s.signature)) throw new Error('benchmark signature failed to verify');
  };
  return [
    { name: 'schnorr_verifies_per_s', value: measureRate(verifyNext(verifySchnorr), 1.5, 20), unit: 'verifies/s' },
    {
      name: 'schnorr_verifies_per_s_noble_reference',
      value: measureRate(verifyNext(verifySchnorrReference), 1, 5),
      unit: 'verifies/s',
    },
  ];
}
