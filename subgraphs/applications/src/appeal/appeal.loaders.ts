import type { SubgraphContext } from '@portal/kit';
import { groupBy } from '../application/application.loaders';
import { AppealEntity } from './appeal.entity';

/** The complaints of each application, oldest first: one statement per batch. */
export function appealsLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, AppealEntity[]>('appeals', async (applicationIds) => {
    const rows = await ctx.em.find(AppealEntity, { applicationId: { $in: [...applicationIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return groupBy(applicationIds, rows, (row) => row.applicationId);
  });
}
