import { MuHash } from '../../node/crypto/muhash.ts';
import { type BenchFigure, measureRate } from './figure.ts';

/**
 * A UTXO element as the commitment hashes it (kaspad utxo/serialization.go): txid, index u32,
 * DAA score u64, amount u64, is-coinbase u8, script version u16, script length u64, then a
 * 34-byte P2PK script. 97 bytes, within one BLAKE2b block like any element up to 128 bytes.
 */
function utxoElement(i: number): Uint8Array {
  const bytes = new Uint8Array(32 + 4 + 8 + 8 + 1 + 2 + 8 + 34);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, i, true); // varies the txid, so every element hashes differently
  view.setUint32(32, i % 4, true);
  view.setBigUint64(36, BigInt(1_000_000 + i), true);
  view.setBigUint64(44, 123_456_789n, true);
  view.setBigUint64(55, 34n, true);
  bytes[63] = 0x20;
  bytes.fill(0xab, 64, 96);
  bytes[96] = 0xac;
  return bytes;
}

export function run(): BenchFigure[] {
  const elements = Array.from({ length: 4096 }, (_, i) => utxoElement(i));

  const accumulator = new MuHash();
  let next = 0;
  const adds = measureRate(
    () => {
      accumulator.add(elements[next++ & 4095] as Uint8Array);
    },
    1,
    64,
  );

  // A state with removals, so every finalize pays for the modular inverse (a clone keeps it unnormalized).
  const state = new MuHash();
  for (const [i, element] of elements.slice(0, 256).entries()) {
    if (i % 2 === 0) state.add(element);
    else state.remove(element);
  }
  const finalizes = measureRate(
    () => {
      state.clone().finalize();
    },
    1,
    16,
  );

  return [
    { name: 'muhash_adds_per_s', value: adds, unit: 'adds/s' },
    { name: 'muhash_finalize_per_s', value: finalizes, unit: 'finalizes/s' },
  ];
}
