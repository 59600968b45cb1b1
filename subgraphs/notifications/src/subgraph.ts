import type { SubgraphDefinition } from '@portal/kit';
import type { NotificationsConfig } from './config';
import { notificationsEntities } from './entities';
import { notificationsMigrations } from './migrations';
import { buildNotificationsSchema } from './schema';

/** The notifications subgraph as the launcher, composition and tests run it. */
export function createNotificationsSubgraph(_config?: NotificationsConfig): SubgraphDefinition {
  return {
    name: 'notifications',
    schema: 'notifications',
    entities: notificationsEntities,
    migrations: notificationsMigrations,
    buildSchema: buildNotificationsSchema,
  };
}
