import 'reflect-metadata';

export { applicationsEnvSpec, type ApplicationsConfig, loadApplicationsConfig } from './config';
export { applicationsEntities } from './entities';
export { applicationsMigrations } from './migrations';
export { buildApplicationsSchema } from './schema';
export { type ApplicationsSubgraphDefinition, type ApplicationsSubgraphOptions, type ApplicationsSubgraphSettings, createApplicationsSubgraph } from './subgraph';
