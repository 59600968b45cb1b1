/**
 * A provider's electronic document management system (EDMS), as the portal meets it: it receives
 * signed deliveries (`POST /deliveries`, a JWS verified with the portal's published key), answers
 * with the delivery id, keeps what it received (`GET /test/deliveries`), and sends the portal signed
 * status updates on request (`POST /test/updates`), deciding with a result document signed by a
 * qualified certificate it obtains from the certification-authority stand-in for its organization.
 * `POST /test/mode` makes it time out, answer 500 or acknowledge a wrong delivery id.
 */
import {
  DELIVERY_JWS_TYPE,
  type DeliveryDocument,
  EDMS_PROTOCOL,
  parseDeliveryDocument,
  signMessage,
  type StatusUpdate,
  UPDATE_JWS_TYPE,
  type UpdateKind,
  UPDATE_KINDS,
  verifyMessage,
} from '@portal/edms';
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { modeSchema, readBody, readJson, route, sendJson, serveStandin } from './http';
import { loadOrCreateSigningKey } from './signing-key';

export const EDMS_MODES = ['normal', 'timeout', 'error', 'wrong-ack'] as const;
export type EdmsMode = (typeof EDMS_MODES)[number];

export interface EdmsStandinOptions {
  port: number;
  host?: string;
  /** Keeps the stand-in's update-signing key in this file (created on first start), so the configured key survives restarts. */
  keyFile?: string;
  /** The provider this EDMS belongs to: its code is the O of the result documents' certificate. */
  providerCode: string;
  /** Where the qualified certificate for result documents comes from (`POST /test/certificates`). */
  certificationAuthorityUrl?: string;
  /** Who signs result documents by default: an officer of the provider registered on the portal. */
  defaultSigner?: { pin: string; name: string };
}

export interface ReceivedDelivery {
  deliveryId: string;
  applicationId: string;
  applicationNumber: string;
  receivedAt: string;
  /** How many times the portal sent this delivery id and the stand-in took it. */
  timesReceived: number;
  document: DeliveryDocument;
}

export interface SentUpdate {
  update: StatusUpdate;
  httpStatus: number;
  answer: unknown;
}

export interface EdmsStandin {
  url: string;
  /** Where the portal delivers (the provider's configured endpointUrl). */
  deliveriesUrl: string;
  /** The public key the portal verifies this EDMS's updates with (configured in the catalogue). */
  publicJwk: JWK;
  /** Tells the stand-in where the portal is: its updates endpoint and the JWKS of its delivery key. */
  usePortal(portal: { updatesUrl: string; jwksUrl: string }): void;
  received(): ReceivedDelivery[];
  setMode(mode: EdmsMode): void;
  /** Sends a signed update, as `POST /test/updates` does. */
  sendUpdate(request: UpdateRequest): Promise<SentUpdate>;
  close(): Promise<void>;
}

/** What `POST /test/updates` takes. */
export interface UpdateRequest {
  deliveryId?: string;
  applicationNumber?: string;
  kind: UpdateKind;
  reason?: string;
  /** DECIDED: APPROVED (default when no reason is given) or REFUSED. */
  decision?: 'APPROVED' | 'REFUSED';
  /** DECIDED APPROVED: the result document (default: a certificate naming the application). */
  result?: Record<string, unknown>;
  /** DECIDED APPROVED: who signs the result (default: the configured signer). */
  signer?: { pin: string; name: string };
  /** For tests of forged and replayed updates: an explicit update id, sequence, timestamp or application id, or another key. */
  updateId?: string;
  sequence?: number;
  issuedAt?: string;
  applicationId?: string;
  signWithUnknownKey?: boolean;
}

const der = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');

export async function startEdmsStandin(options: EdmsStandinOptions): Promise<EdmsStandin> {
  const host = options.host ?? '127.0.0.1';
  const key = await loadOrCreateSigningKey(options.keyFile);
  let mode: EdmsMode = 'normal';
  let portal: { updatesUrl: string; jwksUrl: string } | null = null;
  let portalKeys: JWK[] = [];
  const deliveries = new Map<string, ReceivedDelivery>();
  const sequences = new Map<string, number>();
  const signers = new Map<string, { privateKey: CryptoKey; x5c: string[] }>();
  const hanging = new Set<ServerResponse>();

  async function portalKey(kid: unknown, refresh: boolean): Promise<JWK | null> {
    if (!portal) return null;
    if (refresh || portalKeys.length === 0) {
      const response = await fetch(portal.jwksUrl, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) return null;
      portalKeys = ((await response.json()) as { keys: JWK[] }).keys;
    }
    return portalKeys.find((candidate) => candidate.kid === kid) ?? null;
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 1024 * 1024);
    if (body === null) return sendJson(res, 413, { error: 'delivery too large' });
    if (mode === 'timeout') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return; // never answers: the portal's timeout must end the attempt
    }
    if (mode === 'error') return sendJson(res, 500, { error: 'EDMS_UNAVAILABLE', message: 'The document management system is down (test mode "error").' });
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(body.trim()).kid;
    } catch {
      return sendJson(res, 400, { error: 'MALFORMED', message: 'The body is not a compact JWS.' });
    }
    const jwk = (await portalKey(kid, false)) ?? (await portalKey(kid, true));
    if (!jwk) return sendJson(res, 401, { error: 'UNKNOWN_KEY', message: `No key ${JSON.stringify(kid)} in the portal's JWKS.` });
    const verified = await verifyMessage(body, jwk, DELIVERY_JWS_TYPE);
    if (!verified.ok) return sendJson(res, 401, { error: 'INVALID_SIGNATURE', message: verified.message });
    const parsed = parseDeliveryDocument(verified.payload);
    if (!parsed.ok) return sendJson(res, 400, { error: 'MALFORMED_DELIVERY', message: parsed.problem });
    const document = parsed.value;
    const known = deliveries.get(document.deliveryId);
    if (known) known.timesReceived += 1;
    else {
      deliveries.set(document.deliveryId, {
        deliveryId: document.deliveryId,
        applicationId: document.application.id,
        applicationNumber: document.application.number,
        receivedAt: new Date().toISOString(),
        timesReceived: 1,
        document,
      });
    }
    if (mode === 'wrong-ack') return sendJson(res, 200, { deliveryId: randomUUID(), status: 'RECEIVED' });
    sendJson(res, 200, { deliveryId: document.deliveryId, status: 'RECEIVED' });
  }

  async function signerFor(signer: { pin: string; name: string }): Promise<{ privateKey: CryptoKey; x5c: string[] }> {
    const known = signers.get(signer.pin);
    if (known) return known;
    if (!options.certificationAuthorityUrl) throw new Error('no certification authority is configured to certify result documents');
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const response = await fetch(`${options.certificationAuthorityUrl}/test/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publicKeyJwk: { kty, crv, x, y }, pin: signer.pin, name: signer.name, organization: options.providerCode }),
    });
    if (!response.ok) throw new Error(`the certification authority refused: ${await response.text()}`);
    const issued = (await response.json()) as { chainPem: string[] };
    const entry = { privateKey: privateKey as CryptoKey, x5c: issued.chainPem.map(der) };
    signers.set(signer.pin, entry);
    return entry;
  }

  async function sendUpdate(request: UpdateRequest): Promise<SentUpdate> {
    if (!portal) throw new UpdateRequestError('the stand-in does not know the portal yet (usePortal)');
    const delivery = request.deliveryId
      ? deliveries.get(request.deliveryId)
      : [...deliveries.values()].find((candidate) => candidate.applicationNumber === request.applicationNumber);
    if (!delivery) throw new UpdateRequestError(`no delivery ${request.deliveryId ?? `of application ${request.applicationNumber}`} was received`);
    const sequence = request.sequence ?? (sequences.get(delivery.deliveryId) ?? 0) + 1;
    const update: StatusUpdate = {
      protocol: EDMS_PROTOCOL,
      updateId: request.updateId ?? randomUUID(),
      deliveryId: delivery.deliveryId,
      applicationId: request.applicationId ?? delivery.applicationId,
      sequence,
      issuedAt: request.issuedAt ?? new Date().toISOString(),
      kind: request.kind,
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
    };
    if (request.kind === 'DECIDED') {
      update.decision = request.decision ?? (request.reason !== undefined && request.result === undefined ? 'REFUSED' : 'APPROVED');
      if (update.decision === 'APPROVED') {
        const signer = request.signer ?? options.defaultSigner;
        if (!signer) throw new UpdateRequestError('a DECIDED approval needs a signer {"pin","name"} (no default signer is configured)');
        // filled in the shape of the demo services' result form (title, applicationNumber, holder, result), as the provider's EDMS would
        const document = request.result ?? {
          title: 'Результат предоставления услуги / Кызмат көрсөтүүнүн жыйынтыгы',
          applicationNumber: delivery.applicationNumber,
          result: `${options.providerCode}, ${update.issuedAt}`,
        };
        const { privateKey, x5c } = await signerFor(signer);
        update.result = { document, signature: await signMessage(document, privateKey, { alg: 'ES256', x5c }) };
      }
    }
    const signingKey = request.signWithUnknownKey ? (await generateKeyPair('ES256')).privateKey : key.privateKey;
    const jws = await signMessage(update, signingKey, { alg: 'ES256', typ: UPDATE_JWS_TYPE, kid: key.publicJwk.kid as string });
    const response = await fetch(portal.updatesUrl, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: jws, signal: AbortSignal.timeout(10_000) });
    const answer = await response.json().catch(() => null);
    if (response.ok && request.sequence === undefined) sequences.set(delivery.deliveryId, sequence);
    return { update, httpStatus: response.status, answer };
  }

  const routes = [
    route('POST', '/deliveries', (req, res) => receive(req, res)),
    route('GET', '/jwks', (_req, res) => sendJson(res, 200, { keys: [key.publicJwk] })),
    route('GET', '/test/deliveries', (_req, res) => sendJson(res, 200, { mode, deliveries: [...deliveries.values()] })),
    route('POST', '/test/mode', async (req, res) => {
      const body = (await readJson(req)) as { mode: EdmsMode };
      mode = body.mode;
      return sendJson(res, 200, { mode });
    }, { schema: modeSchema(EDMS_MODES), refuse: (res) => sendJson(res, 400, { error: `body must be {"mode": one of ${EDMS_MODES.join(', ')}}` }) }),
    route('POST', '/test/updates', async (req, res) => {
      const body = (await readJson(req)) as UpdateRequest | null;
      if (!body || typeof body !== 'object' || !UPDATE_KINDS.includes(body.kind) || (typeof body.deliveryId !== 'string' && typeof body.applicationNumber !== 'string')) {
        return sendJson(res, 400, { error: `body must be {"deliveryId" or "applicationNumber", "kind": ${UPDATE_KINDS.join(' | ')}, "reason"?, "decision"?, "result"?, "signer"?}` });
      }
      try {
        return sendJson(res, 200, await sendUpdate(body));
      } catch (error) {
        if (error instanceof UpdateRequestError) return sendJson(res, 404, { error: error.message });
        throw error;
      }
    }),
  ];
  const notFound = (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 404, { error: 'not found: POST /deliveries, GET /jwks, GET /test/deliveries, POST /test/mode, POST /test/updates' });

  const server = await serveStandin('edms', { routes, notFound }, { port: options.port, host, bodyLimit: 1024 * 1024 });
  const url = server.url;
  return {
    url,
    deliveriesUrl: `${url}/deliveries`,
    publicJwk: key.publicJwk,
    usePortal(value) {
      portal = value;
      portalKeys = [];
    },
    received: () => [...deliveries.values()],
    setMode(value) {
      mode = value;
    },
    sendUpdate,
    async close() {
      for (const res of hanging) res.destroy();
      await server.close();
    },
  };
}

class UpdateRequestError extends Error {}
