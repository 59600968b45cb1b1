import { type EventRow, toBusEvent } from '@portal/kit';
import { Pool } from 'pg';
import { ACCRUAL_CREATED, type BacklogFilter, type FeedEvent, STATUS_CHANGED, type StatusChange, statusChangeOf } from './feeds';

/** A log row, with the AWAITING_PAYMENT change an AccrualCreated row belongs to when asked for. */
interface LogRow extends EventRow {
  status_payload?: Record<string, unknown> | null;
  status_version?: number | null;
}

// the application's last status change before an accrual event (event_log_aggregate index)
const STATUS_BEFORE_ACCRUAL = `
  left join lateral (
    select s.payload as status_payload, s.aggregate_version as status_version
      from event_bus.event_log s
     where e.type = '${ACCRUAL_CREATED}' and s.aggregate_id = (e.payload->>'applicationId')::uuid
       and s.type = '${STATUS_CHANGED}' and s.seq < e.seq
     order by s.seq desc limit 1
  ) st on true`;

/** The gateway's reads of the event log beyond its tail: what a resuming feed missed. */
export class EventLogReader {
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 3 });
    this.pool.on('error', () => undefined); // a dropped idle connection is replaced on the next read
  }

  /** When the event at `seq` was published, or null when the log has no such event. */
  async publishedAt(seq: number): Promise<Date | null> {
    const result = await this.pool.query<{ published_at: Date }>('select published_at from event_bus.event_log where seq = $1', [seq]);
    return result.rows[0]?.published_at ?? null;
  }

  /** Events of `types` in (afterSeq, upToSeq], narrowed by `filter`, in log order, at most `limit`. */
  async backlog(options: { afterSeq: number; upToSeq: number; types: string[]; filter: BacklogFilter; limit: number }): Promise<FeedEvent[]> {
    const result = await this.pool.query<LogRow>(
      `select e.*, st.status_payload, st.status_version
         from event_bus.event_log e ${STATUS_BEFORE_ACCRUAL}
        where e.seq > $1 and e.seq <= $2 and e.type = any($3::text[])
          and coalesce(st.status_payload, e.payload)->>$4 = $5
        order by e.seq limit $6`,
      [options.afterSeq, options.upToSeq, options.types, options.filter.field, options.filter.value, options.limit],
    );
    return result.rows.map((row) => {
      const event = toBusEvent(row);
      if (event.type === STATUS_CHANGED) return { ...event, status: statusChangeOf(event) };
      if (event.type === ACCRUAL_CREATED && row.status_payload) {
        return { ...event, status: statusChangeOf({ ...event, payload: row.status_payload, aggregateVersion: row.status_version ?? 0 }) };
      }
      return { ...event, status: null };
    });
  }

  /** Each application's last status change before the given position. */
  async statusChangesBefore(wanted: Array<{ applicationId: string; beforeSeq: number }>): Promise<Map<string, StatusChange>> {
    const found = new Map<string, StatusChange>();
    if (wanted.length === 0) return found;
    const result = await this.pool.query<LogRow>(
      `select distinct on (s.aggregate_id) s.*
         from unnest($1::uuid[], $2::bigint[]) as w(application_id, before_seq)
         join event_bus.event_log s on s.aggregate_id = w.application_id and s.seq < w.before_seq and s.type = '${STATUS_CHANGED}'
        order by s.aggregate_id, s.seq desc`,
      [wanted.map((w) => w.applicationId), wanted.map((w) => w.beforeSeq)],
    );
    for (const row of result.rows) {
      const change = statusChangeOf(toBusEvent(row));
      found.set(change.applicationId, change);
    }
    return found;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
