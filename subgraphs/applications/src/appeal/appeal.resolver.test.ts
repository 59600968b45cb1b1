import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type GraphQLResult, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import type { CertificationAuthorityStandin } from '@portal/standins';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, canonical, providerCodeOf, startTestCertificationAuthority, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';

// Monday 2 March 2026, 10:00 in Bishkek
const clock = { now: new Date('2026-03-02T04:00:00Z') };
const bishkek = (localDateTime: string): Date => new Date(`${localDateTime.replace(' ', 'T')}+06:00`);

let subgraph: TestSubgraph;
let ca: CertificationAuthorityStandin;
let world: ApplicationsWorld;
let db: Client;
const PROVIDER = randomUUID();
const BODY = randomUUID();
const OTHER_BODY = randomUUID();
const UNCONFIGURED = randomUUID();
let aigul: TestPerson;
let bakyt: TestPerson;
let officer: TestPerson;
let bodyOfficer: TestPerson;
let otherBodyOfficer: TestPerson;
let service: TestService;
let unconfiguredService: TestService;

interface AppealView {
  id: string;
  status: string;
  subject: string;
  dueAt: string | null;
  registeredAt: string | null;
  overdue: boolean;
  version: number;
  text: string;
  answer: string | null;
  reopenedTo: string | null;
  application: { id: string; status: string; dueAt: string | null; history: Array<{ from: string | null; to: string; reason: string | null }> };
}

const APPEAL_FIELDS = `id status subject dueAt registeredAt overdue version text answer reopenedTo application { id status dueAt history { from to reason } }`;
const FILE = `mutation($id: ID!, $text: String!, $subject: AppealSubject) { fileAppeal(applicationId: $id, text: $text, subject: $subject) { ${APPEAL_FIELDS} } }`;
const QUEUE = `query { appealQueue(first: 10) { totalCount edges { node { ${APPEAL_FIELDS} } } } }`;
const START = `mutation($id: ID!) { startAppealReview(appealId: $id) { ${APPEAL_FIELDS} } }`;
const ANSWER = `mutation($input: AnswerAppealInput!) { answerAppeal(input: $input) { ${APPEAL_FIELDS} } }`;
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { id status dueAt } }`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { id status } }`;

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

async function inReview(person: TestPerson, on: TestService = service): Promise<{ id: string; dueAt: string }> {
  const draft = ok(await world.request<{ saveDraft: { id: string; data: unknown } }>(SAVE_DRAFT, { input: { serviceId: on.id, data: VALID_REQUEST } }, person.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, on.id), person.privateKey);
  ok(await world.request(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: person.keyId } }, person.caller));
  const providerOfficer = on === service ? officer : await world.officer(on.providerId);
  return ok(await world.request<{ acceptApplication: { id: string; dueAt: string } }>(ACCEPT, { id: draft.id }, providerOfficer.caller)).acceptApplication;
}

async function refused(person: TestPerson): Promise<string> {
  const application = await inReview(person);
  ok(await world.request(DECIDE, { input: { applicationId: application.id, approve: false, reason: 'Не подпадает под ст. 5' } }, officer.caller));
  return application.id;
}

async function answerInput(appealId: string, uphold: boolean, answer: string, signer: TestPerson = bodyOfficer) {
  const signature = await world.sign(canonical({ appealId, uphold, answer }), signer.privateKey);
  return { appealId, uphold, answer, signature, signingKeyId: signer.keyId };
}

async function appealBody(providerId: string, body: string | null, version: number): Promise<void> {
  await publishTestEvent(subgraph.databaseUrl, 'ProviderAppealBodyConfigured', { type: 'ProviderAppealBody', id: providerId, version }, {
    providerId,
    providerCode: providerCodeOf(providerId),
    version,
    appealBody: body ? { providerId: body, code: providerCodeOf(body), name: { ky: 'Жогорку орган', ru: 'Вышестоящий орган' } } : null,
    changedBy: null,
    at: new Date().toISOString(),
  });
  await world.drain();
}

async function appealEvents(appealId: string) {
  const { rows } = await db.query<{ payload: Record<string, unknown> }>(`select payload from applications.outbox where type = 'AppealChanged' and aggregate_id = $1 order by id`, [appealId]);
  return rows.map((row) => row.payload);
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  subgraph = await startTestSubgraph(createApplicationsSubgraph(authority.settings, { now: () => clock.now }));
  world = new ApplicationsWorld(subgraph, ca);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
  [aigul, bakyt, officer, bodyOfficer, otherBodyOfficer] = await Promise.all([
    world.citizen('Асанова Айгүл'),
    world.citizen('Бакыт Мамытов'),
    world.officer(PROVIDER, 'Officer of the provider'),
    world.officer(BODY, 'Officer of the appeal body'),
    world.officer(OTHER_BODY, 'Officer of another body'),
  ]);
  service = await world.service({ providerId: PROVIDER, deadlineWorkingDays: 3 });
  unconfiguredService = await world.service({ providerId: UNCONFIGURED });
  await world.drain();
  await appealBody(PROVIDER, BODY, 1);
});

afterAll(async () => {
  await db?.end();
  await subgraph?.close();
  await ca?.close();
});

beforeEach(() => {
  clock.now = bishkek('2026-03-02 10:00');
});

describe('who is refused', () => {
  it('refuses a complaint about someone else\'s application (FORBIDDEN), in the caller\'s language', async () => {
    const applicationId = await refused(aigul);
    expectError(await world.request(FILE, { id: applicationId, text: 'Несправедливо' }, bakyt.caller), 'FORBIDDEN', 'Бул өтүнмө боюнча арызданууну анын ээси гана бере алат.');
    expectError(await world.request(FILE, { id: applicationId, text: 'Несправедливо' }, officer.caller), 'FORBIDDEN', 'Жалобу по этому заявлению может подать только заявитель.');
  });

  it('the queue, the review and the answer are only for officers of the body the complaint is addressed to', async () => {
    const applicationId = await refused(aigul);
    const appeal = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: applicationId, text: 'Отказ не обоснован' }, aigul.caller)).fileAppeal;
    expectError(await world.request(QUEUE, {}, aigul.caller), 'FORBIDDEN', /PROVIDER_OFFICER/);
    const ownProviders = ok(await world.request<{ appealQueue: { totalCount: number } }>(QUEUE, {}, officer.caller)).appealQueue;
    expect(ownProviders.totalCount).toBe(0);
    for (const outsider of [officer, otherBodyOfficer, aigul]) {
      expectError(await world.request(START, { id: appeal.id }, outsider.caller), 'FORBIDDEN', /Рассматривать эту жалобу могут только сотрудники органа|Бул даттанууну ал жиберилген органдын/);
      expectError(await world.request(ANSWER, { input: await answerInput(appeal.id, true, 'Удовлетворить', outsider) }, outsider.caller), 'FORBIDDEN', /органа|органдын/);
    }
    // another body's officer cannot read the application either
    expectError(await world.request(`query($id: ID!) { application(id: $id) { id } }`, { id: applicationId }, otherBodyOfficer.caller), 'FORBIDDEN', /own applications/);
  });
});

describe('bad input', () => {
  it('refuses a second complaint about the same decision (CONFLICT), while a retry gets the first back', async () => {
    const applicationId = await refused(aigul);
    const first = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: applicationId, text: 'Отказ не обоснован' }, aigul.caller)).fileAppeal;
    const retry = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: applicationId, text: 'Отказ не обоснован' }, aigul.caller)).fileAppeal;
    expect(retry.id).toBe(first.id);
    expectError(await world.request(FILE, { id: applicationId, text: 'Другая жалоба' }, aigul.caller), 'CONFLICT', /^Бул чечимге \(кадамга\) 02\.03\.2026 күнү даттануу берилген \(абалы: REGISTERED\)/);
    const { rows } = await db.query('select count(*)::int as n from applications.appeal where application_id = $1', [applicationId]);
    expect(rows[0].n).toBe(1);
    expect(await appealEvents(first.id)).toHaveLength(1);
  });

  it('refuses a complaint after the filing period (BAD_USER_INPUT with the last day), and inaction before a deadline passed', async () => {
    const applicationId = await refused(aigul);
    clock.now = bishkek('2026-04-02 09:00');
    expectError(await world.request(FILE, { id: applicationId, text: 'Поздно' }, aigul.caller), 'BAD_USER_INPUT', 'Даттануу берүү мөөнөтү 01.04.2026 күнү бүткөн (чечимден же аракеттен кийин 30 календардык күн).');
    clock.now = bishkek('2026-03-02 10:00');
    const onTime = await inReview(aigul);
    expectError(await world.request(FILE, { id: onTime.id, text: 'Долго', subject: 'INACTION' }, aigul.caller), 'CONFLICT', /^Кызмат көрсөтүүчүнүн мөөнөтү али өтө элек \(05\.03\.2026 чейин\)/);
    expectError(await world.request(FILE, { id: onTime.id, text: 'Долго', subject: 'DECISION' }, aigul.caller), 'CONFLICT', /IN_REVIEW/);
    expectError(await world.request(FILE, { id: applicationId, text: '   ' }, aigul.caller), 'BAD_USER_INPUT', 'text is required: write it out.');
  });

  it('refuses a bad signature, an answer before review, and answering twice', async () => {
    const applicationId = await refused(aigul);
    const appeal = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: applicationId, text: 'Отказ не обоснован' }, aigul.caller)).fileAppeal;
    expectError(await world.request(ANSWER, { input: await answerInput(appeal.id, false, 'Отказать') }, bodyOfficer.caller), 'CONFLICT', /startAppealReview/);
    ok(await world.request(START, { id: appeal.id }, bodyOfficer.caller));
    const signedOther = { ...(await answerInput(appeal.id, false, 'Отказать')), answer: 'Отказать в удовлетворении' };
    expectError(await world.request(ANSWER, { input: signedOther }, bodyOfficer.caller), 'BAD_USER_INPUT', /^Подпись покрывает другие данные/);
    const answered = await answerInput(appeal.id, false, 'Отказ обоснован: ст. 5 применена верно.');
    expect(ok(await world.request<{ answerAppeal: AppealView }>(ANSWER, { input: answered }, bodyOfficer.caller)).answerAppeal.status).toBe('DISMISSED');
    // the same signed answer again is a retry; a different one is refused
    expect(ok(await world.request<{ answerAppeal: AppealView }>(ANSWER, { input: answered }, bodyOfficer.caller)).answerAppeal.status).toBe('DISMISSED');
    expectError(await world.request(ANSWER, { input: await answerInput(appeal.id, true, 'Передумали') }, bodyOfficer.caller), 'CONFLICT', 'На жалобу уже дан ответ (DISMISSED); изменить его нельзя.');
    expect((await appealEvents(appeal.id)).map((event) => event.to)).toEqual(['REGISTERED', 'UNDER_REVIEW', 'DISMISSED']);
  });
});

describe('the workflow', () => {
  it('a complaint about an overdue application is registered with the body at once, with its answer deadline, and the body sees it in its queue', async () => {
    const application = await inReview(bakyt);
    clock.now = bishkek('2026-03-06 10:00'); // the decision was due Thursday 5 March 18:00
    const appeal = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: application.id, text: 'Решение не принято в срок', subject: 'INACTION' }, bakyt.caller)).fileAppeal;
    // 15 working days after Friday 6 March, Orozo Ait (20 March) not counted: Monday 30 March
    expect(appeal).toMatchObject({ status: 'REGISTERED', subject: 'INACTION', version: 2, overdue: false, registeredAt: clock.now.toISOString() });
    expect(appeal.dueAt).toBe(bishkek('2026-03-30 18:00').toISOString());
    const [event] = await appealEvents(appeal.id);
    expect(event).toMatchObject({ from: 'FILED', to: 'REGISTERED', subject: 'INACTION', applicantId: bakyt.id, providerOfficerIds: [officer.id], appealBodyOfficerIds: [bodyOfficer.id] });

    const queue = ok(await world.request<{ appealQueue: { edges: Array<{ node: AppealView }> } }>(QUEUE, {}, bodyOfficer.caller)).appealQueue;
    const listed = queue.edges.find((edge) => edge.node.id === appeal.id)!.node;
    expect(listed).toMatchObject({ text: 'Решение не принято в срок', application: { id: application.id, status: 'IN_REVIEW' } });
    // the body's officer read the applicant's complaint: in the applicant's access log
    await world.drain();
    const { rows } = await db.query<{ payload: { fields: string[]; actorUserId: string } }>(
      `select payload from applications.outbox where type = 'PersonalDataRead' and payload->>'subjectUserId' = $1 and payload->>'actorUserId' = $2`,
      [bakyt.id, bodyOfficer.id],
    );
    expect(rows.flatMap((row) => row.payload.fields)).toContain('appeal.text');

    clock.now = bishkek('2026-03-31 10:00');
    const late = ok(await world.request<{ appealQueue: { edges: Array<{ node: AppealView }> } }>(QUEUE, {}, bodyOfficer.caller)).appealQueue;
    expect(late.edges.find((edge) => edge.node.id === appeal.id)!.node.overdue).toBe(true);
    // the overdue scan announces the missed answer deadline once, to the applicant and the body's officers
    await world.drain();
    await world.drain();
    const { rows: overdue } = await db.query<{ payload: Record<string, unknown> }>(`select payload from applications.outbox where type = 'AppealOverdue' and aggregate_id = $1`, [appeal.id]);
    expect(overdue.map((row) => row.payload)).toEqual([
      expect.objectContaining({ appealId: appeal.id, applicantId: bakyt.id, dueAt: bishkek('2026-03-30 18:00').toISOString(), appealBodyOfficerIds: [bodyOfficer.id] }),
    ]);
  });

  it('an upheld complaint about a refusal reopens the application for review, with history and a new deadline, in one transaction', async () => {
    const applicationId = await refused(aigul);
    const appeal = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: applicationId, text: 'Отказ не обоснован' }, aigul.caller)).fileAppeal;
    expect(ok(await world.request<{ startAppealReview: AppealView }>(START, { id: appeal.id }, bodyOfficer.caller)).startAppealReview.status).toBe('UNDER_REVIEW');
    clock.now = bishkek('2026-03-10 11:00');
    const answer = 'Жалоба обоснована: ст. 5 не применима, рассмотреть заново.';
    const upheld = ok(await world.request<{ answerAppeal: AppealView }>(ANSWER, { input: await answerInput(appeal.id, true, answer) }, bodyOfficer.caller)).answerAppeal;
    expect(upheld).toMatchObject({ status: 'UPHELD', answer, reopenedTo: 'IN_REVIEW', application: { status: 'IN_REVIEW' } });
    expect(upheld.application.history.at(-1)).toEqual({ from: 'REFUSED', to: 'IN_REVIEW', reason: answer });
    // 3 working days from Tuesday 10 March
    expect(upheld.application.dueAt).toBe(bishkek('2026-03-13 18:00').toISOString());
    const { rows } = await db.query<{ type: string; payload: Record<string, unknown> }>(
      `select type, payload from applications.outbox where aggregate_id = $1 and type = 'ApplicationStatusChanged' order by id desc limit 1`,
      [applicationId],
    );
    expect(rows[0].payload).toMatchObject({ from: 'REFUSED', to: 'IN_REVIEW', reason: answer });
    expect((await appealEvents(appeal.id)).at(-1)).toMatchObject({ to: 'UPHELD', answer, reopenedTo: 'IN_REVIEW' });
    // the provider decides again; a new refusal can be complained about again
    ok(await world.request(DECIDE, { input: { applicationId, approve: false, reason: 'Иное основание: ст. 7' } }, officer.caller));
    expect(ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: applicationId, text: 'И это необоснованно' }, aigul.caller)).fileAppeal.status).toBe('REGISTERED');
  });

  it('a complaint about a provider without an appeal body stays FILED until the operator names one, then is registered', async () => {
    const application = await inReview(aigul, unconfiguredService);
    const appeal = ok(await world.request<{ fileAppeal: AppealView }>(FILE, { id: application.id, text: 'Грубость сотрудника', subject: 'ACTION' }, aigul.caller)).fileAppeal;
    expect(appeal).toMatchObject({ status: 'FILED', dueAt: null, version: 1 });
    await appealBody(UNCONFIGURED, OTHER_BODY, 1);
    const queue = ok(await world.request<{ appealQueue: { edges: Array<{ node: AppealView }> } }>(QUEUE, {}, otherBodyOfficer.caller)).appealQueue;
    expect(queue.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ id: appeal.id, status: 'REGISTERED', version: 2 })]);
    expect((await appealEvents(appeal.id)).map((event) => [event.from, event.to])).toEqual([[null, 'FILED'], ['FILED', 'REGISTERED']]);
  });
});
