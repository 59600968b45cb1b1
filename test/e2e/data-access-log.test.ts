import { DEMO_PROVIDERS, DEMO_USERS } from '@portal/kit';
import { readPersonalDataRegistry } from '@portal/schema';
import { submitWithAttachment } from '../support/attachments';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';

// demo service (catalog seed): the paid birth-certificate duplicate of GRS, SIMPLE signature
const BIRTH_CERTIFICATE_DUPLICATE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';

const LOG = `query($first: Int) {
  myDataAccessLog(first: $first) {
    edges { node { at actor actorRole purpose purposeRu: purpose(lang: RU) purposeKy: purpose(lang: KY) provider { id } fields applicationNumber } }
  }
}`;

interface Entry {
  at: string;
  actor: string;
  actorRole: string | null;
  purpose: string;
  purposeRu: string;
  purposeKy: string;
  provider: { id: string } | null;
  fields: string[];
  applicationNumber: string | null;
}

/** The GRS officer works the birth-certificate applications, the Bishkek meria officer the permit with an attachment. */
type Reader = 'officer' | 'meriaOfficer' | 'operator';

/**
 * For every field of schema/personal-data-fields.txt: a read of it, of Aigul's data, by someone
 * else, through the gateway. A field tagged personal-data without a read here fails the coverage test.
 */
const READS: Record<string, { reader: Reader; query: string; forApplication: 'paid' | 'rejected' | 'refunded' | 'attached' | null }> = {
  'User.pin': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { applicant { pin } } }', forApplication: null },
  'User.fullName': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { applicant { fullName } } }', forApplication: null },
  'User.birthDate': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { applicant { birthDate } } }', forApplication: null },
  'User.address': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { applicant { address } } }', forApplication: null },
  'User.email': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { applicant { email } } }', forApplication: null },
  'User.phone': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { applicant { phone } } }', forApplication: null },
  'SigningKey.certificateSubject': {
    reader: 'operator',
    query: `mutation { unblockUser(userId: "${DEMO_USERS.CITIZEN_AIGUL}", reason: "support request") { signingKeys { certificateSubject } } }`,
    forApplication: null,
  },
  'SigningKey.certificateChainPem': {
    reader: 'operator',
    query: `mutation { unblockUser(userId: "${DEMO_USERS.CITIZEN_AIGUL}", reason: "support request") { signingKeys { certificateChainPem } } }`,
    forApplication: null,
  },
  'Application.data': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { data } }', forApplication: 'paid' },
  'ResultDocument.document': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { result { document } } }', forApplication: 'paid' },
  'ResultDocument.downloadUrl': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { result { downloadUrl } } }', forApplication: 'paid' },
  'Application.printUrl': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { printUrl } }', forApplication: 'paid' },
  'RegistryDocument.data': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { registryDocuments { data } } }', forApplication: 'paid' },
  'Appeal.text': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { appeals { text } } }', forApplication: 'rejected' },
  'Appeal.answer': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { appeals { answer } } }', forApplication: 'rejected' },
  'Accrual.payerId': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { accrual { payerId } } }', forApplication: 'paid' },
  'Receipt.payerId': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { accrual { receipt { payerId } } } }', forApplication: 'paid' },
  'Receipt.downloadUrl': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { accrual { receipt { downloadUrl } } } }', forApplication: 'paid' },
  'Attachment.downloadUrl': { reader: 'meriaOfficer', query: 'query($id: ID!) { application(id: $id) { attachments { downloadUrl } } }', forApplication: 'attached' },
  'RefundReceipt.downloadUrl': { reader: 'officer', query: 'query($id: ID!) { application(id: $id) { accrual { refund { receipt { downloadUrl } } } } }', forApplication: 'refunded' },
};

describe('every read of personal data by someone else is in the subject’s access log', () => {
  let platform: TestPlatform;
  let citizen: string;
  let officer: string;
  let otherOfficer: string;
  let operator: string;
  let meriaOfficer: string;
  let citizenSigner: Signer;
  let officerSigner: Signer;
  const applications: Record<'paid' | 'rejected' | 'refunded' | 'attached', { id: string; number: string }> = {
    attached: { id: '', number: '' },
    paid: { id: '', number: '' },
    rejected: { id: '', number: '' },
    refunded: { id: '', number: '' },
  };

  async function log(token = citizen, first = 50): Promise<Entry[]> {
    await platform.settle();
    return (await platform.ok(LOG, { first }, token)).myDataAccessLog.edges.map((edge: { node: Entry }) => edge.node);
  }

  async function submitted(): Promise<{ id: string; number: string }> {
    const draft = (
      await platform.ok(
        'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }',
        { input: { serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' }, currentStep: 'certificate' } },
        citizen,
      )
    ).saveDraft;
    const signature = await citizenSigner.sign({ applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: draft.data });
    return (await platform.ok('mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number } }', { input: { applicationId: draft.id, signature, signingKeyId: citizenSigner.keyId } }, citizen))
      .submitApplication;
  }

  async function submittedAndPaid(): Promise<{ id: string; number: string }> {
    const application = await submitted();
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: application.id }, officer);
    await platform.settle();
    const accrualId = (await platform.ok('query($id: ID!) { application(id: $id) { accrual { id } } }', { id: application.id }, citizen)).application.accrual.id;
    const session = (await platform.ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: accrualId }, citizen)).startPayment;
    expect((await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) })).status).toBe(200);
    for (let tries = 0; (await statusOf(application.id)) !== 'IN_REVIEW'; tries += 1) {
      if (tries > 100) throw new Error('the payment did not move the application into review');
      await platform.settle();
    }
    return application;
  }

  async function statusOf(id: string): Promise<string> {
    return (await platform.ok('query($id: ID!) { application(id: $id) { status } }', { id }, citizen)).application.status;
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    officer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    otherOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    operator = await platform.login('operator@portal.kg', 'Operator2026!');
    meriaOfficer = await platform.login('officer.bishkek_meria@portal.kg', 'Officer2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
    officerSigner = await registerQualifiedSigner(platform, officer, { pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' });
    await platform.settle();

    // a paid application, accepted, paid and approved with a result document
    applications.paid = await submittedAndPaid();
    const resultDocument = { title: 'Повторное свидетельство о рождении', applicationNumber: applications.paid.number, holder: 'Асанова Айгуль Маратовна' };
    await platform.ok(
      'mutation($input: DecideInput!) { decideApplication(input: $input) { id } }',
      { input: { applicationId: applications.paid.id, approve: true, resultDocument, signature: await officerSigner.sign(resultDocument), signingKeyId: officerSigner.keyId } },
      officer,
    );

    // a paid one withdrawn before the decision: its fee is refunded
    applications.refunded = await submittedAndPaid();
    await platform.ok('mutation($id: ID!) { withdrawApplication(applicationId: $id) { id } }', { id: applications.refunded.id }, citizen);
    await platform.until(
      () => platform.ok('query($id: ID!) { application(id: $id) { accrual { refund { status } } } }', { id: applications.refunded.id }, citizen),
      (read) => read.application.accrual.refund?.status === 'COMPLETED',
      'the refund of the withdrawn application',
      60_000,
    );

    // a permit of the Bishkek meria with a file uploaded for its FILE field (a qualified signature)
    const qualified = await registerQualifiedSigner(platform, citizen, { pin: '11505199012345', name: 'Aigul Asanova' });
    applications.attached = await submitWithAttachment(platform, { token: citizen, signer: qualified });

    // a second one, rejected at intake and appealed by the applicant
    applications.rejected = await submitted();
    await platform.ok('mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Не приложена копия паспорта.") { id } }', { id: applications.rejected.id }, officer);
    const appeal = (await platform.ok('mutation($id: ID!) { fileAppeal(applicationId: $id, text: "Копия паспорта была приложена, прошу пересмотреть.") { id } }', { id: applications.rejected.id }, citizen)).fileAppeal;
    // GRS's appeal body (the demo's MINJUST) answers it, signed
    const appealBody = await platform.login('officer.minjust@portal.kg', 'Officer2026!');
    const appealBodySigner = await registerQualifiedSigner(platform, appealBody, { pin: '12503197900053', name: 'Jyldyz Abdyrakhmanova', organization: 'MINJUST' });
    await platform.settle();
    await platform.ok('mutation($id: ID!) { startAppealReview(appealId: $id) { id } }', { id: appeal.id }, appealBody);
    const answer = 'Копии паспорта в заявлении нет: отказ в приёме обоснован.';
    await platform.ok(
      'mutation($input: AnswerAppealInput!) { answerAppeal(input: $input) { id } }',
      { input: { appealId: appeal.id, uphold: false, answer, signature: await appealBodySigner.sign({ appealId: appeal.id, uphold: false, answer }), signingKeyId: appealBodySigner.keyId } },
      appealBody,
    );
    await platform.settle();
    }, 180_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('covers every field of the personal-data registry', () => {
    expect(Object.keys(READS).sort()).toEqual([...readPersonalDataRegistry().keys()].sort());
  });

  it("the applicant's own reads leave no entries", async () => {
    const before = await log();
    await platform.ok('query($id: ID!) { me { pin fullName phone } application(id: $id) { data registryDocuments { data } accrual { payerId receipt { payerId downloadUrl } } result { document downloadUrl } appeals { text } } }', { id: applications.paid.id }, citizen);
    expect(await log()).toEqual(before);
  });

  it('a refused read leaves no entry', async () => {
    const before = await log();
    const refused = await platform.gql('query($id: ID!) { application(id: $id) { data applicant { pin } } }', { id: applications.paid.id }, { token: otherOfficer });
    expect(errorCodes(refused)).toContain('FORBIDDEN');
    expect(refused.data?.application ?? null).toBeNull();
    expect(await log()).toEqual(before);
  });

  const registry = readPersonalDataRegistry();
  for (const [coordinate, read] of Object.entries(READS)) {
    it(`${coordinate}: read by the ${read.reader === 'operator' ? 'operator' : "application's provider officer"}, logged as "${registry.get(coordinate)}"`, async () => {
      const before = await log();
      const application = read.forApplication ? applications[read.forApplication] : applications.paid;
      const token = { officer, meriaOfficer, operator }[read.reader];
      const data = await platform.ok(read.query, read.query.includes('$id') ? { id: application.id } : {}, token);
      expect(JSON.stringify(data)).not.toMatch(/"(application|unblockUser)":null/);

      const after = await log();
      expect(after.length).toBe(before.length + 1);
      const entry = after[0];
      expect(entry.fields).toEqual([registry.get(coordinate)]);
      if (read.reader !== 'operator') {
        expect(entry).toMatchObject({
          actor: read.reader === 'officer' ? 'Gulnara Mamytova' : 'Ermek Beishenaliev',
          actorRole: 'PROVIDER_OFFICER',
          provider: { id: read.reader === 'officer' ? DEMO_PROVIDERS.GRS : DEMO_PROVIDERS.BISHKEK_MERIA },
          // Aigul reads in Kyrgyz
          purpose: 'кызмат көрсөтүүчүнүн арызын кароо',
          purposeRu: 'рассмотрение заявления поставщиком услуги',
          applicationNumber: read.forApplication ? application.number : null,
        });
      } else {
        expect(entry).toMatchObject({ actor: 'Nurlan Operatorov', actorRole: 'OPERATOR', provider: null, purpose: 'порталды администрациялоо', purposeRu: 'администрирование портала' });
      }
    });
  }

  it("shows each user only reads of their own data, and nobody's to anonymous callers", async () => {
    expect((await log()).length).toBeGreaterThan(0);
    expect(await log(officer)).toEqual([]);
    const anonymous = await platform.gql(LOG, { first: 5 });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it("an officer's queue page records every applicant's data once, per application, with its number", async () => {
    const before = await log();
    const queue = (await platform.ok('query { applicationQueue(filter: { status: [APPROVED, REJECTED] }, first: 50) { edges { node { id number data applicant { fullName } } } } }', {}, officer)).applicationQueue;
    const mine = queue.edges.filter((edge: { node: { id: string } }) => edge.node.id === applications.paid.id || edge.node.id === applications.rejected.id);
    expect(mine).toHaveLength(2);
    const after = await log();
    const added = after.slice(0, after.length - before.length);
    const withData = added.filter((entry) => entry.fields.includes('application.data'));
    expect(withData.map((entry) => entry.applicationNumber).sort()).toEqual([applications.paid.number, applications.rejected.number].sort());
    expect(added.filter((entry) => entry.fields.includes('fullName'))).toHaveLength(1);
  });
});
