import type { MikroORM } from '@mikro-orm/postgresql';
import { asLanguage, languageFromAcceptLanguage, type LanguageCode, type RawResponse, renderPdf, type Route } from '@portal/kit';
import { AccrualEntity } from '../accrual/accrual.entity';
import { RefundEntity } from '../refund/refund.entity';
import { type ReceiptDocument, receiptJson, receiptPrintable, renderReceiptHtml } from './receipt-document.rules';
import { type ReceiptLinks, RECEIPTS_PATH } from './receipt-link.rules';
import { ReceiptEntity } from './receipt.entity';

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
const PRIVATE = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

const refused = (status: number, message: string): RawResponse => ({ status, headers: TEXT, body: message });

const REFUSALS = {
  LINK_INVALID: {
    KY: 'Бул квитанциянын шилтемеси жараксыз же мөөнөтү бүттү. Жаңы шилтеме алуу үчүн квитанцияны кабинетиңизден кайра ачыңыз.',
    RU: 'Ссылка на квитанцию недействительна или её срок истёк. Откройте квитанцию в личном кабинете ещё раз, чтобы получить новую ссылку.',
  },
  NOT_FOUND: { KY: 'Мындай номердеги квитанция жок.', RU: 'Квитанции с таким номером нет.' },
  FORMAT: { KY: 'Белгисиз формат: format=html, format=pdf же format=json деп көрсөтүңүз.', RU: 'Неизвестный формат: укажите format=html, format=pdf или format=json.' },
} as const;

/** The payment receipt R-…, or the refund receipt RF-…, as printed. */
async function receiptDocument(orm: MikroORM, number: string): Promise<ReceiptDocument | null> {
  const em = orm.em.fork();
  const of = (accrual: AccrualEntity) => ({ uin: accrual.uin, payerPin: accrual.payerPin, purpose: { ky: accrual.purposeKy, ru: accrual.purposeRu }, currency: accrual.currency });
  if (number.startsWith('RF-')) {
    const refund = await em.findOne(RefundEntity, { receiptNumber: number, status: 'COMPLETED' });
    if (!refund?.completedAt || !refund.transactionId) return null;
    const accrual = await em.findOneOrFail(AccrualEntity, { id: refund.accrualId });
    return { kind: 'REFUND', number, ...of(accrual), amountMinor: refund.amountMinor, paidAt: refund.completedAt, transactionId: refund.transactionId };
  }
  const receipt = await em.findOne(ReceiptEntity, { number }, { populate: ['accrual'] });
  if (!receipt) return null;
  return { kind: 'PAYMENT', number, ...of(receipt.accrual), amountMinor: receipt.amountMinor, paidAt: receipt.paidAt, transactionId: receipt.transactionId };
}

/**
 * GET /files/payments/receipts/:number?expires=…&signature=…[&format=html|pdf|json][&lang=ky|ru] — the
 * receipt behind Receipt.downloadUrl and RefundReceipt.downloadUrl (the gateway forwards the same
 * path from its origin): the printable page (default), the accessible PDF or JSON. The signed link
 * is the permission; refusals are in the link's language.
 */
export function receiptDownloadRoute(orm: MikroORM, links: ReceiptLinks): Route {
  return {
    method: 'GET',
    path: `${RECEIPTS_PATH}/:number`,
    async handle(request) {
      const number = request.params.number;
      const language: LanguageCode = asLanguage(request.query.get('lang')?.toUpperCase()) ?? languageFromAcceptLanguage(single(request.headers['accept-language'])) ?? 'KY';
      if (!links.isValid(number, request.query.get('expires'), request.query.get('signature'))) {
        return refused(403, REFUSALS.LINK_INVALID[language]);
      }
      const format = request.query.get('format') || 'html';
      if (format !== 'html' && format !== 'pdf' && format !== 'json') return refused(400, REFUSALS.FORMAT[language]);
      const document = await receiptDocument(orm, number);
      if (!document) return refused(404, REFUSALS.NOT_FOUND[language]);
      if (format === 'pdf') {
        const pdf = await renderPdf(receiptPrintable(document, language));
        return { status: 200, headers: { ...PRIVATE, 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${number}.pdf"` }, body: pdf };
      }
      if (format === 'json') {
        return { status: 200, headers: { ...PRIVATE, 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${number}.json"` }, body: JSON.stringify(receiptJson(document)) };
      }
      const html = renderReceiptHtml(document, language);
      return {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'private, no-store',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        },
        body: html,
      };
    },
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
