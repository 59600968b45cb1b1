/**
 * Stand-in of a qualified certification authority for local development and tests: a root CA (and
 * an intermediate CA on request) issuing X.509 certificates for ECDSA P-256 signing keys, each
 * naming its holder (CN, serialNumber = PIN or tax number, O = provider code for officers) and the
 * CRL that lists it once revoked. Built with @peculiar/x509 over WebCrypto. As a service
 * (`startCertificationAuthorityStandin`) it publishes the CRLs over HTTP and, for tests and demos,
 * issues and revokes certificates on request.
 */
import * as x509 from '@peculiar/x509';
import { createPublicKey, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { readJson, route, sendJson, serveStandin } from './http';

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const EC_P256: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** OID of the subject attribute serialNumber (X.520): the holder's PIN, or a legal entity's tax number. */
const SUBJECT_SERIAL_NUMBER_OID = '2.5.4.5';

export interface IssueCertificateOptions {
  notBefore?: Date;
  notAfter?: Date;
  /** Issue through the CA's intermediate: the chain is then [leaf, intermediate]. */
  viaIntermediate?: boolean;
  /** The holder's PIN (or tax number): the subject's serialNumber. */
  pin?: string;
  /** For a provider's officer: the provider code, as the subject's O. */
  organization?: string;
}

export interface TestCertificationAuthorityOptions {
  /** Common name of the root certificate (default 'Portal Test Root CA'). */
  rootCommonName?: string;
  /** Keeps the root key and certificate in this file (created on first use) so the root stays trusted across restarts. */
  file?: string;
  /** Base URL the CRLs are published under (`<base>/crl`, `<base>/intermediate/crl`), named in every certificate's CRL distribution point. */
  crlBaseUrl?: string;
  /** Validity of each published CRL (nextUpdate - thisUpdate), in seconds (default 3600). */
  crlValiditySeconds?: number;
  /** Start of the root's and intermediate's validity (default: a day ago); tests with a moved clock set it earlier. */
  authoritiesValidFrom?: Date;
}

export type CrlIssuer = 'root' | 'intermediate';

export interface TestCertificationAuthority {
  /** PEM of the self-signed root certificate: what the portal is configured to trust. */
  rootPem: string;
  /** Issues a certificate for `publicKey`; returns the chain as PEMs, leaf first, root excluded. */
  issue(subjectCommonName: string, publicKey: CryptoKey, options?: IssueCertificateOptions): Promise<string[]>;
  /** Revokes an issued certificate by its hexadecimal serial number; false when this CA never issued it. */
  revoke(serialNumber: string, revokedAt?: Date): boolean;
  /** A freshly signed CRL of the root's (or the intermediate's) revocations. */
  crl(issuer?: CrlIssuer): Promise<x509.X509Crl>;
}

interface StoredRoot {
  privateKeyJwk: JsonWebKey;
  publicKeyJwk: JsonWebKey;
  certificatePem: string;
}

interface StoredRegistry {
  issued: Record<string, CrlIssuer>;
  revoked: { root: Record<string, string> };
}

interface Authority {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

export async function createTestCertificationAuthority(options: TestCertificationAuthorityOptions = {}): Promise<TestCertificationAuthority> {
  return createAuthority(options, () => options.crlBaseUrl ?? null);
}

async function createAuthority(options: TestCertificationAuthorityOptions, crlBaseUrl: () => string | null): Promise<TestCertificationAuthority> {
  const validFrom = options.authoritiesValidFrom ?? new Date(Date.now() - DAY_MS);
  const root = await loadOrCreateRoot(options.rootCommonName ?? 'Portal Test Root CA', options.file, validFrom);
  let intermediate: Promise<Authority> | null = null;
  const intermediateAuthority = () => (intermediate ??= createIntermediate(root, validFrom));
  const crlValidityMs = (options.crlValiditySeconds ?? 3600) * 1000;
  /** Serial (normalized hex) -> which CA issued it; kept beside the root's file so revocations survive restarts. */
  const registryFile = options.file ? `${options.file.replace(/\.json$/, '')}-registry.json` : null;
  const stored = registryFile && existsSync(registryFile) ? (JSON.parse(readFileSync(registryFile, 'utf8')) as StoredRegistry) : null;
  const issued = new Map<string, CrlIssuer>(Object.entries(stored?.issued ?? {}));
  const revoked: Record<CrlIssuer, Map<string, Date>> = {
    root: new Map(Object.entries(stored?.revoked.root ?? {}).map(([serial, at]) => [serial, new Date(at)])),
    // the intermediate is made anew at every start, so its earlier certificates are not carried over
    intermediate: new Map(),
  };
  const saveRegistry = () => {
    if (!registryFile) return;
    const registry: StoredRegistry = {
      issued: Object.fromEntries([...issued].filter(([, kind]) => kind === 'root')),
      revoked: { root: Object.fromEntries([...revoked.root].map(([serial, at]) => [serial, at.toISOString()])) },
    };
    writeFileSync(registryFile, JSON.stringify(registry), { mode: 0o600 });
  };

  return {
    rootPem: root.certificate.toString('pem'),
    async issue(subjectCommonName, publicKey, issueOptions = {}) {
      const issuerKind: CrlIssuer = issueOptions.viaIntermediate ? 'intermediate' : 'root';
      const issuer = issuerKind === 'intermediate' ? await intermediateAuthority() : root;
      const notBefore = issueOptions.notBefore ?? new Date(Date.now() - 60_000);
      const serialNumber = randomSerial();
      const subject = [
        `CN=${escapeRdnValue(subjectCommonName)}`,
        ...(issueOptions.pin ? [`${SUBJECT_SERIAL_NUMBER_OID}=${escapeRdnValue(issueOptions.pin)}`] : []),
        ...(issueOptions.organization ? [`O=${escapeRdnValue(issueOptions.organization)}`] : []),
        'C=KG',
      ].join(', ');
      const base = crlBaseUrl();
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber,
        subject,
        issuer: issuer.certificate.subject,
        notBefore,
        notAfter: issueOptions.notAfter ?? new Date(notBefore.getTime() + 365 * DAY_MS),
        publicKey,
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: ECDSA_SHA256,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, crypto),
          ...(base ? [new x509.CRLDistributionPointsExtension([crlUrlOf(base, issuerKind)])] : []),
        ],
      });
      issued.set(normalizeSerial(leaf.serialNumber), issuerKind);
      saveRegistry();
      const chain = [leaf.toString('pem')];
      if (issuer !== root) chain.push(issuer.certificate.toString('pem'));
      return chain;
    },
    revoke(serialNumber, revokedAt = new Date()) {
      const serial = normalizeSerial(serialNumber);
      const issuerKind = issued.get(serial);
      if (!issuerKind) return false;
      if (!revoked[issuerKind].has(serial)) {
        revoked[issuerKind].set(serial, revokedAt);
        saveRegistry();
      }
      return true;
    },
    async crl(issuerKind = 'root') {
      const issuer = issuerKind === 'intermediate' ? await intermediateAuthority() : root;
      const thisUpdate = new Date();
      return x509.X509CrlGenerator.create({
        issuer: issuer.certificate.subject,
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + crlValidityMs),
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: ECDSA_SHA256,
        entries: [...revoked[issuerKind]].map(([serial, revocationDate]) => ({ serialNumber: serial.length % 2 ? `0${serial}` : serial, revocationDate, reason: x509.X509CrlReason.keyCompromise })),
      });
    },
  };
}

const crlUrlOf = (base: string, issuer: CrlIssuer) => `${base.replace(/\/+$/, '')}${issuer === 'root' ? '/crl' : '/intermediate/crl'}`;

function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=.)/, '');
}

async function loadOrCreateRoot(commonName: string, file: string | undefined, validFrom: Date): Promise<Authority> {
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredRoot;
    const privateKey = await crypto.subtle.importKey('jwk', stored.privateKeyJwk, EC_P256, true, ['sign']);
    const publicKey = await crypto.subtle.importKey('jwk', stored.publicKeyJwk, EC_P256, true, ['verify']);
    return { keys: { privateKey, publicKey }, certificate: new x509.X509Certificate(stored.certificatePem) };
  }
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${escapeRdnValue(commonName)}, O=Portal test certification authority, C=KG`,
    notBefore: validFrom,
    notAfter: new Date(Date.now() + 20 * 365 * DAY_MS),
    keys,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  });
  if (file) {
    const stored: StoredRoot = {
      privateKeyJwk: await crypto.subtle.exportKey('jwk', keys.privateKey),
      publicKeyJwk: await crypto.subtle.exportKey('jwk', keys.publicKey),
      certificatePem: certificate.toString('pem'),
    };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return { keys, certificate };
}

async function createIntermediate(root: Authority, validFrom: Date): Promise<Authority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=Portal Test Qualified Signature CA, O=Portal test certification authority, C=KG',
    issuer: root.certificate.subject,
    notBefore: validFrom,
    notAfter: new Date(Date.now() + 15 * 365 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      await x509.AuthorityKeyIdentifierExtension.create(root.keys.publicKey, false, crypto),
    ],
  });
  return { keys, certificate };
}

function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

/** A positive 16-byte serial number (the top bit cleared keeps the DER integer positive). */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Escapes the characters RFC 4514 reserves in a distinguished name value. */
function escapeRdnValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}

// ------------------------------------------------------------------ the stand-in as a service

export interface CertificationAuthorityStandinOptions extends TestCertificationAuthorityOptions {
  /** 0 picks a free port (tests); `npm start` uses 4102. */
  port: number;
  host?: string;
}

export interface CertificationAuthorityStandin extends TestCertificationAuthority {
  url: string;
  /** The root's CRL (DER): what the portal's CA_CRL_URL points at. */
  crlUrl: string;
  close(): Promise<void>;
}

/** What `POST /test/certificates` takes. */
export interface CertificateRequest {
  publicKeyJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  /** PIN of a person (14 digits) or tax number of a legal entity. */
  pin: string;
  name: string;
  /** Provider code, for officers. */
  organization?: string;
  /** ISO dates, for tests of certificates not valid yet or expired. */
  notBefore?: string;
  notAfter?: string;
  viaIntermediate?: boolean;
}


/**
 * Starts the stand-in: `GET /crl` (DER, application/pkix-crl; `/crl.pem` as PEM), `GET /intermediate/crl`,
 * `GET /root.pem`, and for tests and demos `POST /test/certificates` (a certificate for a public key,
 * answering `{ chainPem: [leaf, ..., root], serialNumber }`) and `POST /test/revocations` (`{ serialNumber }`).
 */
export async function startCertificationAuthorityStandin(options: CertificationAuthorityStandinOptions): Promise<CertificationAuthorityStandin> {
  const host = options.host ?? '127.0.0.1';
  let url = '';
  const authority = await createAuthority(options, () => options.crlBaseUrl ?? url);

  async function sendCrl(res: ServerResponse, of: 'root' | 'intermediate'): Promise<void> {
    const crl = await authority.crl(of);
    res.writeHead(200, { 'content-type': 'application/pkix-crl', 'cache-control': 'no-cache' });
    return void res.end(Buffer.from(crl.rawData));
  }

  const routes = [
    route('GET', '/crl', (_req, res) => sendCrl(res, 'root')),
    route('GET', '/intermediate/crl', (_req, res) => sendCrl(res, 'intermediate')),
    route('GET', '/crl.pem', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      return void res.end((await authority.crl('root')).toString('pem'));
    }),
    route('GET', '/root.pem', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      return void res.end(authority.rootPem);
    }),
    route('POST', '/test/certificates', async (req, res) => {
      const body = await readJson(req);
      const problem = certificateRequestProblem(body);
      if (problem) return sendJson(res, 400, { error: problem });
      const request = body as CertificateRequest;
      const publicKey = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: request.publicKeyJwk.x, y: request.publicKeyJwk.y }, EC_P256, true, ['verify']);
      const chain = await authority.issue(request.name, publicKey, {
        pin: request.pin,
        organization: request.organization,
        notBefore: request.notBefore ? new Date(request.notBefore) : undefined,
        notAfter: request.notAfter ? new Date(request.notAfter) : undefined,
        viaIntermediate: request.viaIntermediate === true,
      });
      return sendJson(res, 200, { chainPem: [...chain, authority.rootPem], serialNumber: new x509.X509Certificate(chain[0]).serialNumber });
    }),
    route('POST', '/test/revocations', async (req, res) => {
      const body = (await readJson(req)) as { serialNumber?: unknown } | null;
      if (typeof body?.serialNumber !== 'string' || !/^[0-9a-fA-F]{1,40}$/.test(body.serialNumber)) {
        return sendJson(res, 400, { error: 'body must be {"serialNumber": "<hexadecimal serial number of a certificate this authority issued>"}' });
      }
      const revokedAt = new Date();
      if (!authority.revoke(body.serialNumber, revokedAt)) return sendJson(res, 404, { error: `this authority issued no certificate with serial number ${body.serialNumber}` });
      return sendJson(res, 200, { serialNumber: body.serialNumber.toLowerCase(), revoked: true });
    }),
  ];

  const server = await serveStandin('certification-authority', { routes, notFound: (_req, res) => sendJson(res, 404, { error: 'not found' }) }, { port: options.port, host });
  url = server.url;
  return {
    ...authority,
    url,
    crlUrl: crlUrlOf(options.crlBaseUrl ?? url, 'root'),
    async close() {
      await server.close();
    },
  };
}

function certificateRequestProblem(value: unknown): string | null {
  const usage =
    'body must be {"publicKeyJwk": {"kty":"EC","crv":"P-256","x","y"}, "pin": "PIN or tax number", "name": "holder\'s full name", "organization"?: "provider code", "notBefore"?, "notAfter"?, "viaIntermediate"?}';
  if (typeof value !== 'object' || value === null) return usage;
  const body = value as Record<string, unknown>;
  const jwk = body.publicKeyJwk as Record<string, unknown> | undefined;
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || 'd' in jwk) {
    return `publicKeyJwk must be a public EC P-256 JWK (never the private key); ${usage}`;
  }
  try {
    createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
  } catch {
    return 'publicKeyJwk is not a point on the P-256 curve';
  }
  if (typeof body.pin !== 'string' || !/^\d{10,14}$/.test(body.pin)) return `pin must be the holder's PIN (14 digits) or tax number; ${usage}`;
  if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 200) return `name must be the holder's full name; ${usage}`;
  if (body.organization !== undefined && (typeof body.organization !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(body.organization))) {
    return 'organization must be a provider code (letters, digits, "_" or "-")';
  }
  for (const field of ['notBefore', 'notAfter'] as const) {
    if (body[field] !== undefined && (typeof body[field] !== 'string' || Number.isNaN(Date.parse(body[field] as string)))) return `${field} must be an ISO date-time`;
  }
  return null;
}


