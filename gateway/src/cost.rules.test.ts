import { Supergraph } from '@apollo/federation-internals';
import { parse, specifiedRules, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { costModelFromSupergraph, estimateOperation } from './cost.rules';
import { limitRefusal, OPERATION_LIMITS, operationLimitsRule } from './limits';

const supergraphSdl = readFileSync(path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
const model = costModelFromSupergraph(supergraphSdl);

function estimate(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  expect(validate(schema, document, specifiedRules)).toEqual([]);
  return estimateOperation(schema, document, model, { variables });
}

const CATALOGUE_WITH_FORMS = `query Catalogue($first: Int) {
  services(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id title(lang: RU) description(lang: RU) deadlineWorkingDays
      fee { amountMinor currency }
      provider { id name(lang: RU) }
      rating { average count }
      requiredDocuments { code title(lang: RU) obtainedByPortal }
      form { steps { id title(lang: RU) fields { name type required pattern minLength maxLength label(lang: RU) prefillFrom options { value label(lang: RU) } } } }
    } }
  }
}`;

/** As Apollo Client writes a screen: one fragment per type, each spread wherever the type appears. */
const FRAGMENT_PER_TYPE_CATALOGUE = `
fragment MoneyParts on Money { amountMinor currency __typename }
fragment ProviderParts on Provider { id name(lang: RU) __typename }
fragment OptionParts on FormOption { value label(lang: RU) __typename }
fragment FieldParts on FormField { name type required label(lang: RU) options { ...OptionParts } __typename }
fragment StepParts on FormStep { id title(lang: RU) fields { ...FieldParts } __typename }
fragment FormParts on FormDefinition { steps { ...StepParts } __typename }
fragment RatingParts on ServiceRating { average count __typename }
fragment DocumentParts on RequiredDocument { code title(lang: RU) __typename }
fragment ServiceParts on Service {
  id title(lang: RU) fee { ...MoneyParts } provider { ...ProviderParts } rating { ...RatingParts }
  requiredDocuments { ...DocumentParts } form { ...FormParts } __typename
}
fragment EdgeParts on ServiceEdge { node { ...ServiceParts } __typename }
fragment PageParts on PageInfo { hasNextPage endCursor __typename }
fragment ConnectionParts on ServiceConnection { totalCount pageInfo { ...PageParts } edges { ...EdgeParts } __typename }
query CatalogueScreen { services(first: 20) { ...ConnectionParts } }`;

const OFFICER_QUEUE = `query Queue($first: Int) {
  applicationQueue(first: $first, filter: { status: [SUBMITTED, IN_REVIEW] }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id number status dueAt intakeDueAt overdue
      applicant { id fullName pin }
      service { id title(lang: RU) provider { id name(lang: RU) } }
      accrual { id status uin amount { amountMinor currency } receipt { number paidAt } }
    } }
  }
}`;

describe('operation cost estimate', () => {
  it('reads the list sizes the subgraphs declared in the supergraph', () => {
    expect(model.listSizes.get('Query.services')).toEqual({ assumedSize: 20, slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(model.listSizes.get('FormStep.fields')?.assumedSize).toBeGreaterThan(0);
    expect(model.listSizes.get('User.notifications')?.slicingArguments).toEqual(['first']);
  });

  it('lets the catalogue with forms at first: 100 pass with margin, and counts first', () => {
    const at100 = estimate(CATALOGUE_WITH_FORMS, { first: 100 });
    const at20 = estimate(CATALOGUE_WITH_FORMS, { first: 20 });
    expect(at100.cost).toBeLessThan(OPERATION_LIMITS.maxCost / 3);
    expect(at100.cost).toBeGreaterThan(at20.cost * 4.9);
    // no `first`: the declared default page size
    expect(estimate(CATALOGUE_WITH_FORMS).cost).toBe(at20.cost);
    expect(limitRefusal(at100)).toBeNull();
  });

  it('lets the officer queue at 100 rows with applicant, service and accrual pass', () => {
    const queue = estimate(OFFICER_QUEUE, { first: 100 });
    expect(queue.cost).toBeGreaterThanOrEqual(100 * 5);
    expect(queue.cost).toBeLessThan(OPERATION_LIMITS.maxCost / 10);
    expect(queue.depth).toBeLessThanOrEqual(OPERATION_LIMITS.maxDepth);
  });

  it('counts a fragment-per-type query like the same query written inline', () => {
    const fragments = estimate(FRAGMENT_PER_TYPE_CATALOGUE);
    const inline = estimate(`{ services(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node {
      id title(lang: RU) fee { amountMinor currency } provider { id name(lang: RU) } rating { average count }
      requiredDocuments { code title(lang: RU) } form { steps { id title(lang: RU) fields { name type required label(lang: RU) options { value label(lang: RU) } } } }
    } } } }`);
    expect(fragments.cost).toBe(inline.cost);
    expect(fragments.depth).toBe(inline.depth);
    expect(limitRefusal(fragments)).toBeNull();
  });

  it('evaluates each fragment once: 60 levels of fragments spreading the previous one twice stay cheap to estimate', () => {
    const levels = 60;
    const definitions = [`fragment F0 on Provider { id name(lang: RU) }`];
    for (let i = 1; i <= levels; i += 1) definitions.push(`fragment F${i} on Provider { ...F${i - 1} ...F${i - 1} }`);
    const document = parse(`${definitions.join('\n')}\nquery { providers { ...F${levels} } }`);
    const started = Date.now();
    const result = estimateOperation(schema, document, model);
    expect(Date.now() - started).toBeLessThan(1000);
    // fields of the same object asked twice are fetched once, but the estimate is an upper bound: finite, no blow-up
    expect(Number.isFinite(result.cost)).toBe(true);
  });

  it('refuses a query nesting lists to millions of rows, with the estimate and the limit', () => {
    const millions = estimate(`{ services(first: 100) { edges { node { provider { services { provider { services { provider { services { id } } } } } } } } } }`);
    expect(millions.cost).toBeGreaterThan(1_000_000);
    expect(limitRefusal(millions)?.message).toBe(`operation too expensive: estimated ${millions.cost}, limit ${OPERATION_LIMITS.maxCost}`);
    expect(limitRefusal(millions)?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('takes first from a variable at execution, and refuses a huge first', () => {
    const query = `query($n: Int) { services(first: $n) { edges { node { provider { services { id } } } } } }`;
    expect(limitRefusal(estimate(query, { n: 10 }))).toBeNull();
    expect(limitRefusal(estimate(query, { n: 1_000_000 }))?.message).toMatch(/^operation too expensive: estimated \d+, limit 100000$/);
  });

  it('takes the widest branch of fragments on different types of an abstract field, not their sum', () => {
    const model2 = costModelFromSupergraph(`type Query { things: [Thing] @listSize(assumedSize: 10) } interface Thing { id: ID }
      type A implements Thing { id: ID, a: [X] @listSize(assumedSize: 5) } type B implements Thing { id: ID, b: [X] @listSize(assumedSize: 7) } type X { id: ID }`);
    const { buildSchema } = require('graphql') as typeof import('graphql');
    const small = buildSchema(`type Query { things: [Thing] } interface Thing { id: ID } type A implements Thing { id: ID, a: [X] } type B implements Thing { id: ID, b: [X] } type X { id: ID }`);
    const result = estimateOperation(small, parse('{ things { id ... on A { a { id } } ... on B { b { id } } } }'), model2);
    expect(result.cost).toBe(10 * (1 + 7));
  });

  it('is a validation rule for operations the gateway validates itself (depth and aliases too)', () => {
    const deep = parse(`{ application(id: "1") { ${'accrual { application { '.repeat(6)} id ${'} } '.repeat(6)} } }`);
    const errors = validate(schema, deep, [operationLimitsRule(model)]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^operation too deep: depth 14, limit 12$/)]);
    const aliases = parse(`{ ${Array.from({ length: 21 }, (_, i) => `a${i}: providers { id }`).join(' ')} }`);
    expect(validate(schema, aliases, [operationLimitsRule(model)]).map((e) => e.message)).toEqual(['operation uses too many aliases: 21, limit 20']);
  });
});
