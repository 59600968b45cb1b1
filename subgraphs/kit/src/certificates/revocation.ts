/**
 * Revocation checks of qualified certificates against the certification authority's published CRL
 * (RFC 5280): fetched from the configured URL (or from the certificate's distribution point when it
 * is on the allow-list), verified with the key of the certificate's issuer, cached until its
 * nextUpdate (bounded by a maximum age). Anything short of a valid, current CRL answers UNKNOWN, so
 * callers refuse the signature (fail closed).
 */
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type RevocationStatus =
  | { status: 'GOOD'; crlUrl: string; thisUpdate: Date }
  | { status: 'REVOKED'; crlUrl: string; revokedAt: Date }
  | { status: 'UNKNOWN'; reason: string };

export interface RevocationCheckerOptions {
  /** The CRL fetched when the certificate names no allowed distribution point. */
  crlUrl: string | null;
  /** URL prefixes a certificate's own distribution point must start with to be fetched (never arbitrary URLs). */
  allowedUrlPrefixes?: readonly string[];
  /** A CRL is fetched again after this many seconds even when its nextUpdate is later (0: every check). */
  maxAgeSeconds?: number;
  fetchTimeoutMs?: number;
  /** At most this many CRLs are kept. */
  maxCachedLists?: number;
  fetch?: typeof fetch;
  /** The real clock: CRL freshness is judged by it. */
  now?: () => Date;
}

export interface RevocationChecker {
  /** Whether `certificate` (issued by `issuer`) is revoked; UNKNOWN when no valid, current CRL could be obtained. */
  check(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<RevocationStatus>;
}

const MAX_CRL_BYTES = 5 * 1024 * 1024;
/** Clock skew tolerated between the authority and the portal for thisUpdate. */
const SKEW_MS = 5 * 60 * 1000;

interface CachedList {
  crl: x509.X509Crl;
  /** Normalized serial -> revocation date, read once per download. */
  revoked: Map<string, Date>;
  /** When the list must be fetched again: its nextUpdate, or earlier by maxAgeSeconds. */
  refreshAt: number;
}

/** Normalized hexadecimal serial number (lower case, no leading zeros) for comparisons. */
export function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=.)/, '');
}

/** The http(s) URLs of a certificate's CRL distribution points extension, in order. */
export function crlDistributionPointsOf(certificate: x509.X509Certificate): string[] {
  const extension = certificate.getExtension(x509.CRLDistributionPointsExtension);
  if (!extension) return [];
  return extension.distributionPoints
    .flatMap((point) => point.distributionPoint?.fullName ?? [])
    .map((name) => name.uniformResourceIdentifier)
    .filter((uri): uri is string => typeof uri === 'string' && /^https?:\/\//i.test(uri));
}

/** Where the CRL for `certificate` comes from: its own allowed distribution point, else the configured URL. */
export function chooseCrlUrl(certificate: x509.X509Certificate, configuredUrl: string | null, allowedPrefixes: readonly string[]): string | null {
  const allowed = crlDistributionPointsOf(certificate).find((uri) => allowedPrefixes.some((prefix) => uri.startsWith(prefix)));
  return allowed ?? configuredUrl;
}

/** The response body, refused once it grows past MAX_CRL_BYTES (never buffered beyond that). */
async function readBounded(response: Response, url: string): Promise<Buffer<ArrayBuffer>> {
  const tooLarge = () => new Error(`the revocation list at ${url} is larger than ${MAX_CRL_BYTES} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_CRL_BYTES) throw tooLarge();
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_CRL_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export function createRevocationChecker(options: RevocationCheckerOptions): RevocationChecker {
  const now = options.now ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;
  const maxAgeMs = Math.max(0, options.maxAgeSeconds ?? 300) * 1000;
  const timeoutMs = options.fetchTimeoutMs ?? 5000;
  const maxCached = Math.max(1, options.maxCachedLists ?? 16);
  const allowedPrefixes = options.allowedUrlPrefixes ?? (options.crlUrl ? [new URL(options.crlUrl).origin + '/'] : []);
  const cache = new Map<string, CachedList>();
  const inFlight = new Map<string, Promise<CachedList>>();

  async function download(url: string): Promise<CachedList> {
    const crl = await downloadList(url);
    const revoked = new Map(crl.entries.map((entry) => [normalizeSerial(entry.serialNumber), entry.revocationDate] as const));
    const nextUpdate = crl.nextUpdate?.getTime() ?? now().getTime();
    return { crl, revoked, refreshAt: Math.min(nextUpdate, now().getTime() + maxAgeMs) };
  }

  async function downloadList(url: string): Promise<x509.X509Crl> {
    let response: Response;
    try {
      response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/pkix-crl' } });
    } catch (error) {
      throw new Error(`the revocation list at ${url} could not be fetched (${(error as Error).message})`);
    }
    if (!response.ok) throw new Error(`the revocation list at ${url} answered HTTP ${response.status}`);
    const body = await readBounded(response, url);
    try {
      const text = body.toString('latin1');
      return new x509.X509Crl(text.includes('-----BEGIN X509 CRL-----') || text.includes('-----BEGIN CRL-----') ? text : body);
    } catch {
      throw new Error(`the document at ${url} is not a certificate revocation list`);
    }
  }

  async function currentList(url: string): Promise<CachedList> {
    const cached = cache.get(url);
    if (cached && now().getTime() < cached.refreshAt) return cached;
    let pending = inFlight.get(url);
    if (!pending) {
      pending = download(url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    const list = await pending;
    cache.delete(url);
    cache.set(url, list);
    while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
    return list;
  }

  return {
    async check(certificate, issuer) {
      const url = chooseCrlUrl(certificate, options.crlUrl, allowedPrefixes);
      if (!url) return { status: 'UNKNOWN', reason: 'no revocation list is configured (CA_CRL_URL) and the certificate names no allowed distribution point' };
      let list: CachedList;
      try {
        list = await currentList(url);
      } catch (error) {
        return { status: 'UNKNOWN', reason: (error as Error).message };
      }
      const { crl } = list;
      if (crl.issuer !== issuer.subject) {
        return { status: 'UNKNOWN', reason: `the revocation list at ${url} is issued by "${crl.issuer}", not by the certificate's issuer "${issuer.subject}"` };
      }
      if (!(await crl.verify({ publicKey: issuer }))) {
        cache.delete(url);
        return { status: 'UNKNOWN', reason: `the signature of the revocation list at ${url} does not verify with the key of "${issuer.subject}"` };
      }
      const at = now().getTime();
      if (crl.thisUpdate.getTime() > at + SKEW_MS) return { status: 'UNKNOWN', reason: `the revocation list at ${url} is dated in the future (${crl.thisUpdate.toISOString()})` };
      if (!crl.nextUpdate || crl.nextUpdate.getTime() <= at) {
        cache.delete(url);
        return { status: 'UNKNOWN', reason: `the revocation list at ${url} is out of date (next update was due ${crl.nextUpdate?.toISOString() ?? 'never announced'})` };
      }
      const revokedAt = list.revoked.get(normalizeSerial(certificate.serialNumber));
      if (revokedAt) return { status: 'REVOKED', crlUrl: url, revokedAt };
      return { status: 'GOOD', crlUrl: url, thisUpdate: crl.thisUpdate };
    },
  };
}
