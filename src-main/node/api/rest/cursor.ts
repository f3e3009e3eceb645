import { RestError } from './rest-error.ts';

/**
 * Where a page ends, handed to the client as an opaque string (base64url of a small JSON array
 * whose first element names the listing) and taken back as ?cursor=. The next page seeks past it
 * in an index: no OFFSET, so a deep page costs what the first does, and rows added meanwhile
 * neither shift nor repeat what a client already saw.
 */
export type Cursor =
  /** GET /blocks: the last block's blue score and import order, in this order. */
  | { kind: 'blocks'; order: 'asc' | 'desc'; blueScore: number; importOrder: number }
  /** GET /transactions/address: the last unaccepted transaction (they come first, by ID). */
  | { kind: 'unaccepted'; transactionId: string }
  /** GET /transactions/address: the last accepted transaction's accepting blue score and acceptance index. */
  | { kind: 'accepted'; acceptingBlueScore: number; acceptanceIndex: number }
  /** GET /utxos/address: the last outpoint's key (outpointBlob), hex. */
  | { kind: 'utxos'; outpoint: string };

/** Longer than any cursor this API writes: junk is refused before it is decoded. */
const MAX_CURSOR_CHARS = 200;
const ID_HEX = /^[0-9a-f]{64}$/;
const OUTPOINT_HEX = /^[0-9a-f]{72}$/;

export function encodeCursor(cursor: Cursor): string {
  const fields =
    cursor.kind === 'blocks'
      ? ['b', cursor.order, cursor.blueScore, cursor.importOrder]
      : cursor.kind === 'unaccepted'
        ? ['u', cursor.transactionId]
        : cursor.kind === 'accepted'
          ? ['a', cursor.acceptingBlueScore, cursor.acceptanceIndex]
          : ['o', cursor.outpoint];
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

const count = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The cursor in `text`, which must be of one of `kinds` (the listing asked); 400 BAD_PAGING otherwise. */
export function decodeCursor<K extends Cursor['kind']>(
  text: string,
  kinds: readonly K[],
): Extract<Cursor, { kind: K }> {
  const refuse = (why: string): never => {
    throw new RestError('BAD_PAGING', `cursor: ${why}; pass back the nextCursor of the previous page unchanged`);
  };
  if (text.length === 0 || text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text))
    refuse('not a cursor this API gave out');
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    refuse('not a cursor this API gave out');
  }
  if (!Array.isArray(fields)) return refuse('not a cursor this API gave out');
  const [tag, a, b, c] = fields as unknown[];
  let cursor: Cursor | undefined;
  if (tag === 'b' && fields.length === 4 && (a === 'asc' || a === 'desc') && count(b) && count(c))
    cursor = { kind: 'blocks', order: a, blueScore: b, importOrder: c };
  else if (tag === 'u' && fields.length === 2 && typeof a === 'string' && ID_HEX.test(a))
    cursor = { kind: 'unaccepted', transactionId: a };
  else if (tag === 'a' && fields.length === 3 && count(a) && count(b))
    cursor = { kind: 'accepted', acceptingBlueScore: a, acceptanceIndex: b };
  else if (tag === 'o' && fields.length === 2 && typeof a === 'string' && OUTPOINT_HEX.test(a))
    cursor = { kind: 'utxos', outpoint: a };
  if (cursor === undefined) return refuse('not a cursor this API gave out');
  if (!(kinds as readonly string[]).includes(cursor.kind)) return refuse('it belongs to another listing');
  return cursor as Extract<Cursor, { kind: K }>;
}
