import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cryptoRandomInt,
  describeWordCount,
  normalizeWord,
  pickQuizPositions,
  splitWords,
  wrongQuizPositions,
} from './recovery-phrase.ts';

test('quiz positions are distinct, ascending and within the phrase', () => {
  for (let round = 0; round < 200; round++) {
    const positions = pickQuizPositions(24, 4);
    assert.equal(positions.length, 4);
    assert.equal(new Set(positions).size, 4);
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
    for (const position of positions) assert.ok(position >= 1 && position <= 24);
  }
});

test('every position gets picked (the choice is not stuck on a few)', () => {
  const seen = new Set<number>();
  for (let round = 0; round < 400; round++) for (const position of pickQuizPositions(24, 4)) seen.add(position);
  assert.equal(seen.size, 24);
});

test('a scripted random source gives the partial Fisher–Yates choice', () => {
  // Always 0: the first `count` positions, in order.
  assert.deepEqual(
    pickQuizPositions(24, 4, () => 0),
    [1, 2, 3, 4],
  );
  // Always the last slot: 24 comes to the front and sends 1 to the back, where the next picks keep finding it.
  assert.deepEqual(
    pickQuizPositions(24, 4, (bound) => bound - 1),
    [1, 2, 3, 24],
  );
  // Always one step on: each pick takes the next position up.
  assert.deepEqual(
    pickQuizPositions(24, 4, () => 1),
    [2, 3, 4, 5],
  );
  assert.deepEqual(
    pickQuizPositions(12, 12, () => 0),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  assert.throws(() => pickQuizPositions(3, 4), RangeError);
});

test('cryptoRandomInt stays in range and refuses a bad bound', () => {
  for (let i = 0; i < 1000; i++) {
    const value = cryptoRandomInt(7);
    assert.ok(Number.isInteger(value) && value >= 0 && value < 7);
  }
  assert.equal(cryptoRandomInt(1), 0);
  assert.throws(() => cryptoRandomInt(0), RangeError);
  assert.throws(() => cryptoRandomInt(1.5), RangeError);
});

test('quiz answers compare without case or surrounding spaces; empty ones are wrong', () => {
  const words = ['abandon', 'ability', 'able', 'about', 'above', 'absent'];
  assert.deepEqual(
    wrongQuizPositions(words, [
      { position: 2, word: ' Ability ' },
      { position: 5, word: 'abuse' },
      { position: 1, word: '' },
      { position: 6, word: 'ABSENT' },
    ]),
    [1, 5],
  );
  assert.deepEqual(wrongQuizPositions(words, [{ position: 9, word: 'zoo' }]), [9]);
  assert.equal(normalizeWord('  Zoo\n'), 'zoo');
});

test('a pasted phrase splits on any whitespace', () => {
  assert.deepEqual(splitWords('  one two\n three\tfour  '), ['one', 'two', 'three', 'four']);
  assert.deepEqual(splitWords('   '), []);
});

test('the word count says what is missing until it is 12 or 24', () => {
  assert.deepEqual(describeWordCount(12), { text: '12 words', complete: true });
  assert.deepEqual(describeWordCount(24), { text: '24 words', complete: true });
  assert.equal(describeWordCount(0).complete, false);
  assert.equal(describeWordCount(1).text, '1 word: 11 more for a 12-word phrase');
  assert.equal(describeWordCount(18).text, '18 words: a phrase has 12 or 24 (6 more for 24)');
  assert.equal(describeWordCount(25).text, '25 words: a phrase has at most 24');
});
