import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KDF, describeKdf, type KdfParams, kdfMemoryBytes } from '../../node/wallet/keystore/kdf.ts';
import { WalletKeystore } from '../../node/wallet/keystore/wallet-keystore.ts';
import type { BenchFigure } from './figure.ts';

const PASSWORD = 'bench password';
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median open() time (KDF, unwrap, decrypt) of a wallet file made with `kdf`. */
async function unlockMs(dir: string, name: string, kdf: KdfParams): Promise<number> {
  const path = join(dir, `${name}.json`);
  const contents = { mnemonic: 'abandon '.repeat(23) + 'art', bip39Passphrase: '', accounts: [] };
  await WalletKeystore.create(path, PASSWORD, 'dagwallet-simnet', contents, { kdf });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const wallet = await WalletKeystore.open(path, PASSWORD);
    times.push(performance.now() - start);
    wallet.lock();
  }
  return median(times);
}

/**
 * Wallet unlock with the default KDF (the figure to keep near half a second), and Argon2id at
 * the same memory for comparison: the KDF choice in keystore/kdf.ts rests on these two numbers.
 */
export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-bench-unlock-'));
  try {
    const argon2id: KdfParams = { algorithm: 'argon2id', m: kdfMemoryBytes(DEFAULT_KDF) / 1024, t: 1, p: 1 };
    const defaultMs = await unlockMs(dir, 'default', DEFAULT_KDF);
    const argon2idMs = await unlockMs(dir, 'argon2id', argon2id);
    return [
      { name: 'wallet_unlock_ms', value: defaultMs, unit: `ms (${describeKdf(DEFAULT_KDF)})` },
      { name: 'wallet_unlock_argon2id_same_memory_ms', value: argon2idMs, unit: `ms (${describeKdf(argon2id)})` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
