import { type Caller, DEMO_PROVIDERS, DEMO_USERS, type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createCatalogSubgraph, DEMO_SERVICE_IDS } from '../index';
import { DEMO_SERVICES } from '../seed/demo-services';
import type { ServiceStandard } from '../service/service.rules';

const ANONYMOUS: Partial<Caller> = {};
const CITIZEN: Partial<Caller> = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] };
const MVD_OFFICER: Partial<Caller> = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.MVD };
const GRS_OFFICER: Partial<Caller> = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.GRS };
const STS_OFFICER: Partial<Caller> = { userId: DEMO_USERS.OFFICER_STS, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.STS };
const UNLINKED_OFFICER: Partial<Caller> = { userId: DEMO_USERS.EXECUTOR_MVD, roles: ['PROVIDER_OFFICER'], providerId: null };
const OPERATOR: Partial<Caller> = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR'] };

const NO_CRIMINAL_RECORD = DEMO_SERVICE_IDS.MVD_NO_CRIMINAL_RECORD;

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(createCatalogSubgraph(), { seed: true });
});

afterAll(async () => {
  await subgraph?.close();
});

function demoStandard(serviceId: string): ServiceStandard {
  const service = DEMO_SERVICES.find((s) => s.id === serviceId);
  if (!service) throw new Error(`no demo service ${serviceId}`);
  return structuredClone(service.standard);
}

/** A ServiceChangeInput carrying a demo service's standard, with changes. */
function changeInput(serviceId: string | null, changes: Record<string, unknown> = {}, base: string = NO_CRIMINAL_RECORD): Record<string, unknown> {
  const standard = demoStandard(base);
  return {
    ...(serviceId ? { serviceId } : {}),
    kind: standard.kind,
    title: standard.title,
    description: standard.description,
    category: standard.category,
    feeAmountMinor: standard.feeAmountMinor,
    budgetCode: standard.budgetCode,
    deadlineWorkingDays: standard.deadlineWorkingDays,
    requiredDocuments: standard.requiredDocuments,
    form: standard.form,
    automationLevel: standard.automationLevel,
    signatureLevel: standard.signatureLevel,
    personalVisitRequired: standard.personalVisitRequired,
    resultDelivery: standard.resultDelivery,
    statusCheckMethod: standard.statusCheckMethod,
    appealProcedure: standard.appealProcedure,
    resultForm: standard.resultForm ?? null,
    reception: standard.reception ?? null,
    resultAsRecordAllowed: standard.resultAsRecordAllowed === true,
    ...changes,
  };
}

interface Proposal {
  id: string;
  status: string;
  serviceCode: string;
  baseVersion: number | null;
  publishedVersion: number | null;
  title: string;
  provider: { code: string };
  rejectionReason: string | null;
}

const PROPOSAL_FIELDS = 'id status serviceCode baseVersion publishedVersion title provider { code } rejectionReason';

async function propose(input: Record<string, unknown>, caller: Partial<Caller>): Promise<GraphQLResult<{ proposeServiceChange: Proposal }>> {
  return subgraph.request(`mutation($input: ServiceChangeInput!) { proposeServiceChange(input: $input) { ${PROPOSAL_FIELDS} } }`, { input }, caller);
}

async function proposeOk(input: Record<string, unknown>, caller: Partial<Caller>): Promise<Proposal> {
  const result = await propose(input, caller);
  expect(result.errors).toBeUndefined();
  return result.data!.proposeServiceChange;
}

async function publish(proposalId: string, caller: Partial<Caller> = OPERATOR) {
  return subgraph.request<{ publishServiceChange: { id: string; code: string; version: number; title: string; fee: { amountMinor: number } | null } }>(
    `mutation($id: ID!) { publishServiceChange(proposalId: $id) { id code version title(lang: RU) fee { amountMinor } } }`,
    { id: proposalId },
    caller,
  );
}

async function reject(proposalId: string, reason: string, caller: Partial<Caller> = OPERATOR) {
  return subgraph.request<{ rejectServiceChange: Proposal }>(
    `mutation($id: ID!, $reason: String!) { rejectServiceChange(proposalId: $id, reason: $reason) { ${PROPOSAL_FIELDS} } }`,
    { id: proposalId, reason },
    caller,
  );
}

function expectError(result: GraphQLResult<unknown>, code: string, message: string | RegExp): void {
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions?.code).toBe(code);
  if (typeof message === 'string') expect(result.errors![0].message).toBe(message);
  else expect(result.errors![0].message).toMatch(message);
}

describe('who may not change the catalogue', () => {
  let pendingId: string;

  beforeAll(async () => {
    pendingId = (await proposeOk(changeInput(NO_CRIMINAL_RECORD, { comment: 'for the refusal tests' }), MVD_OFFICER)).id;
  });

  it('refuses to propose for an anonymous caller and a citizen', async () => {
    expectError(await propose(changeInput(NO_CRIMINAL_RECORD), ANONYMOUS), 'UNAUTHENTICATED', 'Sign in first: this operation needs a valid access token.');
    expectError(await propose(changeInput(NO_CRIMINAL_RECORD), CITIZEN), 'FORBIDDEN', 'This operation is for PROVIDER_OFFICER or OPERATOR accounts only.');
  });

  it("refuses an officer proposing a change to another provider's service", async () => {
    expectError(await propose(changeInput(NO_CRIMINAL_RECORD), GRS_OFFICER), 'FORBIDDEN', "Provider officers may propose changes only to their own provider's services.");
  });

  it('refuses an officer proposing a new service for another provider, or without a provider', async () => {
    expectError(
      await propose(changeInput(null, { code: 'mvd-new-service', providerId: DEMO_PROVIDERS.MVD }), GRS_OFFICER),
      'FORBIDDEN',
      "Provider officers may propose changes only to their own provider's services.",
    );
    expectError(
      await propose(changeInput(null, { code: 'mvd-new-service' }), UNLINKED_OFFICER),
      'FORBIDDEN',
      'Your officer account is not linked to a provider, so it cannot propose catalogue changes.',
    );
  });

  it('refuses publishing and rejecting to anyone but an operator', async () => {
    expectError(await publish(pendingId, ANONYMOUS), 'UNAUTHENTICATED', 'Sign in first: this operation needs a valid access token.');
    expectError(await publish(pendingId, CITIZEN), 'FORBIDDEN', 'This operation is for OPERATOR accounts only.');
    expectError(await publish(pendingId, MVD_OFFICER), 'FORBIDDEN', 'This operation is for OPERATOR accounts only.');
    expectError(await reject(pendingId, 'no', MVD_OFFICER), 'FORBIDDEN', 'This operation is for OPERATOR accounts only.');
  });

  it('refuses listing proposals to citizens and unlinked officers', async () => {
    const query = `{ serviceChangeProposals { totalCount } }`;
    expectError(await subgraph.request(query, {}, ANONYMOUS), 'UNAUTHENTICATED', 'Sign in first: this operation needs a valid access token.');
    expectError(await subgraph.request(query, {}, CITIZEN), 'FORBIDDEN', 'This operation is for PROVIDER_OFFICER or OPERATOR accounts only.');
    expectError(
      await subgraph.request(query, {}, UNLINKED_OFFICER),
      'FORBIDDEN',
      'Your officer account is not linked to a provider, so it has no proposals to list.',
    );
  });

  afterAll(async () => {
    expect((await reject(pendingId, 'Test proposal.')).errors).toBeUndefined();
  });
});

describe('proposing and publishing a change', () => {
  it('publishes version 2 and keeps version 1 readable by serviceVersion and by { id, version }', async () => {
    const newTitle = { ky: 'Соттуулугу жөнүндө маалымкат (жаңы редакция)', ru: 'Справка о судимости (новая редакция)' };
    const proposal = await proposeOk(changeInput(NO_CRIMINAL_RECORD, { title: newTitle, deadlineWorkingDays: 2, comment: 'Shorter deadline.' }), MVD_OFFICER);
    expect(proposal).toMatchObject({ status: 'PENDING', serviceCode: 'mvd-no-criminal-record', baseVersion: 1, publishedVersion: null, provider: { code: 'MVD' } });
    expect(proposal.title).toBe(newTitle.ky);

    const published = await publish(proposal.id);
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishServiceChange).toEqual({ id: NO_CRIMINAL_RECORD, code: 'mvd-no-criminal-record', version: 2, title: newTitle.ru, fee: null });

    const read = await subgraph.request<{
      current: { version: number; title: string; deadlineWorkingDays: number };
      v1: { version: number; title: string; deadlineWorkingDays: number };
      _entities: Array<{ version: number; title: string }>;
    }>(
      `query($id: ID!, $representations: [_Any!]!) {
        current: service(id: $id) { version title(lang: RU) deadlineWorkingDays }
        v1: serviceVersion(id: $id, version: 1) { version title(lang: RU) deadlineWorkingDays }
        _entities(representations: $representations) { ... on Service { version title(lang: RU) } }
      }`,
      {
        id: NO_CRIMINAL_RECORD,
        representations: [
          { __typename: 'Service', id: NO_CRIMINAL_RECORD, version: 1 },
          { __typename: 'Service', id: NO_CRIMINAL_RECORD },
        ],
      },
    );
    const oldTitle = 'Справка о наличии или отсутствии судимости';
    expect(read.data!.current).toEqual({ version: 2, title: newTitle.ru, deadlineWorkingDays: 2 });
    expect(read.data!.v1).toEqual({ version: 1, title: oldTitle, deadlineWorkingDays: 1 });
    expect(read.data!._entities).toEqual([
      { version: 1, title: oldTitle },
      { version: 2, title: newTitle.ru },
    ]);

    // search sees the current version only
    const search = await subgraph.request<{ services: { edges: Array<{ node: { version: number } }> } }>(
      `{ services(filter: { search: "редакция" }) { edges { node { version } } } }`,
    );
    expect(search.data!.services.edges).toEqual([{ node: { version: 2 } }]);

    const again = await publish(proposal.id);
    expectError(again, 'CONFLICT', 'The proposal is already published; only pending proposals can be published or rejected.');

    await subgraph.drain();
    const events = await subgraph.orm.em
      .fork()
      .execute<Array<{ aggregate_version: number; payload: { deadlineWorkingDays: number; providerCode: string } }>>(
        `select aggregate_version, payload from event_bus.event_log where type = 'ServiceVersionPublished' and aggregate_id = ? order by seq`,
        [NO_CRIMINAL_RECORD],
      );
    expect(events.map((e) => [e.aggregate_version, e.payload.deadlineWorkingDays, e.payload.providerCode])).toEqual([
      [1, 1, 'MVD'],
      [2, 2, 'MVD'],
    ]);
  });

  it('publishes a standard that returns the fee on refusal, and tells payments in the event', async () => {
    const serviceId = DEMO_SERVICE_IDS.GRS_MARRIAGE_REGISTRATION;
    const proposal = await proposeOk(changeInput(serviceId, { feeReturnedOnRefusal: true }, serviceId), GRS_OFFICER);
    expect((await publish(proposal.id)).errors).toBeUndefined();
    const read = await subgraph.request<{ current: { version: number; feeReturnedOnRefusal: boolean }; v1: { feeReturnedOnRefusal: boolean } }>(
      'query($id: ID!) { current: service(id: $id) { version feeReturnedOnRefusal } v1: serviceVersion(id: $id, version: 1) { feeReturnedOnRefusal } }',
      { id: serviceId },
    );
    expect(read.data).toEqual({ current: { version: 2, feeReturnedOnRefusal: true }, v1: { feeReturnedOnRefusal: false } });
    await subgraph.drain();
    const events = await subgraph.orm.em
      .fork()
      .execute<Array<{ payload: { version: number; feeReturnedOnRefusal: boolean } }>>(
        `select payload from event_bus.event_log where type = 'ServiceVersionPublished' and aggregate_id = ? order by seq`,
        [serviceId],
      );
    expect(events.map((event) => [event.payload.version, event.payload.feeReturnedOnRefusal])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses with CONFLICT to publish a proposal whose base version is no longer current', async () => {
    const serviceId = DEMO_SERVICE_IDS.STS_NO_TAX_ARREARS_CERTIFICATE;
    const first = await proposeOk(changeInput(serviceId, { deadlineWorkingDays: 2 }, serviceId), STS_OFFICER);
    const second = await proposeOk(changeInput(serviceId, { deadlineWorkingDays: 5 }, serviceId), OPERATOR);
    expect((await publish(first.id)).data!.publishServiceChange.version).toBe(2);

    const stale = await publish(second.id);
    expectError(stale, 'CONFLICT', 'The change was proposed on version 1, but version 2 is now current: propose it again on version 2.');
    expect(stale.errors![0].extensions?.currentVersion).toBe(2);
    const current = await subgraph.request<{ service: { version: number; deadlineWorkingDays: number } }>(
      `query($id: ID!) { service(id: $id) { version deadlineWorkingDays } }`,
      { id: serviceId },
    );
    expect(current.data!.service).toEqual({ version: 2, deadlineWorkingDays: 2 });

    // proposing on an old version is refused at once
    expectError(
      await propose(changeInput(serviceId, { baseVersion: 1 }, serviceId), STS_OFFICER),
      'CONFLICT',
      'The change was proposed on version 1, but version 2 is now current: propose it again on version 2.',
    );
  });

  it('lets an officer propose a new service for their provider, published as version 1', async () => {
    const base = DEMO_SERVICE_IDS.GRS_RESIDENCE_REGISTRATION;
    const proposal = await proposeOk(
      changeInput(
        null,
        {
          code: 'grs-residence-deregistration',
          title: { ky: 'Жашаган жери боюнча каттоодон чыгаруу', ru: 'Снятие с регистрации по месту жительства' },
        },
        base,
      ),
      GRS_OFFICER,
    );
    expect(proposal).toMatchObject({ status: 'PENDING', serviceCode: 'grs-residence-deregistration', baseVersion: null, provider: { code: 'GRS' } });
    const published = await publish(proposal.id);
    expect(published.data!.publishServiceChange).toMatchObject({ code: 'grs-residence-deregistration', version: 1, title: 'Снятие с регистрации по месту жительства' });

    const found = await subgraph.request<{ service: { provider: { code: string } } }>(`{ service(code: "grs-residence-deregistration") { provider { code } } }`);
    expect(found.data!.service.provider.code).toBe('GRS');
    expectError(
      await propose(changeInput(null, { code: 'grs-residence-deregistration' }, base), GRS_OFFICER),
      'CONFLICT',
      'A service with code "grs-residence-deregistration" already exists: propose a change to it instead.',
    );
  });

  it('lets an operator reject a pending proposal with a reason', async () => {
    const proposal = await proposeOk(changeInput(NO_CRIMINAL_RECORD, { deadlineWorkingDays: 10 }), MVD_OFFICER);
    expectError(await reject(proposal.id, '   '), 'BAD_USER_INPUT', 'reason must not be empty: tell the provider why the change was rejected.');
    const rejected = await reject(proposal.id, 'The deadline may not grow.');
    expect(rejected.data!.rejectServiceChange).toMatchObject({ status: 'REJECTED', rejectionReason: 'The deadline may not grow.' });
    expectError(await publish(proposal.id), 'CONFLICT', 'The proposal is already rejected; only pending proposals can be published or rejected.');
  });

  it('answers NOT_FOUND for an unknown service, provider or proposal', async () => {
    expectError(
      await propose(changeInput('3f6c8a0e-0000-4000-8000-000000000000'), OPERATOR),
      'NOT_FOUND',
      'No service with id "3f6c8a0e-0000-4000-8000-000000000000".',
    );
    expectError(await propose(changeInput('nope'), OPERATOR), 'NOT_FOUND', 'No service with id "nope".');
    expectError(
      await propose(changeInput(null, { code: 'x-new-service', providerId: '3f6c8a0e-0000-4000-8000-000000000000' }), OPERATOR),
      'NOT_FOUND',
      'No provider with id "3f6c8a0e-0000-4000-8000-000000000000".',
    );
    expectError(
      await publish('3f6c8a0e-0000-4000-8000-000000000000'),
      'NOT_FOUND',
      'No service change proposal with id "3f6c8a0e-0000-4000-8000-000000000000".',
    );
  });
});

describe('invalid proposals', () => {
  async function problemsOf(input: Record<string, unknown>, caller: Partial<Caller> = MVD_OFFICER): Promise<string[]> {
    const result = await propose(input, caller);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const problems = result.errors![0].extensions!.problems as string[];
    expect(result.errors![0].message).toBe(`The proposed service standard is invalid: ${problems.join('; ')}.`);
    return problems;
  }

  it('names every problem of the standard', async () => {
    const form = demoStandard(NO_CRIMINAL_RECORD).form;
    form.steps[1].fields[0] = { ...form.steps[0].fields[0] }; // "fullName" twice
    const problems = await problemsOf(
      changeInput(NO_CRIMINAL_RECORD, {
        title: { ky: 'Маалымкат', ru: '   ' },
        category: 'weather',
        feeAmountMinor: -100,
        deadlineWorkingDays: 61,
        form,
        requiredDocuments: [{ code: 'passport-data', title: { ky: 'Паспорт', ru: 'Паспорт' }, obtainedByPortal: false }],
        resultDelivery: 'IN_PERSON',
      }),
    );
    expect(problems).toEqual([
      'title.ru must not be empty',
      expect.stringMatching(/^category "weather" is unknown; expected one of civil-status, /),
      'feeAmountMinor must be a whole number of tyiyn >= 0 (null or 0 for a free service); got -100',
      'deadlineWorkingDays must be a whole number from 1 to 60; got 61',
      'requiredDocuments[0] "passport-data" is held by a state registry: mark it obtainedByPortal, it must never be asked from the applicant',
      'form: steps[1].fields[0] "fullName": duplicate field name, already used at steps[0].fields[0]',
      'a FULL automation level requires resultDelivery PORTAL; use PARTIAL when the result is handed over in person',
      'reception (place and hours) is required when the result is handed over in person: the applicant is told where and when to collect it',
    ]);
  });

  it('R-45: publishes the result form, reception and record option with the standard, and refuses result fields an officer cannot fill', async () => {
    const resultForm = {
      steps: [{ id: 'result', title: { ky: 'Жыйынтык', ru: 'Результат' }, fields: [{ name: 'findings', label: { ky: 'Табылгалар', ru: 'Сведения' }, type: 'TEXT', required: true }] }],
    };
    const withScan = { steps: [{ ...resultForm.steps[0], fields: [{ name: 'scan', label: { ky: 'Скан', ru: 'Скан' }, type: 'FILE', required: true }] }] };
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { resultForm: withScan }))).toEqual([
      'resultForm: field "scan" has type FILE, which an officer cannot fill in a result; use one of TEXT, NUMBER, DATE, BOOLEAN, SELECT, PIN',
    ]);
    const unknownType = { steps: [{ ...resultForm.steps[0], fields: [{ name: 'stamp', label: { ky: 'Мөөр', ru: 'Печать' }, type: 'STAMP', required: true }] }] };
    expect((await problemsOf(changeInput(NO_CRIMINAL_RECORD, { resultForm: unknownType })))[0]).toMatch(/^resultForm: .*"stamp".*type/);
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { personalVisitRequired: true, automationLevel: 'PARTIAL', reception: null }))).toEqual([
      'reception (place and hours) is required when a personal visit is required: the applicant is told where and when to come',
    ]);

    const reception = { place: { ky: 'Бишкек, Фрунзе к. 469', ru: 'Бишкек, ул. Фрунзе 469' }, hours: { ky: '9:00-17:00', ru: '9:00-17:00' } };
    const serviceId = DEMO_SERVICE_IDS.MVD_NO_CRIMINAL_RECORD;
    const proposal = await proposeOk(changeInput(serviceId, { resultForm, reception, resultAsRecordAllowed: false }, serviceId), OPERATOR);
    expect((await publish(proposal.id)).errors).toBeUndefined();
    const read = await subgraph.request<{ service: Record<string, unknown> }>(
      'query($id: ID!) { service(id: $id) { resultForm { steps { id fields { name type required label(lang: RU) } } } reception { place(lang: RU) hours(lang: KY) } resultAsRecordAllowed } }',
      { id: serviceId },
    );
    expect(read.data!.service).toEqual({
      resultForm: { steps: [{ id: 'result', fields: [{ name: 'findings', type: 'TEXT', required: true, label: 'Сведения' }] }] },
      reception: { place: 'Бишкек, ул. Фрунзе 469', hours: '9:00-17:00' },
      resultAsRecordAllowed: false,
    });
    await subgraph.drain();
    const events = await subgraph.orm.em
      .fork()
      .execute<Array<{ payload: { resultForm: unknown; reception: unknown; resultAsRecordAllowed: boolean; resultDelivery: string; personalVisitRequired: boolean } }>>(
        `select payload from event_bus.event_log where type = 'ServiceVersionPublished' and aggregate_id = ? order by seq desc limit 1`,
        [serviceId],
      );
    expect(events[0].payload).toMatchObject({ resultForm, reception, resultAsRecordAllowed: false, resultDelivery: 'PORTAL', personalVisitRequired: false });
  });

  it('checks the form definition and the fee budget code', async () => {
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { form: { steps: [] } }))).toEqual(['form: the form has no steps']);
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { feeAmountMinor: 15_000 }))).toEqual([
      'budgetCode must be the 8-digit budget classification code the fee is paid to; got null',
    ]);
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { budgetCode: '14231100' }))).toEqual([
      'budgetCode applies only to a paid service; leave it empty when the service is free',
    ]);
  });

  it('refuses a fee returned on refusal for a free service', async () => {
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { feeReturnedOnRefusal: true }))).toEqual([
      'feeReturnedOnRefusal applies only to a paid service; leave it false when the service is free',
    ]);
  });

  it('checks the code of a new service and refuses code or provider changes of an existing one', async () => {
    expect(await problemsOf(changeInput(null, { code: 'Bad Code' }))).toEqual([
      'code must be 3-64 lower-case Latin letters and digits in words joined by "-", e.g. "mvd-no-criminal-record"; got "Bad Code"',
    ]);
    expect(await problemsOf(changeInput(null, {}))).toEqual(['code is required to propose a new service']);
    expect(await problemsOf(changeInput(NO_CRIMINAL_RECORD, { code: 'renamed-service' }))).toEqual([
      'code can be set only when proposing a new service: a service keeps its code',
    ]);
    expectError(await propose(changeInput(null, { code: 'operator-service' }), OPERATOR), 'BAD_USER_INPUT', 'providerId is required to propose a new service.');
  });
});

describe('listing proposals', () => {
  it("shows an officer only their provider's proposals and an operator all of them, newest first", async () => {
    const query = `query($status: ServiceChangeStatus, $first: Int, $after: String) {
      serviceChangeProposals(status: $status, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { provider { code } status proposedAt service { code } } }
      }
    }`;
    type Page = {
      serviceChangeProposals: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: Array<{ node: { provider: { code: string }; status: string; proposedAt: string } }>;
      };
    };
    const mine = await subgraph.request<Page>(query, {}, MVD_OFFICER);
    expect(mine.errors).toBeUndefined();
    expect(new Set(mine.data!.serviceChangeProposals.edges.map((e) => e.node.provider.code))).toEqual(new Set(['MVD']));

    const all = await subgraph.request<Page>(query, { first: 100 }, OPERATOR);
    const providers = new Set(all.data!.serviceChangeProposals.edges.map((e) => e.node.provider.code));
    expect(providers).toEqual(new Set(['MVD', 'STS', 'GRS']));
    const times = all.data!.serviceChangeProposals.edges.map((e) => e.node.proposedAt);
    expect(times).toEqual([...times].sort().reverse());

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: GraphQLResult<Page> = await subgraph.request<Page>(query, { first: 2, after }, OPERATOR);
      const connection = result.data!.serviceChangeProposals;
      expect(connection.totalCount).toBe(all.data!.serviceChangeProposals.totalCount);
      seen.push(...connection.edges.map((e) => e.node.proposedAt));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(times);

    const pending = await subgraph.request<Page>(query, { status: 'REJECTED' }, OPERATOR);
    expect(pending.data!.serviceChangeProposals.edges.every((e) => e.node.status === 'REJECTED')).toBe(true);
    expect(pending.data!.serviceChangeProposals.totalCount).toBe(2);
  });
});
