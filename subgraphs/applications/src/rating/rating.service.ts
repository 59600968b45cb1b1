import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '@portal/kit';
import { isUuid } from '@portal/kit';
import { NO_RATINGS, type RatingSummary, summarizeRatings } from './rating.rules';

interface RatingAggregateRow {
  service_id: string;
  average: number | null;
  count: number;
}

/** Rating summaries of many services in ONE query, in the order asked. */
export async function ratingSummaries(em: EntityManager, serviceIds: readonly string[]): Promise<RatingSummary[]> {
  const ids = [...new Set(serviceIds.filter(isUuid).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return serviceIds.map(() => NO_RATINGS);
  const rows = await em.execute<RatingAggregateRow[]>(
    `select service_id, avg(score)::float8 as average, count(*)::int as count
       from applications.service_rating
      where service_id = any(?::uuid[])
      group by service_id`,
    [`{${ids.join(',')}}`],
  );
  const byService = new Map(rows.map((row) => [row.service_id, summarizeRatings(row.average, row.count)]));
  return serviceIds.map((id) => byService.get(id.toLowerCase()) ?? NO_RATINGS);
}

/** The per-request loader every Service.rating goes through (40 services = 1 query). */
export function serviceRatingLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, RatingSummary>('serviceRating', (ids) => ratingSummaries(ctx.em, ids));
}
