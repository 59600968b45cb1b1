import { type BusEvent, type EventBus, type EventRow, PostgresEventBus, toBusEvent } from '@portal/kit';
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

/** Events read from the bus per page while a resumed feed's backlog is narrowed in the gateway. */
const BACKLOG_PAGE = 500;

export interface BacklogQuery {
  afterSeq: number;
  upToSeq: number;
  types: string[];
  filter: BacklogFilter;
  limit: number;
}

/** The gateway's reads of the event bus beyond its tail: what a resuming feed missed. */
export class EventLogReader {
  constructor(private readonly bus: EventBus) {}

  /** When the event at `seq` was published, or null when the bus has no such event. */
  publishedAt(seq: number): Promise<Date | null> {
    return this.bus.publishedAt(seq);
  }

  /** Events of `types` in (afterSeq, upToSeq], narrowed by `filter`, in bus order, at most `limit`. */
  backlog(options: BacklogQuery): Promise<FeedEvent[]> {
    // the PostgreSQL log narrows in SQL; another bus is read page by page and narrowed here
    return this.bus instanceof PostgresEventBus ? this.backlogInSql(this.bus, options) : this.backlogFromBus(options);
  }

  private async backlogInSql(bus: PostgresEventBus, options: BacklogQuery): Promise<FeedEvent[]> {
    const rows = await bus.query<LogRow>(
      `select e.*, st.status_payload, st.status_version
         from event_bus.event_log e ${STATUS_BEFORE_ACCRUAL}
        where e.seq > $1 and e.seq <= $2 and e.type = any($3::text[])
          and coalesce(st.status_payload, e.payload)->>$4 = $5
        order by e.seq limit $6`,
      [options.afterSeq, options.upToSeq, options.types, options.filter.field, options.filter.value, options.limit],
    );
    return rows.map((row) => {
      const event = toBusEvent(row);
      if (event.type === STATUS_CHANGED) return { ...event, status: statusChangeOf(event) };
      if (event.type === ACCRUAL_CREATED && row.status_payload) {
        return { ...event, status: statusChangeOf({ ...event, payload: row.status_payload, aggregateVersion: row.status_version ?? 0 }) };
      }
      return { ...event, status: null };
    });
  }

  private async backlogFromBus(options: BacklogQuery): Promise<FeedEvent[]> {
    const found: FeedEvent[] = [];
    // an accrual is narrowed by its application's last status change, so status changes are read too
    const readTypes = [...new Set([...options.types, ...(options.types.includes(ACCRUAL_CREATED) ? [STATUS_CHANGED] : [])])];
    const lastStatus = new Map<string, BusEvent>();
    let after = options.afterSeq;
    while (found.length < options.limit) {
      const page = await this.bus.read({ after, upTo: options.upToSeq, types: readTypes, limit: BACKLOG_PAGE });
      if (page.length === 0) break;
      const seen = new Set(lastStatus.keys());
      const wanted: Array<{ aggregateId: string; before: number }> = [];
      for (const event of page) {
        if (event.type === STATUS_CHANGED) seen.add(statusChangeOf(event).applicationId);
        const applicationId = event.type === ACCRUAL_CREATED ? String(event.payload.applicationId) : null;
        if (applicationId && !seen.has(applicationId)) {
          wanted.push({ aggregateId: applicationId, before: event.seq });
          seen.add(applicationId);
        }
      }
      for (const [applicationId, change] of await this.bus.lastBefore(STATUS_CHANGED, wanted)) lastStatus.set(applicationId, change);
      for (const event of page) {
        let statusEvent: BusEvent | null = null;
        if (event.type === STATUS_CHANGED) {
          statusEvent = event;
          lastStatus.set(statusChangeOf(event).applicationId, event);
        } else if (event.type === ACCRUAL_CREATED) {
          statusEvent = lastStatus.get(String(event.payload.applicationId)) ?? null;
        }
        if (!options.types.includes(event.type)) continue;
        if (String((statusEvent ?? event).payload[options.filter.field]) !== options.filter.value) continue;
        found.push({ ...event, status: statusEvent ? statusChangeOf(statusEvent) : null });
        if (found.length >= options.limit) break;
      }
      after = page[page.length - 1].seq;
      if (page.length < BACKLOG_PAGE) break;
    }
    return found;
  }

  /** Each application's last status change before the given position. */
  async statusChangesBefore(wanted: Array<{ applicationId: string; beforeSeq: number }>): Promise<Map<string, StatusChange>> {
    const found = new Map<string, StatusChange>();
    const events = await this.bus.lastBefore(STATUS_CHANGED, wanted.map((w) => ({ aggregateId: w.applicationId, before: w.beforeSeq })));
    for (const event of events.values()) {
      const change = statusChangeOf(event);
      found.set(change.applicationId, change);
    }
    return found;
  }
}
