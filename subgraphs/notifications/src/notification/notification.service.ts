import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, decodeCursor, encodeCursor, forbidden, isUuid, pageSize, requireUser, type SubgraphContext } from '@portal/kit';
import { NotificationEntity } from './notification.entity';
import { cursorOf, isNotificationCursor, markReadIdsProblem } from './notification.rules';

export interface NotificationPage {
  notifications: NotificationEntity[];
  cursors: string[];
  hasNextPage: boolean;
}

export interface NotificationCounts {
  total: number;
  unread: number;
}

export const NOT_YOUR_NOTIFICATIONS = 'You can see only your own notifications.';

/** Only the user reads their notifications; anyone else is refused. */
export function requireOwnNotifications(ctx: SubgraphContext, userId: string): void {
  const caller = requireUser(ctx);
  if (caller.userId.toLowerCase() !== userId.toLowerCase()) throw forbidden(NOT_YOUR_NOTIFICATIONS);
}

/**
 * One notification for its owner: null when no such notification exists, FORBIDDEN for anyone
 * else. The gateway runs this for every notificationAdded event as the subscriber.
 */
export async function ownNotification(ctx: SubgraphContext, id: string): Promise<NotificationEntity | null> {
  const caller = requireUser(ctx);
  if (!isUuid(id)) return null;
  const notification = await ctx.em.findOne(NotificationEntity, { id: id.toLowerCase() });
  if (!notification) return null;
  if (notification.userId.toLowerCase() !== caller.userId.toLowerCase()) throw forbidden(NOT_YOUR_NOTIFICATIONS);
  return notification;
}

/** One page of a user's notifications, newest first, after the keyset cursor. */
export async function notificationPage(
  em: EntityManager,
  userId: string,
  options: { unreadOnly: boolean; first?: number | null; after?: string | null },
): Promise<NotificationPage> {
  const size = pageSize(options.first);
  const after = decodeCursor(options.after, isNotificationCursor);
  if (!isUuid(userId)) return { notifications: [], cursors: [], hasNextPage: false };
  const where: FilterQuery<NotificationEntity> = { userId: userId.toLowerCase() };
  if (options.unreadOnly) where.readAt = null;
  if (after) {
    const at = new Date(after.t);
    // (created_at, id) < (at, id), spelled so the (user_id, created_at desc, id desc) index bounds the scan
    where.$and = [{ createdAt: { $lte: at } }, { $or: [{ createdAt: { $lt: at } }, { id: { $lt: after.i } }] }];
  }
  const rows = await em.find(NotificationEntity, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: size + 1 });
  const notifications = rows.slice(0, size);
  return { notifications, cursors: notifications.map((n) => encodeCursor(cursorOf(n))), hasNextPage: rows.length > size };
}

async function countsOf(em: EntityManager, userIds: readonly string[]): Promise<NotificationCounts[]> {
  const wanted = [...new Set(userIds.filter(isUuid))];
  if (wanted.length === 0) return userIds.map(() => ({ total: 0, unread: 0 }));
  const rows = await em.execute<Array<{ user_id: string; total: number; unread: number }>>(
    `select user_id, count(*)::int as total, (count(*) filter (where read_at is null))::int as unread
       from notifications.notification
      where user_id = any(?::uuid[])
      group by user_id`,
    [`{${wanted.join(',')}}`],
  );
  const byUser = new Map(rows.map((row) => [row.user_id, { total: row.total, unread: row.unread }]));
  return userIds.map((id) => byUser.get(id) ?? { total: 0, unread: 0 });
}

/** Total and unread counts of a user's notifications: one query per request, shared by both fields. */
export function notificationCounts(ctx: SubgraphContext, userId: string): Promise<NotificationCounts> {
  return ctx.loaders.get<string, NotificationCounts>('notificationCounts', (ids) => countsOf(ctx.em, ids)).load(userId.toLowerCase());
}

/** Marks the caller's own unread notifications among `ids` as read; returns how many changed. */
export async function markNotificationsRead(ctx: SubgraphContext, ids: readonly string[]): Promise<number> {
  const caller = requireUser(ctx);
  const problem = markReadIdsProblem(ids);
  if (problem) throw badInput(problem, { field: 'ids' });
  if (ids.length === 0) return 0;
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  return ctx.em.nativeUpdate(NotificationEntity, { id: { $in: unique }, userId: caller.userId.toLowerCase(), readAt: null }, { readAt: new Date() });
}
