/**
 * Turning a user's search text into words the catalogue search can match, and the shape of its
 * cursors. Pure: no I/O. The same folding runs in SQL (see `fold` in the first migration).
 */
import { isUuid, type LanguageCode } from '@portal/kit';

export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_WORDS = 8;

/**
 * Kyrgyz letters are often typed on a Russian keyboard as their look-alikes (ө→о, ү→у, ң→н), and ё
 * as е: both the indexed text and the query are folded so either spelling matches.
 */
const FOLDED_LETTERS: Record<string, string> = { ө: 'о', ү: 'у', ң: 'н', ё: 'е' };
export const FOLD_FROM = 'өүңё';
export const FOLD_TO = 'оуне';

export function foldForSearch(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[өүңё]/gu, (letter) => FOLDED_LETTERS[letter]);
}

export type ParsedSearch =
  | { kind: 'none' }
  | { kind: 'words'; words: string[]; text: string }
  | { kind: 'invalid'; problem: string };

/**
 * Splits search text into at most MAX_SEARCH_WORDS distinct folded words of letters and digits
 * (everything else separates words, so no tsquery syntax survives). One-letter words are dropped
 * when longer ones exist. Blank text, or text without letters or digits, searches nothing.
 */
export function parseSearchTerm(raw: string | null | undefined): ParsedSearch {
  if (raw === null || raw === undefined) return { kind: 'none' };
  const length = [...raw].length;
  if (length > MAX_SEARCH_LENGTH) {
    return { kind: 'invalid', problem: `filter.search must be at most ${MAX_SEARCH_LENGTH} characters; got ${length}.` };
  }
  const all = foldForSearch(raw)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  const distinct = [...new Set(all)];
  const meaningful = distinct.some((word) => [...word].length > 1) ? distinct.filter((word) => [...word].length > 1) : distinct;
  const words = meaningful.slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return { kind: 'none' };
  return { kind: 'words', words, text: words.join(' ') };
}

/** Prefix query for one word, e.g. `паспорт:*`; words hold only letters and digits. */
export function prefixQuery(word: string): string {
  return `${word}:*`;
}

/** Ranks by any of the words. */
export function anyWordQuery(words: readonly string[]): string {
  return words.map(prefixQuery).join(' | ');
}

/** Cursor of the alphabetical (no search text) listing: keyset on (title in `l`, id). */
export interface TitleCursor {
  l: LanguageCode;
  t: string;
  id: string;
}

export const isTitleCursor = (value: unknown): value is TitleCursor => {
  if (typeof value !== 'object' || value === null) return false;
  const cursor = value as Record<string, unknown>;
  return (cursor.l === 'KY' || cursor.l === 'RU') && typeof cursor.t === 'string' && typeof cursor.id === 'string' && isUuid(cursor.id);
};
