import { SAMPLE_PDF, uploadAttachment } from '../support/attachments';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { issueTestCertificate, registerQualifiedSigner, registerSimpleSigner, revokeTestCertificate, type Signer } from '../support/signing';

// the demo seed's free "no criminal record" certificate (MVD, SIMPLE signature for the applicant)
const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';
const MVD_OFFICER = { pin: '22004198200031', name: 'Azamat Sydykov' };
// the demo seed's registration of a legal entity (MINJUST): its standard asks for a QUALIFIED signature of the founder
const LEGAL_ENTITY_REGISTRATION = '7c1e2d3a-4b5c-4d6e-8f70-000000000301';
const AIGUL = { pin: '11505199012345', name: 'Aigul Asanova' };
const LEGAL_ENTITY_DATA = {
  nameKy: 'Ак-Суу ЖЧК',
  nameRu: 'ОсОО «Ак-Суу»',
  legalForm: 'llc',
  legalAddress: 'Бишкек, пр. Чуй 120',
  legalAddressPropertyCode: '1-04-01-0012-0034',
  activityCode: '62.01',
  authorizedCapital: 10000,
  directorPin: '11505199012345',
  email: 'aigul@example.kg',
};

const FIELDS = 'id number status result { number signature signedBy { id } }';
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { ${FIELDS} } }`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { ${FIELDS} } }`;
const REGISTER = 'mutation($jwk: JSON!, $chain: [String!]) { registerSigningKey(publicKeyJwk: $jwk, certificateChainPem: $chain) { id level certificateSubject } }';

describe("officers' result documents need a qualified key of that provider, checked at the time of signing", () => {
  let platform: TestPlatform;
  let citizen: string;
  let mvdOfficer: string;
  let citizenSigner: Signer;

  beforeAll(async () => {
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
  });

  afterAll(async () => {
    await platform?.close();
  });

  /** A free application of the citizen (signed with a simple key), accepted by the MVD officer: in review. */
  async function inReview(): Promise<{ id: string; number: string }> {
    const draft = (await platform.gql(SAVE_DRAFT, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: citizen })).data.saveDraft;
    await platform.settle();
    const signature = await citizenSigner.sign({ applicationId: draft.id, serviceId: NO_CRIMINAL_RECORD, data: draft.data });
    const submitted = await platform.gql(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizenSigner.keyId } }, { token: citizen });
    expect(submitted.errors).toBeUndefined();
    const accepted = await platform.gql(ACCEPT, { id: draft.id }, { token: mvdOfficer });
    expect(accepted.data.acceptApplication.status).toBe('IN_REVIEW');
    return accepted.data.acceptApplication;
  }

  async function decide(application: { id: string; number: string }, signer: Signer) {
    const resultDocument = { title: 'Справка о несудимости', applicationNumber: application.number, result: 'Сведений о судимости не имеется' };
    return platform.gql(DECIDE, { input: { applicationId: application.id, approve: true, resultDocument, signature: await signer.sign(resultDocument), signingKeyId: signer.keyId } }, { token: mvdOfficer, headers: { 'accept-language': 'ru' } });
  }

  describe('refused', () => {
    it('a decision signed with a simple key', async () => {
      const application = await inReview();
      const simple = await registerSimpleSigner(platform, mvdOfficer);
      await platform.settle();
      const result = await decide(application, simple);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message).toMatch(/Простой ключ .* не может подписать документ-результат/);
    });

    it("a decision signed with a qualified key certified for another provider (GRS)", async () => {
      const application = await inReview();
      const otherProvider = await registerQualifiedSigner(platform, mvdOfficer, { ...MVD_OFFICER, organization: 'GRS' });
      await platform.settle();
      const result = await decide(application, otherProvider);
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors![0].message).toMatch(/не подтверждает, что вы сотрудник поставщика услуг MVD \(организация в сертификате: GRS\)/);
    });

    it('a decision signed with a certificate revoked at the certification authority (POST /test/revocations)', async () => {
      const application = await inReview();
      const signer = await registerQualifiedSigner(platform, mvdOfficer, { ...MVD_OFFICER, organization: 'MVD' });
      await platform.settle();
      await revokeTestCertificate(platform, signer.serialNumber);
      const result = await decide(application, signer);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message).toMatch(/отозван удостоверяющим центром/);
      // a revoked certificate cannot be registered again either
      const again = await issueTestCertificate(platform.certificationAuthority.url, { ...MVD_OFFICER, organization: 'MVD' });
      await revokeTestCertificate(platform, again.serialNumber);
      expect(errorCodes(await platform.gql(REGISTER, { jwk: again.jwk, chain: again.chainPem }, { token: mvdOfficer }))).toEqual(['BAD_USER_INPUT']);
    });

    it('a decision signed after the certificate expired', async () => {
      const application = await inReview();
      const notAfter = new Date(Date.now() + 6_000);
      const signer = await registerQualifiedSigner(platform, mvdOfficer, { ...MVD_OFFICER, organization: 'MVD', notAfter: notAfter.toISOString() });
      await platform.settle();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, notAfter.getTime() - Date.now()) + 1_100));
      const result = await decide(application, signer);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message).toMatch(/^Срок действия сертификата ключа подписи истёк/);
    });

    it("registering a certificate issued to another person's PIN", async () => {
      const certificate = await issueTestCertificate(platform.certificationAuthority.url, { pin: '10106199300086', name: 'Nazira Kadyrova', organization: 'MVD' });
      const result = await platform.gql(REGISTER, { jwk: certificate.jwk, chain: certificate.chainPem }, { token: mvdOfficer });
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    });
  });

  it("accepted: a valid qualified key of the provider's officer signs the result, and the document verifies", async () => {
    const application = await inReview();
    const signer = await registerQualifiedSigner(platform, mvdOfficer, { ...MVD_OFFICER, organization: 'MVD' });
    await platform.settle();
    const result = await decide(application, signer);
    expect(result.errors).toBeUndefined();
    const approved = result.data.decideApplication;
    expect(approved.status).toBe('APPROVED');
    const verified = await platform.gql('query($n: String!) { verifyDocument(number: $n) { valid number } }', { n: approved.result.number });
    expect(verified.data.verifyDocument).toEqual({ valid: true, number: approved.result.number });
  });

  describe("a citizen's application to a service whose standard asks for a QUALIFIED signature", () => {
    async function legalEntityDraft() {
      const save = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data validation { field message(lang: RU) } } }`;
      // the charter and the founders' decision are uploaded through the gateway to the draft first (FILE fields)
      const { id } = (await platform.ok(save, { input: { serviceId: LEGAL_ENTITY_REGISTRATION, data: LEGAL_ENTITY_DATA } }, citizen)).saveDraft;
      const files = {
        charterFile: await uploadAttachment(platform, citizen, id, 'charterFile', SAMPLE_PDF, { name: 'charter.pdf', mimeType: 'application/pdf' }),
        decisionFile: await uploadAttachment(platform, citizen, id, 'decisionFile', SAMPLE_PDF, { name: 'decision.pdf', mimeType: 'application/pdf' }),
      };
      const saved = await platform.gql(save, { input: { serviceId: LEGAL_ENTITY_REGISTRATION, applicationId: id, data: files } }, { token: citizen });
      expect(saved.data.saveDraft.validation).toEqual([]);
      return saved.data.saveDraft as { id: string; data: unknown };
    }
    const submit = async (draft: { id: string; data: unknown }, signer: Signer) =>
      platform.gql(SUBMIT, { input: { applicationId: draft.id, signature: await signer.sign({ applicationId: draft.id, serviceId: LEGAL_ENTITY_REGISTRATION, data: draft.data }), signingKeyId: signer.keyId } }, { token: citizen, headers: { 'accept-language': 'ky' } });

    it('refuses a simple key and a revoked certificate, and takes a valid qualified key of the applicant', async () => {
      const draft = await legalEntityDraft();
      const simple = await submit(draft, citizenSigner);
      expect(errorCodes(simple)).toEqual(['BAD_USER_INPUT']);
      expect(simple.errors![0].message).toMatch(/requires a qualified electronic signature/);

      const revoked = await registerQualifiedSigner(platform, citizen, AIGUL);
      await platform.settle();
      await revokeTestCertificate(platform, revoked.serialNumber);
      const refused = await submit(draft, revoked);
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0].message).toMatch(/күбөлөндүрүүчү борбор .* кайтарып алган/);

      const qualified = await registerQualifiedSigner(platform, citizen, AIGUL);
      await platform.settle();
      const sent = await submit(draft, qualified);
      expect(sent.errors).toBeUndefined();
      expect(sent.data.submitApplication.status).toBe('SUBMITTED');
    });
  });
});
