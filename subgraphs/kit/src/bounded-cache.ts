/**
 * Puts `key` in a map used as a bounded cache, newest last: an entry already there moves to the end;
 * at `limit` entries the oldest goes first. (A Map keeps insertion order.)
 */
export function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  if (map.has(key)) map.delete(key);
  else if (map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
