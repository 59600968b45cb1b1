import type { EntityManager } from '@mikro-orm/postgresql';
import {
  isTundukRegistryDocument,
  type PopulationPerson,
  REGISTRY_DOCUMENT_SERVICES,
  REGISTRY_SERVICES,
  type TundukClient,
  TundukForgedAnswerError,
  TundukRejectedError,
  TundukUnavailableError,
} from '@portal/tunduk';
import type { RegisterPerson } from '../application/draft.rules';
import type { FetchOutcome, RegistrySource } from './registry-document.rules';
import type { RegistryFetcher, RegistryRead } from './registry-fetcher';

/**
 * The state registries through the Tunduk client: every exchange is in this subgraph's signed,
 * hash-chained message log (written in its own transaction, so a later rollback keeps it).
 */
export class TundukRegistryFetcher implements RegistryFetcher {
  constructor(private readonly client: TundukClient) {}

  sourceOf(code: string): RegistrySource | null {
    if (!isTundukRegistryDocument(code)) return null;
    const { service, registry, keyedBy } = REGISTRY_DOCUMENT_SERVICES[code];
    return { service, registry, keyedBy };
  }

  async fetchDocument(em: EntityManager, read: RegistryRead): Promise<FetchOutcome> {
    try {
      const answer = await this.client.request<unknown>(() => em.fork(), { service: read.source.service, path: read.key, userId: read.userId, issue: read.issue });
      return answer.status === 'OK' ? { kind: 'found', data: answer.data, messageId: answer.messageId } : { kind: 'not-found', messageId: answer.messageId };
    } catch (error) {
      if (error instanceof TundukUnavailableError) return { kind: 'unavailable', reason: error.message };
      if (error instanceof TundukForgedAnswerError) return { kind: 'forged', reason: error.message };
      if (error instanceof TundukRejectedError) return { kind: 'rejected', reason: error.message };
      throw error;
    }
  }

  async findPerson(em: EntityManager, read: { pin: string; userId: string; issue: string }): Promise<RegisterPerson | null> {
    const answer = await this.client.request<PopulationPerson>(() => em.fork(), { service: REGISTRY_SERVICES.populationPerson, path: read.pin, userId: read.userId, issue: read.issue });
    if (answer.status !== 'OK' || !answer.data) return null;
    const { surname, name, patronymic, birthDate, address } = answer.data;
    return { surname, name, patronymic, birthDate, address };
  }
}
