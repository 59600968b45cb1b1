import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvents } from '@portal/kit';
import { Provider } from '../provider/provider.entity';
import { providerAppealBodyConfigured } from '../provider/provider.events';
import { Service } from '../service/service.entity';
import { type PublishedVersion, recordServiceVersionsPublished } from '../service/service.events';
import { createServiceVersion } from '../service/service.service';
import { DEMO_PROVIDER_LIST } from './demo-providers';
import { DEMO_SERVICES } from './demo-services';

/**
 * The demo catalogue: providers and version 1 of each demo service, with their
 * ServiceVersionPublished events (run once per database by the kit, in one transaction).
 */
export async function seedCatalogDemo(em: EntityManager): Promise<void> {
  const providers = new Map(
    DEMO_PROVIDER_LIST.map((provider) => [
      provider.code,
      em.create(Provider, { id: provider.id, code: provider.code, nameKy: provider.name.ky, nameRu: provider.name.ru }),
    ]),
  );
  const published: PublishedVersion[] = [];
  for (const service of DEMO_SERVICES) {
    const provider = providers.get(service.provider);
    if (!provider) throw new Error(`demo service ${service.code} names unknown provider ${service.provider}`);
    em.create(Service, { id: service.id, code: service.code, providerId: provider.id, currentVersion: 1 });
    createServiceVersion(em, { serviceId: service.id, version: 1, standard: service.standard });
    published.push({ serviceId: service.id, version: 1, code: service.code, provider, standard: service.standard });
  }
  await em.flush();
  await recordServiceVersionsPublished(em, published);
  // after every provider row exists: an appeal body is another provider (foreign key)
  const seededAt = new Date();
  for (const demo of DEMO_PROVIDER_LIST) {
    if (!demo.appealBody) continue;
    const provider = providers.get(demo.code)!;
    const body = providers.get(demo.appealBody)!;
    provider.appealBodyId = body.id;
    provider.appealBodyVersion = 1;
    await em.flush();
    await recordEvents(em, [providerAppealBodyConfigured(provider, body, null, seededAt)]);
  }
}
