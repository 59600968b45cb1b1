import { DEMO_USERS, encodeCursor } from '@portal/kit';
import { Client } from 'pg';
import { percentile } from './measure';

export interface AccessLogTiming {
  rows: number;
  months: number;
  generationSeconds: number;
  subjectEntries: number;
  firstPage: { p50: number; max: number };
  deepPage: { p50: number; max: number };
}

const LOG = 'query($after: String) { myDataAccessLog(first: 20, after: $after) { edges { cursor node { at actor purposeCode } } pageInfo { endCursor } } }';

/**
 * Fills identity's access log with `rows` generated entries over the last `months` months (one
 * partition each, as the monthly job leaves them), 1% of them about the measured citizen (a heavy
 * case: at 10^8 rows a million reads of one person), then times `myDataAccessLog` through the
 * gateway: the first page and a page a few months deep (after a cursor).
 */
export async function measureAccessLog(options: { databaseUrl: string; gatewayUrl: string; citizenToken: string; rows: number; months: number; samples?: number }): Promise<AccessLogTiming> {
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  const started = performance.now();
  try {
    await db.query(`do $$
      declare m date := (date_trunc('month', now() at time zone 'UTC') - make_interval(months => ${Math.floor(options.months)}))::date;
      begin
        while m < date_trunc('month', now() at time zone 'UTC')::date loop
          if to_regclass('identity.data_access_log_' || to_char(m, 'YYYY_MM')) is null then
            execute format('create table identity.%I partition of identity.data_access_log for values from (%L) to (%L)',
              'data_access_log_' || to_char(m, 'YYYY_MM'), to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
          end if;
          m := (m + interval '1 month')::date;
        end loop;
      end $$`);
    // in chunks, so one statement's memory stays small and progress is steady
    const CHUNK = 1_000_000;
    for (let done = 0; done < options.rows; done += CHUNK) {
      const size = Math.min(CHUNK, options.rows - done);
      await db.query(
        `insert into identity.data_access_log (subject_user_id, actor_user_id, actor_role, actor_provider_id, purpose, fields, operation, source, at)
         select case when g % 100 = 0 then $1::uuid else $2::uuid end, $3::uuid, 'PROVIDER_OFFICER', null, 'APPLICATION_PROCESSING', '{pin,fullName}', 'applicationQueue', 'identity',
                now() - random() * make_interval(days => $4)
         from generate_series(1, $5::int) g`,
        [DEMO_USERS.CITIZEN_AIGUL, DEMO_USERS.CITIZEN_BAKYT, DEMO_USERS.OFFICER_MVD, Math.floor(options.months * 30.4), size],
      );
    }
    await db.query('analyze identity.data_access_log');
  } finally {
    await db.end();
  }
  const generationSeconds = (performance.now() - started) / 1000;

  const ask = async (after: string | null) => {
    const t = performance.now();
    const response = await fetch(options.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.citizenToken}` },
      body: JSON.stringify({ query: LOG, variables: { after } }),
    });
    const body = (await response.json()) as { data?: { myDataAccessLog: { edges: Array<{ cursor: string }>; pageInfo: { endCursor: string | null } } }; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`myDataAccessLog failed: ${JSON.stringify(body.errors)}`);
    return { ms: performance.now() - t, page: body.data.myDataAccessLog };
  };
  // a page half the period back, as a client paging that far would ask for it (the list's cursor format)
  const halfway = new Date(Date.now() - (options.months / 2) * 30.4 * 86_400_000).toISOString().replace('T', ' ').replace('Z', '+00');
  const deepCursor = encodeCursor({ a: halfway, i: '9223372036854775807' });
  if ((await ask(deepCursor)).page.edges.length === 0) throw new Error('the deep page of the generated access log is empty');
  const samples = options.samples ?? 30;
  const first: number[] = [];
  const deep: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    first.push((await ask(null)).ms);
    deep.push((await ask(deepCursor)).ms);
  }
  first.sort((a, b) => a - b);
  deep.sort((a, b) => a - b);
  return {
    rows: options.rows,
    months: options.months,
    generationSeconds,
    subjectEntries: Math.floor(options.rows / 100),
    firstPage: { p50: percentile(first, 50), max: first[first.length - 1] },
    deepPage: { p50: percentile(deep, 50), max: deep[deep.length - 1] },
  };
}
