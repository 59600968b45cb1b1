/**
 * Money back and books that balance, through the gateway like a web client (issue 11 part 4): a paid
 * application withdrawn before a decision is refunded (Accrual.refund COMPLETED, REFUNDED, a refund
 * receipt, the notice in the cabinet in the user's language, once even when events are replayed);
 * a payment by UIN made outside the portal confirms the accrual; the operator's reconciliation finds
 * a planted mismatch, and refuses and reports a statement with a bad signature. Forbidden cases first.
 */
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';

// catalog seed: the duplicate birth certificate costs 200 som and is provided by GRS
const BIRTH_CERTIFICATE_DUPLICATE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
const ACCRUAL = `accrual { id uin status paidAt receipt { number uin }
  refund { amount { amountMinor } status requestedAt completedAt reason receipt { number refundedAt amount { amountMinor } uin paymentSystemTransactionId } } }`;
const GET = `query($id: ID!) { application(id: $id) { id number status ${ACCRUAL} } }`;
const NOTICES = 'query { me { notifications(first: 50) { edges { node { type title body application { id } } } } } }';
const REPORTS = `query { reconciliationReports(first: 20) { totalCount edges { node { id day status trigger mismatchCount problem
  mismatches { kind entryKind transactionId uin paymentSystemAmount { amountMinor } } } } } }`;
const RUN = `mutation($day: String!) { runReconciliation(day: $day) { id day status mismatchCount statementEntryCount portalEntryCount problem
  mismatches { kind entryKind transactionId uin paymentSystemAmount { amountMinor } } } }`;

/** Today in Bishkek (UTC+6), as the statements are kept. */
const today = () => new Date(Date.now() + 6 * 60 * 60 * 1000).toISOString().slice(0, 10);

describe('refunds and reconciliation through the gateway', () => {
  let platform: TestPlatform;
  let citizen: string;
  let otherCitizen: string;
  let officer: string;
  let otherOfficer: string;
  let operator: string;
  let signer: Signer;
  let refunded: { id: string; accrualId: string; uin: string };

  const ok = (query: string, variables: Record<string, unknown>, token?: string) => platform.ok(query, variables, token);

  async function read(id: string, token = citizen) {
    return (await ok(GET, { id }, token)).application;
  }

  /** A submitted and accepted application of the paid service, waiting for its fee. */
  async function awaitingPayment() {
    const draft = (await ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }', { input: { serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: {} } }, citizen)).saveDraft;
    const data = { ...draft.data, issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };
    await ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }', { input: { applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data } }, citizen);
    const signature = await signer.sign({ applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data });
    await ok('mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }', { input: { applicationId: draft.id, signature, signingKeyId: signer.keyId } }, citizen);
    await ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: draft.id }, officer);
    return platform.until(() => read(draft.id), (application) => application.accrual?.status === 'PENDING', 'the accrual of the accepted application', 60_000);
  }

  /** Re-emits an event already in the log under a new event id, as a producer retrying would. */
  async function replay(type: string, applicationId: string): Promise<void> {
    const replayed = await platform.subgraphs.payments.orm.em.fork().execute(
      `insert into event_bus.event_log (event_id, source, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at)
       select gen_random_uuid(), source, type, aggregate_type, aggregate_id, aggregate_version, payload, now() from event_bus.event_log
        where type = ? and payload->>'applicationId' = ? order by seq desc limit 1
       returning seq`,
      [type, applicationId],
    );
    expect(replayed).toHaveLength(1);
    await platform.subgraphs.payments.orm.em.fork().execute(`select pg_notify('event_bus', '')`);
  }

  async function seps(path: string, body: unknown) {
    const response = await fetch(`${platform.paymentSystem.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ env: { SEPS_RETRY_BASE_MS: '100' } });
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    otherCitizen = await platform.login('bakyt@example.kg', 'Citizen2026!');
    officer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    otherOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    operator = await platform.login('operator@portal.kg', 'Operator2026!');
    signer = await registerSimpleSigner(platform, citizen);
    await platform.settle();
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('a paid application withdrawn before a decision is refunded, with its receipt and one notice in the user’s language', async () => {
    const awaiting = await awaitingPayment();
    const session = (await ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: awaiting.accrual.id }, citizen)).startPayment;
    expect((await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) })).status).toBe(200);
    await platform.until(() => read(awaiting.id), (application) => application.status === 'IN_REVIEW', 'the paid application in review', 60_000);

    expect((await ok('mutation($id: ID!) { withdrawApplication(applicationId: $id) { status } }', { id: awaiting.id }, citizen)).withdrawApplication.status).toBe('WITHDRAWN');
    const done = await platform.until(() => read(awaiting.id), (application) => application.accrual.refund?.status === 'COMPLETED', 'the refund to complete', 60_000);
    expect(done.accrual.status).toBe('REFUNDED');
    expect(done.accrual.refund).toMatchObject({ amount: { amountMinor: 20000 }, reason: expect.stringMatching(/кайтарып алды/), receipt: { amount: { amountMinor: 20000 }, uin: awaiting.accrual.uin } });
    expect(done.accrual.refund.receipt.number).toMatch(/^RF-\d{4}-\d{6}$/);
    expect(new Date(done.accrual.refund.completedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.accrual.refund.requestedAt).getTime());
    refunded = { id: awaiting.id, accrualId: awaiting.accrual.id, uin: awaiting.accrual.uin };

    const notices = async () =>
      (await ok(NOTICES, {}, citizen)).me.notifications.edges
        .map((edge: { node: { type: string; title: string; body: string; application: { id: string } | null } }) => edge.node)
        .filter((node: { type: string; application: { id: string } | null }) => node.type === 'PAYMENT_REFUNDED' && node.application?.id === awaiting.id);
    const [notice] = await platform.until(notices, (found) => found.length > 0, 'the refund notice', 60_000);
    // Aigul reads in Kyrgyz: the cabinet answers in her language
    expect(notice.title).toBe(`№ ${awaiting.number} өтүнмө боюнча төлөм кайтарылды`);
    expect(notice.body).toContain(done.accrual.refund.receipt.number);
    expect(notice.body).toContain('200,00 сом');

    // the withdrawal and the refund replayed under new event ids: nothing is refunded or notified twice
    await replay('ApplicationStatusChanged', awaiting.id);
    await replay('RefundCompleted', awaiting.id);
    await platform.settle();
    await platform.settle();
    expect(await notices()).toHaveLength(1);
    expect((await read(awaiting.id)).accrual).toEqual(done.accrual);
    expect([...platform.paymentSystem.refunds.values()].filter((refund) => refund.uin === awaiting.accrual.uin)).toHaveLength(1);
  }, 180_000);

  it('refuses the refund to another citizen and to the operator, and the reconciliation to citizens and officers', async () => {
    for (const token of [otherCitizen, operator]) {
      const result = await platform.gql(`query($id: ID!) { application(id: $id) { ${ACCRUAL} } }`, { id: refunded.id }, { token });
      expect(errorCodes(result)).toContain('FORBIDDEN');
      expect(JSON.stringify(result.data ?? null)).not.toContain('RF-');
    }
    for (const token of [citizen, officer]) {
      expect(errorCodes(await platform.gql(REPORTS, {}, { token }))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await platform.gql(RUN, { day: today() }, { token }))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await platform.gql(REPORTS, {}))).toEqual(['UNAUTHENTICATED']);
    // the provider's officer sees the refund of their provider's application
    expect((await read(refunded.id, officer)).accrual.refund.status).toBe('COMPLETED');

    // a refund by hand: only the provider's officer, and never a second one
    const REQUEST = 'mutation($id: ID!, $reason: String!) { requestRefund(accrualId: $id, reason: $reason) { status refund { status } } }';
    for (const token of [citizen, otherCitizen, otherOfficer, operator]) {
      expect(errorCodes(await platform.gql(REQUEST, { id: refunded.accrualId, reason: 'paid twice' }, { token }))).toEqual(['FORBIDDEN']);
    }
    const twice = await platform.gql(REQUEST, { id: refunded.accrualId, reason: 'paid twice' }, { token: officer });
    expect(errorCodes(twice)).toEqual(['CONFLICT']);
    expect(twice.errors![0].message).toMatch(/returned once/);
    expect([...platform.paymentSystem.refunds.values()].filter((refund) => refund.uin === refunded.uin)).toHaveLength(1);
  });

  it('a payment by UIN made outside the portal confirms the accrual and resumes the application', async () => {
    const awaiting = await awaitingPayment();
    await platform.until(async () => platform.paymentSystem.accruals.has(awaiting.accrual.uin), (registered) => registered, 'the accrual registered with the payment system', 60_000);
    const paid = await seps('/test/pay-by-uin', { uin: awaiting.accrual.uin });
    expect(paid).toMatchObject({ status: 200, body: { callbackStatus: 200 } });
    const inReview = await platform.until(() => read(awaiting.id), (application) => application.status === 'IN_REVIEW', 'the application resumed by the payment', 60_000);
    expect(inReview.accrual).toMatchObject({ status: 'PAID', receipt: { uin: awaiting.accrual.uin }, refund: null });
  }, 180_000);

  it('the operator’s reconciliation balances, then finds a planted mismatch', async () => {
    const balanced = (await ok(RUN, { day: today() }, operator)).runReconciliation;
    expect(balanced).toMatchObject({ day: today(), status: 'BALANCED', mismatchCount: 0, mismatches: [] });
    // two payments and one refund so far today
    expect(balanced.portalEntryCount).toBe(3);
    expect(balanced.statementEntryCount).toBe(3);

    const planted = await seps('/test/statement-extra', { uin: '04172612010000009995', amountMinor: 12345 });
    expect(planted.status).toBe(201);
    const found = (await ok(RUN, { day: today() }, operator)).runReconciliation;
    expect(found).toMatchObject({ id: balanced.id, status: 'MISMATCHES', mismatchCount: 1 });
    expect(found.mismatches).toEqual([{ kind: 'MISSING_IN_PORTAL', entryKind: 'PAYMENT', transactionId: planted.body.transactionId, uin: '04172612010000009995', paymentSystemAmount: { amountMinor: 12345 } }]);

    const reports = (await ok(REPORTS, {}, operator)).reconciliationReports.edges.map((edge: { node: { day: string } }) => edge.node);
    expect(reports.filter((report: { day: string }) => report.day === today())).toEqual([expect.objectContaining({ status: 'MISMATCHES', trigger: 'OPERATOR', mismatchCount: 1 })]);
  });

  it('a statement with a bad signature is refused and reported to the operator', async () => {
    await seps('/test/statement-signature', { valid: false });
    try {
      const refused = (await ok(RUN, { day: today() }, operator)).runReconciliation;
      expect(refused).toMatchObject({ status: 'STATEMENT_REFUSED', mismatchCount: 0, mismatches: [] });
      expect(refused.problem).toMatch(/signature does not match/);
    } finally {
      await seps('/test/statement-signature', { valid: true });
    }
    const reports = (await ok(REPORTS, {}, operator)).reconciliationReports.edges.map((edge: { node: { day: string; status: string } }) => edge.node);
    expect(reports.find((report: { day: string }) => report.day === today())).toMatchObject({ status: 'STATEMENT_REFUSED', problem: expect.stringMatching(/refused/) });
    const bad = await platform.gql(RUN, { day: '2026-02-30' }, { token: operator });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
