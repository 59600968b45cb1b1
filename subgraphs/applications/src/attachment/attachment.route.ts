import type { MikroORM } from '@mikro-orm/postgresql';
import { JSON_HEADERS, type Route } from '@portal/kit';
import { fileLanguageOf } from '../document/document-print.rules';
import { FILES_PREFIX, refusedFile } from '../document/document.route';
import type { AttachmentRuntime } from './attachment.service';
import { attachmentDownload, receiveUpload } from './attachment.service';

type Runtime = { attachments: AttachmentRuntime; now(): Date };

const NO_STORE = { ...JSON_HEADERS, 'cache-control': 'no-store' };

/**
 * POST /files/applications/uploads/:attachmentId?expires=…&signature=… — the bytes of a declared
 * attachment (startAttachmentUpload gave the link). 201 (or 200 when the same bytes came before)
 * with the FILE value {name, sha256, size, mimeType}; refusals in the user's language.
 */
export function attachmentUploadRoute(orm: MikroORM, runtime: Runtime): Route {
  return {
    method: 'POST',
    path: `${FILES_PREFIX}/uploads/:attachmentId`,
    async handle(request) {
      const language = fileLanguageOf(request.query, request.headers['accept-language']);
      const contentType = Array.isArray(request.headers['content-type']) ? request.headers['content-type'][0] : request.headers['content-type'];
      const outcome = await receiveUpload(orm, runtime, {
        attachmentId: request.params.attachmentId,
        expires: request.query.get('expires'),
        signature: request.query.get('signature'),
        contentType,
        body: request.body,
      });
      if (!outcome.ok) return refusedFile(outcome.status, outcome.message, language);
      return { status: outcome.created ? 201 : 200, headers: NO_STORE, body: JSON.stringify(outcome.file) };
    },
  };
}

/**
 * GET /files/applications/attachments/:attachmentId?expires=…&signature=… — an uploaded file, behind
 * Attachment.downloadUrl (handed out only to the applicant and the provider's officers). Always
 * an attachment download with the stored type, never rendered inline by the browser.
 */
export function attachmentDownloadRoute(orm: MikroORM, runtime: Runtime): Route {
  return {
    method: 'GET',
    path: `${FILES_PREFIX}/attachments/:attachmentId`,
    async handle(request) {
      const language = fileLanguageOf(request.query, request.headers['accept-language']);
      const found = await attachmentDownload(orm, runtime, { attachmentId: request.params.attachmentId, expires: request.query.get('expires'), signature: request.query.get('signature') });
      if (found === 'LINK_INVALID') {
        return refusedFile(403, { ky: 'Бул шилтеме жараксыз же мөөнөтү бүттү. Жаңы шилтеме алуу үчүн арызды кайра ачыңыз.', ru: 'Ссылка недействительна или её срок истёк. Откройте заявление ещё раз, чтобы получить новую ссылку.' }, language);
      }
      if (found === 'NOT_FOUND') return refusedFile(404, { ky: 'Мындай файл жок.', ru: 'Такого файла нет.' }, language);
      const asciiName = found.attachment.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return {
        status: 200,
        headers: {
          'content-type': found.attachment.mimeType,
          'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(found.attachment.name)}`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
        },
        body: found.bytes,
      };
    },
  };
}
