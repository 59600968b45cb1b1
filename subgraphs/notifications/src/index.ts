import 'reflect-metadata';

export { loadNotificationsConfig, type NotificationsConfig, notificationsEnvSpec } from './config';
export { notificationsEntities } from './entities';
export { notificationsMigrations } from './migrations';
export { buildNotificationsSchema } from './schema';
export { createNotificationsSubgraph } from './subgraph';
export { NOTIFICATION_TYPES, type NotificationType } from './template/templates.rules';
