/**
 * Stand-in of the Unified Identification System (the national identity provider) for local
 * development and tests: an OpenID-style issuer that signs ID tokens with ES256 and publishes its
 * public key, so the portal's identity subgraph can be exercised without the real system.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type CryptoKey, type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';

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
}

export interface NationalIdStandin {
  url: string;
  issuer: string;
  jwksUrl: string;
  clientId: string;
  issueIdToken(person: NationalIdPerson, options?: IssueIdTokenOptions): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_ID = 'portal';
const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
const MAX_BODY_BYTES = 64 * 1024;

/** A stable pairwise-style subject for a PIN, so the same person always gets the same `sub`. */
export function nationalIdSubjectForPin(pin: string): string {
  return `kg-${createHash('sha256').update(`national-id:${pin}`).digest('hex').slice(0, 24)}`;
}

interface SigningMaterial {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

async function loadOrCreateSigningKey(keyFile: string | undefined): Promise<SigningMaterial> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(privateKey);
    if (keyFile) {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _private, ...publicPart } = privateJwk;
  const kid = await calculateJwkThumbprint(publicPart);
  const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return { privateKey, publicJwk: { ...publicPart, kid, alg: 'ES256', use: 'sig' }, kid };
}

/**
 * Starts the stand-in: `GET /.well-known/openid-configuration`, `GET /jwks` and, for local
 * development, `POST /test/id-token` which signs a token for the JSON person in the body
 * (optionally with `audience` and `expiresInSeconds` beside the person's claims).
 */
export async function startNationalIdStandin(options: NationalIdStandinOptions): Promise<NationalIdStandin> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const key = await loadOrCreateSigningKey(options.keyFile);
  let issuer = options.issuer ?? '';
  let jwksUrl = '';

  async function issueIdToken(person: NationalIdPerson, tokenOptions: IssueIdTokenOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = tokenOptions.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    const claims: Record<string, unknown> = { pin: person.pin, name: person.name };
    for (const claim of ['birthdate', 'address', 'email', 'phone_number'] as const) {
      if (person[claim] !== undefined) claims[claim] = person[claim];
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(tokenOptions.audience ?? clientId)
      .setSubject(person.sub ?? nationalIdSubjectForPin(person.pin))
      // iat moves back with a negative lifetime so that expired tokens still look well-formed
      .setIssuedAt(Math.min(now, now + lifetime))
      .setExpirationTime(now + lifetime)
      .sign(key.privateKey);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return sendJson(res, 200, {
        issuer,
        jwks_uri: jwksUrl,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        claims_supported: ['sub', 'pin', 'name', 'birthdate', 'address', 'email', 'phone_number'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      return sendJson(res, 200, { keys: [key.publicJwk] });
    }
    if (req.method === 'POST' && url.pathname === '/test/id-token') {
      const body = await readJson(req);
      if (!isPersonRequest(body)) {
        return sendJson(res, 400, { error: 'body must be a JSON person: {"pin": "14 digits", "name": "...", "birthdate"?, "address"?, "email"?, "phone_number"?, "sub"?}' });
      }
      const { audience, expiresInSeconds, ...person } = body;
      return sendJson(res, 200, { id_token: await issueIdToken(person, { audience, expiresInSeconds }) });
    }
    sendJson(res, 404, { error: 'not found' });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: String((error as Error)?.message ?? error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  issuer = issuer || url;
  jwksUrl = `${url}/jwks`;

  return {
    url,
    issuer,
    jwksUrl,
    clientId,
    issueIdToken,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve(null);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(null);
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
