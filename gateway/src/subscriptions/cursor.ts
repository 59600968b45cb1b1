/**
 * A feed cursor names an event's position in the event log. It is opaque to clients (base64url of
 * a tagged position), so the encoding can change without breaking them.
 */
const PREFIX = 'log:';

export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`, 'utf8').toString('base64url');
}

/** The log position a client's `since` names, or null when it is not a cursor the gateway issued. */
export function decodeCursor(cursor: string): number | null {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const match = /^log:([1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor(Number(match[1])) !== cursor) return null;
  return Number(match[1]);
}
