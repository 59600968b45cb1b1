import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import type { ApplicationsRuntime } from '../context';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';
import { addCalendarMonths, DEFAULT_RETENTION_POLICY } from './retention.rules';
import { applyRetention } from './retention.service';

// drafts kept 3 months after their last change (the applicant told a week before), final
// applications a year, then archived. The subgraph's clock is the test's; each scan runs at its own "now".
const START = new Date('2026-03-02T04:00:00Z');
const clock = { now: START };
const DAY = 86_400_000;

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let db: Client;
const PROVIDER = randomUUID();
let citizen: TestPerson;
let officer: TestPerson;
let service: TestService;

const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data updatedAt } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`;
const REJECT = `mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Incomplete") { id status updatedAt } }`;
const READ = `query($id: ID!) { application(id: $id) { id status } }`;
const QUEUE = `{ applicationQueue(first: 100) { edges { node { id } } } }`;

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const policy = DEFAULT_RETENTION_POLICY;
const runtimeAt = (now: Date): Pick<ApplicationsRuntime, 'now' | 'retention'> => ({ now: () => now, retention: policy });
const scanAt = (now: Date) => applyRetention(subgraph.orm, runtimeAt(now));

async function draftAt(at: Date): Promise<{ id: string; updatedAt: string; data: unknown }> {
  clock.now = at;
  return ok(await world.request<{ saveDraft: { id: string; updatedAt: string; data: unknown } }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST } }, citizen.caller)).saveDraft;
}

async function eventsOf(id: string): Promise<Array<{ type: string; payload: Record<string, string> }>> {
  const { rows } = await db.query(`select type, payload from applications.outbox where aggregate_id = $1 and type in ('DraftExpiring', 'DraftRemoved', 'ApplicationArchived') order by id`, [id]);
  return rows;
}

async function exists(id: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from applications.application where id = $1', [id]);
  return rows.length === 1;
}

beforeAll(async () => {
  subgraph = await startTestSubgraph(createApplicationsSubgraph(undefined, { now: () => clock.now }));
  world = new ApplicationsWorld(subgraph);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
  [citizen, officer] = await Promise.all([world.citizen(), world.officer(PROVIDER)]);
  service = await world.service({ providerId: PROVIDER, title: 'Адресная справка' });
  await world.drain();
});

afterAll(async () => {
  await db?.end();
  await subgraph?.close();
});

describe('drafts (R-27.6)', () => {
  it('tells the applicant a week before, once, then removes the draft with its history when the three months are over', async () => {
    const draft = await draftAt(START);
    const changedAt = new Date(draft.updatedAt);
    const removalAt = addCalendarMonths(changedAt, 3);
    const noticeAt = new Date(removalAt.getTime() - 7 * DAY);

    await scanAt(new Date(noticeAt.getTime() - 1));
    expect(await eventsOf(draft.id)).toEqual([]);

    // two replicas at once: one notice
    await Promise.all([scanAt(noticeAt), scanAt(noticeAt)]);
    await scanAt(new Date(noticeAt.getTime() + DAY));
    expect(await eventsOf(draft.id)).toEqual([
      { type: 'DraftExpiring', payload: expect.objectContaining({ applicationId: draft.id, applicantId: citizen.caller.userId, lastChangedAt: changedAt.toISOString(), removalAt: removalAt.toISOString() }) },
    ]);

    await scanAt(new Date(removalAt.getTime() - 1));
    expect(await exists(draft.id)).toBe(true);

    await Promise.all([scanAt(removalAt), scanAt(removalAt)]);
    expect(await exists(draft.id)).toBe(false);
    const { rows: history } = await db.query('select 1 from applications.status_change where application_id = $1', [draft.id]);
    expect(history).toEqual([]);
    expect((await eventsOf(draft.id)).map((event) => event.type)).toEqual(['DraftExpiring', 'DraftRemoved']);
    expect(ok(await world.request<{ application: unknown }>(READ, { id: draft.id }, citizen.caller)).application).toBeNull();

    // a later pass finds nothing more to do
    expect(await scanAt(new Date(removalAt.getTime() + 30 * DAY))).toBe(false);
    expect(await eventsOf(draft.id)).toHaveLength(2);
  });

  it('starts again when the applicant changes the draft after the notice', async () => {
    const draft = await draftAt(new Date(START.getTime() + 1000));
    const firstRemoval = addCalendarMonths(new Date(draft.updatedAt), 3);
    await scanAt(new Date(firstRemoval.getTime() - 7 * DAY));
    expect(await eventsOf(draft.id)).toHaveLength(1);

    // the applicant opens and saves it three days before the removal
    clock.now = new Date(firstRemoval.getTime() - 3 * DAY);
    const saved = ok(await world.request<{ saveDraft: { updatedAt: string } }>(SAVE_DRAFT, { input: { applicationId: draft.id, serviceId: service.id, data: VALID_REQUEST } }, citizen.caller)).saveDraft;
    await scanAt(firstRemoval);
    expect(await exists(draft.id)).toBe(true);

    const secondRemoval = addCalendarMonths(new Date(saved.updatedAt), 3);
    await scanAt(new Date(secondRemoval.getTime() - 7 * DAY));
    await scanAt(secondRemoval);
    expect(await exists(draft.id)).toBe(false);
    expect((await eventsOf(draft.id)).map((event) => event.type)).toEqual(['DraftExpiring', 'DraftExpiring', 'DraftRemoved']);
  });

  it('never removes a draft whose applicant was not told, however old', async () => {
    const draft = await draftAt(new Date(START.getTime() + 2000));
    const longAfter = addCalendarMonths(START, 9);
    await scanAt(longAfter);
    expect(await exists(draft.id)).toBe(true);
    await scanAt(new Date(longAfter.getTime() + 7 * DAY - 1));
    expect(await exists(draft.id)).toBe(true);
    await scanAt(new Date(longAfter.getTime() + 7 * DAY));
    expect(await exists(draft.id)).toBe(false);
  });
});

describe('submitted applications (R-27.6)', () => {
  it('keeps a final application a year, then archives it out of the queue, still readable by its applicant', async () => {
    const draft = await draftAt(new Date(START.getTime() + 3000));
    const signature = await world.sign(world.submissionPayload(draft, service.id), citizen.privateKey);
    ok(await world.request(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizen.keyId } }, citizen.caller));
    const rejected = ok(await world.request<{ rejectApplication: { updatedAt: string } }>(REJECT, { id: draft.id }, officer.caller)).rejectApplication;
    const yearAfter = addCalendarMonths(new Date(rejected.updatedAt), 12);
    const inQueue = async () => ok(await world.request<{ applicationQueue: { edges: Array<{ node: { id: string } }> } }>(QUEUE, {}, officer.caller)).applicationQueue.edges.some((edge) => edge.node.id === draft.id);

    await scanAt(new Date(yearAfter.getTime() - 1));
    expect(await eventsOf(draft.id)).toEqual([]);
    expect(await inQueue()).toBe(true);

    await Promise.all([scanAt(yearAfter), scanAt(yearAfter)]);
    expect(await eventsOf(draft.id)).toEqual([{ type: 'ApplicationArchived', payload: expect.objectContaining({ applicationId: draft.id, status: 'REJECTED', providerId: PROVIDER }) }]);
    expect(await inQueue()).toBe(false);
    expect(ok(await world.request<{ application: { status: string } }>(READ, { id: draft.id }, citizen.caller)).application.status).toBe('REJECTED');
    await scanAt(addCalendarMonths(yearAfter, 1));
    expect(await eventsOf(draft.id)).toHaveLength(1);
  });

  it('never archives an application the provider is still working on', async () => {
    const draft = await draftAt(new Date(START.getTime() + 4000));
    const signature = await world.sign(world.submissionPayload(draft, service.id), citizen.privateKey);
    ok(await world.request(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizen.keyId } }, citizen.caller));
    await scanAt(addCalendarMonths(START, 36));
    expect(await eventsOf(draft.id)).toEqual([]);
    expect(await exists(draft.id)).toBe(true);
  });
});
