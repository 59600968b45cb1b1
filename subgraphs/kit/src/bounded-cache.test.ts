import { rememberBounded } from './bounded-cache';

describe('a Map as a bounded cache', () => {
  it('keeps at most `limit` entries, drops the oldest first, and counts a renewed entry as newest', () => {
    const map = new Map<string, number>();
    for (const key of ['a', 'b', 'c']) rememberBounded(map, key, 1, 3);
    rememberBounded(map, 'a', 2, 3); // renewed: now the newest, nothing dropped
    expect([...map]).toEqual([['b', 1], ['c', 1], ['a', 2]]);
    rememberBounded(map, 'd', 1, 3); // full: the oldest (b) goes
    expect([...map.keys()]).toEqual(['c', 'a', 'd']);
  });
});
