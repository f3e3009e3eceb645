/**
 * A rough estimate of how hard a password is to guess, for the meter under the password field.
 * The wallet file's KDF slows every guess down, but a guessable password stays guessable: the
 * estimate starts from length × the alphabet the characters come from and takes off what the
 * usual cracking rules try first (common passwords, keyboard runs, sequences, repeats, years).
 */

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface PasswordStrength {
  /** Estimated entropy in bits after the penalties. */
  bits: number;
  level: StrengthLevel;
  /** "Very weak" … "Very strong". */
  label: string;
  /** What would make it better, or why it is good; empty when nothing to say. */
  hint: string;
  /** False only for the empty password: the wallet refuses that one, every other is the user's call. */
  acceptable: boolean;
}

const LABELS: Record<StrengthLevel, string> = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

/** Thresholds in bits for levels 1..4. */
const LEVEL_BITS = [28, 40, 60, 80] as const;

/** Passwords and fragments every cracking list starts with (lowercase, no separators). */
const COMMON = [
  'password',
  'passw0rd',
  'letmein',
  'welcome',
  'qwerty',
  'azerty',
  'asdf',
  'zxcv',
  'admin',
  'login',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
  'secret',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman',
  'trustno1',
  'abc123',
  'changeme',
  'default',
  'wallet',
  'dagwallet',
  'kaspa',
  'bitcoin',
  'crypto',
  'satoshi',
  'mnemonic',
  'hello',
  'hunter',
  'summer',
  'winter',
  'spring',
  'autumn',
  'freedom',
  'whatever',
  'test',
  'guest',
  'root',
] as const;

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'azertyuiop', 'qwertzuiop'] as const;

function alphabetSize(password: string): number {
  let size = 0;
  if (/[a-z]/.test(password)) size += 26;
  if (/[A-Z]/.test(password)) size += 26;
  if (/[0-9]/.test(password)) size += 10;
  if (/[!-/:-@[-`{-~ ]/.test(password)) size += 33;
  // Letters of other scripts, emoji…: a large alphabet, counted modestly.
  if (/[^\x20-\x7e]/.test(password)) size += 100;
  return Math.max(size, 1);
}

/** Characters that only continue a pattern (a repeat, a step of ±1, a keyboard neighbour) add little. */
function predictableCharacters(lower: string): number {
  let predictable = 0;
  for (let i = 1; i < lower.length; i++) {
    const previous = lower.charCodeAt(i - 1);
    const current = lower.charCodeAt(i);
    const pair = lower.slice(i - 1, i + 1);
    const repeat = current === previous;
    const step = Math.abs(current - previous) === 1 && /[a-z0-9]/.test(pair[0] ?? '') && /[a-z0-9]/.test(pair[1] ?? '');
    const keyboard = KEYBOARD_ROWS.some((row) => row.includes(pair) || [...row].reverse().join('').includes(pair));
    if (repeat || step || keyboard) predictable++;
  }
  return predictable;
}

/** The part of the password a word list or a date guess covers. */
function coveredByDictionary(lower: string): number {
  // Undo the usual substitutions (p@ssw0rd) before looking for words.
  const plain = lower
    .replace(/[@4]/g, 'a')
    .replace(/3/g, 'e')
    .replace(/[1!|]/g, 'i')
    .replace(/0/g, 'o')
    .replace(/[$5]/g, 's')
    .replace(/7/g, 't');
  let covered = 0;
  for (const word of COMMON) {
    if (plain.includes(word) || lower.includes(word)) covered += word.length;
  }
  // A year or a date (1987, 2024, 12/05/1990) is among the first guesses.
  const dates = lower.match(/(19|20)\d\d/g) ?? [];
  covered += dates.length * 3;
  return Math.min(covered, lower.length);
}

interface Estimate {
  bits: number;
  predictable: number;
  dictionary: number;
  repeats: boolean;
}

function entropyBits(password: string): Estimate {
  const characters = [...password];
  const lower = password.toLowerCase();
  const perCharacter = Math.log2(alphabetSize(password));
  const predictable = predictableCharacters(lower);
  const dictionary = coveredByDictionary(lower);
  // Predictable characters count a bit each; the common words together about 12 bits (a short list).
  const free = Math.max(0, characters.length - predictable - dictionary);
  let bits = free * perCharacter + predictable + (dictionary > 0 ? 12 : 0);
  // The whole password is one from the list, or one character repeated: a first guess.
  if (COMMON.some((word) => lower === word) || new Set(characters).size === 1) bits = Math.min(bits, 8);
  // "abcabc", "word-word": the repeat adds a couple of bits; only the part repeated counts.
  const repeated = /^(.+?)(?:[-_. ]?\1)+$/su.exec(password);
  const repeats = repeated?.[1] !== undefined && repeated[1].length < password.length;
  if (repeats && repeated?.[1]) bits = Math.min(bits, entropyBits(repeated[1]).bits + 2);
  return { bits, predictable, dictionary, repeats };
}

export function estimatePasswordStrength(password: string): PasswordStrength {
  if (password.length === 0) {
    return {
      bits: 0,
      level: 0,
      label: 'Empty',
      hint: 'Choose a password to encrypt the wallet file.',
      acceptable: false,
    };
  }
  const characters = [...password];
  const estimate = entropyBits(password);
  const { predictable, dictionary, repeats } = estimate;
  const bits = Math.round(estimate.bits);

  const level = LEVEL_BITS.filter((threshold) => bits >= threshold).length as StrengthLevel;
  const hints: string[] = [];
  if (dictionary > 0) hints.push('it contains a common word or a year');
  if (repeats) hints.push('it repeats itself');
  else if (predictable >= characters.length / 3 && characters.length > 2)
    hints.push('it has runs like "abc", "123" or "qwe"');
  if (characters.length < 12) hints.push('it is short');
  let hint = '';
  if (level < 3) {
    hint =
      (hints.length > 0 ? `Easy to guess: ${hints.join(', ')}. ` : '') +
      'A few unrelated words or 12+ mixed characters make a much stronger password.';
  } else if (level === 3) {
    hint = 'A good password. Longer is even better.';
  }
  return { bits, level, label: LABELS[level], hint, acceptable: true };
}
