import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid, orderByKeys, type SubgraphContext } from '@portal/kit';
import type DataLoader from 'dataloader';
import { Provider } from './provider.entity';

export function listProviders(em: EntityManager): Promise<Provider[]> {
  return em.find(Provider, {}, { orderBy: { code: 'asc' } });
}

/** Per-request loader of providers by id (null for an unknown id): one statement per batch. */
export function providerLoader(ctx: SubgraphContext): DataLoader<string, Provider | null> {
  return ctx.loaders.get<string, Provider | null>('catalog.provider', async (ids) => {
    const valid = ids.filter(isUuid);
    const providers = valid.length > 0 ? await ctx.em.find(Provider, { id: { $in: valid } }) : [];
    return orderByKeys(ids, providers, (provider) => provider.id);
  });
}
