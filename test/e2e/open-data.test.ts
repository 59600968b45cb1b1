import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';

// demo service (catalog seed): free, SIMPLE signature, provided by the MVD
const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';

const SAVE_DRAFT = 'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }';
const SUBMIT = 'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number status } }';
const ACCEPT = 'mutation($id: ID!) { acceptApplication(applicationId: $id) { id status } }';
const REJECT = 'mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Паспорт просрочен.") { id status } }';
const DECIDE = 'mutation($input: DecideInput!) { decideApplication(input: $input) { id status } }';
const RATE = 'mutation($id: ID!, $score: Int!) { rateApplication(applicationId: $id, score: $score, comment: "Быстро и понятно") { id } }';
const STATISTICS = `query($serviceId: ID, $fromMonth: String, $toMonth: String) {
  serviceStatistics(serviceId: $serviceId, fromMonth: $fromMonth, toMonth: $toMonth) {
    service { id code title(lang: RU) } providerId month received accepted rejectedAtIntake approved refused
    medianWorkingDays p90WorkingDays overdueShare averageRating
  }
}`;

/** The Bishkek calendar month (UTC+06:00) of an instant. */
const bishkekMonth = (instant: Date) => new Date(instant.getTime() + 6 * 3_600_000).toISOString().slice(0, 7);

describe('open data through the gateway, without signing in (L-12)', () => {
  let platform: TestPlatform;
  let citizen: string;
  let officer: string;
  let citizenSigner: Signer;
  let officerSigner: Signer;
  const applications: Array<{ id: string; number: string }> = [];
  let month: string;

  const ok = (query: string, variables: Record<string, unknown>, token?: string) => platform.ok(query, variables, token);

  async function submitted(): Promise<{ id: string; number: string }> {
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, citizen)).saveDraft;
    const signature = await citizenSigner.sign({ applicationId: draft.id, serviceId: NO_CRIMINAL_RECORD, data: draft.data });
    const application = (await ok(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizenSigner.keyId } }, citizen)).submitApplication;
    applications.push(application);
    return application;
  }

  async function approved(): Promise<string> {
    const { id, number } = await submitted();
    await ok(ACCEPT, { id }, officer);
    // in the service's result form
    const resultDocument = { title: 'Справка об отсутствии судимости', applicationNumber: number, result: 'Сведений о судимости не имеется' };
    await ok(DECIDE, { input: { applicationId: id, approve: true, resultDocument, signature: await officerSigner.sign(resultDocument), signingKeyId: officerSigner.keyId } }, officer);
    return id;
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
    officerSigner = await registerQualifiedSigner(platform, officer, { pin: '22004198200031', name: 'Azamat Sydykov', organization: 'MVD' });
    await platform.settle();
    month = bishkekMonth(new Date());

    // the known set: two approved (rated 5 and 4), one refused after its deadline (rated 3),
    // one rejected at intake, one still waiting for the intake answer
    const first = await approved();
    const second = await approved();
    const late = await submitted();
    await ok(ACCEPT, { id: late.id }, officer);
    // the decision deadline passed a minute ago (a real one is days away): the refusal comes late
    await platform.subgraphs.applications.orm.em.fork().execute(`update applications.application set due_at = now() - interval '1 minute' where id = ?`, [late.id]);
    await ok(DECIDE, { input: { applicationId: late.id, approve: false, reason: 'Сведения противоречат данным Информационного центра.' } }, officer);
    const rejected = await submitted();
    await ok(REJECT, { id: rejected.id }, officer);
    await submitted();
    await ok(RATE, { id: first, score: 5 }, citizen);
    await ok(RATE, { id: second, score: 4 }, citizen);
    await ok(RATE, { id: late.id, score: 3 }, citizen);
    await platform.settle();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('gives exactly the figures of the known set of applications, to a client without a token', async () => {
    const response = await platform.gql(STATISTICS, { serviceId: NO_CRIMINAL_RECORD, fromMonth: month, toMonth: month });
    expect(response.errors).toBeUndefined();
    expect(response.data.serviceStatistics).toEqual([
      {
        service: { id: NO_CRIMINAL_RECORD, code: expect.any(String), title: expect.any(String) },
        providerId: expect.any(String),
        month,
        received: 5,
        accepted: 3,
        rejectedAtIntake: 1,
        approved: 2,
        refused: 1,
        // every decision came on the day of receipt
        medianWorkingDays: 0,
        p90WorkingDays: 0,
        overdueShare: 0.25,
        averageRating: 4,
      },
    ]);
  });

  it('refuses a bad period with BAD_USER_INPUT in the asked language', async () => {
    const response = await platform.gql(STATISTICS, { fromMonth: '2026-13' }, { headers: { 'accept-language': 'ru' } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/fromMonth должен быть месяцем в виде ГГГГ-ММ/);
    const tooLong = await platform.gql(STATISTICS, { fromMonth: '2020-01', toMonth: '2026-01' });
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
  });

  it('serves the same figures as CSV and JSON downloads from the applications subgraph', async () => {
    const base = `${platform.subgraphs.applications.url}/open-data/service-statistics`;
    const csv = await fetch(`${base}.csv?serviceId=${NO_CRIMINAL_RECORD}&fromMonth=${month}&toMonth=${month}`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('month,serviceId,providerId,received,accepted,rejectedAtIntake,approved,refused,medianWorkingDays,p90WorkingDays,overdueShare,averageRating');
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${month},${NO_CRIMINAL_RECORD},[0-9a-f-]{36},5,3,1,2,1,0,0,0.25,4$`))]);

    const json = await fetch(`${base}.json?fromMonth=${month}&toMonth=${month}`);
    expect(json.status).toBe(200);
    const body = (await json.json()) as { schema: string; rows: Array<Record<string, unknown>> };
    expect(body.schema).toBe('portal-service-statistics/1');
    expect(body.rows.find((row) => row.serviceId === NO_CRIMINAL_RECORD)).toMatchObject({ received: 5, accepted: 3, rejectedAtIntake: 1, approved: 2, refused: 1, overdueShare: 0.25, averageRating: 4 });
  });

  it('names no person: no applicant, PIN, name, application id or number, comment', async () => {
    const graphql = JSON.stringify((await platform.gql(STATISTICS, { fromMonth: month, toMonth: month })).data);
    const base = `${platform.subgraphs.applications.url}/open-data/service-statistics`;
    const downloads = (await Promise.all([fetch(`${base}.csv`), fetch(`${base}.json`)].map(async (response) => (await response).text()))).join('\n');
    const me = (await ok('query { me { id } }', {}, citizen)).me;
    for (const published of [graphql, downloads]) {
      for (const personal of [me.id, '11505199012345', 'Aigul', 'Asanova', 'Быстро и понятно', ...applications.flatMap((a) => [a.id, a.number])]) {
        expect(published).not.toContain(personal);
      }
    }
  });
});
