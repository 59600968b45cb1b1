import { readPdf } from '@portal/kit';
import { advertisingPermitDraft, OUTDOOR_ADVERTISING_PERMIT, SAMPLE_PDF, START_UPLOAD, submitWithAttachment, uploadAttachment } from '../support/attachments';
import { runPaidJourney } from '../support/journey';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';

/** Downloads and uploads at the gateway's origin (issue 9, part 5), as a browser does them. */
describe('files through the gateway', () => {
  let platform: TestPlatform;
  let origin: string;
  let aigul: { token: string; signer: Signer };
  let bakyt: string;
  let grsOfficer: { token: string; signer: Signer };
  let meriaOfficer: string;
  let submitted: Awaited<ReturnType<typeof submitWithAttachment>>;

  beforeAll(async () => {
    platform = await startTestPlatform();
    origin = new URL(platform.gatewayUrl).origin;
    const aigulToken = await platform.login('aigul@example.kg', 'Citizen2026!');
    aigul = { token: aigulToken, signer: await registerQualifiedSigner(platform, aigulToken, { pin: '11505199012345', name: 'Aigul Asanova' }) };
    bakyt = await platform.login('bakyt@example.kg', 'Citizen2026!');
    const grsToken = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    grsOfficer = { token: grsToken, signer: await registerQualifiedSigner(platform, grsToken, { pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' }) };
    meriaOfficer = await platform.login('officer.bishkek_meria@portal.kg', 'Officer2026!');
    await registerSimpleSigner(platform, bakyt);
    await platform.settle();
    submitted = await submitWithAttachment(platform, aigul);
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
  });

  describe('uploads', () => {
    it('refuses a file too large, of a refused type, and an upload for someone else\'s application, in the user\'s language', async () => {
      const draft = await advertisingPermitDraft(platform, aigul.token);
      const declare = (overrides: Record<string, unknown>, token: string, language = 'ky') =>
        platform.gql(START_UPLOAD, { input: { applicationId: draft.id, field: 'sketchFile', name: 'эскиз.pdf', mimeType: 'application/pdf', size: SAMPLE_PDF.length, ...overrides } }, { token, headers: { 'accept-language': language } });
      const tooLarge = await declare({ size: 50 * 1024 * 1024 }, aigul.token, 'ru');
      expect(errorCodes(tooLarge)).toEqual(['BAD_USER_INPUT']);
      expect(tooLarge.errors![0].message).toBe('Файл слишком большой (52428800 байт): можно загрузить не больше 10 МиБ. Уменьшите файл и загрузите снова.');
      const refusedType = await declare({ mimeType: 'text/html', name: 'x.html' }, aigul.token);
      expect(errorCodes(refusedType)).toEqual(['BAD_USER_INPUT']);
      expect(refusedType.errors![0].message).toMatch(/^Мындай түрдөгү файл кабыл алынбайт \(text\/html\)/);
      const foreign = await declare({}, bakyt, 'ru');
      expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);
      expect(foreign.errors![0].message).toBe('Загружать файлы можно только в черновик своего заявления.');
      expect(errorCodes(await declare({}, meriaOfficer))).toEqual(['FORBIDDEN']);
    });

    it('takes the bytes at the gateway origin, refuses a tampered link, and the FILE value must be the stored upload', async () => {
      const draft = await advertisingPermitDraft(platform, aigul.token);
      const { uploadUrl } = (await platform.ok(START_UPLOAD, { input: { applicationId: draft.id, field: 'sketchFile', name: 'эскиз.pdf', mimeType: 'application/pdf', size: SAMPLE_PDF.length } }, aigul.token)).startAttachmentUpload;
      expect(uploadUrl.startsWith(`${origin}/files/applications/uploads/`)).toBe(true);
      const tampered = new URL(uploadUrl);
      tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 3600));
      const refused = await fetch(tampered, { method: 'POST', headers: { 'content-type': 'application/pdf', 'accept-language': 'ru' }, body: SAMPLE_PDF });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error).toMatch(/^Ссылка для загрузки недействительна или её срок истёк/);
      const longer = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: Buffer.concat([SAMPLE_PDF, Buffer.from('x')]) });
      expect(longer.status).toBe(400);

      const stored = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: SAMPLE_PDF });
      expect(stored.status).toBe(201);
      const file = await stored.json();
      const invented = await platform.gql('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }', { input: { serviceId: OUTDOOR_ADVERTISING_PERMIT, applicationId: draft.id, data: { sketchFile: { ...file, size: file.size + 1 } } } }, { token: aigul.token });
      expect(errorCodes(invented)).toEqual(['BAD_USER_INPUT']);
      await platform.ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }', { input: { serviceId: OUTDOOR_ADVERTISING_PERMIT, applicationId: draft.id, data: { sketchFile: file } } }, aigul.token);
    });

    it("lets the applicant and the provider's officers download the file, nobody else", async () => {
      const ATTACHMENTS = 'query($id: ID!) { application(id: $id) { attachments { field name sha256 size downloadUrl } } }';
      for (const token of [bakyt, grsOfficer.token]) expect(errorCodes(await platform.gql(ATTACHMENTS, { id: submitted.id }, { token }))).toContain('FORBIDDEN');
      const [attachment] = (await platform.ok(ATTACHMENTS, { id: submitted.id }, meriaOfficer)).application.attachments;
      expect(attachment).toMatchObject({ field: 'sketchFile', name: 'эскиз.pdf', sha256: submitted.sketch.sha256, size: SAMPLE_PDF.length });
      expect(attachment.downloadUrl.startsWith(`${origin}/files/applications/attachments/`)).toBe(true);
      const download = await fetch(attachment.downloadUrl);
      expect(download.status).toBe(200);
      expect(download.headers.get('x-frame-options')).toBe('DENY');
      expect(Buffer.from(await download.arrayBuffer()).equals(SAMPLE_PDF)).toBe(true);
    });
  });

  describe('downloads', () => {
    it('serves the printable request as an accessible PDF with the application number and Kyrgyz letters', async () => {
      const { printUrl } = (await platform.ok('query($id: ID!) { application(id: $id) { printUrl } }', { id: submitted.id }, aigul.token)).application;
      expect(printUrl.startsWith(`${origin}/files/applications/requests/${submitted.id}?`)).toBe(true);
      const response = await fetch(printUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.toString('latin1')).toContain('/Lang (ky)');
      const { title, text } = await readPdf(pdf);
      expect(title).toBe(`Арыз ${submitted.number}`);
      expect(text).toContain(submitted.number);
      expect(text).toContain('Жарнамалык');
      expect(errorCodes(await platform.gql('query($id: ID!) { application(id: $id) { printUrl } }', { id: submitted.id }, { token: bakyt }))).toContain('FORBIDDEN');
    });

    it('serves the result document and the receipt as PDF and JSON at the gateway origin; a tampered link is refused', async () => {
      const paid = await runPaidJourney(platform, aigul, grsOfficer);
      const read = (
        await platform.ok(
          'query($id: ID!) { application(id: $id) { result { number pdf: downloadUrl(format: PDF) json: downloadUrl } accrual { receipt { number pdf: downloadUrl(format: PDF, lang: RU) json: downloadUrl(format: JSON) } } } }',
          { id: paid.id },
          aigul.token,
        )
      ).application;
      for (const link of [read.result.pdf, read.result.json, read.accrual.receipt.pdf, read.accrual.receipt.json]) expect(link.startsWith(`${origin}/files/`)).toBe(true);

      const documentPdf = await readPdf(Buffer.from(await (await fetch(read.result.pdf)).arrayBuffer()));
      expect(documentPdf.title).toBe(`Натыйжа документи ${read.result.number}`);
      expect(documentPdf.text).toContain(paid.number);
      expect((await (await fetch(read.result.json)).json()).number).toBe(read.result.number);

      const receiptPdf = await readPdf(Buffer.from(await (await fetch(read.accrual.receipt.pdf)).arrayBuffer()));
      expect(receiptPdf.title).toBe(`Квитанция об оплате ${read.accrual.receipt.number}`);
      expect((await (await fetch(read.accrual.receipt.json)).json()).number).toBe(read.accrual.receipt.number);

      const tampered = new URL(read.result.pdf);
      tampered.searchParams.set('signature', `${tampered.searchParams.get('signature')!.slice(0, -2)}AA`);
      const refused = await fetch(tampered);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error).toBe('Бул шилтеме жараксыз же мөөнөтү бүттү. Жаңы шилтеме алуу үчүн кабинетиңизден арызды кайра ачыңыз.');
    });

    it('serves the open data at the gateway origin without a login', async () => {
      const csv = await fetch(`${origin}/open-data/service-statistics.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('access-control-allow-origin')).toBe('*');
      const json = await fetch(`${origin}/open-data/service-statistics.json?fromMonth=2020-13`);
      expect(json.status).toBe(400);
    });

    it('forwards nothing but the file routes', async () => {
      expect((await fetch(`${origin}/files/applications/graphql`)).status).toBe(404);
      expect((await fetch(`${origin}/files/identity/.well-known/jwks.json`)).status).toBe(404);
    });
  });

  describe('copy into a new draft (R-27.1)', () => {
    it("copies the applicant's own application with its file; anyone else is refused", async () => {
      const COPY = 'mutation($id: ID!) { copyApplicationToDraft(applicationId: $id) { id status data attachments { sha256 } } }';
      expect(errorCodes(await platform.gql(COPY, { id: submitted.id }, { token: bakyt }))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await platform.gql(COPY, { id: submitted.id }, { token: meriaOfficer }))).toEqual(['FORBIDDEN']);
      const copy = (await platform.ok(COPY, { id: submitted.id }, aigul.token)).copyApplicationToDraft;
      expect(copy.status).toBe('DRAFT');
      expect(copy.data).toEqual(submitted.data);
      expect(copy.attachments).toEqual([{ sha256: submitted.sketch.sha256 }]);
      // the copy takes new files too
      await uploadAttachment(platform, aigul.token, copy.id, 'ownerConsentFile', SAMPLE_PDF, { name: 'согласие.pdf', mimeType: 'application/pdf' });
    });
  });
});
