import { formatSompi } from '../../../src-shared/amount.ts';
import type { HistoryEntry } from './history.ts';

export interface HistoryCsvFormat {
  /** 'coins' (default): decimal coin strings ("1.5"); 'sompi': whole sompi ("150000000"). */
  amounts?: 'coins' | 'sompi';
  /** The user's own notes by transaction id: the one column of free text. */
  labels?: ReadonlyMap<string, string>;
}

const HEADER = [
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
];

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"),
 * so text cells that do are prefixed with an apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function isoDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * The history as RFC 4180 CSV: a header row, CRLF after every row, fields with a comma, quote or
 * line break quoted (quotes doubled). Amounts and counts are numbers we write ourselves and stay
 * bare (a negative net reads as a number); every text field is guarded against formula injection.
 */
export function historyCsv(entries: readonly HistoryEntry[], format: HistoryCsvFormat = {}): string {
  const amount = (sompi: bigint): string => (format.amounts === 'sompi' ? sompi.toString() : formatSompi(sompi));
  const lines = [HEADER.join(',')];
  for (const e of entries) {
    lines.push(
      [
        textCell(isoDate(e.timestamp)),
        textCell(e.transactionId),
        textCell(e.kind),
        amount(e.received),
        amount(e.sent),
        amount(e.net),
        e.fee === undefined ? '' : amount(e.fee),
        String(e.confirmations),
        textCell(e.acceptingBlock),
        textCell(format.labels?.get(e.transactionId) ?? ''),
      ].join(','),
    );
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
