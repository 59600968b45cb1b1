/**
 * A feed cursor names an event's position on the event bus (PostgreSQL log seq, or JetStream
 * stream sequence) together with the bus it belongs to (`EventBus.positionTag`), so a cursor
 * issued on another bus (say, before a move to NATS) is refused rather than read as a wrong
 * position. It is opaque to clients (base64url of `<tag>:<position>`), so the encoding can change
 * without breaking them; the PostgreSQL log's tag `log` keeps the cursors issued before buses.
 */
export const POSTGRES_CURSOR_TAG = 'log';

export function encodeCursor(seq: number, tag: string = POSTGRES_CURSOR_TAG): string {
  return Buffer.from(`${tag}:${seq}`, 'utf8').toString('base64url');
}

/** The bus position a client's `since` names, or null when it is not a cursor this gateway's bus issued. */
export function decodeCursor(cursor: string, tag: string = POSTGRES_CURSOR_TAG): number | null {
  if (cursor.length > 96 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${tag}:`)) return null;
  const match = /^([1-9][0-9]{0,14})$/.exec(text.slice(tag.length + 1));
  if (!match || encodeCursor(Number(match[1]), tag) !== cursor) return null;
  return Number(match[1]);
}
