import type { LanguageCode } from '@portal/kit';
import type { SendOutcome } from '../delivery-job.rules';

/** One notice as an email: its texts in the recipient's language and what the links point at. */
export interface EmailNotice {
  language: LanguageCode;
  title: string;
  body: string;
  applicationId: string | null;
  applicationNumber: string | null;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  cabinetUrl: string;
  preferencesUrl: string;
}

const FOOTER: Record<LanguageCode, { open: string; preferences: string; automatic: string }> = {
  KY: {
    open: 'Жеке кабинетте ачуу',
    preferences: 'Билдирүүлөрдү кантип алууну жеке кабинеттин жөндөөлөрүнөн тандаңыз',
    automatic: 'Бул кат автоматтык түрдө жөнөтүлдү, ага жооп бербеңиз.',
  },
  RU: {
    open: 'Открыть в личном кабинете',
    preferences: 'Способы получения уведомлений можно изменить в настройках личного кабинета',
    automatic: 'Это письмо отправлено автоматически, не отвечайте на него.',
  },
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Where the cabinet shows this notice's application (or the notices, for an account notice), and the preferences page. */
export function portalLinks(portalWebUrl: string, applicationId: string | null): { cabinetUrl: string; preferencesUrl: string } {
  const base = portalWebUrl.endsWith('/') ? portalWebUrl : `${portalWebUrl}/`;
  return {
    cabinetUrl: new URL(applicationId ? `cabinet/applications/${encodeURIComponent(applicationId)}` : 'cabinet/notifications', base).toString(),
    preferencesUrl: new URL('cabinet/settings/notifications', base).toString(),
  };
}

/** The subject names the application: the titles do already; one that does not gets the number added. */
export function emailSubject(notice: Pick<EmailNotice, 'title' | 'applicationNumber'>): string {
  const title = notice.title.replace(/\s+/g, ' ').trim();
  if (!notice.applicationNumber || title.includes(notice.applicationNumber)) return title;
  return `${title} (№ ${notice.applicationNumber})`;
}

/** The multipart email of a notice: plain text and the same in HTML, every user text escaped. */
export function composeEmail(notice: EmailNotice, portalWebUrl: string): ComposedEmail {
  const { cabinetUrl, preferencesUrl } = portalLinks(portalWebUrl, notice.applicationId);
  const footer = FOOTER[notice.language];
  const subject = emailSubject(notice);
  const paragraphs = notice.body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  const text = [subject, '', ...paragraphs.flatMap((p) => [p, '']), `${footer.open}: ${cabinetUrl}`, '', `${footer.preferences}: ${preferencesUrl}`, footer.automatic, ''].join('\n');
  const lang = notice.language.toLowerCase();
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1a1a1a">',
    `<h1 style="font-size: 20px">${escapeHtml(subject)}</h1>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p><a href="${escapeHtml(cabinetUrl)}">${escapeHtml(footer.open)}</a></p>`,
    `<hr><p style="font-size: 12px; color: #555"><a href="${escapeHtml(preferencesUrl)}">${escapeHtml(footer.preferences)}</a>. ${escapeHtml(footer.automatic)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html, cabinetUrl, preferencesUrl };
}

/** What nodemailer reports of a failed send. */
export interface SmtpFailure {
  message: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Whether trying again can help. A 5xx reply refuses this message or recipient for good (FAILED at
 * once), except a refused login, which the operator fixes in SMTP_URL: notices wait for that. 4xx
 * replies, refused connections, timeouts and dropped sockets are transient.
 */
export function classifySmtpFailure(error: SmtpFailure): Exclude<SendOutcome, { kind: 'sent' }> {
  const reply = (error.response ?? error.message).replace(/\s+/g, ' ').trim();
  const status = error.responseCode;
  if (error.code === 'EAUTH') {
    return { kind: 'transient', reason: `The mail server refused the portal's SMTP login (${reply}): check the user and password in SMTP_URL.` };
  }
  if (status !== undefined && status >= 500 && status < 600) {
    return { kind: 'permanent', reason: `The mail server refused the message for good (${reply}).` };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { kind: 'transient', reason: `The mail server deferred the message (${reply}).` };
  }
  return { kind: 'transient', reason: `The mail server could not be reached (${error.code ?? 'error'}: ${error.message.replace(/\s+/g, ' ').trim()}).` };
}
