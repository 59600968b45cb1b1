import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a document download link works: enough to open or save it, short enough not to leak. */
export const DOCUMENT_LINK_TTL_SECONDS = 15 * 60;

/**
 * Signs and checks result-document download links. GET /documents/:number is opened by a browser,
 * not through the gateway, so the link carries the permission: an HMAC over the number and the
 * expiry, handed out only through ResultDocument.downloadUrl, that is to the holder and the
 * provider's officers. The number alone opens nothing.
 */
export class DocumentLinks {
  private readonly ttlSeconds: number;

  constructor(
    private readonly secret: string,
    ttlSeconds: number = DOCUMENT_LINK_TTL_SECONDS,
  ) {
    if (secret.length === 0) throw new Error('The document link secret must not be empty.');
    this.ttlSeconds = ttlSeconds;
  }

  /** `baseUrl` is where GET /documents is served, e.g. http://127.0.0.1:4003/documents. */
  urlFor(baseUrl: string, number: string, now: Date = new Date()): string {
    const expires = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const query = new URLSearchParams({ expires: String(expires), signature: this.sign(number, expires) });
    return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(number)}?${query.toString()}`;
  }

  /** True when the signature is this service's, for this number, and the link has not expired. */
  isValid(number: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.sign(number, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(number: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`result-document\n${number}\n${expires}`).digest('base64url');
  }
}
