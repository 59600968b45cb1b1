import { Migration20261122000001Initial } from './Migration20261122000001Initial';

/** Every migration of the notifications schema, oldest first. */
export const notificationsMigrations = [Migration20261122000001Initial];
