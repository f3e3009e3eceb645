import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimatePasswordStrength } from './password-strength.ts';

test('the empty password is refused, every other one is accepted with a rating', () => {
  const empty = estimatePasswordStrength('');
  assert.equal(empty.acceptable, false);
  assert.equal(empty.level, 0);
  assert.equal(estimatePasswordStrength('a').acceptable, true);
});

test('common passwords, repeats and keyboard runs rate very weak however long they look', () => {
  for (const password of ['password', 'P@ssw0rd', 'qwertyuiop', '123456789', 'aaaaaaaaaaaaaaaa', 'abcabcabcabc']) {
    const strength = estimatePasswordStrength(password);
    assert.equal(strength.level, 0, `${password}: ${strength.bits} bits`);
    assert.equal(strength.label, 'Very weak');
    assert.match(strength.hint, /Easy to guess/);
  }
});

test('a word plus a year is penalised against random characters of the same length', () => {
  const patterned = estimatePasswordStrength('Summer2024!');
  const random = estimatePasswordStrength('vK7#qZ2!mWp');
  assert.equal(patterned.hint.includes('common word or a year'), true);
  assert.ok(patterned.bits < random.bits - 20, `${patterned.bits} vs ${random.bits}`);
});

test('repeating a password adds almost nothing', () => {
  const once = estimatePasswordStrength('Xk9#vB2$');
  const thrice = estimatePasswordStrength('Xk9#vB2$Xk9#vB2$Xk9#vB2$');
  assert.ok(thrice.bits <= once.bits + 2);
  assert.match(thrice.hint, /repeats itself/);
});

test('long random or multi-word passwords rate strong or better, with the label in words', () => {
  for (const password of ['xK9#mQ2$vL7!pR4z', 'kN3v-plume-orbit-Wasp', 'Tr0ub4dour&3']) {
    const strength = estimatePasswordStrength(password);
    assert.ok(strength.level >= 3, `${password}: ${strength.bits} bits`);
    assert.ok(['Strong', 'Very strong'].includes(strength.label));
  }
});

test('the rating never goes down as random characters are appended', () => {
  let previous = -1;
  for (const password of [
    'k',
    'kQ',
    'kQ8',
    'kQ8%',
    'kQ8%w',
    'kQ8%wZ',
    'kQ8%wZ3',
    'kQ8%wZ3}',
    'kQ8%wZ3}a',
    'kQ8%wZ3}aV',
  ]) {
    const { bits } = estimatePasswordStrength(password);
    assert.ok(bits >= previous, `${password}: ${bits} < ${previous}`);
    previous = bits;
  }
});

test('characters outside ASCII count as a large alphabet', () => {
  assert.ok(estimatePasswordStrength('żółwśćźń').bits > estimatePasswordStrength('zolwsczn').bits);
});
