import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { DecodeError } from '../errors.ts';
import { readVectorJson } from '../test-support/vectors.ts';
import { MUHASH_SERIALIZED_SIZE, MuHash } from './muhash.ts';

interface MuHashVectors {
  empty_muhash: string;
  vectors: { data_element_hex: string; muhash_of_this_element_alone: string; muhash_cumulative_after_adding: string }[];
  precomputed_test: { ops: string[]; expected_finalize: string };
  serialize_test: { ops: string[]; expected_serialization_hex: string };
  deserialize_overflow_test: { serialized_hex: string; expected: string };
}

const file = readVectorJson<MuHashVectors>('transcribed', 'muhash.json');
const EMPTY = file.empty_muhash;
const elements = file.vectors.map((v) => hexToBytes(v.data_element_hex));

/**
 * "add 00||31 zero bytes": go-muhash `elementFromByte(i)` and rusty-kaspa's test `element_from_byte(b)`
 * both build a 32-byte array whose first byte is i and the rest zero (not 32 copies of i).
 */
function elementFromByte(i: number): Uint8Array {
  const out = new Uint8Array(32);
  out[0] = i;
  return out;
}

/** Distinct 100-byte elements, like the upstream random-data tests but deterministic. */
function syntheticElement(i: number): Uint8Array {
  return Uint8Array.from({ length: 100 }, (_, j) => (i * 131 + j * 7 + i * j) & 0xff);
}

/** Applies the vector file's op strings ("add 01||31 zero bytes", "remove 02||31 zero bytes"). */
function applyOps(ops: string[]): MuHash {
  const muhash = new MuHash();
  for (const op of ops) {
    const match = /^(add|remove) ([0-9a-f]{2})\|\|31 zero bytes$/.exec(op);
    assert.ok(match, `unrecognised op ${op}`);
    const element = elementFromByte(Number.parseInt(match[2] as string, 16));
    if (match[1] === 'add') muhash.add(element);
    else muhash.remove(element);
  }
  return muhash;
}

function hexOf(muhash: MuHash): string {
  return bytesToHex(muhash.finalize());
}

function assertDecodeError(fn: () => unknown, code: string): void {
  assert.throws(fn, (error: unknown) => error instanceof DecodeError && error.code === code);
}

describe('MuHash vectors (transcribed/muhash.json)', () => {
  it('the empty set finalizes to the known constant', () => {
    assert.equal(hexOf(new MuHash()), EMPTY);
  });

  it('each element alone', () => {
    for (const [i, v] of file.vectors.entries()) {
      assert.equal(hexOf(new MuHash().add(elements[i] as Uint8Array)), v.muhash_of_this_element_alone, `vector ${i}`);
    }
  });

  it('cumulative adds, then removes back down to empty', () => {
    const muhash = new MuHash();
    for (const [i, v] of file.vectors.entries()) {
      muhash.add(elements[i] as Uint8Array);
      assert.equal(hexOf(muhash), v.muhash_cumulative_after_adding, `after adding ${i}`);
    }
    for (let i = elements.length - 1; i > 0; i--) {
      muhash.remove(elements[i] as Uint8Array);
      assert.equal(hexOf(muhash), file.vectors[i - 1]?.muhash_cumulative_after_adding, `after removing ${i}`);
    }
    muhash.remove(elements[0] as Uint8Array);
    assert.equal(hexOf(muhash), EMPTY);
  });

  it('precomputed add/add/remove', () => {
    const { ops, expected_finalize } = file.precomputed_test;
    assert.equal(ops.length, 3);
    assert.equal(hexOf(applyOps(ops)), expected_finalize);
  });

  it('precomputed vector pins the 00||31-zeros reading of the element, not 32 repeated bytes', () => {
    const repeated = (b: number) => new Uint8Array(32).fill(b);
    const other = new MuHash().add(repeated(0)).add(repeated(1)).remove(repeated(2));
    assert.notEqual(hexOf(other), file.precomputed_test.expected_finalize);
  });

  it('serialization of two adds, and its round trip', () => {
    const { ops, expected_serialization_hex } = file.serialize_test;
    const muhash = applyOps(ops);
    const serialized = muhash.serialize();
    assert.equal(serialized.length, MUHASH_SERIALIZED_SIZE);
    assert.equal(bytesToHex(serialized), expected_serialization_hex);
    assert.equal(hexOf(MuHash.deserialize(serialized)), hexOf(muhash));
  });

  it('deserializing a value >= p is a BAD_VALUE decode error', () => {
    const overflow = hexToBytes(file.deserialize_overflow_test.serialized_hex, MUHASH_SERIALIZED_SIZE);
    assertDecodeError(() => MuHash.deserialize(overflow), 'BAD_VALUE');
  });
});

describe('MuHash deserialize bounds', () => {
  // p = 2^3072 - 1103717 little-endian: 9b 28 ef, then 381 bytes of ff (rusty-kaspa test_parse_muhash_fail).
  const prime = new Uint8Array(MUHASH_SERIALIZED_SIZE).fill(0xff);
  prime.set([0x9b, 0x28, 0xef]);

  it('p itself is refused, p - 1 and smaller are accepted', () => {
    assertDecodeError(() => MuHash.deserialize(prime), 'BAD_VALUE');
    const pMinus1 = prime.slice();
    pMinus1[0] = 0x9a;
    assert.equal(bytesToHex(MuHash.deserialize(pMinus1).serialize()), bytesToHex(pMinus1));
    const lower = prime.slice();
    lower[0] = 0;
    assert.doesNotThrow(() => MuHash.deserialize(lower));
  });

  it('wrong lengths are typed errors', () => {
    assertDecodeError(() => MuHash.deserialize(new Uint8Array(0)), 'TRUNCATED');
    assertDecodeError(() => MuHash.deserialize(new Uint8Array(MUHASH_SERIALIZED_SIZE - 1)), 'TRUNCATED');
    assertDecodeError(() => MuHash.deserialize(new Uint8Array(MUHASH_SERIALIZED_SIZE + 1)), 'LIMIT_EXCEEDED');
  });

  it('zero is a valid value and round-trips (go-muhash TestMuHash_Serialize)', () => {
    const zeros = new Uint8Array(MUHASH_SERIALIZED_SIZE);
    assert.deepEqual(MuHash.deserialize(zeros).serialize(), zeros);
  });

  it('does not modify its input', () => {
    const serialized = new MuHash().add(elementFromByte(7)).serialize();
    const before = bytesToHex(serialized);
    MuHash.deserialize(serialized);
    assert.equal(bytesToHex(serialized), before);
  });
});

describe('MuHash properties', () => {
  const many = Array.from({ length: 64 }, (_, i) => syntheticElement(i));

  it('adding then removing every element returns to empty', () => {
    const muhash = new MuHash();
    for (const e of many) muhash.add(e);
    assert.notEqual(hexOf(muhash), EMPTY);
    for (const e of many) muhash.remove(e);
    assert.equal(hexOf(muhash), EMPTY);
  });

  it('removing before adding also cancels', () => {
    const muhash = new MuHash();
    for (const e of many) muhash.remove(e);
    for (const e of many) muhash.add(e);
    assert.equal(hexOf(muhash), EMPTY);
  });

  it('order of adds and removes does not matter', () => {
    const forward = new MuHash();
    const backward = new MuHash();
    const interleaved = new MuHash();
    for (const [i, e] of many.entries()) {
      if (i % 3 === 0) forward.remove(e);
      else forward.add(e);
    }
    for (let i = many.length - 1; i >= 0; i--) {
      if (i % 3 === 0) backward.remove(many[i] as Uint8Array);
      else backward.add(many[i] as Uint8Array);
    }
    for (const [i, e] of many.entries()) {
      if (i % 3 === 0) interleaved.remove(e);
    }
    interleaved.serialize(); // normalizing midway must not change the result
    for (const [i, e] of many.entries()) {
      if (i % 3 !== 0) interleaved.add(e);
    }
    assert.equal(hexOf(forward), hexOf(backward));
    assert.equal(hexOf(forward), hexOf(interleaved));
  });

  it('combine equals applying the other set’s operations in place', () => {
    const left = new MuHash();
    const right = new MuHash();
    const sequential = new MuHash();
    for (const [i, e] of many.entries()) {
      const target = i < 32 ? left : right;
      if (i % 5 === 0) {
        target.remove(e);
        sequential.remove(e);
      } else {
        target.add(e);
        sequential.add(e);
      }
    }
    assert.equal(hexOf(left.clone().combine(right)), hexOf(sequential));
    assert.equal(hexOf(right.clone().combine(left)), hexOf(sequential));
  });

  it('combining a set with its removal is empty (upstream test_vectors_combine_subtract)', () => {
    const added = new MuHash();
    const removed = new MuHash();
    for (const e of elements) {
      added.add(e);
      removed.remove(e);
    }
    assert.equal(hexOf(added.clone().combine(removed)), EMPTY);
    assert.equal(hexOf(removed.combine(added)), EMPTY);
  });

  it('a clone is independent of its source', () => {
    const muhash = new MuHash().add(elements[0] as Uint8Array);
    const copy = muhash.clone();
    copy.add(elements[1] as Uint8Array);
    assert.equal(hexOf(muhash), file.vectors[0]?.muhash_of_this_element_alone);
    assert.equal(hexOf(copy), file.vectors[1]?.muhash_cumulative_after_adding);
  });

  it('serialize is repeatable and round-trips for a state with removals', () => {
    const muhash = new MuHash();
    for (const [i, e] of many.entries()) {
      if (i % 2 === 0) muhash.add(e);
      else muhash.remove(e);
    }
    const first = bytesToHex(muhash.serialize());
    assert.equal(bytesToHex(muhash.serialize()), first);
    assert.equal(bytesToHex(MuHash.deserialize(hexToBytes(first)).serialize()), first);
  });
});
