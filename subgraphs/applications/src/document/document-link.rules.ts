import { LinkSigner } from '@portal/kit';

/** How long a document download link works: enough to open or save it, short enough not to leak. */
export const DOCUMENT_LINK_TTL_SECONDS = 15 * 60;

/**
 * Signs and checks result-document download links. GET /documents/:number is opened by a browser,
 * not through the gateway, so the link carries the permission, handed out only through
 * ResultDocument.downloadUrl, that is to the holder and the provider's officers.
 * The number alone opens nothing.
 */
export class DocumentLinks {
  private readonly signer: LinkSigner;

  constructor(secret: string, ttlSeconds: number = DOCUMENT_LINK_TTL_SECONDS) {
    this.signer = new LinkSigner(secret, 'result-document', ttlSeconds);
  }

  /** `baseUrl` is where GET /documents is served, e.g. http://127.0.0.1:4003/documents. */
  urlFor(baseUrl: string, number: string, now: Date = new Date()): string {
    const query = new URLSearchParams(this.signer.sign(number, now));
    return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(number)}?${query.toString()}`;
  }

  /** True when the signature is this service's, for this number, and the link has not expired. */
  isValid(number: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    return this.signer.isValid(number, expires, signature, now);
  }
}

/** How long a link to the printable request works. */
export const REQUEST_LINK_TTL_SECONDS = 15 * 60;

/**
 * Signs and checks links to the printable request, GET /files/applications/requests/:id,
 * handed out through Application.printUrl to those who may read the application.
 */
export class RequestLinks {
  private readonly signer: LinkSigner;

  constructor(secret: string, ttlSeconds: number = REQUEST_LINK_TTL_SECONDS) {
    this.signer = new LinkSigner(secret, 'printable-request', ttlSeconds);
  }

  urlFor(filesBaseUrl: string, applicationId: string, now: Date = new Date()): string {
    const query = new URLSearchParams(this.signer.sign(applicationId, now));
    return `${filesBaseUrl.replace(/\/+$/, '')}/requests/${encodeURIComponent(applicationId)}?${query.toString()}`;
  }

  isValid(applicationId: string, expires: string | null, signature: string | null, now: Date = new Date()): boolean {
    return this.signer.isValid(applicationId, expires, signature, now);
  }
}
