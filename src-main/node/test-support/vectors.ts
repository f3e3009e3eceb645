import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLosslessJson } from '../encoding/lossless-json.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Kaspa's vectors live beside the checkout in ../shared/vectors (or where DAGWALLET_VECTORS says). */
export const VECTORS_DIR = process.env.DAGWALLET_VECTORS ?? join(repoRoot, '..', 'shared', 'vectors');

export function vectorPath(...parts: string[]): string {
  const path = join(VECTORS_DIR, ...parts);
  if (!existsSync(path)) throw new Error(`test vector missing: ${path} (set DAGWALLET_VECTORS)`);
  return path;
}

/** A JSON vector file; integers past 2^53 come back as bigints. */
export function readVectorJson<T = unknown>(...parts: string[]): T {
  return parseLosslessJson(readFileSync(vectorPath(...parts), 'utf8')) as T;
}

export const ERA1_STREAMS = ['goref-905-tx-265-blocks', 'goref-notx-5000-blocks'].map((name) =>
  join('rusty-kaspa', 'json-dag-tests', '1-goref-original-go-generated@v1.0.1', name, 'blocks.json.gz'),
);

export const ERA2_STREAMS = ['goref-1060-tx-265-blocks', 'goref-notx-5000-blocks', 'goref_custom_pruning_depth'].map(
  (name) => join('rusty-kaspa', 'json-dag-tests', '2-crescendo-era@3ba06589a', name, 'blocks.json.gz'),
);

export const ERA3_STREAMS = ['goref-1060-tx-265-blocks', 'goref-notx-5000-blocks', 'goref_custom_pruning_depth'].map(
  (name) => join('rusty-kaspa', 'json-dag-tests', '3-toccata-HEAD', name, 'blocks.json.gz'),
);
