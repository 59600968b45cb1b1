import type { SubgraphContext } from '@portal/kit';

export interface CatalogSettings {
  /**
   * pg_trgm word similarity (0..1) above which a search word matches a word of the catalogue text
   * despite a typo: 0.5 lets one wrong or missing letter in a 6-letter word through, and keeps
   * unrelated words (similarity below about 0.4) out.
   */
  wordSimilarityThreshold: number;
  /** In production an EDMS endpoint must be https (plain http only to loopback outside it). */
  production: boolean;
}

export const DEFAULT_CATALOG_SETTINGS: CatalogSettings = { wordSimilarityThreshold: 0.5, production: false };

/** The kit's per-request context plus the catalogue's settings. */
export interface CatalogContext extends SubgraphContext {
  settings: CatalogSettings;
}
