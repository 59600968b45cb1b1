/**
 * The portal <-> EDMS protocol (version portal-edms/1), both directions a compact JWS whose payload
 * is the RFC 8785 canonical JSON of the message:
 *
 * - delivery (portal -> EDMS): `POST {endpointUrl}`, `content-type: application/jose`, the body the
 *   JWS (typ `portal-edms-delivery+jws`, ES256, kid of the portal key published at the applications
 *   subgraph's `/.well-known/edms-jwks.json`) over a DeliveryDocument. The EDMS answers 2xx with
 *   `{"deliveryId": "<the same id>"}` to acknowledge; anything else is retried with the same id.
 * - update (EDMS -> portal): `POST /edms/updates` on the applications subgraph, the body the JWS
 *   (typ `portal-edms-update+jws`) made with the provider's configured key over a StatusUpdate.
 */
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, decodeProtectedHeader, errors as joseErrors, importJWK, type JWK } from 'jose';
import type { CryptoKey, KeyObject } from 'jose';
import { checkPublicJwk, type EdmsAlgorithm } from './keys';

export const EDMS_PROTOCOL = 'portal-edms/1';
export const DELIVERY_JWS_TYPE = 'portal-edms-delivery+jws';
export const UPDATE_JWS_TYPE = 'portal-edms-update+jws';
export const JOSE_CONTENT_TYPE = 'application/jose';
export const EDMS_UPDATES_PATH = '/edms/updates';
export const EDMS_JWKS_PATH = '/.well-known/edms-jwks.json';

/** RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('only JSON values can be canonicalized');
  return text;
}

export interface LocalizedText {
  ky: string;
  ru: string;
}

/** What the portal delivers: the submitted application as the applicant signed it, with what the portal fetched. */
export interface DeliveryDocument {
  protocol: typeof EDMS_PROTOCOL;
  deliveryId: string;
  /** When the delivery was created (at submission); the same in every attempt. */
  createdAt: string;
  application: {
    id: string;
    number: string;
    serviceId: string;
    serviceVersion: number;
    serviceTitle: LocalizedText;
    providerId: string;
    providerCode: string;
    submittedAt: string;
    applicant: { id: string; pin: string | null; fullName: string | null };
    data: Record<string, unknown>;
  };
  /** The applicant's compact JWS over {"applicationId","serviceId","data"} (RFC 8785), with the key it was made with. */
  applicantSignature: { jws: string; signingKeyId: string; publicKeyJwk: Record<string, unknown> | null };
  /** Documents the portal obtained from state registries for this application (once-only principle). */
  registryDocuments: unknown[];
}

export const UPDATE_KINDS = ['ACCEPTED', 'REJECTED', 'DECIDED'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** What an EDMS reports about a delivered application. */
export interface StatusUpdate {
  protocol: typeof EDMS_PROTOCOL;
  /** Unique per update: sending the same update again is answered the same, with no second effect. */
  updateId: string;
  deliveryId: string;
  applicationId: string;
  /** 1, 2, ... per delivery: the order the EDMS made its updates in. */
  sequence: number;
  /** ISO date-time; an update older than the portal's tolerance is refused as stale. */
  issuedAt: string;
  kind: UpdateKind;
  /** REJECTED, and DECIDED with decision REFUSED: the motivated reason. */
  reason?: string;
  /** DECIDED only. */
  decision?: 'APPROVED' | 'REFUSED';
  /** DECIDED APPROVED: the result document and its compact JWS (ES256, x5c: the provider's qualified certificate chain). */
  result?: { document: Record<string, unknown>; signature: string };
}

export type JwsProblem = 'MALFORMED' | 'TYPE' | 'ALGORITHM' | 'KEY' | 'SIGNATURE';
export type JwsVerification = { ok: true; payload: unknown; header: Record<string, unknown> } | { ok: false; problem: JwsProblem; message: string };

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Signs `message` (canonical JSON) as a compact JWS with the given header members. */
export async function signMessage(
  message: unknown,
  key: CryptoKey | KeyObject | Uint8Array,
  header: { alg: EdmsAlgorithm; typ?: string; kid?: string; x5c?: string[] },
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(message))).setProtectedHeader(header).sign(key);
}

/** Imports a private JWK for signing (the portal's key, a stand-in's key). */
export async function importSigningKey(privateJwk: Record<string, unknown>, alg: EdmsAlgorithm): Promise<CryptoKey | Uint8Array> {
  return importJWK({ ...(privateJwk as JWK), alg }, alg) as Promise<CryptoKey | Uint8Array>;
}

/** The payload of a compact JWS read WITHOUT verifying it: only to find which key must verify it. */
export function unverifiedPayload(token: string): unknown {
  if (typeof token !== 'string' || !COMPACT_JWS.test(token.trim())) return null;
  try {
    return JSON.parse(Buffer.from(token.trim().split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Verifies a compact JWS against `publicJwk` (its algorithm follows from the key type), checks its
 * typ, and that the payload is canonical JSON (so its hash identifies the message).
 */
export async function verifyMessage(token: string, publicJwk: unknown, expectedType: string): Promise<JwsVerification> {
  const fail = (problem: JwsProblem, message: string): JwsVerification => ({ ok: false, problem, message });
  if (typeof token !== 'string' || !COMPACT_JWS.test(token.trim())) return fail('MALFORMED', 'The body is not a compact JWS (three base64url parts joined by dots).');
  const compact = token.trim();
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(compact) as Record<string, unknown>;
  } catch {
    return fail('MALFORMED', 'The JWS header is not readable JSON.');
  }
  if (header.typ !== expectedType) return fail('TYPE', `The JWS typ is ${JSON.stringify(header.typ ?? null)}; expected "${expectedType}".`);
  const key = checkPublicJwk(publicJwk);
  if (!key.ok) return fail('KEY', `The configured key cannot verify: ${key.problem}`);
  if (header.alg !== key.algorithm) return fail('ALGORITHM', `The JWS uses ${JSON.stringify(header.alg ?? null)}; the configured ${key.jwk.kty} key verifies ${key.algorithm} only.`);
  let payload: Uint8Array;
  try {
    const imported = await importJWK({ ...(key.jwk as JWK), alg: key.algorithm }, key.algorithm);
    payload = (await compactVerify(compact, imported, { algorithms: [key.algorithm] })).payload;
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return fail('SIGNATURE', 'The signature does not verify with the configured key.');
    return fail('MALFORMED', `The JWS is not valid (${(error as Error).message}).`);
  }
  const text = Buffer.from(payload).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('MALFORMED', 'The signed payload is not JSON.');
  }
  if (canonicalJson(value) !== text) return fail('MALFORMED', 'The signed payload is not RFC 8785 canonical JSON.');
  return { ok: true, payload: value, header };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPDATE_ID = /^[A-Za-z0-9._:-]{8,100}$/;
const MAX_REASON = 2000;

/** Reads a StatusUpdate from a verified payload; the first problem found, in words. */
export function parseStatusUpdate(value: unknown): Parsed<StatusUpdate> {
  const fail = (problem: string): Parsed<StatusUpdate> => ({ ok: false, problem });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('The update must be a JSON object.');
  const update = value as Record<string, unknown>;
  if (update.protocol !== EDMS_PROTOCOL) return fail(`protocol must be "${EDMS_PROTOCOL}".`);
  if (typeof update.updateId !== 'string' || !UPDATE_ID.test(update.updateId)) return fail('updateId must be 8 to 100 letters, digits or ._:- (a UUID is best).');
  if (typeof update.deliveryId !== 'string' || !UUID.test(update.deliveryId)) return fail('deliveryId must be the UUID of the delivery the portal sent.');
  if (typeof update.applicationId !== 'string' || !UUID.test(update.applicationId)) return fail('applicationId must be the UUID of the delivered application.');
  if (!Number.isInteger(update.sequence) || (update.sequence as number) < 1 || (update.sequence as number) > 1_000_000) return fail('sequence must be a whole number from 1: the order of the updates of this delivery.');
  if (typeof update.issuedAt !== 'string' || Number.isNaN(Date.parse(update.issuedAt))) return fail('issuedAt must be an ISO date-time.');
  if (!UPDATE_KINDS.includes(update.kind as UpdateKind)) return fail(`kind must be one of ${UPDATE_KINDS.join(', ')}.`);
  const reason = update.reason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON)) return fail(`reason must be a non-empty text of at most ${MAX_REASON} characters.`);
  const kind = update.kind as UpdateKind;
  if (kind === 'REJECTED' && reason === undefined) return fail('A REJECTED update needs the reason for the rejection.');
  if (kind !== 'DECIDED' && (update.decision !== undefined || update.result !== undefined)) return fail(`decision and result belong to DECIDED updates only, not ${kind}.`);
  if (kind === 'DECIDED') {
    if (update.decision !== 'APPROVED' && update.decision !== 'REFUSED') return fail('A DECIDED update needs decision: "APPROVED" or "REFUSED".');
    if (update.decision === 'REFUSED') {
      if (reason === undefined) return fail('A refusal (decision REFUSED) needs the reason.');
      if (update.result !== undefined) return fail('A refusal carries no result document.');
    } else {
      const result = update.result as Record<string, unknown> | undefined;
      if (typeof result !== 'object' || result === null || typeof result.document !== 'object' || result.document === null || Array.isArray(result.document) || typeof result.signature !== 'string') {
        return fail('An approval (decision APPROVED) needs result: {"document": {...}, "signature": "<compact JWS over its canonical JSON, x5c: the qualified certificate chain>"}.');
      }
    }
  }
  return { ok: true, value: update as unknown as StatusUpdate };
}

/** Reads a DeliveryDocument (what an EDMS does with a verified delivery). */
export function parseDeliveryDocument(value: unknown): Parsed<DeliveryDocument> {
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'The delivery must be a JSON object.' };
  const document = value as Record<string, unknown>;
  if (document.protocol !== EDMS_PROTOCOL) return { ok: false, problem: `protocol must be "${EDMS_PROTOCOL}".` };
  if (typeof document.deliveryId !== 'string' || !UUID.test(document.deliveryId)) return { ok: false, problem: 'deliveryId must be a UUID.' };
  const application = document.application as Record<string, unknown> | undefined;
  if (typeof application !== 'object' || application === null || typeof application.id !== 'string' || typeof application.number !== 'string') {
    return { ok: false, problem: 'application must carry its id and number.' };
  }
  return { ok: true, value: document as unknown as DeliveryDocument };
}
