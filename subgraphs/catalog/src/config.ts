import { loadConfig, port, str, subgraphEnvSpec } from '@portal/kit';
import { DEFAULT_CATALOG_SETTINGS } from './context';

export const catalogEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: 4002, desc: 'HTTP port of the catalog subgraph' }),
  CATALOG_SEARCH_WORD_SIMILARITY: str({
    default: String(DEFAULT_CATALOG_SETTINGS.wordSimilarityThreshold),
    desc: 'pg_trgm word similarity (0..1, exclusive) above which a misspelt search word still matches',
  }),
};

/** The catalog subgraph's validated settings (development defaults refused in production). */
export function loadCatalogConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(catalogEnvSpec, env);
  const wordSimilarityThreshold = Number(config.CATALOG_SEARCH_WORD_SIMILARITY);
  if (!(wordSimilarityThreshold > 0 && wordSimilarityThreshold < 1)) {
    throw new Error(`Invalid configuration:\n  CATALOG_SEARCH_WORD_SIMILARITY: must be a number between 0 and 1; got "${config.CATALOG_SEARCH_WORD_SIMILARITY}"`);
  }
  return { ...config, wordSimilarityThreshold };
}

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;
