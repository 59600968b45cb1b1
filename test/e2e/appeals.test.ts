import { errorCodes, type TestPlatform, startTestPlatform } from '../support/platform';
import { NO_CRIMINAL_RECORD, submitApplication } from '../support/journey';
import { type QualifiedSigner, registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';

/**
 * Complaints through the gateway (Kyrgyz ): Aigul complains about an MVD application left
 * overdue and about a refusal; MVD's appeal body (the demo's Ministry of Justice) registers them at
 * once, reviews them and answers with a qualified signature; an upheld refusal goes back to review.
 * Everyone concerned is told at each step.
 */

const APPEAL = 'id status subject dueAt overdue answer answeredAt reopenedTo application { id status }';
const FILE = `mutation($id: ID!, $text: String!, $subject: AppealSubject) { fileAppeal(applicationId: $id, text: $text, subject: $subject) { ${APPEAL} } }`;
const QUEUE = `query { appealQueue(first: 20) { totalCount edges { node { ${APPEAL} text } } } }`;
const START = `mutation($id: ID!) { startAppealReview(appealId: $id) { ${APPEAL} } }`;
const ANSWER = `mutation($input: AnswerAppealInput!) { answerAppeal(input: $input) { ${APPEAL} } }`;
const NOTICES = `query { me { notifications(first: 50) { edges { node { type body(lang: RU) application { id } } } } } }`;
const ACCEPT = 'mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }';

describe('complaints about a provider, answered by its appeal body', () => {
  let platform: TestPlatform;
  let citizen: string;
  let otherCitizen: string;
  let officer: string;
  let appealBody: string;
  let citizenSigner: Signer;
  let officerSigner: QualifiedSigner;
  let appealBodySigner: QualifiedSigner;
  let officerOfProvider: QualifiedSigner;

  const ok = (query: string, variables: Record<string, unknown>, token: string) => platform.ok(query, variables, token);

  async function noticesOf(token: string, applicationId: string): Promise<Array<{ type: string; body: string }>> {
    const edges = (await ok(NOTICES, {}, token)).me.notifications.edges as Array<{ node: { type: string; body: string; application: { id: string } | null } }>;
    return edges.map((edge) => edge.node).filter((notice) => notice.application?.id === applicationId);
  }

  async function inReview(): Promise<string> {
    const application = await submitApplication(platform, { token: citizen, signer: citizenSigner }, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    await ok(ACCEPT, { id: application.id }, officer);
    return application.id;
  }

  async function answer(appealId: string, uphold: boolean, text: string, signer: QualifiedSigner = appealBodySigner, token = appealBody) {
    return platform.gql(ANSWER, { input: { appealId, uphold, answer: text, signature: await signer.sign({ appealId, uphold, answer: text }), signingKeyId: signer.keyId } }, { token });
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    otherCitizen = await platform.login('bakyt@example.kg', 'Citizen2026!');
    officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    appealBody = await platform.login('officer.minjust@portal.kg', 'Officer2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
    officerSigner = await registerQualifiedSigner(platform, officer, { pin: '22004198200031', name: 'Azamat Sydykov', organization: 'MVD' });
    officerOfProvider = officerSigner;
    appealBodySigner = await registerQualifiedSigner(platform, appealBody, { pin: '12503197900053', name: 'Jyldyz Abdyrakhmanova', organization: 'MINJUST' });
    await platform.settle();
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('the catalogue names the appeal body of each provider, publicly', async () => {
    const { providers } = await platform.ok('query { providers { code appealBody { code } } }');
    expect(providers.find((provider: { code: string }) => provider.code === 'MVD')).toEqual({ code: 'MVD', appealBody: { code: 'MINJUST' } });
    expect(providers.find((provider: { code: string }) => provider.code === 'MINJUST').appealBody).toBeNull();
  });

  it('a complaint about an overdue application: registered with the body, reviewed, upheld with a qualified signature, everyone told', async () => {
    const applicationId = await inReview();
    // the decision deadline passed a minute ago (a real one is days away); the overdue scan announces it
    await platform.subgraphs.applications.orm.em.fork().execute(`update applications.application set due_at = now() - interval '1 minute' where id = ?`, [applicationId]);
    const overdue = await platform.until(() => noticesOf(citizen, applicationId), (notices) => notices.some((notice) => notice.type === 'APPLICATION_OVERDUE'), 'the overdue notice');
    // the notice points to a complaint in the portal, not elsewhere
    expect(overdue.find((notice) => notice.type === 'APPLICATION_OVERDUE')!.body).toContain('на странице заявления в личном кабинете нажмите «Подать жалобу»');

    // forbidden first: someone else's application, at the gateway
    const foreign = await platform.gql(FILE, { id: applicationId, text: 'Чужая жалоба', subject: 'INACTION' }, { token: otherCitizen });
    expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);

    const filed = (await ok(FILE, { id: applicationId, text: 'Решение не принято в срок.', subject: 'INACTION' }, citizen)).fileAppeal;
    expect(filed).toMatchObject({ status: 'REGISTERED', subject: 'INACTION', overdue: false, answer: null, application: { id: applicationId, status: 'IN_REVIEW' } });
    expect(new Date(filed.dueAt).getTime()).toBeGreaterThan(Date.now() + 14 * 24 * 3_600_000);

    // the provider's officer cannot answer for its own appeal body; the body's officer sees it in its queue
    expect(errorCodes(await platform.gql(START, { id: filed.id }, { token: officer }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await answer(filed.id, true, 'Сам себя проверил', officerOfProvider, officer))).toEqual(['FORBIDDEN']);
    const queue = (await ok(QUEUE, {}, appealBody)).appealQueue;
    expect(queue.edges.map((edge: { node: { id: string; text: string } }) => edge.node)).toContainEqual(expect.objectContaining({ id: filed.id, text: 'Решение не принято в срок.', status: 'REGISTERED' }));

    // the body's officer reads the case, the applicant included (identity learns the relation from the event)
    const theCase = await platform.until(
      () => platform.gql('query($id: ID!) { application(id: $id) { data applicant { fullName } } }', { id: applicationId }, { token: appealBody }),
      (read) => read.errors === undefined,
      "the appeal body's read of the case",
    );
    expect(theCase.data!.application).toEqual({ data: expect.objectContaining({ purpose: 'employment' }), applicant: { fullName: 'Aigul Asanova' } });
    expect((await ok(START, { id: filed.id }, appealBody)).startAppealReview.status).toBe('UNDER_REVIEW');
    // a signature over another answer is refused, nothing changes
    const forged = await platform.gql(ANSWER, { input: { appealId: filed.id, uphold: true, answer: 'Удовлетворить', signature: await appealBodySigner.sign({ appealId: filed.id, uphold: false, answer: 'Удовлетворить' }), signingKeyId: appealBodySigner.keyId } }, { token: appealBody });
    expect(errorCodes(forged)).toEqual(['BAD_USER_INPUT']);
    const upheld = await answer(filed.id, true, 'Срок рассмотрения нарушен: МВД обязано принять решение незамедлительно.');
    expect(upheld.errors).toBeUndefined();
    expect(upheld.data!.answerAppeal).toMatchObject({ status: 'UPHELD', answer: 'Срок рассмотрения нарушен: МВД обязано принять решение незамедлительно.', reopenedTo: null });
    expect(errorCodes(await answer(filed.id, false, 'Передумали'))).toEqual(['CONFLICT']);

    // the applicant heard of every step; the provider's officer and the body's officer too
    const applicantNotices = await platform.until(() => noticesOf(citizen, applicationId), (notices) => notices.some((notice) => notice.type === 'APPEAL_UPHELD'), 'the applicant\'s notices');
    expect(applicantNotices.map((notice) => notice.type)).toEqual(expect.arrayContaining(['APPLICATION_OVERDUE', 'APPEAL_REGISTERED', 'APPEAL_UNDER_REVIEW', 'APPEAL_UPHELD']));
    expect(applicantNotices.find((notice) => notice.type === 'APPEAL_UPHELD')!.body).toContain('Ответ: Срок рассмотрения нарушен');
    const providerNotices = await platform.until(() => noticesOf(officer, applicationId), (notices) => notices.some((notice) => notice.type === 'APPEAL_UPHELD'), 'the provider\'s notices');
    expect(providerNotices.map((notice) => notice.type)).toEqual(expect.arrayContaining(['APPEAL_REGISTERED', 'APPEAL_UNDER_REVIEW', 'APPEAL_UPHELD']));
    expect(providerNotices.find((notice) => notice.type === 'APPEAL_REGISTERED')!.body).toContain('Жалоба заявителя на бездействие поставщика услуги');
    const bodyNotices = await noticesOf(appealBody, applicationId);
    expect(bodyNotices.map((notice) => notice.type)).toEqual(['APPEAL_REGISTERED']);
  }, 120_000);

  it('an upheld complaint about a refusal reopens the application for review; a dismissed one leaves the rejection standing', async () => {
    const refusedId = await inReview();
    await ok('mutation($input: DecideInput!) { decideApplication(input: $input) { status } }', { input: { applicationId: refusedId, approve: false, reason: 'Сведения противоречат данным ИЦ.' } }, officer);
    const complaint = (await ok(FILE, { id: refusedId, text: 'Сведения ИЦ устарели, прошу пересмотреть.' }, citizen)).fileAppeal;
    expect(complaint).toMatchObject({ status: 'REGISTERED', subject: 'DECISION' });
    expect(errorCodes(await platform.gql(FILE, { id: refusedId, text: 'Ещё одна жалоба' }, { token: citizen }))).toEqual(['CONFLICT']);
    await ok(START, { id: complaint.id }, appealBody);
    const reopened = await answer(complaint.id, true, 'Отказ основан на устаревших сведениях: рассмотреть заново.');
    expect(reopened.data!.answerAppeal).toMatchObject({ status: 'UPHELD', reopenedTo: 'IN_REVIEW', application: { status: 'IN_REVIEW' } });
    const application = (await ok('query($id: ID!) { application(id: $id) { status dueAt history { from to reason } } }', { id: refusedId }, officer)).application;
    expect(application.history.at(-1)).toEqual({ from: 'REFUSED', to: 'IN_REVIEW', reason: 'Отказ основан на устаревших сведениях: рассмотреть заново.' });
    expect(new Date(application.dueAt).getTime()).toBeGreaterThan(Date.now());
    await platform.until(() => noticesOf(citizen, refusedId), (notices) => notices.some((notice) => notice.type === 'APPLICATION_REOPENED'), 'the reopening notice');

    const rejected = await submitApplication(platform, { token: citizen, signer: citizenSigner }, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    await ok('mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Не указана цель.") { status } }', { id: rejected.id }, officer);
    const second = (await ok(FILE, { id: rejected.id, text: 'Цель указана.' }, citizen)).fileAppeal;
    await ok(START, { id: second.id }, appealBody);
    const dismissed = await answer(second.id, false, 'Цель в заявлении не указана: отказ в приёме обоснован.');
    expect(dismissed.data!.answerAppeal).toMatchObject({ status: 'DISMISSED', reopenedTo: null, application: { status: 'REJECTED' } });
    const notices = await platform.until(() => noticesOf(citizen, rejected.id), (list) => list.some((notice) => notice.type === 'APPEAL_DISMISSED'), 'the dismissal notice');
    expect(notices.find((notice) => notice.type === 'APPEAL_DISMISSED')!.body).toContain('в суд');
  }, 120_000);
});
