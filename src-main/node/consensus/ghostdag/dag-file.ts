import { readFileSync } from 'node:fs';
import { parseLosslessJson } from '../../encoding/lossless-json.ts';
import { DecodeError } from '../../errors.ts';
import { asArray, asObject, asUint } from '../../replay/json-fields.ts';
import type { BlockKey } from '../model/block-key.ts';

/**
 * kaspad's GHOSTDAG test DAGs (domain/consensus/testdata/dags/*.json): a k, a genesis id and
 * blocks in insertion order with their expected coloring. A block's hash is the ASCII of its id,
 * zero-padded to 32 bytes; hash ties are broken on those bytes.
 */
export interface DagFileBlock {
  id: string;
  parents: string[];
  expectedSelectedParent: string;
  expectedScore: number;
  expectedBlues: string[];
  expectedReds: string[];
}

export interface DagFile {
  k: number;
  genesisId: string;
  blocks: DagFileBlock[];
}

export function idToKey(id: string): BlockKey {
  const bytes = Buffer.alloc(32);
  if (Buffer.byteLength(id) > 32) throw new DecodeError('LIMIT_EXCEEDED', `block id '${id}' is longer than 32 bytes`);
  bytes.write(id, 'ascii');
  return bytes.toString('hex');
}

export function keyToId(key: BlockKey): string {
  return Buffer.from(key, 'hex').toString('ascii').replace(/\0+$/, '');
}

function asIdList(value: unknown, what: string): string[] {
  return asArray(value, what).map((id) => {
    if (typeof id !== 'string' || id === '') throw new DecodeError('BAD_VALUE', `${what} must hold block ids`);
    return id;
  });
}

/** Blocks must come in insertion order: unique ids, each with parents already seen. */
function checkInsertionOrder(file: DagFile): DagFile {
  const seen = new Set([file.genesisId]);
  for (const block of file.blocks) {
    if (seen.has(block.id)) throw new DecodeError('BAD_VALUE', `block ${block.id} appears twice`);
    if (block.parents.length === 0) throw new DecodeError('BAD_VALUE', `block ${block.id} has no parents`);
    const unknown = block.parents.find((p) => !seen.has(p));
    if (unknown !== undefined) {
      throw new DecodeError('BAD_VALUE', `block ${block.id} names parent ${unknown} before it appears`);
    }
    seen.add(block.id);
  }
  return file;
}

export function parseDagFile(text: string): DagFile {
  const doc = asObject(parseLosslessJson(text), 'DAG file');
  const genesisId = doc.GenesisID;
  if (typeof genesisId !== 'string') throw new DecodeError('BAD_VALUE', 'GenesisID must be a string');
  return checkInsertionOrder({
    k: asUint(doc.K, 'K', 255),
    genesisId,
    blocks: asArray(doc.Blocks, 'Blocks').map((raw, i) => {
      const b = asObject(raw, `Blocks[${i}]`);
      if (typeof b.ID !== 'string' || typeof b.ExpectedSelectedParent !== 'string') {
        throw new DecodeError('BAD_VALUE', `Blocks[${i}] needs an ID and an ExpectedSelectedParent`);
      }
      return {
        id: b.ID,
        parents: asIdList(b.Parents, `Blocks[${i}].Parents`),
        expectedSelectedParent: b.ExpectedSelectedParent,
        expectedScore: asUint(b.ExpectedScore, `Blocks[${i}].ExpectedScore`),
        expectedBlues: asIdList(b.ExpectedBlues, `Blocks[${i}].ExpectedBlues`),
        expectedReds: asIdList(b.ExpectedReds, `Blocks[${i}].ExpectedReds`),
      };
    }),
  });
}

export function readDagFile(path: string): DagFile {
  return parseDagFile(readFileSync(path, 'utf8'));
}
