import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { signCompactJws } from './jws';

export interface BrowserSigningKey {
  /** The id registerSigningKey gave this key, null until it is registered. */
  keyId: string | null;
  publicKeyJwk: JsonWebKey;
  sign(value: unknown): Promise<string>;
}

/** What IndexedDB keeps per user: the CryptoKeyPair itself (structured clone keeps the private key non-extractable). */
interface StoredKey {
  keyPair: CryptoKeyPair;
  publicKeyJwk: JsonWebKey;
  keyId: string | null;
}

let store: UseStore | null = null;
// opened lazily: importing the module must not touch IndexedDB (tests, server-side type checks)
const keyStore = () => (store ??= createStore('portal-signing', 'keys'));
const storageKey = (userId: string) => `user:${userId}`;

async function createKey(): Promise<StoredKey> {
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  // only the public coordinates: key_ops/ext would be noise in the registered key
  return { keyPair, publicKeyJwk: { kty, crv, x, y }, keyId: null };
}

function asSigningKey(stored: StoredKey): BrowserSigningKey {
  return { keyId: stored.keyId, publicKeyJwk: stored.publicKeyJwk, sign: (value) => signCompactJws(stored.keyPair.privateKey, value) };
}

/** The user's P-256 key from IndexedDB, created (non-extractable) when missing. */
export async function loadOrCreateBrowserKey(userId: string): Promise<BrowserSigningKey> {
  const existing = await get<StoredKey>(storageKey(userId), keyStore());
  if (existing) return asSigningKey(existing);
  const created = await createKey();
  await set(storageKey(userId), created, keyStore());
  return asSigningKey(created);
}

/** Keeps the id registerSigningKey returned, so the key is registered only once. */
export async function rememberKeyId(userId: string, keyId: string): Promise<void> {
  const existing = await get<StoredKey>(storageKey(userId), keyStore());
  if (!existing) throw new Error('no browser signing key to remember an id for');
  await set(storageKey(userId), { ...existing, keyId }, keyStore());
}

/** Drops the user's key (a revoked or refused key is replaced by a fresh one next time). */
export async function forgetBrowserKey(userId: string): Promise<void> {
  await del(storageKey(userId), keyStore());
}
