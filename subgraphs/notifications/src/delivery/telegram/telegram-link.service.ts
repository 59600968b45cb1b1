import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, type LanguageCode, requireUser, type SubgraphContext } from '@portal/kit';
import { hashLinkCode, linkCodeState, type LinkCodeState, telegramDeepLink } from './telegram.rules';

/** What linking needs from the config; absent when the platform runs without a Telegram bot. */
export interface TelegramLinkSettings {
  botUsername: string;
  linkTtlMs: number;
}

export const TELEGRAM_NOT_CONFIGURED = 'Telegram is not available on this portal: no Telegram bot is configured.';

/**
 * A one-time deep link for the signed-in user: a random code, stored only hashed, valid for the
 * configured time; an earlier unused code of the same user stops working.
 */
export async function startTelegramLink(em: EntityManager, userId: string, settings: TelegramLinkSettings, now = new Date()): Promise<{ url: string; expiresAt: Date }> {
  const code = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.linkTtlMs);
  await em.transactional(async (tx) => {
    await tx.execute(`delete from notifications.telegram_link_code where user_id = ? and used_at is null`, [userId]);
    await tx.execute(`insert into notifications.telegram_link_code (code_hash, user_id, expires_at, created_at) values (?, ?, ?, ?)`, [hashLinkCode(code), userId, expiresAt, now]);
  });
  return { url: telegramDeepLink(settings.botUsername, code), expiresAt };
}

/** The signed-in caller and the link settings; BAD_USER_INPUT when no bot is configured. */
export function requireLinkSettings(ctx: SubgraphContext & { telegram?: TelegramLinkSettings | null }): { userId: string; settings: TelegramLinkSettings } {
  const caller = requireUser(ctx);
  if (!ctx.telegram) throw badInput(TELEGRAM_NOT_CONFIGURED);
  return { userId: caller.userId.toLowerCase(), settings: ctx.telegram };
}

/** Forgets the user's chat: TELEGRAM notices stop (a TELEGRAM choice stays, its deliveries FAIL saying to link again). */
export async function unlinkTelegram(em: EntityManager, userId: string): Promise<void> {
  await em.execute(`update notifications.notification_preference set telegram_chat_id = null, updated_at = now() where user_id = ?`, [userId]);
}

/** The chat Telegram said cannot be reached (403) is unlinked from whoever had it. */
export async function markChatUnusable(em: EntityManager, chatId: string): Promise<void> {
  await em.execute(`update notifications.notification_preference set telegram_chat_id = null, updated_at = now() where telegram_chat_id = ?`, [chatId]);
}

/**
 * `/start <code>` from a private chat: in one transaction the code is used up and the chat linked to
 * the user who asked for the code (and unlinked from anyone who had it before). Answers the state of
 * the code and the language to reply in.
 */
export async function redeemLinkCode(em: EntityManager, code: string, chatId: string, now = new Date()): Promise<{ state: LinkCodeState; language: LanguageCode }> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<Array<{ user_id: string; expires_at: Date; used_at: Date | null; chat_id: string | null; preferred_language: LanguageCode | null }>>(
      `select c.user_id, c.expires_at, c.used_at, c.chat_id, r.preferred_language
         from notifications.telegram_link_code c
         left join notifications.recipient r on r.user_id = c.user_id
        where c.code_hash = ? for update of c`,
      [hashLinkCode(code)],
    );
    const state = linkCodeState(row ? { expiresAt: new Date(row.expires_at), usedAt: row.used_at ? new Date(row.used_at) : null } : null, now);
    const language: LanguageCode = row?.preferred_language === 'RU' ? 'RU' : 'KY';
    // the same update again (a webhook retried, a poll whose offset was not confirmed): confirmed again, nothing changes
    if (state === 'used' && row!.chat_id === chatId) return { state: 'valid', language };
    if (state !== 'valid') return { state, language };
    await tx.execute(`update notifications.telegram_link_code set used_at = ?, chat_id = ? where code_hash = ?`, [now, chatId, hashLinkCode(code)]);
    await tx.execute(`update notifications.notification_preference set telegram_chat_id = null, updated_at = now() where telegram_chat_id = ? and user_id <> ?`, [chatId, row!.user_id]);
    await tx.execute(
      `insert into notifications.notification_preference (user_id, channels, telegram_chat_id, updated_at) values (?, '{CABINET}', ?, now())
       on conflict (user_id) do update set telegram_chat_id = excluded.telegram_chat_id, updated_at = excluded.updated_at`,
      [row!.user_id, chatId],
    );
    return { state, language };
  });
}
