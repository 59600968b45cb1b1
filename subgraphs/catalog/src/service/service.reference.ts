import type { ReferenceResolvers, SubgraphContext } from '@portal/kit';
import { currentServiceLoader, serviceVersionLoader, versionKeyString } from './service.service';
import type { ServiceType } from './service.type';

interface ServiceReference {
  id: string;
  version?: number | null;
}

/**
 * Service entities referenced by other subgraphs: `{ id }` resolves the current version, `{ id,
 * version }` that exact version (applications keep theirs). Batched per request: one statement
 * per key shape, whatever the number of references.
 */
export const serviceReferenceResolvers: ReferenceResolvers = {
  Service: {
    __resolveReference(reference: ServiceReference, ctx: SubgraphContext): Promise<ServiceType | null> {
      if (reference.version === undefined || reference.version === null) return currentServiceLoader(ctx).load(reference.id);
      return serviceVersionLoader(ctx).load(versionKeyString({ id: reference.id, version: reference.version }));
    },
  },
};
