import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { FormDefinitionData } from '@portal/kit';
import { type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import type { CertificationAuthorityStandin } from '@portal/standins';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, canonical, startTestCertificationAuthority, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';

// Results the provider defines, received as the applicant chose, handed over where the
// standard says (R-35.3, standard items 4-5): through the applications schema against a real database.
let subgraph: TestSubgraph;
let ca: CertificationAuthorityStandin;
let world: ApplicationsWorld;
let db: Client;
const PROVIDER = randomUUID();
let citizen: TestPerson;
let officer: TestPerson;
let templated: TestService;
let inPerson: TestService;

const RESULT_FORM: FormDefinitionData = {
  steps: [
    {
      id: 'result',
      title: { ky: 'Жыйынтык', ru: 'Результат' },
      fields: [
        { name: 'holder', label: { ky: 'Алуучу', ru: 'Получатель' }, type: 'TEXT', required: true, maxLength: 200 },
        { name: 'validUntil', label: { ky: 'Мөөнөтү', ru: 'Действует до' }, type: 'DATE', required: false },
      ],
    },
  ],
};
const RECEPTION = { place: { ky: 'Бишкек, Ибраимов к. 24', ru: 'Бишкек, ул. Ибраимова 24' }, hours: { ky: '9:00-17:00', ru: '9:00-17:00' } };

const FIELDS = 'id number status resultFormat';
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${FIELDS} data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { ${FIELDS} } }`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { ${FIELDS} result { document } } }`;

interface View {
  id: string;
  number: string | null;
  status: string;
  resultFormat: string;
  data: Record<string, unknown>;
}

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function inReview(service: TestService, resultFormat?: string): Promise<View> {
  const draft = ok(await world.request<{ saveDraft: View }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST, resultFormat } }, citizen.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), citizen.privateKey);
  ok(await world.request(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizen.keyId } }, citizen.caller));
  return ok(await world.request<{ acceptApplication: View }>(ACCEPT, { id: draft.id }, officer.caller)).acceptApplication;
}

async function decide(application: View, document: Record<string, unknown>, language: 'RU' | 'KY' = 'RU') {
  const signature = await world.sign(canonical(document), officer.privateKey);
  const caller = { ...officer.caller, preferredLanguage: language };
  return world.request<{ decideApplication: View & { result: { document: Record<string, unknown> } } }>(
    DECIDE,
    { input: { applicationId: application.id, approve: true, resultDocument: document, signature, signingKeyId: officer.keyId } },
    caller,
  );
}

async function statusEvents(applicationId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(`select payload from applications.outbox where aggregate_id = $1 and type = 'ApplicationStatusChanged' order by id`, [applicationId]);
  return rows.map((row) => row.payload);
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  subgraph = await startTestSubgraph(createApplicationsSubgraph(authority.settings));
  world = new ApplicationsWorld(subgraph, ca);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
  [citizen, officer] = await Promise.all([world.citizen(), world.officer(PROVIDER)]);
  templated = await world.service({ providerId: PROVIDER, title: 'Лицензия', resultForm: RESULT_FORM, resultAsRecordAllowed: true });
  inPerson = await world.service({ providerId: PROVIDER, title: 'Свидетельство', resultForm: RESULT_FORM, resultDelivery: 'IN_PERSON', personalVisitRequired: true, reception: RECEPTION });
  await world.drain();
});

afterAll(async () => {
  await ca?.close();
  await db?.end();
  await subgraph?.close();
});

describe('the result form (R-45)', () => {
  it('refuses a result document outside the form, field by field in the officer language, and changes nothing', async () => {
    const application = await inReview(templated);
    const wrong = await decide(application, { validUntil: '31.12.2027', stamp: 'yes' });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.message).toMatch(/^Документ результата не соответствует форме результата услуги \(holder, validUntil, stamp\)/);
    const fields = (wrong.errors?.[0]?.extensions?.fields as Array<{ field: string; code: string }>).map(({ field, code }) => [field, code]);
    expect(fields).toEqual([
      ['holder', 'REQUIRED'],
      ['validUntil', 'DATE_FORMAT'],
      ['stamp', 'UNKNOWN_FIELD'],
    ]);
    const kyrgyz = await decide(application, {}, 'KY');
    expect(kyrgyz.errors?.[0]?.message).toMatch(/^Жыйынтык документи кызматтын жыйынтык формасына дал келбейт \(holder\)/);
    const { rows } = await db.query('select status from applications.application where id = $1', [application.id]);
    expect(rows[0].status).toBe('IN_REVIEW');
  });

  it('issues the document the officer filled in the form and signed', async () => {
    const application = await inReview(templated);
    const approved = ok(await decide(application, { holder: 'Асанова Айгүл', validUntil: '2027-12-31' })).decideApplication;
    expect(approved.status).toBe('APPROVED');
    expect(approved.result.document).toEqual({ holder: 'Асанова Айгүл', validUntil: '2027-12-31' });
    expect((await statusEvents(application.id)).at(-1)).toMatchObject({ to: 'APPROVED', resultDelivery: 'PORTAL', resultFormat: 'DOCUMENT', reception: null });
  });
});

describe('the form of the result the applicant chooses (R-33)', () => {
  it('takes an information-system record where the service allows it, and names it in the approval', async () => {
    const application = await inReview(templated, 'INFORMATION_SYSTEM_RECORD');
    expect(application.resultFormat).toBe('INFORMATION_SYSTEM_RECORD');
    ok(await decide(application, { holder: 'Асанова Айгүл' }));
    expect((await statusEvents(application.id)).at(-1)).toMatchObject({ to: 'APPROVED', resultFormat: 'INFORMATION_SYSTEM_RECORD' });
  });

  it('refuses a record where the service does not allow it, in the applicant language, and keeps the draft as it was', async () => {
    const first = ok(await world.request<{ saveDraft: View }>(SAVE_DRAFT, { input: { serviceId: inPerson.id, data: VALID_REQUEST } }, citizen.caller)).saveDraft;
    expect(first.resultFormat).toBe('DOCUMENT');
    const refused = await world.request(SAVE_DRAFT, { input: { applicationId: first.id, serviceId: inPerson.id, data: {}, resultFormat: 'INFORMATION_SYSTEM_RECORD' } }, { ...citizen.caller, preferredLanguage: 'RU' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resultFormat' });
    expect(refused.errors?.[0]?.message).toMatch(/^Результат этой услуги нельзя получить в виде сведений из информационной системы/);
    const created = await world.request(SAVE_DRAFT, { input: { serviceId: inPerson.id, data: VALID_REQUEST, resultFormat: 'INFORMATION_SYSTEM_RECORD' } }, citizen.caller);
    expect(created.errors?.[0]?.message).toMatch(/маалыматтык системадагы жазуу катары алууга болбойт/);
    const { rows } = await db.query('select result_format, version from applications.application where id = $1', [first.id]);
    expect(rows[0]).toEqual({ result_format: 'DOCUMENT', version: 1 });
  });
});

describe('in person (R-35.3, standard items 4-5)', () => {
  it('tells where and when to come with the acceptance of a service that needs a visit, and with the approval of a result handed over in person', async () => {
    const application = await inReview(inPerson);
    ok(await decide(application, { holder: 'Асанова Айгүл' }));
    const [, accepted, approved] = await statusEvents(application.id);
    expect(accepted).toMatchObject({ from: 'SUBMITTED', to: 'IN_REVIEW', personalVisitRequired: true, reception: RECEPTION });
    expect(approved).toMatchObject({ to: 'APPROVED', resultDelivery: 'IN_PERSON', reception: RECEPTION });
  });
});
