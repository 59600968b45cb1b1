import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createRevocationChecker, type EventPayloads, type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { workingCalendarFromJson } from '../calendar/working-calendar.rules';
import type { ApplicationsRuntime } from '../context';
import { DocumentLinks } from '../document/document-link.rules';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';
import { announceOverdueApplications } from './overdue.service';

// Monday 2 March 2026, 10:00 in Bishkek; the background scan reads this clock every 50 ms
const MONDAY = new Date('2026-03-02T04:00:00Z');
const clock = { now: MONDAY };
const DAY = 86_400_000;

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let db: Client;
const executed: string[] = [];
const PROVIDER = randomUUID();
let citizen: TestPerson;
let officer: TestPerson;
let freeService: TestService;
let paidService: TestService;

interface View {
  id: string;
  number: string | null;
  status: string;
  version: number;
  updatedAt: string;
  intakeDueAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  overdueSince: string | null;
}
const FIELDS = 'id number status version updatedAt intakeDueAt dueAt overdue overdueSince';
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { ${FIELDS} } }`;
const REJECT = `mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Incomplete") { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawApplication(applicationId: $id) { ${FIELDS} } }`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { ${FIELDS} } }`;
const READ = `query($id: ID!) { application(id: $id) { ${FIELDS} } }`;

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function submitted(service: TestService = freeService): Promise<View> {
  const draft = ok(await world.request<{ saveDraft: { id: string; data: unknown } }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST } }, citizen.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), citizen.privateKey);
  return ok(await world.request<{ submitApplication: View }>(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizen.keyId } }, citizen.caller)).submitApplication;
}

async function accepted(application: View): Promise<View> {
  return ok(await world.request<{ acceptApplication: View }>(ACCEPT, { id: application.id }, officer.caller)).acceptApplication;
}

async function read(id: string): Promise<View> {
  return ok(await world.request<{ application: View }>(READ, { id }, citizen.caller)).application;
}

interface OutboxRow {
  type: string;
  aggregate_type: string;
  aggregate_version: number;
  payload: EventPayloads['ApplicationOverdue'];
}

async function overdueEvents(applicationId: string): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `select type, aggregate_type, aggregate_version, payload from applications.outbox where aggregate_id = $1 and type = 'ApplicationOverdue' order by id`,
    [applicationId],
  );
  return rows;
}

async function countOverdueEvents(ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; n: number }>(
    `select aggregate_id as id, count(*)::int as n from applications.outbox where type = 'ApplicationOverdue' and aggregate_id = any($1::uuid[]) group by aggregate_id`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** The scan as another replica would run it, at its own "now" (the background scan keeps the test clock). */
function runtimeAt(now: Date): Pick<ApplicationsRuntime, 'now'> & Partial<ApplicationsRuntime> {
  return { calendar: workingCalendarFromJson(''), documentsBaseUrl: 'http://localhost/documents', documentLinks: new DocumentLinks('overdue-test-secret'), qualified: { trustedRootsPem: null, revocation: createRevocationChecker({ crlUrl: null }) }, now: () => now };
}

const moveTo = (at: Date | string | number) => {
  clock.now = new Date(at);
};

beforeAll(async () => {
  subgraph = await startTestSubgraph(createApplicationsSubgraph(undefined, { now: () => clock.now, overdueScanMs: 50 }), { onQuery: (sql) => executed.push(sql) });
  world = new ApplicationsWorld(subgraph);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
  [citizen, officer] = await Promise.all([world.citizen(), world.officer(PROVIDER)]);
  freeService = await world.service({ providerId: PROVIDER, title: 'Адресная справка' });
  paidService = await world.service({ providerId: PROVIDER, feeMinor: 10000 });
  await world.drain();
});

afterAll(async () => {
  await db?.end();
  await subgraph?.close();
});

// These first tests scan at their own "now" while the test clock stays on Monday morning, so the
// background scan never touches their applications.
describe('the scan of a batch', () => {
  it('issues the same statements for 3 applications as for 12 (no query per row)', async () => {
    const statementsFor = async (size: number) => {
      const ids = (await Promise.all(Array.from({ length: size }, () => submitted()))).map((row) => row.id);
      executed.length = 0;
      const full = await announceOverdueApplications(subgraph.orm, runtimeAt(new Date(MONDAY.getTime() + 7 * DAY)), 12);
      const statements = [...executed];
      expect(full).toBe(size === 12);
      expect([...(await countOverdueEvents(ids)).values()]).toEqual(ids.map(() => 1));
      return statements;
    };
    const three = await statementsFor(3);
    const twelve = await statementsFor(12);
    expect(twelve).toHaveLength(three.length);
    // the due rows with their service titles (locked), the markers, the outbox rows and the relay's wake-up
    expect(three.filter((sql) => !/^\s*(begin|commit)\b/i.test(sql))).toEqual([
      expect.stringMatching(/^select a\.id.*join applications\.service_version.*for update of a skip locked$/s),
      expect.stringMatching(/^update applications\.application a\s+set intake_overdue_at/),
      expect.stringMatching(/^insert into "applications"\.outbox/),
      expect.stringMatching(/pg_notify/),
    ]);
  });

  it('announces each deadline once when scans run at the same time (replicas)', async () => {
    const ids = (await Promise.all(Array.from({ length: 7 }, () => submitted()))).map((row) => row.id);
    const runtime = runtimeAt(new Date(MONDAY.getTime() + 7 * DAY));
    // the brief's case: two scans in parallel
    await Promise.all([announceOverdueApplications(subgraph.orm, runtime), announceOverdueApplications(subgraph.orm, runtime)]);
    expect([...(await countOverdueEvents(ids)).values()]).toEqual(ids.map(() => 1));

    // more of them, in small batches until each reports it is done
    const more = (await Promise.all(Array.from({ length: 7 }, () => submitted()))).map((row) => row.id);
    const scanUntilDone = async () => {
      while (await announceOverdueApplications(subgraph.orm, runtime, 2)) {
        // a full batch: there may be more
      }
    };
    await Promise.all([scanUntilDone(), scanUntilDone(), scanUntilDone()]);
    const counts = await countOverdueEvents([...ids, ...more]);
    expect([...ids, ...more].map((id) => counts.get(id))).toEqual([...ids, ...more].map(() => 1));
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from applications.application where id = any($1::uuid[]) and intake_overdue_at = $2`,
      [[...ids, ...more], runtime.now()],
    );
    expect(rows[0].n).toBe(14);
  });
});

describe('the background scan', () => {
  let application: View;

  it('announces a SUBMITTED application past its intake deadline once, without changing its version', async () => {
    application = await submitted();
    await world.drain();
    expect(await overdueEvents(application.id)).toEqual([]);
    moveTo(application.intakeDueAt!); // not yet: strictly after the deadline
    await world.drain();
    expect(await overdueEvents(application.id)).toEqual([]);
    expect(await read(application.id)).toMatchObject({ overdue: false, overdueSince: null });

    moveTo(Date.parse(application.intakeDueAt!) + 1);
    await world.drain();
    const detectedAt = clock.now.toISOString();
    expect(await overdueEvents(application.id)).toEqual([
      {
        type: 'ApplicationOverdue',
        aggregate_type: 'Application',
        aggregate_version: application.version,
        payload: {
          applicationId: application.id,
          number: application.number,
          applicantId: citizen.id,
          providerId: PROVIDER,
          serviceTitle: freeService.title,
          deadline: 'INTAKE',
          dueAt: application.intakeDueAt,
          status: 'SUBMITTED',
          detectedAt,
        },
      },
    ]);
    // the drain relayed it after scanning
    const { rows: published } = await db.query(`select source, aggregate_version from event_bus.event_log where type = 'ApplicationOverdue' and aggregate_id = $1`, [application.id]);
    expect(published).toEqual([{ source: 'applications', aggregate_version: application.version }]);
    expect(await read(application.id)).toEqual({ ...application, overdue: true, overdueSince: detectedAt });

    moveTo(clock.now.getTime() + DAY);
    await world.drain();
    await world.drain();
    expect(await overdueEvents(application.id)).toHaveLength(1);
  });

  it('announces the missed decision deadline once the application is in review', async () => {
    // accepting late works: the announcement left the optimistic lock as it was
    const inReview = await accepted(application);
    expect(inReview).toMatchObject({ status: 'IN_REVIEW', version: application.version + 1, overdue: false, overdueSince: null });
    await world.drain();
    expect(await overdueEvents(application.id)).toHaveLength(1);

    moveTo(Date.parse(inReview.dueAt!) + 1);
    await world.drain();
    await world.drain();
    const events = await overdueEvents(application.id);
    expect(events.map((event) => event.payload.deadline)).toEqual(['INTAKE', 'DECISION']);
    expect(events[1]).toMatchObject({
      aggregate_version: inReview.version,
      payload: { deadline: 'DECISION', dueAt: inReview.dueAt, status: 'IN_REVIEW', detectedAt: clock.now.toISOString() },
    });
    expect(await read(application.id)).toMatchObject({ version: inReview.version, overdue: true, overdueSince: clock.now.toISOString() });
  });

  it('announces nothing for applications not yet due, decided, withdrawn, waiting for payment, or drafts', async () => {
    const notYetDue = await submitted();
    const rejected = ok(await world.request<{ rejectApplication: View }>(REJECT, { id: (await submitted()).id }, officer.caller)).rejectApplication;
    const withdrawn = ok(await world.request<{ withdrawApplication: View }>(WITHDRAW, { id: (await submitted()).id }, citizen.caller)).withdrawApplication;
    const refused = ok(
      await world.request<{ decideApplication: View }>(DECIDE, { input: { applicationId: (await accepted(await submitted())).id, approve: false, reason: 'Not eligible' } }, officer.caller),
    ).decideApplication;
    const awaitingPayment = await accepted(await submitted(paidService));
    const draft = ok(await world.request<{ saveDraft: { id: string } }>(SAVE_DRAFT, { input: { serviceId: freeService.id, data: {} } }, citizen.caller)).saveDraft;
    expect([rejected.status, withdrawn.status, refused.status, awaitingPayment.status]).toEqual(['REJECTED', 'WITHDRAWN', 'REFUSED', 'AWAITING_PAYMENT']);

    moveTo(notYetDue.intakeDueAt!);
    await world.drain();
    expect(await overdueEvents(notYetDue.id)).toEqual([]);

    moveTo(clock.now.getTime() + 60 * DAY);
    await world.drain();
    for (const id of [rejected.id, withdrawn.id, refused.id, awaitingPayment.id, draft.id]) {
      expect(await overdueEvents(id)).toEqual([]);
    }
    expect(await read(refused.id)).toMatchObject({ overdue: false, overdueSince: null });
  });
});
