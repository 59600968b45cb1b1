import type { EntityManager } from '@mikro-orm/postgresql';
import { log, rememberBounded } from '@portal/kit';
import type { RegisterPerson } from '../application/draft.rules';
import type { RegistryFetcher } from './registry-fetcher';

/** Entries kept at most; the oldest go first. */
const MAX_CACHED_PEOPLE = 10_000;

/**
 * The population register's record of a signed-in citizen, for prefilling their drafts:
 * read through the registry client (logged in the message log, X-Road-UserId = the citizen) and
 * reused for a short time. Null when the register does not know the person or does not answer:
 * the draft is then prefilled from the profile, and says so.
 */
export class RegisterPrefill {
  private readonly cache = new Map<string, { person: RegisterPerson | null; until: number }>();

  constructor(
    private readonly fetcher: RegistryFetcher,
    private readonly ttlMs: number,
  ) {}

  async personFor(em: EntityManager, citizen: { userId: string; pin: string }): Promise<RegisterPerson | null> {
    const key = `${citizen.userId}:${citizen.pin}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.person;
    try {
      const person = await this.fetcher.findPerson(em, { pin: citizen.pin, userId: citizen.userId, issue: 'prefill of an application draft (R-27.4)' });
      this.remember(key, person);
      return person;
    } catch (error) {
      log.warn({ subgraph: 'applications', reason: String(error) }, 'population register did not answer: draft prefilled from the profile');
      return null;
    }
  }

  private remember(key: string, person: RegisterPerson | null): void {
    if (this.ttlMs <= 0) return;
    rememberBounded(this.cache, key, { person, until: Date.now() + this.ttlMs }, MAX_CACHED_PEOPLE);
  }
}
