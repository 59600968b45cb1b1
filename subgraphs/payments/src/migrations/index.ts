import { Migration20261122000001Initial } from './Migration20261122000001Initial';

/** Every migration of the payments schema, oldest first. */
export const paymentsMigrations = [Migration20261122000001Initial];
