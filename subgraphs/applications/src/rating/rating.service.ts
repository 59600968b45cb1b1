import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '@portal/kit';
import { decodeCursor, encodeCursor, forbidden, isOffsetCursor, isUuid, notFound, pageSize, requireUser } from '@portal/kit';
import { currentServiceVersion } from '../projection/projection.service';
import { NO_RATINGS, type RatingSummary, summarizeRatings, whyCannotReadRatingComments } from './rating.rules';

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

export interface RatingCommentPage {
  nodes: Array<{ cursor: string; score: number; comment: string; ratedAt: Date }>;
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * The comments left with a service's ratings, newest first, for its provider's officers and
 * the operator; only score, comment and time: nothing that leads back to the rater.
 */
export async function ratingComments(ctx: SubgraphContext, serviceId: string, first: number | null | undefined, after: string | null | undefined): Promise<RatingCommentPage> {
  const caller = requireUser(ctx);
  const service = isUuid(serviceId) ? await currentServiceVersion(ctx.em, serviceId.toLowerCase()) : null;
  if (!service) throw notFound(`No service with id ${serviceId}. Services are listed in Query.services.`);
  const problem = whyCannotReadRatingComments(caller, service.providerId);
  if (problem) throw forbidden(problem);
  const limit = pageSize(first);
  const offset = decodeCursor(after, isOffsetCursor)?.o ?? 0;
  const connection = ctx.em.getConnection();
  const [rows, [{ total }]] = await Promise.all([
    connection.execute<Array<{ score: number; comment: string; rated_at: Date | string }>>(
      `select score, comment, coalesce(updated_at, created_at) as rated_at from applications.service_rating
        where service_id = ? and comment is not null
        order by coalesce(updated_at, created_at) desc, application_id limit ? offset ?`,
      [service.serviceId, limit + 1, offset],
    ),
    connection.execute<Array<{ total: number }>>('select count(*)::int as total from applications.service_rating where service_id = ? and comment is not null', [service.serviceId]),
  ]);
  return {
    nodes: rows.slice(0, limit).map((row, index) => ({ cursor: encodeCursor({ o: offset + index + 1 }), score: Number(row.score), comment: row.comment, ratedAt: new Date(row.rated_at) })),
    hasNextPage: rows.length > limit,
    totalCount: total,
  };
}
