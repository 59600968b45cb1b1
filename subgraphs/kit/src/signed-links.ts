import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Expiring links that carry their own permission, for routes a browser opens without the gateway
 * (result documents, receipts): an HMAC over a purpose, the resource id and the expiry. Only the
 * resolver that decided the caller may see the resource hands a link out.
 */
export class LinkSigner {
  constructor(
    private readonly secret: string,
    /** Scopes the signature, so a receipt's link never opens a document of the same number. */
    private readonly purpose: string,
    readonly ttlSeconds: number,
  ) {
    if (secret.length === 0) throw new Error(`The ${purpose} link secret must not be empty.`);
  }

  /** The query parameters of a link to `id` that works for ttlSeconds from `now`. */
  sign(id: string, now: Date = new Date()): { expires: string; signature: string } {
    const expires = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    return { expires: String(expires), signature: this.signatureOf(id, expires) };
  }

  /** True when the signature is this signer's, for this id, and the link has not expired. */
  isValid(id: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.signatureOf(id, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private signatureOf(id: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${this.purpose}\n${id}\n${expires}`).digest('base64url');
  }
}
