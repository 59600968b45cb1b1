import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegisterPerson } from '../application/draft.rules';
import type { FetchOutcome, RegistrySource } from './registry-document.rules';

/** One registry read, made for `userId` (X-Road-UserId) with `issue` as its purpose (X-Road-Issue). */
export interface RegistryRead {
  source: RegistrySource;
  /** The PIN or tax number the document is about. */
  key: string;
  userId: string;
  issue: string;
}

/**
 * What the applications subgraph needs of the state registries (the Tunduk client behind it):
 * where each registry document comes from, fetching one, and the population register's record of
 * a person for prefill. `em` is where the client writes its message log (its own transaction).
 */
export interface RegistryFetcher {
  /** The registry service answering a document code, or null when no registry holds it. */
  sourceOf(code: string): RegistrySource | null;
  fetchDocument(em: EntityManager, read: RegistryRead): Promise<FetchOutcome>;
  /** The register's record of the person with this PIN; null when unknown; throws when the register does not answer. */
  findPerson(em: EntityManager, read: { pin: string; userId: string; issue: string }): Promise<RegisterPerson | null>;
}

/** No registry configured: no document is fetched (none is planned), and prefill comes from the profile. */
export const NO_REGISTRIES: RegistryFetcher = {
  sourceOf: () => null,
  fetchDocument: async () => ({ kind: 'unavailable', reason: 'No state registry client is configured.' }),
  findPerson: async () => {
    throw new Error('No state registry client is configured.');
  },
};
