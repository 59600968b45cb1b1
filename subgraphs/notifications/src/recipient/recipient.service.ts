import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventPayloads } from '@portal/kit';
import type { RecipientReach } from '../delivery/delivery.rules';
import { DEFAULT_CHANNELS } from '../preference/preference.rules';

/**
 * Applies identity's UserProfileChanged: the latest profile in log order wins. Only contacts identity
 * announces as verified are kept (an event without the flags predates verification: unverified).
 */
export async function projectRecipient(em: EntityManager, profile: EventPayloads['UserProfileChanged']): Promise<void> {
  await em.execute(
    `insert into notifications.recipient (user_id, preferred_language, email, phone, blocked, closed, updated_at)
     values (?, ?, ?, ?, ?, ?, now())
     on conflict (user_id) do update set
       preferred_language = excluded.preferred_language,
       email = excluded.email,
       phone = excluded.phone,
       blocked = excluded.blocked,
       closed = excluded.closed,
       updated_at = now()`,
    [
      profile.userId,
      profile.preferredLanguage,
      profile.emailVerified === true ? profile.email?.trim() || null : null,
      profile.phoneVerified === true ? profile.phone?.trim() || null : null,
      profile.blocked,
      profile.closed === true,
    ],
  );
}

/** Where a user can be reached now: their chosen channels and the addresses identity knows. */
export async function reachOf(em: EntityManager, userId: string): Promise<RecipientReach> {
  const [row] = await em.execute<Array<{ channels: string[] | null; telegram_chat_id: string | null; email: string | null; phone: string | null; blocked: boolean | null; closed: boolean | null }>>(
    `select p.channels, p.telegram_chat_id, r.email, r.phone, r.blocked, r.closed
       from (select ?::uuid as user_id) u
       left join notifications.notification_preference p on p.user_id = u.user_id
       left join notifications.recipient r on r.user_id = u.user_id`,
    [userId],
  );
  return {
    channels: (row?.channels as RecipientReach['channels'] | null) ?? DEFAULT_CHANNELS,
    telegramChatId: row?.telegram_chat_id ?? null,
    email: row?.email ?? null,
    phone: row?.phone ?? null,
    blocked: row?.blocked ?? false,
    closed: row?.closed ?? false,
  };
}
