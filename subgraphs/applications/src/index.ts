import 'reflect-metadata';

export { applicationsEnvSpec, type ApplicationsConfig, loadApplicationsConfig } from './config';
export { applicationsEntities } from './entities';
export { applicationsMigrations } from './migrations';
export { buildApplicationsSchema } from './schema';
export { createApplicationsSubgraph } from './subgraph';
