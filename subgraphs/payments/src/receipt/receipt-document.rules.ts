import type { LanguageCode, PrintableDocument } from '@portal/kit';

export interface ReceiptDocument {
  /** A payment's receipt, or the receipt of its refund (paidAt is then when the money went back). */
  kind?: 'PAYMENT' | 'REFUND';
  number: string;
  uin: string;
  payerPin: string;
  purpose: { ky: string; ru: string };
  amountMinor: number;
  currency: string;
  paidAt: Date;
  transactionId: string;
}

const LABELS = {
  KY: {
    title: 'Төлөм квитанциясы',
    number: 'Квитанциянын номери',
    uin: 'Эсептөөнүн уникалдуу идентификатору',
    payer: 'Төлөөчүнүн идентификатору (ПИН/ИНН)',
    purpose: 'Төлөмдүн максаты',
    amount: 'Сумма',
    paidAt: 'Төлөнгөн убакыт (Бишкек)',
    transaction: 'Төлөм системасындагы транзакциянын номери',
  },
  RU: {
    title: 'Квитанция об оплате',
    number: 'Номер квитанции',
    uin: 'Уникальный идентификатор начисления',
    payer: 'Идентификатор плательщика (ПИН/ИНН)',
    purpose: 'Назначение платежа',
    amount: 'Сумма',
    paidAt: 'Дата и время оплаты (Бишкек)',
    transaction: 'Номер транзакции в платёжной системе',
  },
} as const;

/** What changes on the receipt of a refund. */
const REFUND_LABELS = {
  KY: { title: 'Төлөмдү кайтаруу квитанциясы', paidAt: 'Кайтарылган убакыт (Бишкек)', transaction: 'Кайтаруунун төлөм системасындагы номери' },
  RU: { title: 'Квитанция о возврате платежа', paidAt: 'Дата и время возврата (Бишкек)', transaction: 'Номер возврата в платёжной системе' },
} as const;

/** 15000 tyiyn -> "150.00 KGS". */
export function formatAmount(amountMinor: number, currency: string): string {
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')} ${currency}`;
}

/** Bishkek wall-clock time (UTC+6, no daylight saving), e.g. "2026-11-22 14:05". */
export function formatBishkekTime(at: Date): string {
  const local = new Date(at.getTime() + 6 * 60 * 60 * 1000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function receiptRows(receipt: ReceiptDocument, language: LanguageCode): { title: string; rows: Array<[string, string]> } {
  const labels = receipt.kind === 'REFUND' ? { ...LABELS[language], ...REFUND_LABELS[language] } : LABELS[language];
  return {
    title: labels.title,
    rows: [
      [labels.number, receipt.number],
      [labels.uin, receipt.uin],
      [labels.payer, receipt.payerPin],
      [labels.purpose, language === 'RU' ? receipt.purpose.ru : receipt.purpose.ky],
      [labels.amount, formatAmount(receipt.amountMinor, receipt.currency)],
      [labels.paidAt, formatBishkekTime(receipt.paidAt)],
      [labels.transaction, receipt.transactionId],
    ],
  };
}

/** The receipt for the accessible PDF (kit renderPdf): the same rows as the printable page. */
export function receiptPrintable(receipt: ReceiptDocument, language: LanguageCode): PrintableDocument {
  const { title, rows } = receiptRows(receipt, language);
  return { title: `${title} ${receipt.number}`, language: language === 'RU' ? 'ru' : 'ky', sections: [{ rows: rows.map(([label, value]) => ({ label, value })) }] };
}

/** The receipt as JSON: amounts in minor units, times in ISO 8601 UTC. */
export function receiptJson(receipt: ReceiptDocument): Record<string, unknown> {
  return {
    kind: receipt.kind ?? 'PAYMENT',
    number: receipt.number,
    uin: receipt.uin,
    payerId: receipt.payerPin,
    purpose: receipt.purpose,
    amount: { amountMinor: receipt.amountMinor, currency: receipt.currency },
    paidAt: receipt.paidAt.toISOString(),
    paymentSystemTransactionId: receipt.transactionId,
  };
}

/** A printable, accessible (WCAG 2.1 AA: language, title, table headers, contrast) HTML receipt. */
export function renderReceiptHtml(receipt: ReceiptDocument, language: LanguageCode): string {
  const { title, rows } = receiptRows(receipt, language);
  const labels = { title };
  const body = rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="${language === 'RU' ? 'ru' : 'ky'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${labels.title} ${receipt.number}`)}</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; color: #111; background: #fff; margin: 2rem auto; max-width: 44rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: .5rem .75rem; text-align: left; vertical-align: top; }
th { width: 40%; font-weight: 600; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
<h1 id="receipt-title">${escapeHtml(labels.title)}</h1>
<table aria-labelledby="receipt-title">
${body}
</table>
</main>
</body>
</html>
`;
}
