import type { ReferenceResolvers } from '@portal/kit';
import { Service } from './service.type';

/**
 * A Service reference needs no lookup: catalog owns the row, and every field this subgraph adds
 * (rating) loads through its own per-request DataLoader.
 */
export const serviceReference: ReferenceResolvers = {
  Service: {
    __resolveReference: (reference: { id: string; version?: number | null }) => Service.of(reference.id, reference.version ?? null),
  },
};
