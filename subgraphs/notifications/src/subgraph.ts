import { type SubgraphDefinition, startOutboxRelay } from '@portal/kit';
import type { NotificationsConfig } from './config';
import { notificationsEntities } from './entities';
import { notificationsMigrations } from './migrations';
import { startAccountNoticeConsumer } from './account/account-notice.consumer';
import { startNoticeConsumer } from './notice/notice.consumer';
import { startRecipientProjection } from './recipient/recipient.consumer';
import { buildNotificationsSchema } from './schema';

/** The notifications subgraph as the launcher, composition and tests run it. */
export function createNotificationsSubgraph(_config?: NotificationsConfig): SubgraphDefinition {
  return {
    name: 'notifications',
    schema: 'notifications',
    entities: notificationsEntities,
    migrations: notificationsMigrations,
    buildSchema: buildNotificationsSchema,
    // listed in drain order: recipients first so notices see them, the relay last so it publishes what they recorded
    background: (orm, { databaseUrl }) => [
      startRecipientProjection(orm, { databaseUrl }),
      startNoticeConsumer(orm, { databaseUrl }),
      startAccountNoticeConsumer(orm, { databaseUrl }),
      startOutboxRelay(orm, { databaseUrl, source: 'notifications' }),
    ],
  };
}
