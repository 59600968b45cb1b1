import { canonicalJson, DELIVERY_JWS_TYPE, EDMS_PROTOCOL, signMessage, UPDATE_JWS_TYPE, verifyMessage } from '@portal/edms';
import { exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CertificationAuthorityStandin, startCertificationAuthorityStandin } from './certification-authority';
import { type EdmsStandin, startEdmsStandin } from './edms';

/** The portal as the stand-in meets it: a JWKS of its delivery key and an updates endpoint that records what it gets. */
async function startFakePortal() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'portal-test', alg: 'ES256' };
  const updates: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/jwks') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      updates.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ applied: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, privateKey, updates, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('EDMS stand-in', () => {
  let edms: EdmsStandin;
  let ca: CertificationAuthorityStandin;
  let portal: Awaited<ReturnType<typeof startFakePortal>>;

  beforeAll(async () => {
    ca = await startCertificationAuthorityStandin({ port: 0 });
    portal = await startFakePortal();
    edms = await startEdmsStandin({ port: 0, providerCode: 'STS', certificationAuthorityUrl: ca.url, defaultSigner: { pin: '21712198400075', name: 'Talant Osmonov' } });
    edms.usePortal({ updatesUrl: `${portal.url}/updates`, jwksUrl: `${portal.url}/jwks` });
  });

  afterAll(async () => {
    await edms?.close();
    await ca?.close();
    await portal?.close();
  });

  const document = (deliveryId = randomUUID()) => ({
    protocol: EDMS_PROTOCOL,
    deliveryId,
    createdAt: new Date().toISOString(),
    application: { id: randomUUID(), number: 'KG-2026-000042', data: { tin: '21712198400075' } },
  });

  const deliver = async (body: unknown, key = portal.privateKey, kid = 'portal-test') =>
    fetch(edms.deliveriesUrl, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: await signMessage(body, key, { alg: 'ES256', typ: DELIVERY_JWS_TYPE, kid }) });

  it('refuses a delivery not signed with the portal key', async () => {
    const stranger = await generateKeyPair('ES256');
    const response = await deliver(document(), stranger.privateKey);
    expect(response.status).toBe(401);
    expect(edms.received()).toHaveLength(0);
  });

  it('acknowledges a delivery with its id and keeps it once, whatever the retries', async () => {
    const sent = document();
    for (let i = 0; i < 2; i += 1) {
      const response = await deliver(sent);
      expect(await response.json()).toEqual({ deliveryId: sent.deliveryId, status: 'RECEIVED' });
    }
    const listed = (await (await fetch(`${edms.url}/test/deliveries`)).json()) as { deliveries: Array<{ deliveryId: string; timesReceived: number }> };
    expect(listed.deliveries.filter((d) => d.deliveryId === sent.deliveryId)).toEqual([expect.objectContaining({ timesReceived: 2 })]);
  });

  it('misbehaves on request: 500, a wrong acknowledgement, silence', async () => {
    await fetch(`${edms.url}/test/mode`, { method: 'POST', body: JSON.stringify({ mode: 'error' }) });
    expect((await deliver(document())).status).toBe(500);
    await fetch(`${edms.url}/test/mode`, { method: 'POST', body: JSON.stringify({ mode: 'wrong-ack' }) });
    const sent = document();
    expect(((await (await deliver(sent)).json()) as { deliveryId: string }).deliveryId).not.toBe(sent.deliveryId);
    await fetch(`${edms.url}/test/mode`, { method: 'POST', body: JSON.stringify({ mode: 'timeout' }) });
    await expect(fetch(edms.deliveriesUrl, { method: 'POST', body: 'x', signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const refused = await fetch(`${edms.url}/test/mode`, { method: 'POST', body: JSON.stringify({ mode: 'sleepy' }) });
    expect(refused.status).toBe(400);
    edms.setMode('normal');
  });

  it('sends signed updates in sequence; a decision carries a result signed with a qualified certificate for the provider', async () => {
    const sent = document();
    await deliver(sent);
    const accepted = await fetch(`${edms.url}/test/updates`, { method: 'POST', body: JSON.stringify({ applicationNumber: undefined, deliveryId: sent.deliveryId, kind: 'ACCEPTED' }) });
    expect(accepted.status).toBe(200);
    const decided = (await (await fetch(`${edms.url}/test/updates`, { method: 'POST', body: JSON.stringify({ deliveryId: sent.deliveryId, kind: 'DECIDED' }) })).json()) as { update: { sequence: number; decision: string; result: { document: unknown; signature: string } } };
    expect(decided.update).toMatchObject({ sequence: 2, decision: 'APPROVED' });

    const jwks = (await (await fetch(`${edms.url}/jwks`)).json()) as { keys: unknown[] };
    const last = await verifyMessage(portal.updates[portal.updates.length - 1], jwks.keys[0], UPDATE_JWS_TYPE);
    expect(last).toMatchObject({ ok: true, payload: { kind: 'DECIDED', sequence: 2 } });
    const header = JSON.parse(Buffer.from(decided.update.result.signature.split('.')[0], 'base64url').toString('utf8')) as { x5c: string[] };
    const leaf = new (await import('node:crypto')).X509Certificate(Buffer.from(header.x5c[0], 'base64'));
    expect(leaf.subject).toContain('O=STS');
    expect(Buffer.from(decided.update.result.signature.split('.')[1], 'base64url').toString('utf8')).toBe(canonicalJson(decided.update.result.document));
  });

  it('answers 404 for an update about a delivery it never received', async () => {
    const response = await fetch(`${edms.url}/test/updates`, { method: 'POST', body: JSON.stringify({ deliveryId: randomUUID(), kind: 'ACCEPTED' }) });
    expect(response.status).toBe(404);
  });
});
