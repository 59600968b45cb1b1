import 'reflect-metadata';

export { catalogEnvSpec, type CatalogConfig, loadCatalogConfig } from './config';
export { type CatalogContext, type CatalogSettings, DEFAULT_CATALOG_SETTINGS } from './context';
export { catalogMigrations } from './migrations';
export { buildCatalogSchema } from './schema';
export { CATALOG_DB_SCHEMA, CATALOG_SUBGRAPH_NAME, catalogEntities, createCatalogSubgraph } from './subgraph';
export { DEMO_SERVICE_CODES, DEMO_SERVICE_IDS, type DemoServiceKey } from './seed/demo-service-ids';
