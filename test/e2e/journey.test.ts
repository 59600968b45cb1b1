import { DEMO_USERS } from '@portal/kit';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';

// demo services (catalog seed): a paid one (200 som) and a free one, both SIMPLE signature
const BIRTH_CERTIFICATE_DUPLICATE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';

const APPLICATION_FIELDS = `id number status data currentStep submittedAt intakeDueAt dueAt overdue refusalReason
  appealProcedure(lang: RU) validation { field code message(lang: RU) }
  history { from to reason actor { id } } service { id title(lang: RU) } accrual { id status uin amount { amountMinor } receipt { number uin } }
  result { number sha256 signature downloadUrl verificationCode signedBy { id } }`;

const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${APPLICATION_FIELDS} } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${APPLICATION_FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { ${APPLICATION_FIELDS} } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectApplication(applicationId: $id, reason: $reason) { ${APPLICATION_FIELDS} } }`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { ${APPLICATION_FIELDS} } }`;
const GET = `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`;

const STATUS_UPDATES = `subscription {
  myApplicationUpdates { version from to at cursor app: application { id status number service { title(lang: RU) } ...Paid } }
}
fragment Paid on Application { accrual { status } }`;

describe('the citizen journey through the gateway, live', () => {
  let platform: TestPlatform;
  let citizen: string;
  let otherCitizen: string;
  let grsOfficer: string;
  let mvdOfficer: string;
  let citizenSigner: Signer;
  let grsSigner: Signer;
  let mvdSigner: Signer;
  let updates: Subscriber;
  let notices: Subscriber;
  let queue: Subscriber;

  beforeAll(async () => {
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    otherCitizen = await platform.login('bakyt@example.kg', 'Citizen2026!');
    grsOfficer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
    // result documents need the officer's qualified key, certified for their provider
    grsSigner = await registerQualifiedSigner(platform, grsOfficer, { pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' });
    mvdSigner = await registerQualifiedSigner(platform, mvdOfficer, { pin: '22004198200031', name: 'Azamat Sydykov', organization: 'MVD' });
    await platform.settle();
    updates = subscribe(platform.gatewayUrl, STATUS_UPDATES, { token: citizen });
    notices = subscribe(platform.gatewayUrl, 'subscription { notificationAdded { id type title(lang: RU) body(lang: RU) } }', { token: citizen });
    queue = subscribe(platform.gatewayUrl, 'subscription { providerQueueUpdates { to application { number applicant { fullName } } } }', { token: grsOfficer });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the three subscriptions register
  });

  afterAll(async () => {
    await Promise.all([updates, notices, queue].map((s) => s?.dispose()));
    await platform?.close();
  });

  const ok = (query: string, variables: Record<string, unknown>, token?: string) => platform.ok(query, variables, token);

  async function submitSigned(application: { id: string; data: unknown }, serviceId: string) {
    const signature = await citizenSigner.sign({ applicationId: application.id, serviceId, data: application.data });
    return (await ok(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: citizenSigner.keyId } }, citizen)).submitApplication;
  }

  async function waitForStatus(id: string, token: string, status: string) {
    const until = Date.now() + 10_000;
    for (;;) {
      await platform.settle();
      const { application } = await ok(GET, { id }, token);
      if (application.status === status) return application;
      if (Date.now() > until) throw new Error(`application stayed ${application.status}, expected ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('a paid service: draft, per-field errors, fix, go back, sign, submit, accept, pay, approve, verify', async () => {
    // 1. a draft with prefilled identity data and per-field errors in the asked language
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: { issuedFor: 'self', personBirthDate: '2020-13-45' }, currentStep: 'certificate' } }, citizen)).saveDraft;
    expect(draft.status).toBe('DRAFT');
    expect(draft.data.fullName).toBe('Asanova Aigul'); // as the population register writes it: surname first
    expect(draft.data.pin).toBe('11505199012345');
    const fields = draft.validation.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['personFullName', 'personBirthDate', 'reason', 'registryOffice']));
    const dateError = draft.validation.find((e: { field: string }) => e.field === 'personBirthDate');
    expect(dateError.message).toMatch(/[А-Яа-я]/);

    // 2. a submission with errors is refused, nothing changes
    const premature = await platform.gql(SUBMIT, { input: { applicationId: draft.id, signature: await citizenSigner.sign({ applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: draft.data }), signingKeyId: citizenSigner.keyId } }, { token: citizen });
    expect(errorCodes(premature)).toEqual(['BAD_USER_INPUT']);

    // 3. fix the fields, then go back a step: nothing is lost
    const data = { ...draft.data, personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };
    const fixed = (await ok(SAVE_DRAFT, { input: { applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data, currentStep: 'certificate' } }, citizen)).saveDraft;
    expect(fixed.validation).toEqual([]);
    const back = (await ok(SAVE_DRAFT, { input: { applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: fixed.data, currentStep: 'applicant' } }, citizen)).saveDraft;
    expect(back.currentStep).toBe('applicant');
    expect(back.data).toEqual(fixed.data);

    // 4. a signature over other data is refused; the right one submits
    const forged = await platform.gql(SUBMIT, { input: { applicationId: draft.id, signature: await citizenSigner.sign({ applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: { ...back.data, reason: 'damaged' } }), signingKeyId: citizenSigner.keyId } }, { token: citizen });
    expect(errorCodes(forged)).toEqual(['BAD_USER_INPUT']);
    const submitted = await submitSigned(back, BIRTH_CERTIFICATE_DUPLICATE);
    expect(submitted.status).toBe('SUBMITTED');
    expect(submitted.number).toMatch(/\d/);
    expect(submitted.intakeDueAt).toBeTruthy();

    // 5. another citizen cannot read it; the GRS officer sees it in the queue and accepts it
    const peek = await platform.gql(GET, { id: submitted.id }, { token: otherCitizen });
    expect(errorCodes(peek)).toEqual(['FORBIDDEN']);
    const mvdPeek = await platform.gql(ACCEPT, { id: submitted.id }, { token: mvdOfficer });
    expect(errorCodes(mvdPeek)).toEqual(['FORBIDDEN']);
    const { applicationQueue } = await ok('query { applicationQueue(filter: { status: [SUBMITTED] }) { totalCount edges { node { id applicant { fullName } service { title(lang: KY) } } } } }', {}, grsOfficer);
    expect(applicationQueue.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(submitted.id);
    await ok('mutation($id: ID!, $executor: ID!) { assignApplication(applicationId: $id, executorId: $executor) { id executor { id } } }', { id: submitted.id, executor: DEMO_USERS.OFFICER_GRS }, grsOfficer);
    const accepted = (await ok(ACCEPT, { id: submitted.id }, grsOfficer)).acceptApplication;
    expect(accepted.status).toBe('AWAITING_PAYMENT');
    const again = await platform.gql(ACCEPT, { id: submitted.id }, { token: grsOfficer });
    expect(errorCodes(again)).toEqual(['CONFLICT']);

    // 6. the accrual appears; the citizen pays in the payment system's stand-in
    await platform.settle();
    const awaiting = (await ok(GET, { id: submitted.id }, citizen)).application;
    expect(awaiting.accrual).toMatchObject({ status: 'PENDING', amount: { amountMinor: 20000 } });
    const session = (await ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl expiresAt accrual { uin } } }', { id: awaiting.accrual.id }, citizen)).startPayment;
    const paid = await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) });
    expect(paid.status).toBe(200);

    // 7. the confirmation resumes the application into review
    const inReview = await waitForStatus(submitted.id, citizen, 'IN_REVIEW');
    expect(inReview.accrual.status).toBe('PAID');
    expect(inReview.accrual.receipt.uin).toBe(session.accrual.uin);
    expect(inReview.dueAt).toBeTruthy();

    // 8. the officer approves with a result document signed with the provider officer's key
    const resultDocument = { title: 'Повторное свидетельство о рождении', applicationNumber: submitted.number, holder: 'Асанова Айгуль Маратовна' };
    const approved = (await ok(DECIDE, { input: { applicationId: submitted.id, approve: true, resultDocument, signature: await grsSigner.sign(resultDocument), signingKeyId: grsSigner.keyId } }, grsOfficer)).decideApplication;
    expect(approved.status).toBe('APPROVED');
    expect(approved.result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(approved.history.map((h: { to: string }) => h.to)).toEqual(['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED']);

    // 9. anyone holding the document verifies it by its number and the code printed on it
    const VERIFY = 'query($n: String!, $c: String) { verifyDocument(number: $n, code: $c) { valid number serviceTitle(lang: RU) issuer } }';
    const verification = (await ok(VERIFY, { n: approved.result.number, c: approved.result.verificationCode })).verifyDocument;
    expect(verification).toMatchObject({ valid: true, number: approved.result.number, serviceTitle: expect.stringMatching(/свидетельства о рождении/) });
    expect((await ok(VERIFY, { n: approved.result.number })).verifyDocument).toEqual({ valid: true, number: approved.result.number, serviceTitle: null, issuer: null });
    const bogus = (await ok('query { verifyDocument(number: "DOC-0000-000000") { valid reason } }', {})).verifyDocument;
    expect(bogus.valid).toBe(false);

    // 10. every status change arrived live, in order, with fields of other subgraphs resolved
    await platform.settle();
    // AWAITING_PAYMENT comes twice: at the change, and again once payments has opened the accrual
    const mine = (await updates.waitFor((events) => events.filter((e) => e.myApplicationUpdates.app.id === submitted.id).length >= 5)).filter((e) => e.myApplicationUpdates.app.id === submitted.id);
    expect(mine.map((e) => e.myApplicationUpdates.to)).toEqual(['SUBMITTED', 'AWAITING_PAYMENT', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED']);
    expect(mine[0].myApplicationUpdates.app.service.title).toMatch(/свидетельства о рождении/);
    expect(mine[2].myApplicationUpdates.app.accrual.status).toBe('PENDING');
    expect(mine[2].myApplicationUpdates.version).toBe(mine[1].myApplicationUpdates.version);
    expect(mine[4].myApplicationUpdates.app.accrual.status).toBe('PAID');
    const versions = mine.map((e) => e.myApplicationUpdates.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);

    // a client that saw only the first change resumes from its cursor: the rest, in order, once
    const resumed = subscribe(platform.gatewayUrl, 'subscription($since: String) { applicationStatusChanged(applicationId: "' + submitted.id + '", since: $since) { to cursor application { accrual { status } } } }', {
      token: citizen,
      variables: { since: mine[0].myApplicationUpdates.cursor },
    });
    await resumed.waitFor((events) => events.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.events.map((e) => e.applicationStatusChanged.to)).toEqual(['AWAITING_PAYMENT', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED']);
    expect(resumed.events.map((e) => e.applicationStatusChanged.cursor)).toEqual(mine.slice(1).map((e) => e.myApplicationUpdates.cursor));
    await resumed.dispose();

    // 11. the officer's queue showed it live; the cabinet has a notice for every step
    await queue.waitFor((events) => events.some((e) => e.providerQueueUpdates.application.number === submitted.number));
    await notices.waitFor((events) => events.length >= 4);
    const cabinet = (await ok('query { me { notifications(first: 50) { totalCount unreadCount edges { node { type application { id } } } } } }', {}, citizen)).me.notifications;
    const forThis = cabinet.edges.filter((e: { node: { application: { id: string } | null } }) => e.node.application?.id === submitted.id);
    expect(forThis.length).toBeGreaterThanOrEqual(4);
    expect(cabinet.unreadCount).toBeGreaterThan(0);
  });

  it('a free service goes straight to review on acceptance; a refusal after review shows the reason and the appeal procedure', async () => {
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, citizen)).saveDraft;
    expect(draft.validation).toEqual([]);
    const submitted = await submitSigned(draft, NO_CRIMINAL_RECORD);
    const accepted = (await ok(ACCEPT, { id: submitted.id }, mvdOfficer)).acceptApplication;
    expect(accepted.status).toBe('IN_REVIEW');
    expect(accepted.accrual).toBeNull();

    const noReason = await platform.gql(DECIDE, { input: { applicationId: submitted.id, approve: false } }, { token: mvdOfficer });
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    const refused = (await ok(DECIDE, { input: { applicationId: submitted.id, approve: false, reason: 'По данным Информационного центра выявлены противоречия в сведениях о личности.' } }, mvdOfficer)).decideApplication;
    expect(refused.status).toBe('REFUSED');
    const seen = (await ok(GET, { id: submitted.id }, citizen)).application;
    expect(seen.refusalReason).toMatch(/противоречия/);
    expect(seen.appealProcedure).toBeTruthy();
    await updates.waitFor((events) => events.some((e) => e.myApplicationUpdates.app.id === submitted.id && e.myApplicationUpdates.to === 'REFUSED'));
  });

  it('a free service approved after review', async () => {
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'travel' } } }, citizen)).saveDraft;
    const submitted = await submitSigned(draft, NO_CRIMINAL_RECORD);
    expect((await ok(ACCEPT, { id: submitted.id }, mvdOfficer)).acceptApplication.status).toBe('IN_REVIEW');
    const resultDocument = { title: 'Справка о несудимости', applicationNumber: submitted.number, result: 'Сведений о судимости не имеется' };
    const approved = (await ok(DECIDE, { input: { applicationId: submitted.id, approve: true, resultDocument, signature: await mvdSigner.sign(resultDocument), signingKeyId: mvdSigner.keyId } }, mvdOfficer)).decideApplication;
    expect(approved.status).toBe('APPROVED');
    const download = await fetch(approved.result.downloadUrl);
    expect(download.status).toBe(200);
    await updates.waitFor((events) => events.some((e) => e.myApplicationUpdates.app.id === submitted.id && e.myApplicationUpdates.to === 'APPROVED'));
  });

  it('a refusal at intake shows the reason and the appeal procedure', async () => {
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'other' } } }, citizen)).saveDraft;
    const submitted = await submitSigned(draft, NO_CRIMINAL_RECORD);
    const emptyReason = await platform.gql(REJECT, { id: submitted.id, reason: '  ' }, { token: mvdOfficer });
    expect(errorCodes(emptyReason)).toEqual(['BAD_USER_INPUT']);
    const rejected = (await ok(REJECT, { id: submitted.id, reason: 'Сведения в заявке устарели: обновите паспортные данные.' }, mvdOfficer)).rejectApplication;
    expect(rejected.status).toBe('REJECTED');
    const seen = (await ok(GET, { id: submitted.id }, citizen)).application;
    expect(seen.refusalReason).toMatch(/устарели/);
    expect(seen.appealProcedure).toBeTruthy();
    await notices.waitFor((events) => events.some((e) => /отказ|отклон/i.test(`${e.notificationAdded.title} ${e.notificationAdded.body}`)));
  });

  it("refuses a citizen's subscription to another person's application", async () => {
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, citizen)).saveDraft;
    const submitted = await submitSigned(draft, NO_CRIMINAL_RECORD);
    const spy = subscribe(platform.gatewayUrl, 'subscription($id: ID!) { applicationStatusChanged(applicationId: $id) { to } }', { token: otherCitizen, variables: { id: submitted.id } });
    await spy.waitFor(() => spy.errors.length > 0);
    expect(JSON.stringify(spy.errors)).toMatch(/FORBIDDEN|not allowed|may not|own/i);
    expect(spy.events).toEqual([]);
    await spy.dispose();
  });
});
