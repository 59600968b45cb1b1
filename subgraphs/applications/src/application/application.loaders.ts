import { isUuid, orderByKeys, type SubgraphContext } from '@portal/kit';
import { ResultDocumentEntity } from '../document/result-document.entity';
import { ServiceRatingEntity } from '../rating/rating.entity';
import { ApplicationEntity, StatusChangeEntity } from './application.entity';

/** Per-request loaders of everything an application shows: one statement per kind, whatever the page size. */

/** Rows grouped by key, in the order of `keys` (an empty group for a key without rows). */
export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

export function applicationLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, ApplicationEntity | null>('application', async (ids) => {
    const rows = await ctx.em.find(ApplicationEntity, { id: { $in: ids.filter(isUuid).map((id) => id.toLowerCase()) } });
    return orderByKeys(ids.map((id) => id.toLowerCase()), rows, (row) => row.id);
  });
}

export function historyLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, StatusChangeEntity[]>('history', async (applicationIds) => {
    const rows = await ctx.em.find(StatusChangeEntity, { applicationId: { $in: [...applicationIds] } }, { orderBy: { applicationId: 'asc', applicationVersion: 'asc' } });
    return groupBy(applicationIds, rows, (row) => row.applicationId);
  });
}

export function resultDocumentLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, ResultDocumentEntity | null>('resultDocument', async (applicationIds) => {
    const rows = await ctx.em.find(ResultDocumentEntity, { applicationId: { $in: [...applicationIds] } });
    return orderByKeys(applicationIds, rows, (row) => row.applicationId);
  });
}

export function ratingLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, ServiceRatingEntity | null>('applicationRating', async (applicationIds) => {
    const rows = await ctx.em.find(ServiceRatingEntity, { applicationId: { $in: [...applicationIds] } });
    return orderByKeys(applicationIds, rows, (row) => row.applicationId);
  });
}
