/** Words and numbers for the explorer's pages. Plain TypeScript (no DOM, no React), tested in Node. */
import type { BlockColor, TransactionJson } from '../../../src-shared/api.ts';

export type ExplorerErrorSubject = 'block' | 'transaction' | 'address';

export interface DescribedError {
  message: string;
  hint: string | null;
  /** A retry may help (the node was unreachable or busy), unlike for an unknown id. */
  retry: boolean;
}

const NOT_FOUND = /NOT_FOUND|UNKNOWN_(BLOCK|TRANSACTION|ADDRESS)/;
const CONNECTION = /NODE_UNREACHABLE|CONNECTION_LOST|NODE_CLOSED|CLIENT_CLOSED|TIMEOUT|UNAVAILABLE/;

/** An error answer for a page, in words: what is missing, and what the user can do. */
export function describeExplorerError(
  error: { code: string; message: string },
  subject: ExplorerErrorSubject,
  id: string,
): DescribedError {
  const named = subject === 'transaction' ? `transaction ${id}` : subject === 'block' ? `block ${id}` : `address ${id}`;
  if (NOT_FOUND.test(error.code)) {
    return {
      message: `This node does not know ${named}.`,
      hint:
        subject === 'address'
          ? 'Check the address for typos.'
          : `It may not have reached this node yet, it may be older than what the node keeps, or the ${subject === 'block' ? 'hash' : 'id'} is mistyped.`,
      retry: false,
    };
  }
  if (error.code === 'BAD_PARAMS' || error.code.startsWith('BAD_') || error.code.startsWith('INVALID_')) {
    const what =
      subject === 'address'
        ? 'an address this node can read'
        : `a ${subject} ${subject === 'block' ? 'hash' : 'id'} (64 hex digits)`;
    return { message: `“${id}” is not ${what}: ${error.message}`, hint: null, retry: false };
  }
  if (CONNECTION.test(error.code)) {
    return {
      message: `Could not load the ${subject}: ${error.message}`,
      hint: 'The node did not answer.',
      retry: true,
    };
  }
  return { message: `Could not load the ${subject}: ${error.message}`, hint: null, retry: true };
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "1 confirmation", "12 confirmations". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A block or transaction time: local date and time to the second. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Compact target bits as Kaspa writes them: 0x1e7fffff. */
export function formatBits(bits: number): string {
  return `0x${(bits >>> 0).toString(16).padStart(8, '0')}`;
}

export const TRANSACTION_STATUS_TEXT: Record<TransactionJson['status'], string> = {
  mempool: 'In the mempool',
  accepted: 'Accepted',
  unaccepted: 'Not accepted',
};

export const TRANSACTION_STATUS_HINT: Record<TransactionJson['status'], string> = {
  mempool: 'Waiting in the mempool for a block to include it.',
  accepted: 'A block on the selected chain accepted it: its outputs can be spent.',
  unaccepted:
    'Blocks hold it, but no block on the selected chain accepted it (a conflict won, or it is not merged yet).',
};

export const BLOCK_COLOR_HINT: Record<BlockColor, string> = {
  blue: 'Blue: counted by GHOSTDAG as honest and well connected.',
  red: 'Red: merged, but outside the blue set (too far from the honest part of the DAG); its transactions can still be accepted.',
  unmerged: 'Not merged by any chain block yet: it gets its colour when one merges it.',
};

/** "txid:index" split; null when it is not of that form. */
export function splitOutpoint(outpoint: string): { transactionId: string; index: number } | null {
  const match = /^([0-9a-fA-F]+):(\d+)$/.exec(outpoint);
  if (!match) return null;
  return { transactionId: match[1] as string, index: Number(match[2]) };
}

/** Bytes in a hex string. */
export function hexByteLength(hex: string): number {
  return Math.floor(hex.length / 2);
}

/** Received minus sent, as a signed decimal sompi string. */
export function netSompi(received: string, sent: string): string {
  return (BigInt(received) - BigInt(sent)).toString();
}

/** The route for a search answer, or null when nothing matched. */
export function searchTarget(result: { kind: string; id?: string }): [string, string] | null {
  if (result.kind === 'block' && result.id) return ['block', result.id];
  if (result.kind === 'transaction' && result.id) return ['tx', result.id];
  if (result.kind === 'address' && result.id) return ['address', result.id];
  return null;
}

/** A row of the live list of blocks: what a blockAdded notification and a block summary share. */
export interface LiveBlockRow {
  hash: string;
  daaScore: number;
  blueScore: number;
  transactionCount: number;
  timestamp: number;
}

/** The store's live blocks over the list read at mount: each block once, newest DAA score first. */
export function mergeLiveRows(
  live: readonly LiveBlockRow[],
  seed: readonly LiveBlockRow[],
  rows: number,
): LiveBlockRow[] {
  const byHash = new Map<string, LiveBlockRow>();
  for (const row of [...live, ...seed]) if (!byHash.has(row.hash)) byHash.set(row.hash, row);
  return [...byHash.values()]
    .sort((a, b) => b.daaScore - a.daaScore || b.timestamp - a.timestamp || (a.hash < b.hash ? -1 : 1))
    .slice(0, rows);
}
