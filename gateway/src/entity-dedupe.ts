import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/**
 * One `_entities` fetch often names the same entity many times: an officer's queue page of 50
 * rows asks the catalogue for the service of each row, mostly a handful of services, and identity
 * for applicants who applied more than once. The subgraph resolves (and for personal data, checks
 * and logs) each representation it is given, so the gateway sends each distinct one once and gives
 * every row its copy of the answer, errors included. Pure: no I/O.
 */
export interface DedupedRepresentations {
  /** The distinct representations, in the order of their first appearance. */
  unique: unknown[];
  /** For each original position, the index of its representation in `unique`. */
  slots: number[];
}

/** Null when there is nothing to gain (no repeats). Equal means the same JSON: the gateway builds each type's representations with one key order. */
export function dedupeRepresentations(representations: readonly unknown[]): DedupedRepresentations | null {
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const slots = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let index = seen.get(key);
    if (index === undefined) {
      index = unique.length;
      seen.set(key, index);
      unique.push(representation);
    }
    return index;
  });
  return unique.length < representations.length ? { unique, slots } : null;
}

/**
 * The answer to the distinct representations as the answer to the original ones: `_entities` in
 * the original positions (a copy for each repeat, so no two rows share an object the gateway later
 * merges into) and each error about entity i repeated for every position that asked for it.
 */
export function expandEntitiesResponse(response: GatewayGraphQLResponse, slots: readonly number[]): GatewayGraphQLResponse {
  const positionsOf = new Map<number, number[]>();
  slots.forEach((slot, position) => {
    const positions = positionsOf.get(slot);
    if (positions) positions.push(position);
    else positionsOf.set(slot, [position]);
  });
  const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
  const given = new Set<number>();
  const expanded = Array.isArray(entities)
    ? slots.map((slot) => {
        const entity = entities[slot];
        if (!given.has(slot) || entity === null || typeof entity !== 'object') {
          given.add(slot);
          return entity;
        }
        return structuredClone(entity);
      })
    : entities;
  const errors = response.errors?.flatMap((error) => {
    const path = error.path;
    if (!path || path[0] !== '_entities' || typeof path[1] !== 'number' || !positionsOf.has(path[1])) return [error];
    return positionsOf.get(path[1])!.map((position) => ({ ...error, path: ['_entities', position, ...path.slice(2)] }));
  });
  return {
    ...response,
    ...(response.data ? { data: { ...response.data, _entities: expanded } } : {}),
    ...(errors ? { errors } : {}),
  };
}
