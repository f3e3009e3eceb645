/** The recovery phrase's checks the renderer does itself: the quiz after writing it down, the word count. */

/** A uniform integer in [0, bound): crypto randomness, so the quiz positions cannot be predicted. */
export function cryptoRandomInt(bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`bad bound ${bound}`);
  // Rejection sampling: drop the values of the last, partial run of `bound` so every result is equally likely.
  const limit = Math.floor(2 ** 32 / bound) * bound;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? 0;
    if (value < limit) return value % bound;
  }
}

/** `count` distinct 1-based positions out of `wordCount`, ascending (the order the user reads them in). */
export function pickQuizPositions(
  wordCount: number,
  count: number,
  randomInt: (bound: number) => number = cryptoRandomInt,
): number[] {
  if (!Number.isInteger(count) || count < 0 || count > wordCount)
    throw new RangeError(`cannot pick ${count} of ${wordCount} positions`);
  const positions = Array.from({ length: wordCount }, (_, i) => i + 1);
  // A partial Fisher–Yates shuffle: the first `count` slots end up a uniform random choice.
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(wordCount - i);
    [positions[i], positions[j]] = [positions[j] as number, positions[i] as number];
  }
  return positions.slice(0, count).sort((a, b) => a - b);
}

/** How a typed word compares with the phrase's: case and surrounding spaces never matter. */
export function normalizeWord(word: string): string {
  return word.trim().toLowerCase();
}

export interface QuizAnswer {
  /** 1-based. */
  position: number;
  word: string;
}

/** The positions answered wrongly (or left empty), ascending. */
export function wrongQuizPositions(words: readonly string[], answers: readonly QuizAnswer[]): number[] {
  return answers
    .filter(({ position, word }) => normalizeWord(word) !== normalizeWord(words[position - 1] ?? ''))
    .map(({ position }) => position)
    .sort((a, b) => a - b);
}

/** The words of a pasted or typed phrase, however they are spaced or broken over lines. */
export function splitWords(text: string): string[] {
  return text.trim().split(/\s+/u).filter(Boolean);
}

/** Phrase lengths the node restores. */
export const RESTORE_WORD_COUNTS = [12, 24] as const;

/** "12 words", or what is still missing: "9 words: a phrase has 12 or 24". */
export function describeWordCount(count: number): { text: string; complete: boolean } {
  const complete = (RESTORE_WORD_COUNTS as readonly number[]).includes(count);
  const words = count === 1 ? '1 word' : `${count} words`;
  if (complete) return { text: words, complete };
  if (count === 0) return { text: 'A recovery phrase has 12 or 24 words', complete };
  if (count < 12) return { text: `${words}: ${12 - count} more for a 12-word phrase`, complete };
  if (count < 24) return { text: `${words}: a phrase has 12 or 24 (${24 - count} more for 24)`, complete };
  return { text: `${words}: a phrase has at most 24`, complete };
}
