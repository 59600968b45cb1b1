import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Federation's `@listSize` for a connection field (cost analysis at the gateway): `first` rows of
 * `edges`, DEFAULT_PAGE_SIZE when not given. Put it on every field returning a connection.
 */
export const CONNECTION_LIST_SIZE = `@listSize(assumedSize: ${DEFAULT_PAGE_SIZE}, slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)`;

/** Federation's `@listSize` for a plain list field: how many items it holds in a realistic case. */
export function listSize(assumedSize: number): string {
  return `@listSize(assumedSize: ${assumedSize})`;
}

/** Validates `first`: 1..MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE. */
export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(`"first" must be a whole number from 1 to ${max}; got ${first}.`);
  }
  return first;
}

/** Opaque cursors: base64url of a JSON value the owning resolver understands. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | null | undefined, isValid: (value: unknown) => value is T): T | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw badInput('"after" is not a cursor this list produced; pass an endCursor from a previous page.');
}

export const isOffsetCursor = (value: unknown): value is { o: number } =>
  typeof value === 'object' && value !== null && Number.isInteger((value as { o: unknown }).o) && (value as { o: number }).o >= 0;
