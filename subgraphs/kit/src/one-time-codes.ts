/**
 * One-time codes that confirm a contact or reset a password. Identity keeps only an HMAC of a code;
 * the code travels to the notifications subgraph sealed (AES-256-GCM) in an outbox event, with a key
 * both subgraphs share (ONE_TIME_CODE_KEY), and is opened only to be sent. So no durable store holds
 * it in clear text apart from the message that carries it to the user.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { str } from 'envalid';
import { DEV_SECRETS } from './config';

export const ONE_TIME_CODE_DIGITS = 6;

export const oneTimeCodeEnvSpec = {
  ONE_TIME_CODE_KEY: str({
    devDefault: DEV_SECRETS.ONE_TIME_CODE_KEY,
    desc: '32 random bytes, base64: seals one-time codes between identity and notifications (AES-256-GCM) and keys their HMACs; the same value in both',
  }),
};

/** The two keys derived from ONE_TIME_CODE_KEY: one seals codes in events, one keys their stored HMACs. */
export interface OneTimeCodeKeys {
  sealing: Buffer;
  hashing: Buffer;
}

/** Parses ONE_TIME_CODE_KEY (base64 of at least 32 bytes); throws saying what is wrong. */
export function oneTimeCodeKeysFrom(base64: string): OneTimeCodeKeys {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length < 32) throw new Error('ONE_TIME_CODE_KEY: must be at least 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), info, 32));
  return { sealing: derive('portal one-time code sealing'), hashing: derive('portal one-time code hashing') };
}

/** A fresh code of six decimal digits, uniformly drawn. */
export function newOneTimeCode(): string {
  return String(randomInt(0, 10 ** ONE_TIME_CODE_DIGITS)).padStart(ONE_TIME_CODE_DIGITS, '0');
}

/** Whether a typed code has the shape of one (six digits, spaces ignored); the normalized code or null. */
export function normalizeOneTimeCode(typed: string): string | null {
  const compact = typed.replace(/\s+/g, '');
  return new RegExp(`^\\d{${ONE_TIME_CODE_DIGITS}}$`).test(compact) ? compact : null;
}

/** The stored form of a code: an HMAC bound to its challenge, so a leaked table cannot be brute-forced offline. */
export function hashOneTimeCode(keys: OneTimeCodeKeys, challengeId: string, code: string): string {
  return createHmac('sha256', keys.hashing).update(`${challengeId}:${code}`).digest('base64url');
}

export function oneTimeCodeMatches(keys: OneTimeCodeKeys, challengeId: string, code: string, storedHash: string): boolean {
  const actual = Buffer.from(hashOneTimeCode(keys, challengeId, code));
  const expected = Buffer.from(storedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Seals a code for the event that hands it to notifications; `context` (the challenge id) is authenticated with it. */
export function sealOneTimeCode(keys: OneTimeCodeKeys, context: string, code: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.sealing, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** Opens a sealed code; throws when it was sealed with another key or context, or was altered. */
export function openOneTimeCode(keys: OneTimeCodeKeys, context: string, sealed: string): string {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !ciphertext || !tag) throw new Error('not a sealed one-time code');
  const decipher = createDecipheriv('aes-256-gcm', keys.sealing, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
