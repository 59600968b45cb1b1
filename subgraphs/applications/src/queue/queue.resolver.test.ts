import { randomUUID } from 'node:crypto';
import { type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, canonical, type TestPerson, type TestService, VALID_REQUEST, startTestCertificationAuthority } from '../testing/world';
import type { CertificationAuthorityStandin } from '@portal/standins';

// Monday 2 March 2026, 10:00 in Bishkek
const MONDAY = Date.parse('2026-03-02T04:00:00Z');
const DAY = 86_400_000;
const clock = { now: new Date(MONDAY) };

let subgraph: TestSubgraph;
let ca: CertificationAuthorityStandin;
let world: ApplicationsWorld;
const executed: string[] = [];
const PROVIDER_A = randomUUID();
const PROVIDER_B = randomUUID();
let citizen: TestPerson;
let otherCitizen: TestPerson;
let officerA: TestPerson;
let executorA: TestPerson;
let officerB: TestPerson;
let freeService: TestService;
let paidService: TestService;
let serviceB: TestService;
let fastService: TestService;

interface Created {
  id: string;
  status: string;
  serviceId: string;
  intakeDueAt: string | null;
  dueAt: string | null;
  executorId: string | null;
}
const providerA: Created[] = [];
const drafts: string[] = [];

const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status intakeDueAt dueAt } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { id status intakeDueAt dueAt } }`;
const REJECT = `mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Incomplete") { id status intakeDueAt dueAt } }`;
const ASSIGN = `mutation($id: ID!, $executorId: ID!) { assignApplication(applicationId: $id, executorId: $executorId) { id } }`;
const QUEUE = `query($filter: ApplicationFilter, $first: Int, $after: String) {
  applicationQueue(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status overdue } }
  }
}`;
const RICH_QUEUE = `query($first: Int) {
  applicationQueue(first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id number status overdue dueAt intakeDueAt data currentStep version refusalReason rating
      applicant { id } service { id version } executor { id }
      validation { field code message }
      history { from to at actor { id } actorRole reason }
      result { number sha256 downloadUrl signedBy { id } }
      appealProcedure appeals { id text }
      registryDocuments { code status data messageId }
    } }
  }
}`;
const OWN = `query($r: [_Any!]!, $filter: ApplicationFilter, $first: Int, $after: String) {
  _entities(representations: $r) { ... on User { applications(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status } }
  } } }
}`;

interface QueuePage {
  applicationQueue: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { id: string; status: string; overdue: boolean } }> };
}

function expectError(result: GraphQLResult, code: string, message: string | RegExp): void {
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions?.code).toBe(code);
  if (typeof message === 'string') expect(result.errors![0].message).toBe(message);
  else expect(result.errors![0].message).toMatch(message);
}

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function submitNew(person: TestPerson, service: TestService): Promise<Created> {
  const draft = ok(await world.request<{ saveDraft: { id: string; data: unknown } }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST } }, person.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), person.privateKey);
  const sent = ok(await world.request<{ submitApplication: Created }>(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: person.keyId } }, person.caller)).submitApplication;
  return { ...sent, serviceId: service.id, executorId: null };
}

/** The queue order of the contract: due date (intake while SUBMITTED, decision otherwise), nulls last, then id. */
function expectedOrder(rows: Created[]): string[] {
  const due = (row: Created) => (row.status === 'SUBMITTED' ? row.intakeDueAt : row.dueAt);
  return [...rows]
    .sort((a, b) => {
      const [da, db] = [due(a), due(b)];
      if (da !== db) {
        if (da === null) return 1;
        if (db === null) return -1;
        return Date.parse(da) - Date.parse(db);
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((row) => row.id);
}

const isBackground = (sql: string) => /outbox|event_log|consumer_cursor|inbox|pg_advisory|pg_notify|^\s*(begin|commit|rollback)\b/i.test(sql);

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  subgraph = await startTestSubgraph(createApplicationsSubgraph(authority.settings, { now: () => clock.now }), { onQuery: (sql) => executed.push(sql) });
  world = new ApplicationsWorld(subgraph, ca);
  [citizen, otherCitizen, officerA, executorA, officerB] = await Promise.all([
    world.citizen('Асанова Айгүл'),
    world.citizen('Бакыт Мамытов'),
    world.officer(PROVIDER_A),
    world.officer(PROVIDER_A),
    world.officer(PROVIDER_B),
  ]);
  freeService = await world.service({ providerId: PROVIDER_A, title: 'Адресная справка' });
  paidService = await world.service({ providerId: PROVIDER_A, feeMinor: 10000 });
  serviceB = await world.service({ providerId: PROVIDER_B });
  fastService = await world.service({ providerId: PROVIDER_A, deadlineWorkingDays: 0, title: 'Выписка' });
  await world.drain();

  // first in the queue: decided the same day (due Monday 18:00), with a signed result document
  {
    const row = await submitNew(citizen, fastService);
    const accepted = ok(await world.request<{ acceptApplication: Created }>(ACCEPT, { id: row.id }, officerA.caller)).acceptApplication;
    const resultDocument = { title: 'Выписка', holder: 'Асанова Айгүл' };
    const signature = await world.sign(canonical(resultDocument), officerA.privateKey);
    const decided = ok(
      await world.request<{ decideApplication: Created }>(
        `mutation($input: DecideInput!) { decideApplication(input: $input) { id status intakeDueAt dueAt } }`,
        { input: { applicationId: row.id, approve: true, resultDocument, signature, signingKeyId: officerA.keyId } },
        officerA.caller,
      ),
    ).decideApplication;
    expect(accepted.dueAt).toBe('2026-03-02T12:00:00.000Z');
    providerA.push({ ...row, ...decided });
  }

  // 55 more applications to provider A, submitted over a working week, in every status the queue shows
  for (let i = 0; i < 55; i += 1) {
    clock.now = new Date(MONDAY + (i % 5) * DAY + i * 60_000);
    let row = await submitNew(i % 4 === 0 ? otherCitizen : citizen, i % 2 === 0 ? freeService : paidService);
    if (i % 3 === 0) {
      ok(await world.request(ASSIGN, { id: row.id, executorId: executorA.id }, officerA.caller));
      row = { ...row, executorId: executorA.id };
    }
    if (i % 5 === 1) row = { ...row, ...ok(await world.request<{ acceptApplication: Created }>(ACCEPT, { id: row.id }, officerA.caller)).acceptApplication };
    else if (i % 11 === 7) row = { ...row, ...ok(await world.request<{ rejectApplication: Created }>(REJECT, { id: row.id }, officerA.caller)).rejectApplication };
    providerA.push(row);
  }
  clock.now = new Date(MONDAY + 5 * DAY);
  for (let i = 0; i < 3; i += 1) await submitNew(citizen, serviceB);
  clock.now = new Date(MONDAY + 6 * DAY);
  drafts.push(ok(await world.request<{ saveDraft: { id: string } }>(SAVE_DRAFT, { input: { serviceId: freeService.id, data: {} } }, citizen.caller)).saveDraft.id);
  clock.now = new Date(MONDAY);
});

afterAll(async () => {
  await ca?.close();
  await subgraph?.close();
});

describe('who is refused', () => {
  it('refuses the queue to citizens, anonymous callers and officers without a provider', async () => {
    expectError(await world.request(QUEUE, {}, citizen.caller), 'FORBIDDEN', 'This operation is for PROVIDER_OFFICER accounts only.');
    expectError(await world.request(QUEUE, {}), 'UNAUTHENTICATED', 'Sign in first: this operation needs a valid access token.');
    expectError(
      await world.request(QUEUE, {}, { ...officerA.caller, providerId: null }),
      'FORBIDDEN',
      'Your officer account is not attached to a provider, so it has no queue; ask the operator to attach it.',
    );
  });

  it("refuses listing another user's applications", async () => {
    const result = await world.request(OWN, { r: [{ __typename: 'User', id: citizen.id }] }, otherCitizen.caller);
    expectError(result, 'FORBIDDEN', "You may list only your own applications; a provider's applications are in applicationQueue.");
    expectError(await world.request(OWN, { r: [{ __typename: 'User', id: citizen.id }] }, officerA.caller), 'FORBIDDEN', /only your own applications/);
    expectError(await world.request(OWN, { r: [{ __typename: 'User', id: citizen.id }] }), 'UNAUTHENTICATED', /^Sign in first/);
  });
});

describe('applicationQueue', () => {
  async function wholeQueue(filter: Record<string, unknown> | null, caller = officerA.caller, first = 100) {
    return ok(await world.request<QueuePage>(QUEUE, { filter, first }, caller)).applicationQueue;
  }

  it("holds only the officer's provider's submitted applications, drafts never", async () => {
    const queueA = await wholeQueue(null);
    expect(queueA.totalCount).toBe(providerA.length);
    expect(new Set(queueA.edges.map((edge) => edge.node.id))).toEqual(new Set(providerA.map((row) => row.id)));
    expect(queueA.edges.map((edge) => edge.node.id)).not.toContain(drafts[0]);
    const queueB = await wholeQueue(null, officerB.caller);
    expect(queueB.totalCount).toBe(3);
  });

  it('sorts by due date (intake deadline while SUBMITTED, decision deadline otherwise), nulls last, then id', async () => {
    const queue = await wholeQueue(null);
    expect(queue.edges.map((edge) => edge.node.id)).toEqual(expectedOrder(providerA));
    // the statuses without a deadline of the provider come last
    const tail = queue.edges.slice(-providerA.filter((row) => (row.status === 'SUBMITTED' ? row.intakeDueAt : row.dueAt) === null).length);
    expect(new Set(tail.map((edge) => edge.node.status))).toEqual(new Set(['AWAITING_PAYMENT', 'REJECTED']));
  });

  it('pages through with cursors, keeping totalCount', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page: QueuePage['applicationQueue'] = ok(await world.request<QueuePage>(QUEUE, { first: 7, after }, officerA.caller)).applicationQueue;
      expect(page.totalCount).toBe(providerA.length);
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expectedOrder(providerA));
  });

  it('refuses a cursor it did not produce and a page size out of range', async () => {
    expectError(await world.request(QUEUE, { after: 'bogus' }, officerA.caller), 'BAD_USER_INPUT', '"after" is not a cursor this list produced; pass an endCursor from a previous page.');
    expectError(await world.request(QUEUE, { first: 500 }, officerA.caller), 'BAD_USER_INPUT', '"first" must be a whole number from 1 to 100; got 500.');
    expectError(await world.request(QUEUE, { filter: { serviceId: 'x' } }, officerA.caller), 'BAD_USER_INPUT', 'filter.serviceId "x" is not a service id; take ids from Query.services.');
  });

  it('filters by status, service and assignee', async () => {
    const inReview = await wholeQueue({ status: ['IN_REVIEW', 'AWAITING_PAYMENT'] });
    expect(inReview.edges.map((edge) => edge.node.id).sort()).toEqual(
      providerA.filter((row) => ['IN_REVIEW', 'AWAITING_PAYMENT'].includes(row.status)).map((row) => row.id).sort(),
    );
    expect(inReview.totalCount).toBe(inReview.edges.length);
    const paid = await wholeQueue({ serviceId: paidService.id });
    expect(paid.totalCount).toBe(providerA.filter((row) => row.serviceId === paidService.id).length);
    const mine = await wholeQueue({ assignedToMe: true }, executorA.caller);
    expect(mine.edges.map((edge) => edge.node.id).sort()).toEqual(providerA.filter((row) => row.executorId === executorA.id).map((row) => row.id).sort());
    expect((await wholeQueue({ assignedToMe: true })).totalCount).toBe(0);
    expect((await wholeQueue({ assignedToMe: false })).totalCount).toBe(providerA.length);
  });

  it('flags and filters overdue applications against the working calendar', async () => {
    // Wednesday 19:00 Bishkek: Monday's and Tuesday's submissions are late (R-41: due one working day
    // after receipt, e.g. Monday 10:00 -> Tuesday 10:00; it was 18:00 of the next day before the counting followed the text)
    clock.now = new Date('2026-03-04T13:00:00Z');
    try {
      const overdueIds = providerA
        .filter((row) => row.status === 'SUBMITTED' && Date.parse(row.intakeDueAt!) < clock.now.getTime())
        .map((row) => row.id)
        .sort();
      expect(overdueIds.length).toBeGreaterThan(0);
      const overdue = await wholeQueue({ overdue: true });
      expect(overdue.edges.map((edge) => edge.node.id).sort()).toEqual(overdueIds);
      expect(overdue.edges.every((edge) => edge.node.overdue)).toBe(true);
      const onTime = await wholeQueue({ overdue: false });
      expect(onTime.totalCount).toBe(providerA.length - overdueIds.length);
      expect(onTime.edges.some((edge) => edge.node.overdue)).toBe(false);
      // the decision deadline counts from the day of receipt (item 21, not from acceptance): Tuesday's submissions are due Friday 18:00
      clock.now = new Date('2026-03-06T12:00:01Z');
      const late = await wholeQueue({ overdue: true, status: ['IN_REVIEW'] });
      expect(late.edges.map((edge) => edge.node.id).sort()).toEqual(
        providerA.filter((row) => row.status === 'IN_REVIEW' && Date.parse(row.dueAt!) < clock.now.getTime()).map((row) => row.id).sort(),
      );
      expect(late.totalCount).toBeGreaterThan(0);
    } finally {
      clock.now = new Date(MONDAY);
    }
  });

  it('reads a page of 50 with every field in as many SQL statements as a page of 5 (no N+1)', async () => {
    const statementsFor = async (first: number) => {
      executed.length = 0;
      const result = ok(await world.request<QueuePage>(RICH_QUEUE, { first }, officerA.caller));
      expect(result.applicationQueue.edges).toHaveLength(first);
      return executed.filter((sql) => !isBackground(sql));
    };
    const readsRecorded = async () =>
      (await subgraph.orm.em.fork().execute<Array<{ payload: { applicationId: string; fields: string[]; subjectUserId: string } }>>(`select payload from applications.outbox where type = 'PersonalDataRead' order by id`)).map((row) => row.payload);
    const recordWrites = () => executed.filter((sql) => /insert into "applications"\."outbox"/.test(sql)).length;
    const before = (await readsRecorded()).length;
    const five = await statementsFor(5);
    const fiveWrites = recordWrites();
    const fifty = await statementsFor(50);
    expect(fifty).toHaveLength(five.length);
    // the officer's reads of 55 applicants' data are recorded with as few INSERTs for 50 rows as for 5
    // (one per resolver wave: the form data, then the result documents' links), one event per application
    expect(recordWrites()).toBe(fiveWrites);
    expect(fiveWrites).toBeLessThanOrEqual(2);
    const recorded = (await readsRecorded()).slice(before);
    expect(recorded.filter((read) => read.fields.includes('application.data'))).toHaveLength(55);
    expect(recorded.every((read) => read.subjectUserId === citizen.id || read.subjectUserId === otherCitizen.id)).toBe(true);
    // count, page, service versions, history, result documents, ratings, appeals, registry documents
    expect(fifty).toHaveLength(8);
    // the tables read (the page's own select names the result_document_number column)
    expect(fifty.filter((sql) => /from "?applications"?\."?registry_document"?/.test(sql))).toHaveLength(1);
    expect(fifty.filter((sql) => /from "?applications"?\."?result_document"?\b/.test(sql))).toHaveLength(1);
  });

  it('resolves 50 application references from other subgraphs with one statement for the rows', async () => {
    const representations = providerA.slice(0, 50).map((row) => ({ __typename: 'Application', id: row.id }));
    executed.length = 0;
    const result = ok(
      await world.request<{ _entities: Array<{ id: string; status: string }> }>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { id status number } } }`, { r: representations }, officerA.caller),
    );
    expect(result._entities.map((entity) => entity.id)).toEqual(representations.map((rep) => rep.id));
    expect(executed.filter((sql) => !isBackground(sql))).toHaveLength(1);
  });
});

describe('User.applications', () => {
  it("lists the user's own applications, drafts included, newest first, with pages and filters", async () => {
    const mine = 1 + 55 - Math.ceil(55 / 4) + 3 + 1; // the decided one, the week's (not otherCitizen's), provider B's, the draft
    const all = ok(await world.request<{ _entities: Array<{ applications: QueuePage['applicationQueue'] }> }>(OWN, { r: [{ __typename: 'User', id: citizen.id }], first: 100 }, citizen.caller))._entities[0].applications;
    expect(all.totalCount).toBe(mine);
    expect(all.edges[0].node).toEqual({ id: drafts[0], status: 'DRAFT' });
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page: QueuePage['applicationQueue'] = ok(
        await world.request<{ _entities: Array<{ applications: QueuePage['applicationQueue'] }> }>(OWN, { r: [{ __typename: 'User', id: citizen.id }], first: 10, after }, citizen.caller),
      )._entities[0].applications;
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((edge) => edge.node.id));
    const onlyDrafts = ok(await world.request<{ _entities: Array<{ applications: QueuePage['applicationQueue'] }> }>(OWN, { r: [{ __typename: 'User', id: citizen.id }], filter: { status: ['DRAFT'] } }, citizen.caller));
    expect(onlyDrafts._entities[0].applications.totalCount).toBe(1);
  });
});
