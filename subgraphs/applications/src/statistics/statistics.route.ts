import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError, type RawResponse, type Route } from '@portal/kit';
import type { ApplicationsRuntime } from '../context';
import { statisticsCsv, statisticsJson } from './statistics.rules';
import { serviceStatistics, statisticsFilterOf } from './statistics.service';

const PUBLIC_HEADERS = { 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' };

/** The language of an error message: ?lang=RU|KY, else the first of Accept-Language that is ru or ky, else Kyrgyz. */
function languageOf(query: URLSearchParams, acceptLanguage: string | undefined): 'KY' | 'RU' {
  const explicit = query.get('lang')?.toUpperCase();
  if (explicit === 'RU' || explicit === 'KY') return explicit;
  const first = (acceptLanguage ?? '').split(',').map((part) => part.trim().slice(0, 2).toLowerCase()).find((code) => code === 'ru' || code === 'ky');
  return first === 'ru' ? 'RU' : 'KY';
}

/**
 * GET /open-data/service-statistics.csv and .json?fromMonth=YYYY-MM&toMonth=YYYY-MM[&serviceId=&providerId=]:
 * the open data of Query.serviceStatistics as downloads (README "Open data" documents the columns).
 * Public: no token, like the GraphQL query; a bad period answers 400 with the reason.
 */
export function serviceStatisticsRoutes(orm: MikroORM, runtime: Pick<ApplicationsRuntime, 'now'>): Route[] {
  const route = (format: 'csv' | 'json'): Route => ({
    method: 'GET',
    path: `/open-data/service-statistics.${format}`,
    async handle(request): Promise<RawResponse> {
      const args = Object.fromEntries(['serviceId', 'providerId', 'fromMonth', 'toMonth'].map((name) => [name, request.query.get(name) || null]));
      let filter;
      try {
        filter = statisticsFilterOf(args, runtime.now(), languageOf(request.query, request.headers['accept-language']));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { status: 400, headers: { 'content-type': 'application/json; charset=utf-8', ...PUBLIC_HEADERS }, body: JSON.stringify({ error: error.message }) };
      }
      const rows = await serviceStatistics(orm.em.fork(), filter);
      const name = `service-statistics-${filter.range.fromMonth}-${filter.range.toMonth}.${format}`;
      return {
        status: 200,
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${name}"`,
          ...PUBLIC_HEADERS,
        },
        body: format === 'csv' ? statisticsCsv(rows) : statisticsJson(filter.range, rows),
      };
    },
  });
  return [route('csv'), route('json')];
}
