/**
 * The X-Road REST message protocol client of Tunduk: a request goes to the portal's security server
 * at `/r1/{service id}[/path]` with the X-Road headers; the answer must carry the security server's
 * detached JWS over its body (X-Road-Signature) bound to the request's X-Road-Id. Every exchange is
 * written to the message log, whatever its outcome.
 */
import { createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet } from 'jose';
import { CircuitBreaker, type BreakerSettings } from './breaker';
import { type EntityManagerSource, type MessageLog, type MessageLogInput, type MessageOutcome, SignedMessageLog } from './message-log';
import { parsePortalSigningKey, sha256Hex, verifyDetached } from './signing';

export interface TundukClientConfig {
  /** The portal's own security server, e.g. https://ss.portal.kg */
  securityServerUrl: string;
  /** The portal's subsystem id (X-Road-Client), e.g. KG/GOV/70000001/portal */
  clientId: string;
  /** Where the security server publishes the keys it signs answers with. */
  serverJwksUrl?: string;
  /** Or its public key as SPKI PEM. */
  serverPublicKeyPem?: string;
  /** Signs the message-log entries: PKCS#8 PEM or private EC P-256 JWK. */
  portalSigningKey: string | JsonWebKey;
  /** Per attempt (default 5000). */
  timeoutMs?: number;
  /** Extra attempts of a GET after a timeout, network error or 5xx (default 2). */
  readRetries?: number;
  /** First backoff between read attempts; doubles each time (default 200). */
  retryBackoffMs?: number;
  /** Per service (default 5 failures, 30 s). */
  breaker?: BreakerSettings;
}

export interface TundukRequest {
  /** X-Road service id: instance/memberClass/memberCode/subsystemCode/serviceCode */
  service: string;
  /** Below the service, e.g. the PIN; each segment is URL-encoded. */
  path?: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** X-Road-UserId: whom the request is made for (the person's PIN or the user id). */
  userId: string;
  /** X-Road-Issue: the application number or the purpose. */
  issue: string;
}

export interface TundukAnswer<T> {
  status: 'OK' | 'NOT_FOUND';
  data: T | null;
  /** The X-Road-Id of the exchange that gave this answer. */
  messageId: string;
  /** The message-log entry's seq. */
  logEntryId: string;
}

/** The registry cannot be reached now (timeout, 5xx, network, or the breaker is open): try later. */
export class TundukUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly service: string,
    readonly reason: string,
    /** When a retry makes sense (the breaker's cool-down; otherwise a short pause). */
    readonly retryAfterMs: number,
    readonly logEntryId: string | null = null,
  ) {
    super(`Tunduk service ${service} is unavailable: ${reason}`);
    this.name = 'TundukUnavailableError';
  }
}

/** The answer is not signed by the security server, or the signature does not hold: it is not used. */
export class TundukForgedAnswerError extends Error {
  readonly retryable = false;
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly logEntryId: string,
  ) {
    super(`Tunduk answer from ${service} refused: ${reason}`);
    this.name = 'TundukForgedAnswerError';
  }
}

/** The registry refused the request itself (4xx other than 404): retrying the same request will not help. */
export class TundukRejectedError extends Error {
  readonly retryable = false;
  constructor(
    readonly service: string,
    readonly httpStatus: number,
    readonly reason: string,
    readonly logEntryId: string,
  ) {
    super(`Tunduk service ${service} refused the request (${httpStatus}): ${reason}`);
    this.name = 'TundukRejectedError';
  }
}

/** The signature header of answers (a detached JWS over the body). */
export const SIGNATURE_HEADER = 'x-road-signature';
const ANSWER_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];
const SERVICE_ID = /^[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/;
const DEFAULTS = { timeoutMs: 5000, readRetries: 2, retryBackoffMs: 200, breaker: { failureThreshold: 5, resetAfterMs: 30_000 } };

type ServerKey = KeyObject | ReturnType<typeof createRemoteJWKSet>;

interface Attempt {
  outcome: MessageOutcome;
  httpStatus: number | null;
  body: Buffer | null;
  signature: string | null;
  detail: string | null;
}

export class TundukClient {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly serverKey: ServerKey;
  private readonly settings: Required<Pick<TundukClientConfig, 'timeoutMs' | 'readRetries' | 'retryBackoffMs' | 'breaker'>>;
  readonly log: MessageLog;
  /** The public half of the portal's log-signing key (verifyMessageLogChain checks signatures with it). */
  readonly portalPublicKey: KeyObject;

  constructor(
    private readonly config: TundukClientConfig,
    log?: MessageLog,
  ) {
    if (!/^https?:\/\//.test(config.securityServerUrl)) throw new Error('Tunduk securityServerUrl must be an http(s) URL');
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(config.clientId)) {
      throw new Error(`Tunduk clientId must be a subsystem id instance/memberClass/memberCode/subsystemCode; got "${config.clientId}"`);
    }
    if (config.serverPublicKeyPem) this.serverKey = createPublicKey(config.serverPublicKeyPem.replace(/\\n/g, '\n'));
    else if (config.serverJwksUrl) this.serverKey = createRemoteJWKSet(new URL(config.serverJwksUrl), { timeoutDuration: config.timeoutMs ?? DEFAULTS.timeoutMs });
    else throw new Error("Tunduk needs the security server's key: serverJwksUrl or serverPublicKeyPem");
    const signingKey = parsePortalSigningKey(config.portalSigningKey);
    this.portalPublicKey = signingKey.publicKey;
    this.log = log ?? new SignedMessageLog(signingKey);
    this.settings = {
      timeoutMs: config.timeoutMs ?? DEFAULTS.timeoutMs,
      readRetries: config.readRetries ?? DEFAULTS.readRetries,
      retryBackoffMs: config.retryBackoffMs ?? DEFAULTS.retryBackoffMs,
      breaker: config.breaker ?? DEFAULTS.breaker,
    };
  }

  /** The breaker of a service (tests and health reports read its state). */
  breakerFor(service: string): CircuitBreaker {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      breaker = new CircuitBreaker(this.settings.breaker);
      this.breakers.set(service, breaker);
    }
    return breaker;
  }

  /**
   * Sends one request (GETs retried on timeouts, network errors and 5xx, with backoff). Every
   * attempt is logged through `em` in its own transaction. 404 answers NOT_FOUND; throws
   * TundukUnavailableError, TundukForgedAnswerError or TundukRejectedError otherwise.
   */
  async request<T>(em: EntityManagerSource, req: TundukRequest): Promise<TundukAnswer<T>> {
    if (!SERVICE_ID.test(req.service)) throw new Error(`not an X-Road service id: "${req.service}"`);
    if (req.userId.trim() === '' || req.issue.trim() === '') throw new Error('a Tunduk request names whom it is for (userId) and why (issue)');
    const method = req.method ?? 'GET';
    const path = req.path ? `/${req.path.split('/').map(encodeURIComponent).join('/')}` : '';
    const url = `${this.config.securityServerUrl.replace(/\/+$/, '')}/r1/${req.service}${path}`;
    const body = method === 'POST' ? JSON.stringify(req.body ?? null) : undefined;
    const breaker = this.breakerFor(req.service);
    const attempts = method === 'GET' ? 1 + this.settings.readRetries : 1;

    let lastFailure: { reason: string; logEntryId: string } | null = null;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      if (attempt > 0) await sleep(this.settings.retryBackoffMs * 2 ** (attempt - 1));
      if (!breaker.tryAcquire()) {
        throw new TundukUnavailableError(req.service, lastFailure ? `${lastFailure.reason}; circuit open` : 'circuit open after repeated failures', breaker.retryAfterMs(), lastFailure?.logEntryId ?? null);
      }
      const messageId = randomUUID();
      const headers: Record<string, string> = {
        accept: 'application/json',
        'x-road-client': this.config.clientId,
        'x-road-id': messageId,
        'x-road-userid': headerValue(req.userId),
        'x-road-issue': headerValue(req.issue),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      };
      const requestHash = sha256Hex(JSON.stringify([method, `/r1/${req.service}${path}`, this.config.clientId, messageId, req.userId, req.issue, body ?? null]));
      const result = await this.exchange(url, method, headers, body, messageId);
      const entry: MessageLogInput = {
        serviceId: req.service,
        messageId,
        userId: req.userId,
        issue: req.issue,
        method,
        path: req.path ?? '',
        requestHash,
        responseHash: result.body ? sha256Hex(result.body) : null,
        httpStatus: result.httpStatus,
        outcome: result.outcome,
        detail: result.detail,
        responseSignature: result.signature,
      };
      const { seq } = await this.log.append(em, entry);

      switch (result.outcome) {
        case 'OK':
        case 'NOT_FOUND':
          breaker.recordSuccess();
          return { status: result.outcome, data: result.outcome === 'OK' ? (JSON.parse(result.body!.toString('utf8')) as T) : null, messageId, logEntryId: seq };
        case 'FORGED':
          throw new TundukForgedAnswerError(req.service, result.detail ?? 'bad signature', seq);
        case 'REJECTED':
          breaker.recordSuccess(); // the registry answered; the request was wrong
          throw new TundukRejectedError(req.service, result.httpStatus ?? 0, result.detail ?? 'refused', seq);
        default:
          breaker.recordFailure();
          lastFailure = { reason: result.detail ?? result.outcome, logEntryId: seq };
      }
    }
    throw new TundukUnavailableError(req.service, lastFailure!.reason, Math.max(breaker.retryAfterMs(), this.settings.retryBackoffMs), lastFailure!.logEntryId);
  }

  /** One HTTP exchange and the check of the answer's signature; never throws. */
  private async exchange(url: string, method: string, headers: Record<string, string>, body: string | undefined, messageId: string): Promise<Attempt> {
    let response: Response;
    let bytes: Buffer;
    try {
      const signal = AbortSignal.timeout(this.settings.timeoutMs);
      response = await fetch(url, { method, headers, body, signal, redirect: 'error' });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') return { outcome: 'TIMEOUT', httpStatus: null, body: null, signature: null, detail: `no answer within ${this.settings.timeoutMs} ms` };
      return { outcome: 'UNREACHABLE', httpStatus: null, body: null, signature: null, detail: `security server unreachable: ${String((error as Error)?.cause ?? (error as Error)?.message ?? error).slice(0, 200)}` };
    }
    const signature = response.headers.get(SIGNATURE_HEADER);
    const status = response.status;
    if (status >= 500) return { outcome: 'SERVER_ERROR', httpStatus: status, body: bytes, signature, detail: `security server answered ${status}` };
    if (!signature) return { outcome: 'FORGED', httpStatus: status, body: bytes, signature: null, detail: 'the answer is not signed' };
    try {
      const header = await verifyDetached(signature, bytes, this.serverKey as KeyObject, ANSWER_ALGORITHMS);
      if (header['x-road-id'] !== messageId) return { outcome: 'FORGED', httpStatus: status, body: bytes, signature, detail: 'the signature is for another request (X-Road-Id differs)' };
      if (header['x-road-status'] !== undefined && header['x-road-status'] !== status) {
        return { outcome: 'FORGED', httpStatus: status, body: bytes, signature, detail: 'the signature is for another status code' };
      }
    } catch (error) {
      return { outcome: 'FORGED', httpStatus: status, body: bytes, signature, detail: `the signature does not hold: ${(error as Error).message}` };
    }
    if (status === 404) return { outcome: 'NOT_FOUND', httpStatus: status, body: bytes, signature, detail: null };
    if (status >= 200 && status < 300) {
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        return { outcome: 'REJECTED', httpStatus: status, body: bytes, signature, detail: 'the answer is not JSON' };
      }
      return { outcome: 'OK', httpStatus: status, body: bytes, signature, detail: null };
    }
    return { outcome: 'REJECTED', httpStatus: status, body: bytes, signature, detail: errorText(bytes) };
  }
}

/** HTTP header values are ASCII: anything else is percent-encoded. */
function headerValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}

function errorText(bytes: Buffer): string {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { error?: unknown; message?: unknown };
    const text = parsed.message ?? parsed.error;
    if (typeof text === 'string') return text.slice(0, 300);
  } catch {
    // not JSON: the raw text below
  }
  return bytes.toString('utf8').slice(0, 300);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
