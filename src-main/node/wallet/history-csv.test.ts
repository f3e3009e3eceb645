import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyCsv } from './history-csv.ts';
import type { HistoryEntry } from './history.ts';

const COIN = 100_000_000n;

function entry(over: Partial<HistoryEntry>): HistoryEntry {
  return {
    transactionId: 'ab'.repeat(32),
    acceptingBlock: 'cd'.repeat(32),
    acceptingBlueScore: 10,
    timestamp: Date.UTC(2026, 10, 21, 12, 30, 0),
    received: 0n,
    sent: 0n,
    net: 0n,
    confirmations: 5,
    kind: 'receive',
    scriptHexes: [],
    ...over,
  };
}

/** A strict RFC 4180 reader, to check that what we write reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      assert.ok(ch !== '\n' && ch !== '\r' && ch !== '"', `bare ${JSON.stringify(ch)} at ${i}`);
      field += ch;
      i++;
    }
  }
  assert.equal(field, '');
  assert.equal(row.length, 0, 'the last row ends with CRLF');
  return rows;
}

describe('historyCsv', () => {
  const sent = entry({
    transactionId: '01'.repeat(32),
    kind: 'send',
    received: 3n * COIN,
    sent: 11n * COIN,
    net: -8n * COIN,
    fee: 10_000n,
    confirmations: 70,
  });
  const received = entry({ received: 150_000_000n, net: 150_000_000n });

  it('writes a header and one CRLF-terminated row per entry, amounts as decimal coins', () => {
    const csv = historyCsv([sent, received]);
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], [
      'date',
      'transaction_id',
      'kind',
      'received',
      'sent',
      'net',
      'fee',
      'confirmations',
      'accepting_block',
      'label',
    ]);
    assert.deepEqual(rows[1], [
      '2026-11-21T12:30:00.000Z',
      '01'.repeat(32),
      'send',
      '3',
      '11',
      '-8',
      '0.0001',
      '70',
      'cd'.repeat(32),
      '',
    ]);
    assert.deepEqual(rows[2]?.slice(2, 7), ['receive', '1.5', '0', '1.5', '']);
    assert.equal(rows.length, 3);
  });

  it('can write whole sompi instead', () => {
    const rows = parseCsv(historyCsv([sent], { amounts: 'sompi' }));
    assert.deepEqual(rows[1]?.slice(3, 7), ['300000000', '1100000000', '-800000000', '10000']);
  });

  it('quotes commas, quotes and line breaks, and defuses formulas in text fields', () => {
    const labels = new Map([
      [sent.transactionId, 'rent, "march"\r\nsecond line'],
      [received.transactionId, '=HYPERLINK("http://evil","click")'],
    ]);
    const csv = historyCsv([sent, received], { labels });
    const rows = parseCsv(csv);
    assert.equal(rows[1]?.[9], 'rent, "march"\r\nsecond line');
    assert.equal(rows[2]?.[9], `'=HYPERLINK("http://evil","click")`);
    for (const bad of ['+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const cell = parseCsv(historyCsv([received], { labels: new Map([[received.transactionId, bad]]) }))[1]?.[9];
      assert.equal(cell, `'${bad}`);
    }
    // Numbers stay numbers: a negative net is not a formula and is not prefixed.
    assert.equal(rows[1]?.[5], '-8');
  });

  it('an empty history is just the header; a bad timestamp leaves the date empty', () => {
    assert.equal(parseCsv(historyCsv([])).length, 1);
    assert.equal(parseCsv(historyCsv([entry({ timestamp: Number.NaN })]))[1]?.[0], '');
  });
});
