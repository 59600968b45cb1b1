import type { MikroORM } from '@mikro-orm/postgresql';
import { JSON_HEADERS, type RawResponse, type Route } from '@portal/kit';
import type { ApplicationsRuntime } from '../context';
import { findIssuedDocument } from './document.service';

const NO_STORE = { ...JSON_HEADERS, 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

const refused = (status: number, error: string): RawResponse => ({ status, headers: NO_STORE, body: JSON.stringify({ error }) });

/**
 * GET /documents/:number?expires=…&signature=… — the signed result document behind
 * ResultDocument.downloadUrl: the document, its verification code, JWS, sha256 and the signer's
 * public key, so its holder can check it offline. Documents are confidential: the
 * signed, expiring link is the permission, and only the holder and the provider's officers get one;
 * the number alone (it runs in sequence) opens nothing. Public checking is verifyDocument's.
 */
export function documentDownloadRoute(orm: MikroORM, runtime: Pick<ApplicationsRuntime, 'documentLinks' | 'now'>): Route {
  return {
    method: 'GET',
    path: '/documents/:number',
    async handle(request) {
      const number = request.params.number;
      if (!runtime.documentLinks.isValid(number, request.query.get('expires'), request.query.get('signature'), runtime.now())) {
        return refused(403, 'This document link is invalid or has expired. Open the application in your cabinet again to get a new download link.');
      }
      const found = await findIssuedDocument(orm.em.fork(), number);
      if (!found) return refused(404, 'No document with this number was issued through the portal.');
      const { document } = found;
      return {
        status: 200,
        headers: { ...NO_STORE, 'content-disposition': `attachment; filename="${document.number}.json"` },
        body: JSON.stringify({
          number: document.number,
          verificationCode: document.verificationCode,
          issuedAt: document.issuedAt.toISOString(),
          serviceTitle: found.serviceTitle,
          issuer: found.issuer,
          document: document.document,
          sha256: document.sha256,
          signature: document.signature,
          signingKey: found.signerKey ? { id: found.signerKey.id, publicKeyJwk: found.signerKey.publicKeyJwk } : { id: document.signingKeyId, publicKeyJwk: null },
        }),
      };
    },
  };
}
