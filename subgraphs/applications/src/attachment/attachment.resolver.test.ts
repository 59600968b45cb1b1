import { createHash, randomUUID } from 'node:crypto';
import { type FormDefinitionData, type GraphQLResult, readPdf, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph, DEVELOPMENT_SETTINGS } from '../subgraph';
import { ApplicationsWorld, TEST_FORM, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';

const PROVIDER_A = randomUUID();
const PROVIDER_B = randomUUID();
const MAX_BYTES = 4096;

/** TEST_FORM with a step asking for a scanned document. */
const FORM_WITH_FILE: FormDefinitionData = {
  steps: [
    ...TEST_FORM.steps,
    { id: 'documents', title: { ru: 'Документы', ky: 'Документтер' }, fields: [{ name: 'scan', label: { ru: 'Скан паспорта', ky: 'Паспорттун сканы' }, type: 'FILE', required: true }] },
  ],
};

const PDF_BYTES = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n')]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const START = `mutation($input: StartAttachmentUploadInput!) { startAttachmentUpload(input: $input) { attachmentId uploadUrl expiresAt maxBytes } }`;
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id number status data } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number status data } }`;
const ATTACHMENTS = `query($id: ID!) { application(id: $id) { attachments { id field name mimeType size sha256 uploadedAt downloadUrl } } }`;
const PRINT = `query($id: ID!, $format: FileFormat!, $lang: Language) { application(id: $id) { printUrl(format: $format, lang: $lang) } }`;

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let aigul: TestPerson;
let bakyt: TestPerson;
let officerA: TestPerson;
let officerB: TestPerson;
let service: TestService;

interface Draft {
  id: string;
  number: string | null;
  status: string;
  data: Record<string, unknown>;
}

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

function refusal(result: GraphQLResult): { code: unknown; message: string } {
  expect(result.errors).toHaveLength(1);
  return { code: result.errors![0].extensions?.code, message: result.errors![0].message };
}

async function draft(person: TestPerson = aigul): Promise<Draft> {
  return ok(await world.request<{ saveDraft: Draft }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST } }, person.caller)).saveDraft;
}

function declaration(applicationId: string, overrides: Record<string, unknown> = {}) {
  return { input: { applicationId, field: 'scan', name: 'паспорт.pdf', mimeType: 'application/pdf', size: PDF_BYTES.length, ...overrides } };
}

async function startUpload(applicationId: string, person: TestPerson = aigul, overrides: Record<string, unknown> = {}) {
  return ok(await world.request<{ startAttachmentUpload: { attachmentId: string; uploadUrl: string; expiresAt: string; maxBytes: number } }>(START, declaration(applicationId, overrides), person.caller)).startAttachmentUpload;
}

function post(url: string, body: Buffer, contentType = 'application/pdf', language?: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...(language ? { 'accept-language': language } : {}) }, body: new Uint8Array(body) });
}

beforeAll(async () => {
  const definition = createApplicationsSubgraph({ ...DEVELOPMENT_SETTINGS, ATTACHMENT_MAX_BYTES: MAX_BYTES });
  subgraph = await startTestSubgraph(definition);
  // the subgraph serves the same /files/ paths the gateway forwards
  definition.useGatewayUrl(subgraph.url);
  world = new ApplicationsWorld(subgraph);
  [aigul, bakyt, officerA, officerB] = await Promise.all([world.citizen('Өмүрбек Үсөнов'), world.citizen('Бакыт Мамытов'), world.officer(PROVIDER_A, 'Officer A'), world.officer(PROVIDER_B, 'Officer B')]);
  service = await world.service({ providerId: PROVIDER_A, feeMinor: null, form: FORM_WITH_FILE, title: 'Маалымкат' });
  await world.drain();
});

afterAll(async () => {
  await subgraph?.close();
});

describe('who may upload, and what', () => {
  it('refuses an anonymous caller, an officer, and a citizen uploading to someone else\'s draft', async () => {
    const application = await draft(aigul);
    expect(refusal(await world.request(START, declaration(application.id))).code).toBe('UNAUTHENTICATED');
    expect(refusal(await world.request(START, declaration(application.id), officerA.caller)).code).toBe('FORBIDDEN');
    expect(refusal(await world.request(START, declaration(application.id), bakyt.caller))).toEqual({ code: 'FORBIDDEN', message: 'Файлды өзүңүздүн арызыңыздын долбооруна гана жүктөй аласыз.' });
    expect(refusal(await world.request(START, declaration(randomUUID()), bakyt.caller)).code).toBe('FORBIDDEN');
  });

  it('refuses a file too large, of a refused type, or for a field that takes no file, in the caller\'s language', async () => {
    const application = await draft(aigul);
    const tooLarge = refusal(await world.request(START, declaration(application.id, { size: MAX_BYTES + 1 }), aigul.caller));
    expect(tooLarge).toEqual({ code: 'BAD_USER_INPUT', message: `Файл өтө чоң (${MAX_BYTES + 1} байт): эң көп 4 КиБ жүктөөгө болот. Файлды кичирейтип кайра жүктөңүз.` });
    const russian = { ...aigul.caller, acceptLanguage: 'RU' as const };
    expect(refusal(await world.request(START, declaration(application.id, { mimeType: 'application/x-msdownload', name: 'a.exe' }), russian))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Файлы такого типа не принимаются (application/x-msdownload). Загрузите файл одного из типов: application/pdf, image/jpeg, image/png.',
    });
    expect(refusal(await world.request(START, declaration(application.id, { field: 'passportNumber' }), russian))).toEqual({ code: 'BAD_USER_INPUT', message: 'В форме этого заявления нет поля для файла «passportNumber».' });
    expect(refusal(await world.request(START, declaration(application.id, { name: '../../etc/passwd' }), aigul.caller)).code).toBe('BAD_USER_INPUT');
  });

  it('refuses bytes that are not what was declared, and a tampered or foreign link', async () => {
    const application = await draft(aigul);
    const { uploadUrl } = await startUpload(application.id);
    const tampered = new URL(uploadUrl);
    tampered.searchParams.set('signature', 'A'.repeat(43));
    const forged = await post(tampered.toString(), PDF_BYTES, 'application/pdf', 'ru');
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: 'Ссылка для загрузки недействительна или её срок истёк. Заявите файл заново (startAttachmentUpload), чтобы получить новую ссылку.' });
    const other = await startUpload(application.id);
    const moved = new URL(uploadUrl);
    moved.pathname = new URL(other.uploadUrl).pathname;
    expect((await post(moved.toString(), PDF_BYTES)).status).toBe(403);

    expect((await post(uploadUrl, PDF_BYTES, 'image/png')).status).toBe(400);
    expect((await post(uploadUrl, PDF_BYTES.subarray(1))).status).toBe(400);
    const notPdf = await post(uploadUrl, Buffer.alloc(PDF_BYTES.length, 0x41));
    expect(notPdf.status).toBe(400);
    expect((await notPdf.json()).error).toBe('Файлдын мазмуну application/pdf түрүнө туура келбейт.');
  });
});

describe('an upload, in the form data and to the officer', () => {
  it('stores the bytes with the sha256 the portal computed, answers the FILE value, and only that value is accepted in the draft', async () => {
    const application = await draft(aigul);
    const { uploadUrl, maxBytes } = await startUpload(application.id);
    expect(maxBytes).toBe(MAX_BYTES);
    expect(uploadUrl.startsWith(`${subgraph.url}/files/applications/uploads/`)).toBe(true);
    const stored = await post(uploadUrl, PDF_BYTES);
    expect(stored.status).toBe(201);
    const file = await stored.json();
    expect(file).toEqual({ name: 'паспорт.pdf', sha256: sha256(PDF_BYTES), size: PDF_BYTES.length, mimeType: 'application/pdf' });
    // a retry of the same bytes answers the same; other bytes on the same link are refused
    const again = await post(uploadUrl, PDF_BYTES);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(file);
    const changed = Buffer.from(PDF_BYTES);
    changed[20] = 0x41;
    expect((await post(uploadUrl, changed)).status).toBe(409);

    const invented = { ...file, sha256: 'f'.repeat(64) };
    const refused = refusal(await world.request(SAVE_DRAFT, { input: { serviceId: service.id, applicationId: application.id, data: { scan: invented } } }, aigul.caller));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toMatch(/^Бул талаалардагы файл ушул арызга жүктөлгөн эмес: scan\./);
    const saved = ok(await world.request<{ saveDraft: Draft }>(SAVE_DRAFT, { input: { serviceId: service.id, applicationId: application.id, data: { scan: file } } }, aigul.caller)).saveDraft;
    expect(saved.data.scan).toEqual(file);

    // a FILE value copied from another application is not this application's upload
    const otherDraft = await draft(aigul);
    expect(refusal(await world.request(SAVE_DRAFT, { input: { serviceId: service.id, applicationId: otherDraft.id, data: { scan: file } } }, aigul.caller)).code).toBe('BAD_USER_INPUT');

    const signature = await world.sign(world.submissionPayload(saved, service.id), aigul.privateKey);
    const sent = ok(await world.request<{ submitApplication: Draft }>(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, aigul.caller)).submitApplication;
    expect(sent.status).toBe('SUBMITTED');
    expect(refusal(await world.request(START, declaration(application.id), aigul.caller)).code).toBe('CONFLICT');

    // readable by the applicant and the provider's officers only
    expect(refusal(await world.request(ATTACHMENTS, { id: application.id }, bakyt.caller)).code).toBe('FORBIDDEN');
    expect(refusal(await world.request(ATTACHMENTS, { id: application.id }, officerB.caller)).code).toBe('FORBIDDEN');
    const own = ok(await world.request<{ application: { attachments: Array<Record<string, unknown> & { downloadUrl: string }> } }>(ATTACHMENTS, { id: application.id }, aigul.caller)).application.attachments;
    expect(own).toEqual([expect.objectContaining({ field: 'scan', name: 'паспорт.pdf', mimeType: 'application/pdf', size: PDF_BYTES.length, sha256: sha256(PDF_BYTES) })]);
    const seen = ok(await world.request<{ application: { attachments: Array<{ downloadUrl: string }> } }>(ATTACHMENTS, { id: application.id }, officerA.caller)).application.attachments;
    const download = await fetch(seen[0].downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82.pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
    const tampered = new URL(seen[0].downloadUrl);
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 60));
    expect((await fetch(tampered)).status).toBe(403);
    // an upload link does not open the download, nor the other way round
    const asUpload = new URL(seen[0].downloadUrl);
    asUpload.pathname = asUpload.pathname.replace('/attachments/', '/uploads/');
    expect((await post(asUpload.toString(), PDF_BYTES)).status).toBe(403);
  });
});

describe('the printable request (R-27.3)', () => {
  it('prints the application with the labels of its form, as a tagged PDF in the language asked, or as JSON, for the applicant and the provider\'s officers', async () => {
    const application = await draft(aigul);
    expect(refusal(await world.request(PRINT, { id: application.id, format: 'PDF' }, bakyt.caller)).code).toBe('FORBIDDEN');
    expect(refusal(await world.request(PRINT, { id: application.id, format: 'PDF' }, officerB.caller)).code).toBe('FORBIDDEN');
    const link = ok(await world.request<{ application: { printUrl: string } }>(PRINT, { id: application.id, format: 'PDF' }, aigul.caller)).application.printUrl;
    expect(link).toMatch(new RegExp(`^${subgraph.url}/files/applications/requests/${application.id}\\?expires=\\d+&signature=[\\w-]+&format=pdf&lang=ky$`));
    const answer = await fetch(link);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await answer.arrayBuffer());
    expect(pdf.toString('latin1')).toContain('/Lang (ky)');
    expect(pdf.toString('latin1')).toContain('/StructTreeRoot');
    const read = await readPdf(pdf);
    expect(read.title).toBe('Арыздын долбоору');
    expect(read.text).toContain('Паспорттун номери');
    expect(read.text).toContain('AN1234567');
    expect(read.text).toContain('Өмүрбек Үсөнов');
    expect(read.text).toContain('Порталда');

    // submitted, the provider's officer prints it too
    const { uploadUrl } = await startUpload(application.id);
    const file = await (await post(uploadUrl, PDF_BYTES)).json();
    const saved = ok(await world.request<{ saveDraft: Draft }>(SAVE_DRAFT, { input: { serviceId: service.id, applicationId: application.id, data: { scan: file } } }, aigul.caller)).saveDraft;
    const signature = await world.sign(world.submissionPayload(saved, service.id), aigul.privateKey);
    const sent = ok(await world.request<{ submitApplication: Draft }>(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, aigul.caller)).submitApplication;
    const officerPdf = ok(await world.request<{ application: { printUrl: string } }>(PRINT, { id: application.id, format: 'PDF', lang: 'RU' }, officerA.caller)).application.printUrl;
    const printed = await readPdf(Buffer.from(await (await fetch(officerPdf)).arrayBuffer()));
    expect(printed.title).toBe(`Заявление ${sent.number}`);
    expect(printed.text).toContain('паспорт.pdf');
    const officerLink = ok(await world.request<{ application: { printUrl: string } }>(PRINT, { id: application.id, format: 'JSON', lang: 'RU' }, officerA.caller)).application.printUrl;
    const json = await (await fetch(officerLink)).json();
    expect(json).toMatchObject({ applicationId: application.id, number: sent.number, status: 'SUBMITTED', serviceTitle: { ru: 'Маалымкат' } });
    expect(json.steps[1].fields[0]).toEqual({ name: 'passportNumber', label: { ru: 'Номер паспорта', ky: 'Паспорттун номери' }, type: 'TEXT', value: 'AN1234567' });

    const tampered = new URL(link);
    tampered.pathname = tampered.pathname.replace(application.id, randomUUID());
    tampered.searchParams.delete('lang');
    const refused = await fetch(tampered, { headers: { 'accept-language': 'ru' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'Ссылка недействительна или её срок истёк. Откройте заявление в личном кабинете ещё раз, чтобы получить новую ссылку.' });
  });
});

describe('copy a submitted application into a new draft (R-27.1)', () => {
  const COPY = `mutation($id: ID!, $key: String) { copyApplicationToDraft(applicationId: $id, idempotencyKey: $key) { id number status data submittedAt history { to } } }`;

  async function submittedWithScan(): Promise<{ application: Draft; file: Record<string, unknown> }> {
    const application = await draft(aigul);
    const { uploadUrl } = await startUpload(application.id);
    const file = await (await post(uploadUrl, PDF_BYTES)).json();
    const saved = ok(await world.request<{ saveDraft: Draft }>(SAVE_DRAFT, { input: { serviceId: service.id, applicationId: application.id, data: { scan: file } } }, aigul.caller)).saveDraft;
    const signature = await world.sign(world.submissionPayload(saved, service.id), aigul.privateKey);
    return { application: ok(await world.request<{ submitApplication: Draft }>(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, aigul.caller)).submitApplication, file };
  }

  it('refuses anyone but the applicant, and a draft', async () => {
    const { application } = await submittedWithScan();
    expect(refusal(await world.request(COPY, { id: application.id })).code).toBe('UNAUTHENTICATED');
    expect(refusal(await world.request(COPY, { id: application.id }, officerA.caller)).code).toBe('FORBIDDEN');
    expect(refusal(await world.request(COPY, { id: application.id }, bakyt.caller))).toEqual({ code: 'FORBIDDEN', message: 'Өзүңүздүн арызыңызды гана көчүрө аласыз.' });
    expect(refusal(await world.request(COPY, { id: randomUUID() }, bakyt.caller)).code).toBe('FORBIDDEN');
    const stillDraft = await draft(aigul);
    expect(refusal(await world.request(COPY, { id: stillDraft.id }, aigul.caller)).code).toBe('CONFLICT');
  });

  it('copies the form data and the files into a draft that can be submitted, once per idempotency key', async () => {
    const { application, file } = await submittedWithScan();
    const copy = ok(await world.request<{ copyApplicationToDraft: Draft & { submittedAt: string | null; history: unknown[] } }>(COPY, { id: application.id, key: `copy-${application.id}` }, aigul.caller)).copyApplicationToDraft;
    expect(copy).toMatchObject({ status: 'DRAFT', number: null, submittedAt: null, history: [] });
    expect(copy.id).not.toBe(application.id);
    expect(copy.data).toEqual(application.data);
    const retried = ok(await world.request<{ copyApplicationToDraft: Draft }>(COPY, { id: application.id, key: `copy-${application.id}` }, aigul.caller)).copyApplicationToDraft;
    expect(retried.id).toBe(copy.id);
    // the copy's file is its own upload: listed, downloadable, and the draft submits
    const files = ok(await world.request<{ application: { attachments: Array<{ id: string; sha256: string; downloadUrl: string }> } }>(ATTACHMENTS, { id: copy.id }, aigul.caller)).application.attachments;
    expect(files).toHaveLength(1);
    expect(files[0].sha256).toBe(file.sha256);
    expect(Buffer.from(await (await fetch(files[0].downloadUrl)).arrayBuffer()).equals(PDF_BYTES)).toBe(true);
    const signature = await world.sign(world.submissionPayload(copy, service.id), aigul.privateKey);
    const sent = ok(await world.request<{ submitApplication: Draft }>(SUBMIT, { input: { applicationId: copy.id, signature, signingKeyId: aigul.keyId } }, aigul.caller)).submitApplication;
    expect(sent.status).toBe('SUBMITTED');
    expect(sent.number).not.toBe(application.number);
  });

  it("drops, field by field, what the service's current form no longer has or accepts", async () => {
    const { application } = await submittedWithScan();
    // the provider publishes a new version: at most one copy, no scan, no delivery choice
    const changedForm: FormDefinitionData = {
      steps: [
        TEST_FORM.steps[0],
        { id: 'request', title: TEST_FORM.steps[1].title, fields: [TEST_FORM.steps[1].fields[0], { ...TEST_FORM.steps[1].fields[1], max: 1 }] },
      ],
    };
    await world.service({ providerId: PROVIDER_A, feeMinor: null, form: changedForm, title: 'Маалымкат', id: service.id, version: 2 });
    await world.drain();
    try {
      const copy = ok(await world.request<{ copyApplicationToDraft: Draft }>(COPY, { id: application.id }, aigul.caller)).copyApplicationToDraft;
      const { copies: _copies, delivery: _delivery, scan: _scan, ...rest } = application.data;
      expect(copy.data).toEqual(rest);
      expect(ok(await world.request<{ application: { attachments: unknown[] } }>(ATTACHMENTS, { id: copy.id }, aigul.caller)).application.attachments).toEqual([]);
    } finally {
      await world.service({ providerId: PROVIDER_A, feeMinor: null, form: FORM_WITH_FILE, title: 'Маалымкат', id: service.id, version: 3 });
      await world.drain();
    }
  });
});
