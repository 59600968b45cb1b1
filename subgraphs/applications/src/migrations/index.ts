import { Migration20261122000001Initial } from './Migration20261122000001Initial';

/** Every migration of the applications schema, oldest first. */
export const applicationsMigrations = [Migration20261122000001Initial];
