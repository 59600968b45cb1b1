/**
 * Password hashing with Node's memory-hard scrypt. Stored as `scrypt$N$r$p$salt$hash` (salt and hash
 * base64url) so the cost can be raised later: old hashes keep verifying with their own parameters
 * and are re-hashed on the next successful login.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** The production cost: 2^15 × 8 × 128 bytes = 32 MiB of memory per hash. */
export const PRODUCTION_SCRYPT: ScryptParameters = { N: 32768, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PREFIX = 'scrypt';
// Bounds on parameters read back from the database, so a corrupt row cannot make us allocate gigabytes.
const MIN_N = 2 ** 10;
const MAX_N = 2 ** 20;

function deriveKey(password: string, salt: Buffer, length: number, params: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r * params.p };
  return new Promise((resolve, reject) => {
    // NFC so that the same password typed on different keyboards (composed or decomposed letters) matches.
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 1 && (value & (value - 1)) === 0;
}

export function assertScryptParameters(params: ScryptParameters): void {
  if (!isPowerOfTwo(params.N) || params.N < MIN_N || params.N > MAX_N) {
    throw new Error(`scrypt N must be a power of two from ${MIN_N} to ${MAX_N}; got ${params.N}`);
  }
}

export async function hashPassword(password: string, params: ScryptParameters): Promise<string> {
  assertScryptParameters(params);
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, HASH_BYTES, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface ParsedHash {
  params: ScryptParameters;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!isPowerOfTwo(N) || N < MIN_N || N > MAX_N || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    return null;
  }
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || hash.length < 16) return null;
  return { params: { N, r, p }, salt, hash };
}

/** True when the password matches; compares in constant time. Malformed hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await deriveKey(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash is weaker than the current parameters (re-hash after a successful login). */
export function needsRehash(stored: string, current: ScryptParameters): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.N < current.N || parsed.params.r < current.r || parsed.params.p < current.p;
}

/** Hashes with the configured cost and spends the same time on unknown logins as on wrong passwords. */
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(readonly params: ScryptParameters) {
    assertScryptParameters(params);
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.params);
  }

  verify(password: string, stored: string): Promise<boolean> {
    return verifyPassword(password, stored);
  }

  needsRehash(stored: string): boolean {
    return needsRehash(stored, this.params);
  }

  /** Burns one verification for a login that matched no account, so timing does not tell whether it exists. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= hashPassword('no-account-has-this-password-0', this.params);
    await verifyPassword(password, await this.dummyHash);
    return false;
  }
}
