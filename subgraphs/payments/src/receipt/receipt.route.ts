import type { MikroORM } from '@mikro-orm/postgresql';
import { asLanguage, type RawResponse, type Route } from '@portal/kit';
import { AccrualEntity } from '../accrual/accrual.entity';
import { RefundEntity } from '../refund/refund.entity';
import { type ReceiptDocument, renderReceiptHtml } from './receipt-document.rules';
import type { ReceiptLinks } from './receipt-link.rules';
import { ReceiptEntity } from './receipt.entity';

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

const refused = (status: number, message: string): RawResponse => ({ status, headers: TEXT, body: message });

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
 * GET /receipts/:number — the printable receipt behind Receipt.downloadUrl and RefundReceipt.downloadUrl;
 * the signed link is the permission.
 */
export function receiptDownloadRoute(orm: MikroORM, links: ReceiptLinks): Route {
  return {
    method: 'GET',
    path: '/receipts/:number',
    async handle(request) {
      const number = request.params.number;
      if (!links.isValid(number, request.query.get('expires'), request.query.get('signature'))) {
        return refused(403, 'This receipt link is invalid or has expired. Open the receipt again from your cabinet to get a new link.');
      }
      const document = await receiptDocument(orm, number);
      if (!document) return refused(404, 'There is no receipt with this number.');
      const language = asLanguage(request.query.get('lang')?.toUpperCase()) ?? 'KY';
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
