import { createHash } from 'node:crypto';
import type { LanguageCode } from '@portal/kit';
import type { SendOutcome } from '../delivery-job.rules';

/** A Bot API answer as Telegram sends it (https://core.telegram.org/bots/api#making-requests). */
export interface BotApiAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Telegram's limit on the text of one message. */
export const TELEGRAM_TEXT_LIMIT = 4096;

const FOOTER: Record<LanguageCode, string> = {
  KY: 'Жеке кабинетте ачуу',
  RU: 'Открыть в личном кабинете',
};

/**
 * A notice as one plain-text Telegram message (no parse mode: nothing in it is markup), in the
 * recipient's language, naming the application number and linking to the cabinet.
 */
export function composeTelegramText(
  notice: { language: LanguageCode; title: string; body: string; applicationNumber: string | null },
  cabinetUrl: string,
): string {
  const title = notice.title.replace(/\s+/g, ' ').trim();
  const heading = notice.applicationNumber && !title.includes(notice.applicationNumber) ? `${title} (№ ${notice.applicationNumber})` : title;
  const footer = `${FOOTER[notice.language]}: ${cabinetUrl}`;
  const room = TELEGRAM_TEXT_LIMIT - heading.length - footer.length - 4;
  const body = notice.body.trim();
  const fitted = body.length > room ? `${body.slice(0, Math.max(0, room - 1))}…` : body;
  return `${heading}\n\n${fitted}\n\n${footer}`;
}

/** How one sendMessage call went, from the HTTP status and the Bot API answer (null when unreadable). */
export function classifyBotApiAnswer(status: number, answer: BotApiAnswer | null): SendOutcome {
  if (answer?.ok === true && status >= 200 && status < 300) {
    const id = (answer.result as { message_id?: unknown } | undefined)?.message_id;
    // the Bot API answers with the Message it put in the chat: Telegram is the last hop, so it is delivered
    return { kind: 'sent', providerMessageId: typeof id === 'number' || typeof id === 'string' ? String(id) : null, delivered: true };
  }
  const code = answer?.error_code ?? status;
  const description = answer?.description ?? `HTTP ${status}`;
  if (code === 429) {
    const seconds = answer?.parameters?.retry_after;
    const retryAfterMs = typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds * 1000) : undefined;
    return { kind: 'transient', reason: `Telegram asked to slow down (429): ${description}`, ...(retryAfterMs ? { retryAfterMs } : {}) };
  }
  if (code === 403) return { kind: 'permanent', reason: `Telegram refused the chat (403): ${description}. Link Telegram again with startTelegramLink.` };
  if (code >= 500 || code === 0) return { kind: 'transient', reason: `Telegram is unavailable (${code}): ${description}` };
  // 400 chat not found, 401 bad token and the like: the same request cannot succeed later
  return { kind: 'permanent', reason: `Telegram refused the message (${code}): ${description}` };
}

/** A 403 from Telegram means the user blocked the bot or the chat is gone: the link cannot be used any more. */
export function chatIsUnusable(status: number, answer: BotApiAnswer | null): boolean {
  return (answer?.error_code ?? status) === 403;
}

/** The code of `/start <code>` (what a t.me deep link sends), or null for any other text. */
export function startCode(text: string | undefined): string | null {
  const match = /^\/start(?:@[A-Za-z0-9_]+)?\s+([A-Za-z0-9_-]{16,64})\s*$/.exec(text ?? '');
  return match ? match[1] : null;
}

/** Link codes are stored only as this hash: a leaked table links nobody's chat. */
export function hashLinkCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** The deep link that opens the bot with the code: https://t.me/<bot>?start=<code>. */
export function telegramDeepLink(botUsername: string, code: string): string {
  return `https://t.me/${encodeURIComponent(botUsername.replace(/^@/, ''))}?start=${encodeURIComponent(code)}`;
}

export type LinkCodeState = 'unknown' | 'used' | 'expired' | 'valid';

/** Whether a stored link code may link a chat now: once, and before it expires. */
export function linkCodeState(row: { expiresAt: Date; usedAt: Date | null } | null, now: Date): LinkCodeState {
  if (!row) return 'unknown';
  if (row.usedAt) return 'used';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** What the bot answers in the chat after /start: the user's language when the code named a user. */
export function linkReply(state: LinkCodeState, language: LanguageCode): string {
  if (state === 'valid') {
    return language === 'RU'
      ? 'Telegram подключён: уведомления госпортала будут приходить в этот чат, если вы выберете TELEGRAM в настройках уведомлений.'
      : 'Telegram туташтырылды: билдирүүлөрдүн жөндөөлөрүнөн TELEGRAM тандасаңыз, мамлекеттик порталдын билдирүүлөрү ушул чатка келет.';
  }
  return language === 'RU'
    ? 'Эта ссылка недействительна или устарела. Получите новую в личном кабинете: Настройки → Уведомления → Подключить Telegram.'
    : 'Бул шилтеме жараксыз же мөөнөтү өтүп кеткен. Жеке кабинеттен жаңысын алыңыз: Жөндөөлөр → Билдирүүлөр → Telegram туташтыруу.';
}
