import type { MikroORM } from '@mikro-orm/postgresql';
import { asLanguage, type RawResponse, type Route } from '@portal/kit';
import { renderReceiptHtml } from './receipt-document.rules';
import type { ReceiptLinks } from './receipt-link.rules';
import { ReceiptEntity } from './receipt.entity';

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

const refused = (status: number, message: string): RawResponse => ({ status, headers: TEXT, body: message });

/** GET /receipts/:number — the printable receipt behind Receipt.downloadUrl; the signed link is the permission. */
export function receiptDownloadRoute(orm: MikroORM, links: ReceiptLinks): Route {
  return {
    method: 'GET',
    path: '/receipts/:number',
    async handle(request) {
      const number = request.params.number;
      if (!links.isValid(number, request.query.get('expires'), request.query.get('signature'))) {
        return refused(403, 'This receipt link is invalid or has expired. Open the receipt again from your cabinet to get a new link.');
      }
      const receipt = await orm.em.fork().findOne(ReceiptEntity, { number }, { populate: ['accrual'] });
      if (!receipt) return refused(404, 'There is no receipt with this number.');
      const accrual = receipt.accrual;
      const language = asLanguage(request.query.get('lang')?.toUpperCase()) ?? 'KY';
      const html = renderReceiptHtml(
        {
          number: receipt.number,
          uin: accrual.uin,
          payerPin: accrual.payerPin,
          purpose: { ky: accrual.purposeKy, ru: accrual.purposeRu },
          amountMinor: receipt.amountMinor,
          currency: accrual.currency,
          paidAt: receipt.paidAt,
          transactionId: receipt.transactionId,
        },
        language,
      );
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
