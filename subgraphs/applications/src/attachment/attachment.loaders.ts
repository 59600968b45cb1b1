import type { SubgraphContext } from '@portal/kit';
import { groupBy } from '../application/application.loaders';
import { AttachmentEntity } from './attachment.entity';

/** The stored attachments of the applications on a page: one statement, whatever the page size. */
export function attachmentsLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, AttachmentEntity[]>('attachments', async (applicationIds) => {
    const rows = await ctx.em.find(AttachmentEntity, { applicationId: { $in: [...applicationIds] }, status: 'STORED' }, { orderBy: { applicationId: 'asc', storedAt: 'asc', id: 'asc' } });
    return groupBy(applicationIds, rows, (row) => row.applicationId);
  });
}
