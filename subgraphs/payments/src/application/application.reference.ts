import type { ReferenceResolvers } from '@portal/kit';
import { Application } from './application.type';

/**
 * An Application reference needs no lookup: applications owns the row and checks who may see it;
 * the accrual field added here checks the caller again and loads in batches.
 */
export const applicationReference: ReferenceResolvers = {
  Application: {
    __resolveReference: (reference: { id: string }) => Application.ref(reference.id),
  },
};
