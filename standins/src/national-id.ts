/**
 * Stand-in of the Unified Identification System (the national identity provider) for local
 * development and tests: an OpenID Connect issuer with the authorization-code flow (authorize with
 * state and nonce, a one-time expiring code, a token endpoint with client authentication) that signs
 * ID tokens with ES256 and publishes its public key, so the portal's identity subgraph can be
 * exercised without the real system.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { readBody, readJson, route, sendHtml, sendJson, sendText, serveStandin } from './http';
import { loadOrCreateSigningKey } from './signing-key';

/** What the national system knows about a person; claim names follow OpenID Connect. */
export interface NationalIdPerson {
  /** Stable subject identifier; derived from the PIN when omitted. */
  sub?: string;
  /** 14-digit personal identification number. */
  pin: string;
  name: string;
  /** YYYY-MM-DD */
  birthdate?: string;
  address?: string;
  email?: string;
  phone_number?: string;
}

export interface IssueIdTokenOptions {
  /** Lifetime from now; negative values produce an already expired token (default 300). */
  expiresInSeconds?: number;
  /** The `aud` claim (default: the stand-in's client id). */
  audience?: string;
  /** The `nonce` claim, echoed from the authorization request. */
  nonce?: string;
  /** The `iss` claim (default: the stand-in's issuer), to test a portal's issuer check. */
  issuer?: string;
}

/** How the portal authenticates at the token endpoint (RFC 6749 2.3.1 / OpenID Connect Core 9). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** The parameters of an authorization request (OpenID Connect Core 3.1.2.1). */
export interface AuthorizationRequest {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
  nonce: string;
  scope: string;
}

export interface NationalIdStandinOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The `iss` claim (default: the stand-in's own URL). */
  issuer?: string;
  /** The client id (audience) the portal is registered under (default 'portal'). */
  clientId?: string;
  /** Keeps the signing key in this file (created on first start) so tokens survive restarts. */
  keyFile?: string;
  /** The portal's client secret at the token endpoint (default: the development secret). */
  clientSecret?: string;
  /** Which client authentication the token endpoint requires (default client_secret_basic). */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** Lifetime of an authorization code (default 60 s). */
  codeLifetimeSeconds?: number;
  /** Called with every person the stand-in signs an ID token for (the launcher puts them in the Tunduk population register). */
  onPersonSigned?: (person: NationalIdPerson) => void;
}

export interface NationalIdStandin {
  url: string;
  issuer: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  issueIdToken(person: NationalIdPerson, options?: IssueIdTokenOptions): Promise<string>;
  /**
   * The person authenticates and consents (what the browser page does): answers the redirect to
   * the portal with a one-time `code` and the request's `state`; throws when the request is invalid.
   */
  authorize(person: NationalIdPerson, request: AuthorizationRequest): { redirectUrl: string; code: string; state: string };
  close(): Promise<void>;
}

const DEFAULT_CLIENT_ID = 'portal';
/** The development client secret; identity's NATIONAL_ID_CLIENT_SECRET defaults to it outside production. */
export const DEV_NATIONAL_ID_CLIENT_SECRET = 'dev-only-national-id-client-secret';
const DEFAULT_CODE_LIFETIME_SECONDS = 60;
const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/** A stable pairwise-style subject for a PIN, so the same person always gets the same `sub`. */
export function nationalIdSubjectForPin(pin: string): string {
  return `kg-${createHash('sha256').update(`national-id:${pin}`).digest('hex').slice(0, 24)}`;
}


/**
 * Starts the stand-in: `GET /.well-known/openid-configuration`, `GET /jwks` and, for local
 * development, `POST /test/id-token` which signs a token for the JSON person in the body
 * (optionally with `audience` and `expiresInSeconds` beside the person's claims).
 */
export async function startNationalIdStandin(options: NationalIdStandinOptions): Promise<NationalIdStandin> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEV_NATIONAL_ID_CLIENT_SECRET;
  const authMethod = options.tokenEndpointAuthMethod ?? 'client_secret_basic';
  const codeLifetimeMs = (options.codeLifetimeSeconds ?? DEFAULT_CODE_LIFETIME_SECONDS) * 1000;
  const key = await loadOrCreateSigningKey(options.keyFile);
  let issuer = options.issuer ?? '';
  let jwksUrl = '';
  let baseUrl = '';
  /** Issued authorization codes: one-time (deleted when redeemed) and expiring. */
  const codes = new Map<string, { person: NationalIdPerson; clientId: string; redirectUri: string; nonce: string; expiresAt: number }>();

  function authorize(person: NationalIdPerson, request: AuthorizationRequest): { redirectUrl: string; code: string; state: string } {
    const problem = authorizationProblem(request, clientId);
    if (problem) throw new AuthorizationError(problem);
    for (const [stale, issued] of codes) if (issued.expiresAt < Date.now()) codes.delete(stale);
    const code = randomBytes(32).toString('base64url');
    codes.set(code, { person, clientId: request.client_id, redirectUri: request.redirect_uri, nonce: request.nonce, expiresAt: Date.now() + codeLifetimeMs });
    const redirect = new URL(request.redirect_uri);
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', request.state);
    return { redirectUrl: redirect.toString(), code, state: request.state };
  }

  /** The token endpoint (OpenID Connect Core 3.1.3): client authentication, then the one-time code. */
  async function redeem(req: IncomingMessage, form: URLSearchParams): Promise<{ status: number; body: Record<string, unknown> }> {
    const client = clientCredentials(req, form, authMethod);
    if (!client || client.id !== clientId || !sameSecret(client.secret, clientSecret)) {
      return { status: 401, body: { error: 'invalid_client', error_description: `authenticate the client with ${authMethod}` } };
    }
    if (form.get('grant_type') !== 'authorization_code') return { status: 400, body: { error: 'unsupported_grant_type' } };
    const code = form.get('code') ?? '';
    const issued = codes.get(code);
    codes.delete(code); // one-time, whatever the outcome
    if (!issued || issued.expiresAt < Date.now()) return { status: 400, body: { error: 'invalid_grant', error_description: 'unknown, used or expired code' } };
    if (issued.clientId !== client.id || issued.redirectUri !== form.get('redirect_uri')) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'the code was issued for another client or redirect_uri' } };
    }
    const idToken = await issueIdToken(issued.person, { nonce: issued.nonce });
    return { status: 200, body: { access_token: randomBytes(32).toString('base64url'), token_type: 'Bearer', expires_in: DEFAULT_TOKEN_LIFETIME_SECONDS, id_token: idToken } };
  }

  async function issueIdToken(person: NationalIdPerson, tokenOptions: IssueIdTokenOptions = {}): Promise<string> {
    options.onPersonSigned?.(person);
    const now = Math.floor(Date.now() / 1000);
    const lifetime = tokenOptions.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    const claims: Record<string, unknown> = { pin: person.pin, name: person.name, auth_time: now };
    if (tokenOptions.nonce !== undefined) claims.nonce = tokenOptions.nonce;
    for (const claim of ['birthdate', 'address', 'email', 'phone_number'] as const) {
      if (person[claim] !== undefined) claims[claim] = person[claim];
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(tokenOptions.issuer ?? issuer)
      .setAudience(tokenOptions.audience ?? clientId)
      .setSubject(person.sub ?? nationalIdSubjectForPin(person.pin))
      .setJti(randomUUID())
      // iat moves back with a negative lifetime so that expired tokens still look well-formed
      .setIssuedAt(Math.min(now, now + lifetime))
      .setExpirationTime(now + lifetime)
      .sign(key.privateKey);
  }

  const routes = [
    route('GET', '/.well-known/openid-configuration', (_req, res) =>
      sendJson(res, 200, {
        issuer,
        jwks_uri: jwksUrl,
        authorization_endpoint: `${baseUrl}/authorize`,
        token_endpoint: `${baseUrl}/token`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        token_endpoint_auth_methods_supported: [authMethod],
        scopes_supported: ['openid'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        claims_supported: ['sub', 'pin', 'name', 'birthdate', 'address', 'email', 'phone_number', 'nonce', 'auth_time'],
      }),
    ),
    route('GET', '/authorize', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://standin');
      // The sign-in page: a real system authenticates the person; the stand-in lets them type who they are.
      const request = authorizationRequestOf(url.searchParams);
      const problem = authorizationProblem(request, clientId);
      if (problem) return sendText(res, 400, `Invalid authorization request: ${problem}`);
      return sendHtml(res, 200, signInPage(request));
    }),
    route('POST', '/authorize', async (req, res) => {
      const form = new URLSearchParams((await readBody(req)) ?? '');
      const person = personOfForm(form);
      if (!person) return sendText(res, 400, 'Give the PIN and the name of the test person.');
      try {
        const { redirectUrl } = authorize(person, authorizationRequestOf(form));
        res.writeHead(302, { location: redirectUrl });
        return void res.end();
      } catch (error) {
        if (error instanceof AuthorizationError) return sendText(res, 400, `Invalid authorization request: ${error.message}`);
        throw error;
      }
    }),
    route('POST', '/test/authorize', async (req, res) => {
      // Tests and demos without a browser: the person and the authorization request's parameters as JSON.
      const body = await readJson(req);
      if (!isPersonRequest(body)) {
        return sendJson(res, 400, { error: 'body must be a JSON person ({"pin", "name", ...}) with the authorization request: response_type, client_id, redirect_uri, state, nonce, scope' });
      }
      const fields = body as unknown as Record<string, unknown>;
      const request = authorizationRequestOf(new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
      const { audience: _audience, expiresInSeconds: _lifetime, ...person } = body;
      try {
        const answer = authorize(personOnly(person), request);
        return sendJson(res, 200, { redirect_url: answer.redirectUrl, code: answer.code, state: answer.state });
      } catch (error) {
        if (error instanceof AuthorizationError) return sendJson(res, 400, { error: 'invalid_request', error_description: error.message });
        throw error;
      }
    }),
    route('POST', '/token', async (req, res) => {
      const answer = await redeem(req, new URLSearchParams((await readBody(req)) ?? ''));
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(answer.status === 401 ? { 'www-authenticate': 'Basic realm="national-id"' } : {}) });
      return void res.end(JSON.stringify(answer.body));
    }),
    route('GET', '/jwks', (_req, res) => sendJson(res, 200, { keys: [key.publicJwk] })),
    route('POST', '/test/id-token', async (req, res) => {
      const body = await readJson(req);
      if (!isPersonRequest(body)) {
        return sendJson(res, 400, { error: 'body must be a JSON person: {"pin": "14 digits", "name": "...", "birthdate"?, "address"?, "email"?, "phone_number"?, "sub"?}' });
      }
      const { audience, expiresInSeconds, ...person } = body;
      return sendJson(res, 200, { id_token: await issueIdToken(person, { audience, expiresInSeconds }) });
    }),
  ];

  const server = await serveStandin('national-id', { routes, notFound: (_req, res) => sendJson(res, 404, { error: 'not found' }) }, { port: options.port, host });
  const url = server.url;
  issuer = issuer || url;
  jwksUrl = `${url}/jwks`;
  baseUrl = url;

  return {
    url,
    issuer,
    jwksUrl,
    clientId,
    clientSecret,
    authorizationUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    issueIdToken,
    authorize,
    async close() {
      await server.close();
    },
  };
}

type PersonRequest = NationalIdPerson & { audience?: string; expiresInSeconds?: number };

function isPersonRequest(value: unknown): value is PersonRequest {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  const optionalStrings = ['sub', 'birthdate', 'address', 'email', 'phone_number', 'audience'];
  return (
    typeof body.pin === 'string' &&
    typeof body.name === 'string' &&
    optionalStrings.every((field) => body[field] === undefined || typeof body[field] === 'string') &&
    (body.expiresInSeconds === undefined || typeof body.expiresInSeconds === 'number')
  );
}

class AuthorizationError extends Error {}

function authorizationRequestOf(params: URLSearchParams): AuthorizationRequest {
  const get = (name: string) => params.get(name) ?? '';
  return { response_type: get('response_type'), client_id: get('client_id'), redirect_uri: get('redirect_uri'), state: get('state'), nonce: get('nonce'), scope: get('scope') };
}

/** What is wrong with an authorization request, or null. */
function authorizationProblem(request: AuthorizationRequest, clientId: string): string | null {
  if (request.response_type !== 'code') return 'response_type must be "code"';
  if (request.client_id !== clientId) return 'unknown client_id';
  if (!request.scope.split(' ').includes('openid')) return 'scope must include "openid"';
  if (request.state.length < 16) return 'state is required (at least 16 characters)';
  if (request.nonce.length < 16) return 'nonce is required (at least 16 characters)';
  try {
    const redirect = new URL(request.redirect_uri);
    if (redirect.protocol !== 'https:' && redirect.protocol !== 'http:') return 'redirect_uri must be an http(s) URL';
    if (redirect.hash !== '') return 'redirect_uri must not have a fragment';
  } catch {
    return 'redirect_uri must be an absolute URL';
  }
  return null;
}

/** client_secret_basic: HTTP Basic with the form-urlencoded id and secret; client_secret_post: both in the body. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams, method: TokenEndpointAuthMethod): { id: string; secret: string } | null {
  if (method === 'client_secret_post') {
    const id = form.get('client_id');
    const secret = form.get('client_secret');
    return id !== null && secret !== null ? { id, secret } : null;
  }
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function personOfForm(form: URLSearchParams): NationalIdPerson | null {
  const pin = form.get('pin')?.trim() ?? '';
  const name = form.get('name')?.trim() ?? '';
  if (pin === '' || name === '') return null;
  const person: NationalIdPerson = { pin, name };
  for (const claim of ['birthdate', 'address', 'email', 'phone_number'] as const) {
    const value = form.get(claim)?.trim();
    if (value) person[claim] = value;
  }
  return person;
}

/** Only the person's claims from a request body that also carries the authorization request. */
function personOnly(body: NationalIdPerson): NationalIdPerson {
  const person: NationalIdPerson = { pin: body.pin, name: body.name };
  for (const claim of ['sub', 'birthdate', 'address', 'email', 'phone_number'] as const) {
    if (body[claim] !== undefined) person[claim] = body[claim];
  }
  return person;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function signInPage(request: AuthorizationRequest): string {
  const hidden = Object.entries(request)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Единая система идентификации (стенд)</title>
<h1>Единая система идентификации — тестовый стенд</h1>
<p>Вход на портал государственных услуг. Укажите тестового человека.</p>
<form method="post" action="/authorize">${hidden}
<label>ПИН <input name="pin" required pattern="[0-9]{14}"></label><br>
<label>ФИО <input name="name" required></label><br>
<label>Дата рождения <input name="birthdate" placeholder="ГГГГ-ММ-ДД"></label><br>
<label>Адрес <input name="address"></label><br>
<button type="submit">Войти</button></form></html>`;
}





