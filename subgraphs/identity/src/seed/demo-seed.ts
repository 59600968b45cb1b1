import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvents } from '@portal/kit';
import type { IdentityServices } from '../context';
import { Consent, UserAccount } from '../user/user.entity';
import { userProfileChanged } from '../user/user.events';
import { DEMO_ACCOUNTS } from './demo-accounts';

/**
 * Demo accounts with the kit's fixed ids (run once per database by the kit's seedOnce). They count as
 * identity-verified: the population register (the Tunduk stand-in's seed) holds the same people.
 */
export async function seedIdentityDemo(em: EntityManager, services: Pick<IdentityServices, 'passwords' | 'config'>): Promise<void> {
  const now = new Date();
  const accounts: UserAccount[] = [];
  for (const demo of DEMO_ACCOUNTS) {
    const account = Object.assign(new UserAccount(), {
      id: demo.id,
      kind: demo.kind,
      pin: demo.pin,
      fullName: demo.fullName,
      birthDate: demo.birthDate,
      address: demo.address,
      email: demo.email,
      phone: demo.phone,
      preferredLanguage: demo.preferredLanguage,
      roles: demo.roles,
      providerId: demo.providerId,
      passwordHash: await services.passwords.hash(demo.password),
      // the Tunduk stand-in's population register is seeded with these very people (platform/src/demo-accounts.ts)
      identityVerifiedAt: now,
      identityVerifiedBy: 'POPULATION_REGISTER' as const,
      createdAt: now,
      updatedAt: now,
    });
    const consent = Object.assign(new Consent(), {
      userId: demo.id,
      termsVersion: services.config.termsVersion,
      personalDataProcessing: true,
      acceptedAt: now,
      channel: 'DEMO_SEED' as const,
    });
    em.persist([account, consent]);
    accounts.push(account);
  }
  // Other subgraphs learn the demo people the way they learn everyone: from the event log.
  await recordEvents(em, accounts.map(userProfileChanged));
}
