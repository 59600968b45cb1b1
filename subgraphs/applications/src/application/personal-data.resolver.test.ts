import type { GraphQLResult, TestSubgraph } from '@portal/kit';
import { startTestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph } from '../subgraph';
import type { CertificationAuthorityStandin } from '@portal/standins';
import { ApplicationsWorld, canonical, startTestCertificationAuthority, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';

const PROVIDER_A = '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a00a1';
const PROVIDER_B = '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a00b1';
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number } }`;
const READ = `query($id: ID!) { application(id: $id) { data result { document downloadUrl } appeals { text } } }`;

interface Read {
  subjectUserId: string;
  actorUserId: string;
  actorRole: string;
  actorProviderId: string | null;
  purpose: string;
  fields: string[];
  applicationId: string;
  applicationNumber: string | null;
  operation: string;
}

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let ca: CertificationAuthorityStandin;
let citizen: TestPerson;
let officerA: TestPerson;
let officerB: TestPerson;
let service: TestService;
let application: { id: string; number: string };

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The PersonalDataRead events in the outbox, oldest first. */
async function recorded(): Promise<Read[]> {
  const rows = await subgraph.orm.em.fork().execute<Array<{ payload: Read }>>(`select payload from applications.outbox where type = 'PersonalDataRead' order by id`);
  return rows.map((row) => row.payload);
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  subgraph = await startTestSubgraph(createApplicationsSubgraph(authority.settings));
  world = new ApplicationsWorld(subgraph, ca);
  [citizen, officerA, officerB] = await Promise.all([world.citizen(), world.officer(PROVIDER_A, 'Officer A'), world.officer(PROVIDER_B, 'Officer B')]);
  service = await world.service({ providerId: PROVIDER_A });
  await world.drain();
  const draft = ok(await world.request<{ saveDraft: { id: string; data: unknown } }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST } }, citizen.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), citizen.privateKey);
  application = ok(await world.request<{ submitApplication: { id: string; number: string } }>(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizen.keyId } }, citizen.caller))
    .submitApplication;
  ok(await world.request(`mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }`, { id: application.id }, officerA.caller));
  const resultDocument = { title: 'Справка', holder: 'Асанова Айгүл' };
  ok(
    await world.request(
      `mutation($input: DecideInput!) { decideApplication(input: $input) { id } }`,
      { input: { applicationId: application.id, approve: true, resultDocument, signature: await world.sign(canonical(resultDocument), officerA.privateKey), signingKeyId: officerA.keyId } },
      officerA.caller,
    ),
  );
});
afterAll(async () => {
  await ca?.close();
  await subgraph?.close();
});

describe('reads of an applicant’s data at the applications subgraph', () => {
  it('by the applicant: nothing recorded', async () => {
    const before = (await recorded()).length;
    ok(await world.request(READ, { id: application.id }, citizen.caller));
    expect(await recorded()).toHaveLength(before);
  });

  it('by an officer of another provider: refused, nothing recorded', async () => {
    const before = (await recorded()).length;
    const refused = await world.request(READ, { id: application.id }, officerB.caller);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await recorded()).toHaveLength(before);
  });

  it("by the provider's officer: recorded with who, why, what and for which application before the data is returned", async () => {
    const before = (await recorded()).length;
    const read = ok(await world.request<{ application: { data: unknown; result: { document: unknown } } }>(READ, { id: application.id }, officerA.caller));
    expect(read.application.data).toMatchObject(VALID_REQUEST);
    const added = (await recorded()).slice(before);
    const base = {
      subjectUserId: citizen.id,
      actorUserId: officerA.id,
      actorRole: 'PROVIDER_OFFICER',
      actorProviderId: PROVIDER_A,
      purpose: 'PROVIDER_APPLICATION_PROCESSING',
      applicationId: application.id,
      applicationNumber: application.number,
      operation: 'application',
    };
    // the form data resolves first; the result document and the appeals a wave later
    expect(added.map((entry) => entry.fields).flat().sort()).toEqual(['application.data', 'result.document', 'result.downloadUrl']);
    for (const entry of added) expect(entry).toMatchObject(base);
  });

  it('from another subgraph by reference (e.g. an officer’s notification links the application): recorded too', async () => {
    const before = (await recorded()).length;
    ok(await world.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { data } } }`, { r: [{ __typename: 'Application', id: application.id }] }, officerA.caller));
    const added = (await recorded()).slice(before);
    expect(added).toEqual([expect.objectContaining({ fields: ['application.data'], operation: '_entities', subjectUserId: citizen.id })]);
  });
});
