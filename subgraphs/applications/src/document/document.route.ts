import type { MikroORM } from '@mikro-orm/postgresql';
import { isUuid, JSON_HEADERS, type LanguageCode, type LocalizedText, localize, type RawResponse, renderPdf, type Route } from '@portal/kit';
import { ApplicationEntity } from '../application/application.entity';
import type { ApplicationsRuntime } from '../context';
import { ServiceVersionEntity } from '../projection/projection.entity';
import { FILE_REFUSALS, fileFormatOf, fileLanguageOf, type RequestPrint, requestJson, requestPrintable, resultDocumentPrintable } from './document-print.rules';
import { findIssuedDocument } from './document.service';

/** Where this subgraph serves files; the gateway forwards the same paths from its origin. */
export const FILES_PREFIX = '/files/applications';

const PRIVATE = { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
const NO_STORE = { ...JSON_HEADERS, ...PRIVATE };

/** A refusal of a file route: the status and a message in the user's language. */
export const refusedFile = (status: number, message: LocalizedText, language: LanguageCode): RawResponse => ({
  status,
  headers: NO_STORE,
  body: JSON.stringify({ error: localize(message, language) }),
});

/** A file answer: JSON or the accessible PDF, as an attachment named after it. */
export async function fileAnswer(format: 'pdf' | 'json', name: string, json: unknown, pdf: () => Promise<Buffer>): Promise<RawResponse> {
  if (format === 'pdf') {
    return { status: 200, headers: { ...PRIVATE, 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"` }, body: await pdf() };
  }
  return { status: 200, headers: { ...NO_STORE, 'content-disposition': `attachment; filename="${name}.json"` }, body: JSON.stringify(json) };
}

/**
 * GET /files/applications/documents/:number?expires=…&signature=…[&format=pdf|json][&lang=ky|ru] — the
 * signed result document behind ResultDocument.downloadUrl. JSON (default): the document, its
 * verification code, JWS, sha256 and the signer's public key, so its holder can check it offline;
 * PDF: the accessible printed form. Documents are confidential: the signed, expiring
 * link is the permission, and only the holder and the provider's officers get one; the number
 * alone (it runs in sequence) opens nothing. Public checking is verifyDocument's.
 */
export function documentDownloadRoute(orm: MikroORM, runtime: Pick<ApplicationsRuntime, 'documentLinks' | 'now'>): Route {
  return {
    method: 'GET',
    path: `${FILES_PREFIX}/documents/:number`,
    async handle(request) {
      const number = request.params.number;
      const language = fileLanguageOf(request.query, request.headers['accept-language']);
      if (!runtime.documentLinks.isValid(number, request.query.get('expires'), request.query.get('signature'), runtime.now())) {
        return refusedFile(403, FILE_REFUSALS.LINK_INVALID, language);
      }
      const format = fileFormatOf(request.query);
      if (!format) return refusedFile(400, FILE_REFUSALS.FORMAT, language);
      const found = await findIssuedDocument(orm.em.fork(), number);
      if (!found) return refusedFile(404, FILE_REFUSALS.DOCUMENT_NOT_FOUND, language);
      const { document } = found;
      const json = {
        number: document.number,
        verificationCode: document.verificationCode,
        issuedAt: document.issuedAt.toISOString(),
        serviceTitle: found.serviceTitle,
        issuer: found.issuer,
        document: document.document,
        sha256: document.sha256,
        signature: document.signature,
        signingKey: found.signerKey ? { id: found.signerKey.id, publicKeyJwk: found.signerKey.publicKeyJwk } : { id: document.signingKeyId, publicKeyJwk: null },
      };
      return fileAnswer(format, document.number, json, () =>
        renderPdf(resultDocumentPrintable({ ...document, serviceTitle: found.serviceTitle, issuer: found.issuer }, language)),
      );
    },
  };
}

/**
 * GET /files/applications/requests/:applicationId?expires=…&signature=…[&format=pdf|json][&lang=ky|ru]:
 * the application as submitted, behind Application.printUrl; PDF by default. The signed,
 * expiring link is the permission, handed out only to the applicant and the provider's officers.
 */
export function printableRequestRoute(orm: MikroORM, runtime: Pick<ApplicationsRuntime, 'requestLinks' | 'now'>): Route {
  return {
    method: 'GET',
    path: `${FILES_PREFIX}/requests/:applicationId`,
    async handle(request) {
      const applicationId = request.params.applicationId;
      const language = fileLanguageOf(request.query, request.headers['accept-language']);
      if (!runtime.requestLinks.isValid(applicationId, request.query.get('expires'), request.query.get('signature'), runtime.now())) {
        return refusedFile(403, FILE_REFUSALS.LINK_INVALID, language);
      }
      const format = fileFormatOf(request.query, 'pdf');
      if (!format) return refusedFile(400, FILE_REFUSALS.FORMAT, language);
      const em = orm.em.fork();
      const application = isUuid(applicationId) ? await em.findOne(ApplicationEntity, { id: applicationId }) : null;
      const service = application ? await em.findOne(ServiceVersionEntity, { serviceId: application.serviceId, version: application.serviceVersion }) : null;
      if (!application || !service) return refusedFile(404, FILE_REFUSALS.APPLICATION_NOT_FOUND, language);
      const print: RequestPrint = {
        applicationId: application.id,
        number: application.number,
        status: application.status,
        submittedAt: application.submittedAt,
        serviceTitle: service.title,
        providerName: service.providerName,
        form: service.form,
        data: application.data,
      };
      return fileAnswer(format, application.number ?? `draft-${application.id}`, requestJson(print), () => renderPdf(requestPrintable(print, language)));
    },
  };
}
