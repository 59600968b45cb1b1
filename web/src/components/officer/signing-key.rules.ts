// What the officer's signing-key screen decides, without React or GraphQL: whether this browser's
// key can sign a result, which organization a certificate names, the certificates in pasted text.

/** Why this browser's key cannot sign a result; null when it can. */
export type KeyProblem = 'NONE' | 'NOT_REGISTERED' | 'NOT_QUALIFIED' | 'REVOKED' | 'EXPIRED';

export interface BrowserKeyState {
  keyId: string | null;
}

export interface RegisteredKeyState {
  id: string;
  level: 'SIMPLE' | 'QUALIFIED';
  revokedAt?: string | null;
  certificateNotAfter?: string | null;
}

/** A result needs a QUALIFIED key, registered, not revoked, its certificate not expired (applications checks it again at signing). */
export function keyProblem(key: BrowserKeyState | null, registered: RegisteredKeyState | undefined, now = Date.now()): KeyProblem | null {
  if (!key) return 'NONE';
  if (!key.keyId || !registered || registered.id !== key.keyId) return 'NOT_REGISTERED';
  if (registered.revokedAt) return 'REVOKED';
  if (registered.level !== 'QUALIFIED') return 'NOT_QUALIFIED';
  if (registered.certificateNotAfter && Date.parse(registered.certificateNotAfter) <= now) return 'EXPIRED';
  return null;
}

/** The organization (O) a certificate subject names, e.g. "CN=…, O=GRS, …" → "GRS"; null when it names none. */
export function organizationOf(subject: string | null | undefined): string | null {
  const match = subject ? /(?:^|,\s*)O=([^,]+)/.exec(subject) : null;
  return match?.[1]?.trim() || null;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificates in pasted text, in their order (leaf first, as the CA hands them out); anything around them is dropped. */
export function certificatesIn(text: string): string[] {
  return text.match(PEM_CERTIFICATE)?.map((pem) => `${pem.trim()}\n`) ?? [];
}
