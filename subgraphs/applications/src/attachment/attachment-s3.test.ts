import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type FormDefinitionData, type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph, DEVELOPMENT_SETTINGS } from '../subgraph';
import { ApplicationsWorld, TEST_FORM, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';

/** A minimal S3-compatible object store: path-style PUT and GET of objects, kept in memory. */
function startObjectStore(): Promise<{ url: string; objects: Map<string, Buffer>; requests: Array<{ method: string; path: string; authorization: string | undefined }>; close(): Promise<void> }> {
  const objects = new Map<string, Buffer>();
  const requests: Array<{ method: string; path: string; authorization: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = decodeURIComponent(new URL(req.url!, 'http://s3').pathname);
      requests.push({ method: req.method!, path, authorization: req.headers.authorization });
      if (req.method === 'PUT') {
        objects.set(path, Buffer.concat(chunks));
        res.writeHead(200, { etag: '"1"' }).end();
      } else if (req.method === 'GET' && objects.has(path)) {
        const body = objects.get(path)!;
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
      } else {
        res.writeHead(404, { 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, objects, requests, close: () => new Promise((done) => server.close(() => done())) }),
    ),
  );
}

const FORM_WITH_FILE: FormDefinitionData = {
  steps: [...TEST_FORM.steps, { id: 'documents', title: { ru: 'Документы', ky: 'Документтер' }, fields: [{ name: 'scan', label: { ru: 'Скан', ky: 'Скан' }, type: 'FILE', required: true }] }],
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

let store: Awaited<ReturnType<typeof startObjectStore>>;
let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let aigul: TestPerson;
let officer: TestPerson;
let service: TestService;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

beforeAll(async () => {
  store = await startObjectStore();
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
  const definition = createApplicationsSubgraph({ ...DEVELOPMENT_SETTINGS, ATTACHMENT_STORE: 's3', ATTACHMENT_S3_BUCKET: 'portal-files', ATTACHMENT_S3_ENDPOINT: store.url });
  subgraph = await startTestSubgraph(definition);
  definition.useGatewayUrl(subgraph.url);
  world = new ApplicationsWorld(subgraph);
  const provider = randomUUID();
  [aigul, officer] = await Promise.all([world.citizen(), world.officer(provider)]);
  service = await world.service({ providerId: provider, feeMinor: null, form: FORM_WITH_FILE });
  await world.drain();
});

afterAll(async () => {
  await subgraph?.close();
  await store?.close();
  process.env.AWS_ACCESS_KEY_ID = saved.id;
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe('attachments in an S3-compatible store (ATTACHMENT_STORE=s3)', () => {
  it('puts the bytes in the bucket under the prefix, signed, not in PostgreSQL, and serves them back', async () => {
    const draft = ok(await world.request<{ saveDraft: { id: string; data: Record<string, unknown> } }>(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`, { input: { serviceId: service.id, data: VALID_REQUEST } }, aigul.caller)).saveDraft;
    const { attachmentId, uploadUrl } = ok(
      await world.request<{ startAttachmentUpload: { attachmentId: string; uploadUrl: string } }>(
        `mutation($input: StartAttachmentUploadInput!) { startAttachmentUpload(input: $input) { attachmentId uploadUrl } }`,
        { input: { applicationId: draft.id, field: 'scan', name: 'scan.png', mimeType: 'image/png', size: PNG.length } },
        aigul.caller,
      ),
    ).startAttachmentUpload;
    const uploaded = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(PNG) });
    expect(uploaded.status).toBe(201);
    expect(store.objects.get(`/portal-files/attachments/${attachmentId}`)?.equals(PNG)).toBe(true);
    expect(store.requests.find((request) => request.method === 'PUT')?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test-access-key\//);
    const db = new Client({ connectionString: subgraph.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('select count(*)::int as n from applications.attachment_content')).rows[0].n).toBe(0);
      expect((await db.query('select status, sha256 from applications.attachment where id = $1', [attachmentId])).rows[0].status).toBe('STORED');
    } finally {
      await db.end();
    }

    const file = await uploaded.json();
    const savedDraft = ok(await world.request<{ saveDraft: { id: string; data: Record<string, unknown> } }>(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`, { input: { serviceId: service.id, applicationId: draft.id, data: { scan: file } } }, aigul.caller)).saveDraft;
    const signature = await world.sign(world.submissionPayload(savedDraft, service.id), aigul.privateKey);
    ok(await world.request(`mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`, { input: { applicationId: draft.id, signature, signingKeyId: aigul.keyId } }, aigul.caller));
    const [attachment] = ok(await world.request<{ application: { attachments: Array<{ downloadUrl: string }> } }>(`query($id: ID!) { application(id: $id) { attachments { downloadUrl } } }`, { id: draft.id }, officer.caller)).application.attachments;
    const download = await fetch(attachment.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);

    // the object gone from the bucket: the file is not there, said plainly
    store.objects.clear();
    expect((await fetch(attachment.downloadUrl)).status).toBe(404);
  });
});
