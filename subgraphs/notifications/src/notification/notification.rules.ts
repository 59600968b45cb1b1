import { isUuid } from '@portal/kit';

/** The most notifications one markNotificationsRead call may name. */
export const MAX_MARK_READ_IDS = 500;

/** Keyset position in the newest-first list: created_at (millisecond precision) and id break ties. */
export interface NotificationCursor {
  t: string;
  i: string;
}

export const isNotificationCursor = (value: unknown): value is NotificationCursor => {
  if (typeof value !== 'object' || value === null) return false;
  const { t, i } = value as Record<string, unknown>;
  return typeof t === 'string' && !Number.isNaN(Date.parse(t)) && typeof i === 'string' && isUuid(i);
};

export const cursorOf = (notification: { createdAt: Date; id: string }): NotificationCursor => ({
  t: notification.createdAt.toISOString(),
  i: notification.id,
});

/** What is wrong with the ids given to markNotificationsRead, or null when they can be used. */
export function markReadIdsProblem(ids: readonly string[]): string | null {
  if (ids.length > MAX_MARK_READ_IDS) {
    return `Mark at most ${MAX_MARK_READ_IDS} notifications at once; got ${ids.length}. Split the list.`;
  }
  const malformed = ids.findIndex((id) => !isUuid(id));
  if (malformed >= 0) return `ids[${malformed}] is not a notification id.`;
  return null;
}
