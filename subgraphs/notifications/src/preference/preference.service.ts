import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, forbidden, isUuid, requireUser, type SubgraphContext } from '@portal/kit';
import type { NotificationChannelCode } from '../delivery/delivery.rules';
import { DEFAULT_CHANNELS, normalizeChannels, preferenceProblems } from './preference.rules';

export interface PreferencesView {
  channels: NotificationChannelCode[];
  email: string | null;
  phone: string | null;
  telegramChatId: string | null;
  telegramLinked: boolean;
}

export const NOT_YOUR_PREFERENCES = 'You can see only your own notification preferences.';

async function preferencesOf(em: EntityManager, userIds: readonly string[]): Promise<PreferencesView[]> {
  const wanted = [...new Set(userIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const rows =
    wanted.length === 0
      ? []
      : await em.execute<Array<{ user_id: string; channels: NotificationChannelCode[] | null; telegram_chat_id: string | null; email: string | null; phone: string | null }>>(
          `select u.user_id, p.channels, p.telegram_chat_id, r.email, r.phone
             from unnest(?::uuid[]) as u (user_id)
             left join notifications.notification_preference p on p.user_id = u.user_id
             left join notifications.recipient r on r.user_id = u.user_id`,
          [`{${wanted.join(',')}}`],
        );
  const byUser = new Map(rows.map((row) => [row.user_id, row]));
  return userIds.map((id) => {
    const row = byUser.get(id.toLowerCase());
    const telegramChatId = row?.telegram_chat_id ?? null;
    return { channels: row?.channels ?? [...DEFAULT_CHANNELS], telegramChatId, telegramLinked: telegramChatId !== null, email: row?.email ?? null, phone: row?.phone ?? null };
  });
}

/** A user's preferences (defaults when never set), for that user only; one query per request. */
export function notificationPreferencesOf(ctx: SubgraphContext, userId: string): Promise<PreferencesView> {
  const caller = requireUser(ctx);
  if (caller.userId.toLowerCase() !== userId.toLowerCase()) throw forbidden(NOT_YOUR_PREFERENCES);
  return ctx.loaders.get<string, PreferencesView>('notificationPreferences', (ids) => preferencesOf(ctx.em, ids)).load(userId);
}

/** The signed-in user's preferences, read again after a change of their own. */
export async function ownPreferences(ctx: SubgraphContext): Promise<PreferencesView> {
  const caller = requireUser(ctx);
  const [current] = await preferencesOf(ctx.em, [caller.userId]);
  return current;
}

/** Saves the signed-in user's choice of channels after checking it against the account's addresses and linked chat. */
export async function updateNotificationPreferences(
  ctx: SubgraphContext,
  choice: { channels: readonly NotificationChannelCode[]; telegramChatId?: string | null },
): Promise<PreferencesView> {
  const caller = requireUser(ctx);
  const [current] = await preferencesOf(ctx.em, [caller.userId]);
  const problems = preferenceProblems(choice, current);
  if (problems.length > 0) {
    throw badInput(problems.map((problem) => problem.message).join(' '), { field: problems[0].field, problems });
  }
  const channels = normalizeChannels(choice.channels);
  // the linked chat stays as linking left it: only the choice of channels changes here
  await ctx.em.execute(
    `insert into notifications.notification_preference (user_id, channels, updated_at) values (?, ?, now())
     on conflict (user_id) do update set channels = excluded.channels, updated_at = excluded.updated_at`,
    [caller.userId.toLowerCase(), `{${channels.join(',')}}`],
  );
  return { ...current, channels };
}
