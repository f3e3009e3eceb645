import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, walletErrorText } from './format.ts';

test('byte counts read in powers of 1,000', () => {
  assert.equal(formatBytes(0), '0 bytes');
  assert.equal(formatBytes(1), '1 byte');
  assert.equal(formatBytes(999), '999 bytes');
  assert.equal(formatBytes(1500), '1.50 KB');
  assert.equal(formatBytes(52_300_000), '52.3 MB');
  assert.equal(formatBytes(512_000_000_000), '512 GB');
  assert.equal(formatBytes(2_000_000_000_000), '2.00 TB');
  assert.equal(formatBytes(-1), '—');
  assert.equal(formatBytes(Number.NaN), '—');
});

test('a wrong password reads as a sentence, other errors keep the node message', () => {
  assert.match(
    walletErrorText({ code: 'WRONG_PASSWORD', message: 'The password is wrong for /x' }),
    /password is not right/,
  );
  assert.doesNotMatch(walletErrorText({ code: 'WRONG_PASSWORD', message: 'The password is wrong for /x' }), /\/x/);
  assert.equal(
    walletErrorText({ code: 'BAD_MNEMONIC_CHECKSUM', message: 'The last word does not match.' }),
    'The last word does not match.',
  );
  assert.match(
    walletErrorText({ code: 'INSUFFICIENT_FUNDS', message: 'Needs 5.' }),
    /^Not enough spendable coins\. Needs 5\.$/,
  );
});
