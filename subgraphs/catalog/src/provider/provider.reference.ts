import type { ReferenceResolvers, SubgraphContext } from '@portal/kit';
import { type ProviderType, toProviderType } from './provider.type';
import { providerLoader } from './provider.service';

/** Provider entities referenced by other subgraphs (User.provider), batched per request. */
export const providerReferenceResolvers: ReferenceResolvers = {
  Provider: {
    async __resolveReference(reference: { id: string }, ctx: SubgraphContext): Promise<ProviderType | null> {
      const provider = await providerLoader(ctx).load(reference.id);
      return provider ? toProviderType(provider) : null;
    },
  },
};
