import type { MikroORM } from '@mikro-orm/postgresql';
import { JSON_HEADERS, type Route } from '@portal/kit';
import { findIssuedDocument } from './document.service';

/**
 * GET /documents/:number — the signed result document behind ResultDocument.downloadUrl: the
 * document, its JWS, sha256 and the signer's public key, so anyone can check it offline.
 * Public by number on purpose: verifyDocument is public by number too (decree item 4: anyone
 * holding a document may verify it), and the number is what the holder shows to whoever checks.
 */
export function documentDownloadRoute(orm: MikroORM): Route {
  return {
    method: 'GET',
    path: '/documents/:number',
    async handle(request) {
      const found = await findIssuedDocument(orm.em.fork(), request.params.number);
      if (!found) {
        return { status: 404, headers: { ...JSON_HEADERS, 'cache-control': 'no-store' }, body: JSON.stringify({ error: 'No document with this number was issued through the portal; check the number.' }) };
      }
      const { document } = found;
      return {
        status: 200,
        headers: {
          ...JSON_HEADERS,
          'cache-control': 'no-store',
          'content-disposition': `attachment; filename="${document.number}.json"`,
          'x-content-type-options': 'nosniff',
        },
        body: JSON.stringify({
          number: document.number,
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
