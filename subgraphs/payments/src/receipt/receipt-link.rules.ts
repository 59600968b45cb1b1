import { type LanguageCode, LinkSigner } from '@portal/kit';

/** How long a receipt download link works: enough to open or print it, short enough not to leak. */
export const RECEIPT_LINK_TTL_SECONDS = 15 * 60;

/** Where this subgraph serves receipts; the gateway forwards the same paths from its origin. */
export const RECEIPTS_PATH = '/files/payments/receipts';

/** How a receipt opens: the printable page, the accessible PDF, or the data as JSON. */
export type ReceiptFileFormat = 'html' | 'pdf' | 'json';

export interface ReceiptLinkSettings {
  /** The gateway's public origin (links are made there; the gateway forwards them here). */
  gatewayUrl: string;
  secret: string;
  ttlSeconds?: number;
}

/**
 * Signs and checks receipt download links. The download route is not behind the gateway's caller
 * check (a browser opens it), so the link itself carries the permission, handed out only to the
 * payer and the provider's officers through Receipt.downloadUrl. The format and language are not
 * part of the permission.
 */
export class ReceiptLinks {
  private origin: string;
  private readonly signer: LinkSigner;

  constructor(settings: ReceiptLinkSettings) {
    this.origin = new URL(settings.gatewayUrl).origin;
    this.signer = new LinkSigner(settings.secret, 'receipt', settings.ttlSeconds ?? RECEIPT_LINK_TTL_SECONDS);
  }

  /** When the gateway's address is known only once it listens (tests). */
  useGatewayUrl(url: string): void {
    this.origin = new URL(url).origin;
  }

  urlFor(receiptNumber: string, language: LanguageCode, now: Date = new Date(), format: ReceiptFileFormat = 'html'): string {
    const query = new URLSearchParams({ lang: language.toLowerCase(), ...(format === 'html' ? {} : { format }), ...this.signer.sign(receiptNumber, now) });
    return `${this.origin}${RECEIPTS_PATH}/${encodeURIComponent(receiptNumber)}?${query.toString()}`;
  }

  /** True when the signature is this service's and the link has not expired. */
  isValid(receiptNumber: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    return this.signer.isValid(receiptNumber, expires, signature, now);
  }
}
