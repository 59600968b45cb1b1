import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, decodeCursor, encodeCursor, isOffsetCursor, isUuid, type LanguageCode, pageSize, resolveLanguage } from '@portal/kit';
import type { CatalogContext } from '../context';
import { CURRENT_VERSIONS, currentServiceLoader } from '../service/service.service';
import type { ServiceType } from '../service/service.type';
import type { ServiceFilterInput } from './search.inputs';
import { anyWordQuery, isTitleCursor, parseSearchTerm, prefixQuery } from './search.rules';
import type { ServiceConnectionType } from './search.type';

/** Titles sort by the alphabet of their language (ICU collations: Kyrgyz ң, ө, ү in their places). */
const TITLE_ORDER: Record<LanguageCode, { column: string; collation: string }> = {
  KY: { column: 'v.title_ky', collation: '"ky-x-icu"' },
  RU: { column: 'v.title_ru', collation: '"ru-x-icu"' },
};

const CURRENT_VERSIONS_AS_S2_V2 = `"catalog".service s2 join "catalog".service_version v2 on v2.service_id = s2.id and v2.version = s2.current_version`;

interface PageRow {
  total_count: number;
  id: string | null;
  title: string | null;
}

interface Conditions {
  sql: string[];
  params: unknown[];
}

function filterConditions(filter: ServiceFilterInput | null | undefined): Conditions {
  const conditions: Conditions = { sql: ['true'], params: [] };
  if (filter?.category !== null && filter?.category !== undefined) {
    conditions.sql.push('v.category = ?');
    conditions.params.push(filter.category);
  }
  if (filter?.providerId !== null && filter?.providerId !== undefined) {
    if (!isUuid(filter.providerId)) throw badInput(`filter.providerId is not a provider id; got "${filter.providerId}".`);
    conditions.sql.push('s.provider_id = ?::uuid');
    conditions.params.push(filter.providerId);
  }
  if (filter?.kind !== null && filter?.kind !== undefined) {
    conditions.sql.push('v.kind = ?');
    conditions.params.push(filter.kind);
  }
  return conditions;
}

/**
 * Lists services in their current versions. Without search words: alphabetical by title in the
 * answer language, keyset-paged on (title, id). With search words: every word must match the
 * service (title, description, category, provider name; both languages) by full-text prefix or,
 * for typos, by trigram word similarity; ranked, offset-paged. totalCount counts every page.
 */
export async function searchServices(
  ctx: CatalogContext,
  filter: ServiceFilterInput | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ServiceConnectionType> {
  const limit = pageSize(first);
  const search = parseSearchTerm(filter?.search);
  if (search.kind === 'invalid') throw badInput(search.problem);
  const conditions = filterConditions(filter);

  if (search.kind === 'words') {
    const offset = decodeCursor(after, isOffsetCursor)?.o ?? 0;
    const order = TITLE_ORDER[resolveLanguage(ctx.caller)];
    const rows = await rankedPage(ctx.em, ctx.settings.wordSimilarityThreshold, search.words, search.text, conditions, order, limit, offset);
    return connection(ctx, rows, limit, (_row, index) => encodeCursor({ o: offset + index + 1 }));
  }

  const cursor = decodeCursor(after, isTitleCursor);
  const language = cursor?.l ?? resolveLanguage(ctx.caller);
  const rows = await alphabeticalPage(ctx.em, conditions, TITLE_ORDER[language], limit, cursor);
  return connection(ctx, rows, limit, (row) => encodeCursor({ l: language, t: row.title, id: row.id }));
}

async function alphabeticalPage(
  em: EntityManager,
  conditions: Conditions,
  order: { column: string; collation: string },
  limit: number,
  cursor: { t: string; id: string } | null,
): Promise<PageRow[]> {
  const keyset = cursor ? `where (title collate ${order.collation}, id) > (? collate ${order.collation}, ?::uuid)` : '';
  const sql = `with matching as (
      select s.id, ${order.column} as title from ${CURRENT_VERSIONS} where ${conditions.sql.join(' and ')}
    ), page as (
      select id, title from matching ${keyset} order by title collate ${order.collation}, id limit ?
    )
    select (select count(*) from matching)::int as total_count, page.id, page.title
    from (select 1) as one left join page on true
    order by page.title collate ${order.collation}, page.id`;
  const params = [...conditions.params, ...(cursor ? [cursor.t, cursor.id] : []), limit + 1];
  return em.execute<PageRow[]>(sql, params);
}

async function rankedPage(
  em: EntityManager,
  wordSimilarityThreshold: number,
  words: string[],
  text: string,
  conditions: Conditions,
  order: { column: string; collation: string },
  limit: number,
  offset: number,
): Promise<PageRow[]> {
  // Each word must match the service's text or its provider's name: by full text (a word starting
  // with it), or, only when no text in the catalogue has such a word (a typo), by trigram word
  // similarity; else "судимости" would also find "недвижимости". GIN indexes back both.
  const wordSql = words.map(
    () => `(v.search_vector @@ to_tsquery('simple', ?) or p.search_vector @@ to_tsquery('simple', ?)
        or ((? <% v.search_text or ? <% p.search_text) and not exists (
          select 1 from ${CURRENT_VERSIONS_AS_S2_V2} join "catalog".provider p2 on p2.id = s2.provider_id
          where v2.search_vector @@ to_tsquery('simple', ?) or p2.search_vector @@ to_tsquery('simple', ?))))`,
  );
  const wordParams = words.flatMap((word) => [prefixQuery(word), prefixQuery(word), word, word, prefixQuery(word), prefixQuery(word)]);
  const anyWord = anyWordQuery(words);
  const sql = `with matching as (
      select s.id, ${order.column} as title,
        ts_rank(v.search_vector, to_tsquery('simple', ?)) + 0.5 * ts_rank(p.search_vector, to_tsquery('simple', ?))
          + word_similarity(?, v.search_text) as rank
      from ${CURRENT_VERSIONS} join "catalog".provider p on p.id = s.provider_id
      where ${[...conditions.sql, ...wordSql].join(' and ')}
    ), page as (
      select id, title, rank from matching order by rank desc, title collate ${order.collation}, id limit ? offset ?
    )
    select (select count(*) from matching)::int as total_count, page.id, page.title
    from (select 1) as one left join page on true
    order by page.rank desc, page.title collate ${order.collation}, page.id`;
  const params = [anyWord, anyWord, text, ...conditions.params, ...wordParams, limit + 1, offset];
  return em.transactional(async (tx) => {
    // the `<%` operator reads its threshold from this setting; `true` scopes it to the transaction
    await tx.execute(`select set_config('pg_trgm.word_similarity_threshold', ?, true)`, [String(wordSimilarityThreshold)]);
    return tx.execute<PageRow[]>(sql, params);
  });
}

async function connection(
  ctx: CatalogContext,
  rows: PageRow[],
  limit: number,
  cursorOf: (row: { id: string; title: string }, index: number) => string,
): Promise<ServiceConnectionType> {
  const totalCount = rows[0]?.total_count ?? 0;
  const found = rows.filter((row): row is PageRow & { id: string; title: string } => row.id !== null && row.title !== null);
  const page = found.slice(0, limit);
  const services = await currentServiceLoader(ctx).loadMany(page.map((row) => row.id));
  const edges = page.flatMap((row, index) => {
    const node = services[index];
    return node && !(node instanceof Error) ? [{ cursor: cursorOf(row, index), node: node as ServiceType }] : [];
  });
  return {
    edges,
    pageInfo: { hasNextPage: found.length > limit, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
