import { dedupeRepresentations, expandEntitiesResponse } from './entity-dedupe';

describe('sending each entity of an _entities fetch once', () => {
  const service = (id: string) => ({ __typename: 'Service', id, version: 1 });

  it('keeps the first of each representation and where every position goes; nothing when none repeats', () => {
    expect(dedupeRepresentations([service('a'), service('b'), service('a'), service('a')])).toEqual({ unique: [service('a'), service('b')], slots: [0, 1, 0, 0] });
    expect(dedupeRepresentations([service('a'), service('b')])).toBeNull();
    // another version of a service is another entity
    expect(dedupeRepresentations([service('a'), { ...service('a'), version: 2 }])).toBeNull();
  });

  it('gives every position its own copy of the answer and repeats each error for every position that asked', () => {
    const answer = {
      data: { _entities: [{ __typename: 'Service', title: 'A', provider: { id: 'p' } }, null] },
      errors: [
        { message: 'not visible', path: ['_entities', 1, 'title'], extensions: { code: 'FORBIDDEN' } },
        { message: 'about the whole fetch' },
      ],
    };
    const expanded = expandEntitiesResponse(answer, [0, 1, 0, 1]);
    const entities = (expanded.data as { _entities: Array<{ provider: unknown } | null> })._entities;
    expect(entities).toEqual([answer.data._entities[0], null, answer.data._entities[0], null]);
    // a later fetch merges into these objects: the repeats must not share them
    expect(entities[2]).not.toBe(entities[0]);
    expect(entities[2]!.provider).not.toBe(entities[0]!.provider);
    expect(expanded.errors).toEqual([
      { message: 'not visible', path: ['_entities', 1, 'title'], extensions: { code: 'FORBIDDEN' } },
      { message: 'not visible', path: ['_entities', 3, 'title'], extensions: { code: 'FORBIDDEN' } },
      { message: 'about the whole fetch' },
    ]);
  });

  it('passes an answer without data through with its errors', () => {
    const failed = { errors: [{ message: 'subgraph down', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    expect(expandEntitiesResponse(failed, [0, 0])).toEqual(failed);
  });
});
