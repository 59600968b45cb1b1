import { encodeCursor } from '@portal/kit';
import { anyWordQuery, foldForSearch, isTitleCursor, MAX_SEARCH_WORDS, parseSearchTerm, prefixQuery } from './search.rules';

describe('foldForSearch', () => {
  it('lower-cases and folds Kyrgyz letters and ё to their Russian-keyboard look-alikes', () => {
    expect(foldForSearch('ТӨРӨЛГӨНДҮГҮ Үй-бүлө Ңурлан Ёлка')).toBe('торолгондугу уй-було нурлан елка');
  });
});

describe('parseSearchTerm', () => {
  it('searches nothing for absent, blank or punctuation-only text', () => {
    expect(parseSearchTerm(undefined)).toEqual({ kind: 'none' });
    expect(parseSearchTerm(null)).toEqual({ kind: 'none' });
    expect(parseSearchTerm('   ')).toEqual({ kind: 'none' });
    expect(parseSearchTerm('?! -- ;')).toEqual({ kind: 'none' });
  });

  it('splits on anything but letters and digits, so no SQL or tsquery syntax survives', () => {
    expect(parseSearchTerm("паспорт'); drop table x; --")).toEqual({ kind: 'words', words: ['паспорт', 'drop', 'table'], text: 'паспорт drop table' });
    expect(parseSearchTerm('a:* & b | !c <-> (d)')).toEqual({ kind: 'words', words: ['a', 'b', 'c', 'd'], text: 'a b c d' });
    expect(parseSearchTerm('ID-карта 2024-жыл')).toEqual({ kind: 'words', words: ['id', 'карта', '2024', 'жыл'], text: 'id карта 2024 жыл' });
  });

  it('drops one-letter words when longer ones exist, and repeated words', () => {
    expect(parseSearchTerm('Справка о несудимости о')).toEqual({ kind: 'words', words: ['справка', 'несудимости'], text: 'справка несудимости' });
    expect(parseSearchTerm('ы')).toEqual({ kind: 'words', words: ['ы'], text: 'ы' });
  });

  it(`keeps at most ${MAX_SEARCH_WORDS} words`, () => {
    const parsed = parseSearchTerm('один два три четыре пять шесть семь восемь девять десять');
    expect(parsed.kind === 'words' && parsed.words).toHaveLength(MAX_SEARCH_WORDS);
  });

  it('refuses text longer than 200 characters, counting characters not bytes', () => {
    expect(parseSearchTerm('ө'.repeat(200)).kind).toBe('words');
    expect(parseSearchTerm('ө'.repeat(201))).toEqual({ kind: 'invalid', problem: 'filter.search must be at most 200 characters; got 201.' });
  });
});

describe('tsquery text', () => {
  it('matches words by prefix, any word for ranking', () => {
    expect(prefixQuery('паспор')).toBe('паспор:*');
    expect(anyWordQuery(['справка', 'налог'])).toBe('справка:* | налог:*');
  });
});

describe('isTitleCursor', () => {
  it('accepts only a language, a title and a UUID', () => {
    const id = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';
    expect(isTitleCursor({ l: 'KY', t: 'Аа', id })).toBe(true);
    expect(isTitleCursor({ l: 'EN', t: 'Аа', id })).toBe(false);
    expect(isTitleCursor({ l: 'RU', t: 1, id })).toBe(false);
    expect(isTitleCursor({ l: 'RU', t: 'x', id: "1' or '1'='1" })).toBe(false);
    expect(isTitleCursor(JSON.parse(Buffer.from(encodeCursor({ o: 3 }), 'base64url').toString()))).toBe(false);
  });
});
