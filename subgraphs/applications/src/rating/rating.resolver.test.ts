import { randomUUID } from 'node:crypto';
import { CALLER_HEADER, signCallerToken, startTestSubgraph, type TestSubgraph, testCaller } from '@portal/kit';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, type TestPerson, type TestService } from '../testing/world';
import { ServiceRatingEntity } from './rating.entity';

const RATING_QUERY = `
  query Ratings($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Service { id rating { average count } } }
  }`;

const ratedService = randomUUID();
const unratedService = randomUUID();
const executed: string[] = [];
let subgraph: TestSubgraph;
let world: ApplicationsWorld;
const PROVIDER = randomUUID();
let commented: TestService;
let ownOfficer: TestPerson;
let otherOfficer: TestPerson;
let citizen: TestPerson;
const operator = { userId: randomUUID(), roles: ['OPERATOR' as const], providerId: null };

beforeAll(async () => {
  subgraph = await startTestSubgraph(createApplicationsSubgraph(), { onQuery: (sql) => executed.push(sql) });
  world = new ApplicationsWorld(subgraph);
  commented = await world.service({ providerId: PROVIDER });
  [ownOfficer, otherOfficer, citizen] = await Promise.all([world.officer(PROVIDER), world.officer(randomUUID()), world.citizen()]);
  await world.drain();
  const em = subgraph.orm.em.fork();
  for (const score of [5, 4, 4]) {
    em.persist(Object.assign(new ServiceRatingEntity(), { applicationId: randomUUID(), serviceId: ratedService, applicantId: randomUUID(), score }));
  }
  em.persist(Object.assign(new ServiceRatingEntity(), { applicationId: randomUUID(), serviceId: commented.id, applicantId: citizen.id, score: 2, comment: 'Долго ждал', createdAt: new Date('2026-03-01T05:00:00Z') }));
  em.persist(Object.assign(new ServiceRatingEntity(), { applicationId: randomUUID(), serviceId: commented.id, applicantId: randomUUID(), score: 5, comment: 'Быстро, спасибо', createdAt: new Date('2026-03-02T05:00:00Z') }));
  em.persist(Object.assign(new ServiceRatingEntity(), { applicationId: randomUUID(), serviceId: commented.id, applicantId: randomUUID(), score: 4, comment: null, createdAt: new Date('2026-03-03T05:00:00Z') }));
  await em.flush();
});

const COMMENTS = `query($id: ID!, $first: Int, $after: String) { serviceRatingComments(serviceId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { score comment ratedAt } } } }`;

describe('serviceRatingComments (R-36)', () => {
  it("refuses citizens and officers of other providers: the public sees only the average", async () => {
    for (const caller of [citizen.caller, otherOfficer.caller]) {
      const result = await subgraph.request(COMMENTS, { id: commented.id }, caller);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.errors?.[0].message).toMatch(/for the service provider's officers and the operator/);
    }
  });

  it("gives the provider's officers the comments, newest first, with no rater in them", async () => {
    const result = await subgraph.request<{ serviceRatingComments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: Record<string, unknown> }> } }>(COMMENTS, { id: commented.id, first: 1 }, ownOfficer.caller);
    expect(result.errors).toBeUndefined();
    const page = result.data!.serviceRatingComments;
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((edge) => edge.node)).toEqual([{ score: 5, comment: 'Быстро, спасибо', ratedAt: '2026-03-02T05:00:00.000Z' }]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await subgraph.request<{ serviceRatingComments: { edges: Array<{ node: { comment: string } }> } }>(COMMENTS, { id: commented.id, first: 1, after: page.pageInfo.endCursor }, operator);
    expect(next.data!.serviceRatingComments.edges.map((edge) => edge.node.comment)).toEqual(['Долго ждал']);
  });

  it('counts every rating in the public average, with or without a comment', async () => {
    const result = await subgraph.request(RATING_QUERY, services(commented.id));
    expect(result.data).toEqual({ _entities: [{ id: commented.id, rating: { average: 3.67, count: 3 } }] });
  });
});

afterAll(async () => {
  await subgraph?.close();
});

const services = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'Service', id })) });

describe('who may call the applications subgraph', () => {
  it('refuses a request the gateway did not sign', async () => {
    const response = await fetch(`${subgraph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: RATING_QUERY, variables: services(ratedService) }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toBe('Subgraphs accept only requests signed by the gateway.');
  });

  it('refuses a caller token signed with another secret', async () => {
    const forged = await signCallerToken(testCaller(), 'not-the-internal-secret');
    const response = await fetch(`${subgraph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_HEADER]: forged },
      body: JSON.stringify({ query: RATING_QUERY, variables: services(ratedService) }),
    });
    expect(response.status).toBe(401);
  });
});

describe('Service.rating', () => {
  it('averages the scores and counts them, for anonymous callers too', async () => {
    const result = await subgraph.request(RATING_QUERY, services(ratedService));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [{ id: ratedService, rating: { average: 4.33, count: 3 } }] });
  });

  it('has a null average and a zero count while nobody has rated', async () => {
    const result = await subgraph.request(RATING_QUERY, services(unratedService));
    expect(result.data).toEqual({ _entities: [{ id: unratedService, rating: { average: null, count: 0 } }] });
  });

  it('treats an id that is not a UUID as an unrated service instead of failing', async () => {
    const result = await subgraph.request(RATING_QUERY, services('not-a-uuid'));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [{ id: 'not-a-uuid', rating: { average: null, count: 0 } }] });
  });

  it('loads the ratings of 40 services with ONE query', async () => {
    const ids = [ratedService, ...Array.from({ length: 39 }, () => randomUUID())];
    executed.length = 0;
    const result = await subgraph.request<{ _entities: Array<{ id: string; rating: { count: number } }> }>(RATING_QUERY, services(...ids));
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toHaveLength(40);
    expect(result.data!._entities[0].rating.count).toBe(3);
    expect(result.data!._entities.slice(1).every((service) => service.rating.count === 0)).toBe(true);
    // the outbox relay and the event consumer poll in the background: their statements are not this request's
    const requestStatements = executed.filter((sql) => !/outbox|event_log|consumer_cursor|inbox|pg_advisory|pg_notify|^\s*(begin|commit|rollback)\b/i.test(sql));
    expect(requestStatements.filter((sql) => sql.includes('service_rating'))).toHaveLength(1);
    expect(requestStatements).toHaveLength(1);
  });
});
