import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LanguageCode } from '@portal/kit';

/** How long a receipt download link works: enough to open or print it, short enough not to leak. */
export const RECEIPT_LINK_TTL_SECONDS = 15 * 60;

export interface ReceiptLinkSettings {
  /** Public base URL of the payments subgraph's routes, without a trailing slash. */
  baseUrl: string;
  secret: string;
  ttlSeconds?: number;
}

/**
 * Signs and checks receipt download links. The download route is not behind the gateway's caller
 * check (a browser opens it), so the link itself carries the permission: an HMAC over the receipt
 * number and the expiry, handed out only to the payer through Receipt.downloadUrl.
 */
export class ReceiptLinks {
  private readonly baseUrl: string;
  private readonly ttlSeconds: number;

  constructor(private readonly settings: ReceiptLinkSettings) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, '');
    this.ttlSeconds = settings.ttlSeconds ?? RECEIPT_LINK_TTL_SECONDS;
  }

  urlFor(receiptNumber: string, language: LanguageCode, now: Date = new Date()): string {
    const expires = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const query = new URLSearchParams({ lang: language.toLowerCase(), expires: String(expires), signature: this.sign(receiptNumber, expires) });
    return `${this.baseUrl}/receipts/${encodeURIComponent(receiptNumber)}?${query.toString()}`;
  }

  /** True when the signature is this service's and the link has not expired. */
  isValid(receiptNumber: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.sign(receiptNumber, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(receiptNumber: string, expires: number): string {
    return createHmac('sha256', this.settings.secret).update(`receipt\n${receiptNumber}\n${expires}`).digest('base64url');
  }
}
