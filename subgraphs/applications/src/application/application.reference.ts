import type { ReferenceResolvers } from '@portal/kit';
import type { ApplicationsContext } from '../context';
import { applicationLoader } from './application.loaders';
import { assertViewable } from './application.service';
import { Application } from './application.type';

/**
 * Application references from other subgraphs (an accrual's or a notification's application) go
 * through the same access rule as Query.application: null when gone, FORBIDDEN when not the caller's.
 */
export const applicationReference: ReferenceResolvers = {
  Application: {
    async __resolveReference(reference: { id: string }, ctx: ApplicationsContext): Promise<Application | null> {
      const record = await applicationLoader(ctx).load(reference.id);
      if (!record) return null;
      assertViewable(ctx, record);
      return Application.from(record);
    },
  },
};
