import type { SubgraphDefinition } from '@portal/kit';
import type { ApplicationsConfig } from './config';
import { applicationsEntities } from './entities';
import { applicationsMigrations } from './migrations';
import { buildApplicationsSchema } from './schema';

/** The applications subgraph as the launcher, composition and tests run it. */
export function createApplicationsSubgraph(_config?: ApplicationsConfig): SubgraphDefinition {
  return {
    name: 'applications',
    schema: 'applications',
    entities: applicationsEntities,
    migrations: applicationsMigrations,
    buildSchema: buildApplicationsSchema,
  };
}
