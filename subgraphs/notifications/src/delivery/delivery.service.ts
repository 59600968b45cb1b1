import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '@portal/kit';
import { DeliveryEntity } from './delivery.entity';

async function deliveriesOf(em: EntityManager, notificationIds: readonly string[]): Promise<DeliveryEntity[][]> {
  const rows = await em.find(DeliveryEntity, { notification: { $in: [...new Set(notificationIds)] } }, { orderBy: { channel: 'asc' } });
  const byNotification = new Map<string, DeliveryEntity[]>();
  for (const row of rows) {
    const id = row.notification.id;
    byNotification.set(id, [...(byNotification.get(id) ?? []), row]);
  }
  return notificationIds.map((id) => byNotification.get(id) ?? []);
}

/** Deliveries of every notification on a page, in one query. */
export function deliveriesLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, DeliveryEntity[]>('deliveriesByNotification', (ids) => deliveriesOf(ctx.em, ids));
}
