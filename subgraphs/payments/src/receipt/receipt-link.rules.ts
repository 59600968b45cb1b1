import { type LanguageCode, LinkSigner } from '@portal/kit';

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
 * check (a browser opens it), so the link itself carries the permission, handed out only to the
 * payer and the provider's officers through Receipt.downloadUrl.
 */
export class ReceiptLinks {
  private readonly baseUrl: string;
  private readonly signer: LinkSigner;

  constructor(settings: ReceiptLinkSettings) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, '');
    this.signer = new LinkSigner(settings.secret, 'receipt', settings.ttlSeconds ?? RECEIPT_LINK_TTL_SECONDS);
  }

  urlFor(receiptNumber: string, language: LanguageCode, now: Date = new Date()): string {
    const query = new URLSearchParams({ lang: language.toLowerCase(), ...this.signer.sign(receiptNumber, now) });
    return `${this.baseUrl}/receipts/${encodeURIComponent(receiptNumber)}?${query.toString()}`;
  }

  /** True when the signature is this service's and the link has not expired. */
  isValid(receiptNumber: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    return this.signer.isValid(receiptNumber, expires, signature, now);
  }
}
