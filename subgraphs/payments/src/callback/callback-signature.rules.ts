/**
 * Signature of payment confirmations sent by the State Electronic Payment System (L-26, R-32).
 *
 * Header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp is
 * signed with the body so a captured callback cannot be replayed later than the tolerance; confirmation
 * itself is idempotent, so a replay inside the tolerance changes nothing either. Several v1 entries may
 * be present while the shared secret is being rotated; one match is enough.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type CallbackSignatureFailure = 'MISSING' | 'MALFORMED' | 'STALE' | 'BAD_SIGNATURE';

export type CallbackVerification = { ok: true } | { ok: false; reason: CallbackSignatureFailure };

export interface CallbackVerificationOptions {
  now?: Date;
  /** How far the signed timestamp may be from now, either way. */
  toleranceSeconds?: number;
}

export const DEFAULT_CALLBACK_TOLERANCE_SECONDS = 300;

const UNIX_SECONDS = /^\d{1,12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

function assertUsableSecret(secret: string | Buffer): void {
  if (typeof secret === 'string' ? secret.length === 0 : !Buffer.isBuffer(secret) || secret.length === 0) {
    throw new TypeError('The callback secret must be a non-empty string or Buffer');
  }
}

function unixSecondsOf(now: Date): number {
  const milliseconds = now.getTime();
  if (Number.isNaN(milliseconds)) throw new RangeError('now must be a valid Date');
  return Math.floor(milliseconds / 1000);
}

function hmacOf(timestamp: string, rawBody: string | Buffer, secret: string | Buffer): Buffer {
  // The body is hashed as received; decoding and re-encoding it could change the bytes that were signed.
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
}

export function signCallback(rawBody: string | Buffer, secret: string | Buffer, now: Date = new Date()): string {
  assertUsableSecret(secret);
  const timestamp = String(unixSecondsOf(now));
  return `t=${timestamp},v1=${hmacOf(timestamp, rawBody, secret).toString('hex')}`;
}

interface ParsedSignatureHeader {
  timestamp: string;
  signatures: Buffer[];
}

function parseSignatureHeader(header: string): ParsedSignatureHeader | null {
  let timestamp: string | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !UNIX_SECONDS.test(value)) return null;
      timestamp = value;
    } else if (key === 'v1') {
      if (!SHA256_HEX.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Other keys (a future v2 scheme) are ignored, as the sender may add them before we support them.
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

/**
 * Checks a callback's signature header against the raw request body. Order of checks: header present
 * (MISSING), well-formed (MALFORMED), timestamp within tolerance (STALE), HMAC matches (BAD_SIGNATURE).
 */
export function verifyCallback(
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string | Buffer,
  options: CallbackVerificationOptions = {},
): CallbackVerification {
  assertUsableSecret(secret);
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_CALLBACK_TOLERANCE_SECONDS;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError(`toleranceSeconds must be a finite number >= 0, got ${toleranceSeconds}`);
  }

  if (typeof header !== 'string' || header.trim() === '') return { ok: false, reason: 'MISSING' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'MALFORMED' };

  const nowSeconds = unixSecondsOf(options.now ?? new Date());
  if (Math.abs(nowSeconds - Number(parsed.timestamp)) > toleranceSeconds) return { ok: false, reason: 'STALE' };

  const expected = hmacOf(parsed.timestamp, rawBody, secret);
  // Every candidate is compared in full, so the time taken does not reveal which one (if any) matched.
  let matched = false;
  for (const candidate of parsed.signatures) {
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' };
}
