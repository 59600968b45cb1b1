import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { startOutboxRelay, type SubgraphContext, type SubgraphDefinition } from '@portal/kit';
import { type CatalogContext, type CatalogSettings, DEFAULT_CATALOG_SETTINGS } from './context';
import { catalogMigrations } from './migrations';
import { ServiceChangeProposal } from './proposal/proposal.entity';
import { Provider, ProviderChannelChange } from './provider/provider.entity';
import { buildCatalogSchema } from './schema';
import { seedCatalogDemo } from './seed/demo-seed';
import { Service, ServiceVersion } from './service/service.entity';

export const CATALOG_SUBGRAPH_NAME = 'catalog';
export const CATALOG_DB_SCHEMA = 'catalog';

export const catalogEntities = [Provider, ProviderChannelChange, Service, ServiceVersion, ServiceChangeProposal];

/**
 * The catalog subgraph for runSubgraph / startTestSubgraph. Takes the loaded config (or just the
 * settings a test wants to change); runs the outbox relay that publishes ServiceVersionPublished.
 */
export function createCatalogSubgraph(config: Partial<CatalogSettings> & { NODE_ENV?: string } = {}): SubgraphDefinition<CatalogContext> {
  const settings: CatalogSettings = {
    wordSimilarityThreshold: config.wordSimilarityThreshold ?? DEFAULT_CATALOG_SETTINGS.wordSimilarityThreshold,
    production: config.production ?? config.NODE_ENV === 'production',
  };
  return {
    name: CATALOG_SUBGRAPH_NAME,
    schema: CATALOG_DB_SCHEMA,
    entities: catalogEntities,
    migrations: catalogMigrations,
    buildSchema: buildCatalogSchema,
    seed: (em: EntityManager) => seedCatalogDemo(em),
    extendContext: (base: SubgraphContext): CatalogContext => ({ ...base, settings }),
    background: (orm: MikroORM, { databaseUrl }) => [startOutboxRelay(orm, { databaseUrl, source: CATALOG_SUBGRAPH_NAME })],
  };
}
