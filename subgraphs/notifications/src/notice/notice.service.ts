import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type LocalizedText, domainEvent, recordEvents } from '@portal/kit';
import { CLOSING_NOTICE_TYPE, plannedDeliveries } from '../delivery/delivery.rules';
import { reachOf } from '../recipient/recipient.service';
import { renderNotice } from '../template/templates.rules';
import type { PlannedNotice } from './notice-triggers.rules';

/** A rendered notice ready to store: about an application, or (applicationId null) about the account. */
export interface RenderedNoticeToStore {
  userId: string;
  applicationId: string | null;
  type: string;
  title: LocalizedText;
  body: LocalizedText;
  sourceKey: string;
}

/**
 * Stores a notice with its deliveries and its NotificationCreated event, in the caller's
 * transaction. Returns the new notification's id, or null when this event (or this fact) has
 * already notified the user: the unique indexes make a replay a no-op, deliveries and event included.
 */
export async function createNotice(em: EntityManager, planned: PlannedNotice, sourceEventId: string): Promise<string | null> {
  const { title, body } = renderNotice(planned.notice);
  return storeNotice(em, { userId: planned.userId, applicationId: planned.applicationId, type: planned.notice.type, title, body, sourceKey: planned.sourceKey }, sourceEventId);
}

/** Stores a rendered notice with its deliveries and NotificationCreated event; null when this fact already notified. */
export async function storeNotice(em: EntityManager, planned: RenderedNoticeToStore, sourceEventId: string): Promise<string | null> {
  const { title, body } = planned;
  const id = randomUUID();
  const inserted = await em.execute<Array<{ id: string }>>(
    `insert into notifications.notification
       (id, user_id, type, title_ky, title_ru, body_ky, body_ru, application_id, source_event_id, source_key)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict do nothing
     returning id`,
    [id, planned.userId, planned.type, title.ky, title.ru, body.ky, body.ru, planned.applicationId, sourceEventId, planned.sourceKey],
  );
  if (inserted.length === 0) return null;

  const deliveries = plannedDeliveries(await reachOf(em, planned.userId), { closingNotice: planned.type === CLOSING_NOTICE_TYPE });
  await em.execute(
    `insert into notifications.delivery (notification_id, channel, status, attempts, last_error, updated_at, next_attempt_at, delivered_at)
     values ${deliveries.map(() => '(?, ?, ?, ?, ?, now(), case when ?::boolean then now() end, case when ?::boolean then now() end)').join(', ')}`,
    // a queued delivery is due at once: the delivery worker picks it up after this commits
    deliveries.flatMap((d) => [id, d.channel, d.status, d.attempts, d.lastError, d.status === 'QUEUED', d.status === 'DELIVERED']),
  );
  await recordEvents(em, [
    domainEvent(
      'NotificationCreated',
      { type: 'Notification', id, version: 1 },
      { notificationId: id, userId: planned.userId, applicationId: planned.applicationId, type: planned.type },
    ),
  ]);
  return id;
}
