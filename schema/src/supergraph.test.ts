import { readFileSync } from 'node:fs';
import { composeSupergraph, CONTRACT_PATH, CONTRACT_PENDING_PATH, printApiSchema, readCommittedApiSchema, readCommittedSupergraph } from './compose';
import { apiSchemaOf, contractElements, contractSchema, missingContractElements, parsePendingList } from './contract';

describe('composed supergraph', () => {
  let composed: string;
  beforeAll(async () => {
    composed = (await composeSupergraph()).supergraphSdl;
  });

  it('is committed and current (run `npm run compose` after a schema change)', () => {
    expect(readCommittedSupergraph()).toBe(composed);
  });

  it('has its client API schema committed and current in schema/api.graphql (`npm run compose`)', () => {
    const api = readCommittedApiSchema();
    expect(api).toBe(printApiSchema(composed));
    expect(api).not.toMatch(/join__|link__|@join|_service|_entities/);
  });

  it('offers every contract element not listed as pending, and no pending element is already offered', () => {
    const contract = contractSchema(readFileSync(CONTRACT_PATH, 'utf8'));
    const pending = parsePendingList(readFileSync(CONTRACT_PENDING_PATH, 'utf8'));
    const missing = missingContractElements(contract, apiSchemaOf(composed));
    const known = new Set(contractElements(contract));

    const unknownPending = pending.filter((id) => !known.has(id));
    expect(unknownPending).toEqual([]);

    const missingButNotPending = [...missing.entries()].filter(([id]) => !pending.includes(id)).map(([id, why]) => `${id}: ${why}`);
    expect(missingButNotPending).toEqual([]);

    const pendingButOffered = pending.filter((id) => !missing.has(id));
    expect(pendingButOffered).toEqual([]);
  });
});

describe('contract checker', () => {
  const contract = contractSchema(`
    type Query { a(x: Int): [String!]! b: String }
    enum E { ONE TWO }
    input I { f: Int! }
  `);

  it('accepts a stricter output type, extra optional arguments and extra enum values', () => {
    const api = contractSchema(`
      type Query { a(x: Int, y: Int): [String!]! b: String! extra: Int }
      enum E { ONE TWO THREE }
      input I { f: Int! g: Int }
    `);
    expect([...missingContractElements(contract, api).keys()]).toEqual([]);
  });

  it('reports absent and incompatible elements by id', () => {
    const api = contractSchema(`
      type Query { a(x: String): [String] c: Int }
      enum E { ONE }
      input I { f: Int h: Int! }
    `);
    const missing = missingContractElements(contract, api);
    expect(missing.get('Query.a')).toMatch(/not compatible/);
    expect(missing.get('Query.a(x)')).toMatch(/differs/);
    expect(missing.get('Query.b')).toMatch(/absent/);
    expect(missing.get('E.TWO')).toMatch(/absent/);
    expect(missing.get('I.f')).toMatch(/differs/);
    expect(missing.get('I')).toMatch(/required input field/);
  });

  it('names every element of a contract', () => {
    expect(contractElements(contract)).toEqual(expect.arrayContaining(['Query', 'Query.a', 'Query.a(x)', 'E.ONE', 'I.f']));
  });
});
