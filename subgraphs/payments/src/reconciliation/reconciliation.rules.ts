/**
 * Daily reconciliation of the portal's books with the payment system's statement. A day is a
 * Bishkek calendar day (UTC+6, no daylight saving); each side lists the payments and refunds
 * booked that day, matched by the payment system's transaction id. Pure: no GraphQL, no ORM, no I/O.
 */

export const ENTRY_KINDS = ['PAYMENT', 'REFUND'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_STATUSES = ['COMPLETED', 'REVERSED'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const MISMATCH_KINDS = ['MISSING_IN_PORTAL', 'MISSING_IN_PAYMENT_SYSTEM', 'AMOUNT_DIFFERS', 'STATUS_DIFFERS', 'UIN_DIFFERS'] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export const REPORT_STATUSES = ['BALANCED', 'MISMATCHES', 'STATEMENT_REFUSED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** One movement of money, as either side books it. */
export interface BookEntry {
  kind: EntryKind;
  transactionId: string;
  uin: string;
  amountMinor: number;
  status: EntryStatus;
}

export interface Mismatch {
  kind: MismatchKind;
  entryKind: EntryKind;
  transactionId: string;
  /** The payment system's UIN when it lists the entry, else the portal's. */
  uin: string;
  portalUin: string | null;
  portalAmountMinor: number | null;
  paymentSystemAmountMinor: number | null;
  portalStatus: EntryStatus | null;
  paymentSystemStatus: EntryStatus | null;
}

const BISHKEK_UTC_OFFSET_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Bishkek day of an instant, as YYYY-MM-DD. */
export function bishkekDayOf(at: Date): string {
  return new Date(at.getTime() + BISHKEK_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day before `day`, for the daily run (it reconciles the day that has ended). */
export function previousDay(day: string): string {
  const { start } = bishkekDayBounds(day);
  return bishkekDayOf(new Date(start.getTime() - 1));
}

/** [start, end) of a Bishkek day as instants; RangeError when `day` is not a real YYYY-MM-DD day. */
export function bishkekDayBounds(day: string): { start: Date; end: Date } {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`a day must be written YYYY-MM-DD; got ${JSON.stringify(day)}`);
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(utcMidnight).toISOString().slice(0, 10) !== day) throw new RangeError(`${day} is not a calendar day`);
  const start = new Date(utcMidnight - BISHKEK_UTC_OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** Why an operator may not reconcile `day` now (it is not a day, or it has not begun), or null. */
export function dayProblem(day: string, now: Date): string | null {
  try {
    bishkekDayBounds(day);
  } catch (error) {
    return `${(error as Error).message}, e.g. "${bishkekDayOf(now)}".`;
  }
  if (day > bishkekDayOf(now)) return `${day} has not begun yet in Bishkek; reconcile a past day or today (${bishkekDayOf(now)}).`;
  return null;
}

/**
 * Every difference between the two books of one day, in a stable order (the payment system's
 * entries first, in its order, then what only the portal has). A transaction is compared once per
 * kind; the same transaction listed twice by the payment system is itself a mismatch.
 */
export function reconcile(portal: readonly BookEntry[], paymentSystem: readonly BookEntry[]): Mismatch[] {
  const key = (entry: BookEntry) => `${entry.kind}:${entry.transactionId}`;
  const portalByKey = new Map(portal.map((entry) => [key(entry), entry]));
  const seen = new Set<string>();
  const mismatches: Mismatch[] = [];
  const base = (entry: BookEntry, ours: BookEntry | null): Omit<Mismatch, 'kind'> => ({
    entryKind: entry.kind,
    transactionId: entry.transactionId,
    uin: entry.uin,
    portalUin: ours?.uin ?? null,
    portalAmountMinor: ours?.amountMinor ?? null,
    paymentSystemAmountMinor: entry.amountMinor,
    portalStatus: ours?.status ?? null,
    paymentSystemStatus: entry.status,
  });
  for (const theirs of paymentSystem) {
    const ours = seen.has(key(theirs)) ? null : (portalByKey.get(key(theirs)) ?? null);
    seen.add(key(theirs));
    if (!ours) {
      mismatches.push({ kind: 'MISSING_IN_PORTAL', ...base(theirs, null) });
      continue;
    }
    if (ours.uin !== theirs.uin) mismatches.push({ kind: 'UIN_DIFFERS', ...base(theirs, ours) });
    if (ours.amountMinor !== theirs.amountMinor) mismatches.push({ kind: 'AMOUNT_DIFFERS', ...base(theirs, ours) });
    if (ours.status !== theirs.status) mismatches.push({ kind: 'STATUS_DIFFERS', ...base(theirs, ours) });
  }
  for (const ours of portal) {
    if (seen.has(key(ours))) continue;
    mismatches.push({
      kind: 'MISSING_IN_PAYMENT_SYSTEM',
      entryKind: ours.kind,
      transactionId: ours.transactionId,
      uin: ours.uin,
      portalUin: ours.uin,
      portalAmountMinor: ours.amountMinor,
      paymentSystemAmountMinor: null,
      portalStatus: ours.status,
      paymentSystemStatus: null,
    });
  }
  return mismatches;
}

export interface Statement {
  date: string;
  entries: BookEntry[];
}

const TRANSACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const MAX_ENTRIES = 100_000;

/** The payment system's (already authenticated) statement of `day`, or what is wrong with it. */
export function parseStatement(raw: string, day: string): { ok: true; statement: Statement } | { ok: false; problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'the statement is not JSON' };
  }
  if (typeof body !== 'object' || body === null) return { ok: false, problem: 'the statement is not a JSON object' };
  const { date, entries } = body as Record<string, unknown>;
  if (date !== day) return { ok: false, problem: `the statement is for ${JSON.stringify(date)}, not for ${day}` };
  if (!Array.isArray(entries) || entries.length > MAX_ENTRIES) return { ok: false, problem: `entries must be a list of at most ${MAX_ENTRIES}` };
  const parsed: BookEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const { kind, transactionId, uin, amountMinor, status } = (entry ?? {}) as Record<string, unknown>;
    const at = `entries[${index}]`;
    if (!ENTRY_KINDS.includes(kind as EntryKind)) return { ok: false, problem: `${at}.kind must be PAYMENT or REFUND` };
    if (typeof transactionId !== 'string' || !TRANSACTION_ID.test(transactionId)) return { ok: false, problem: `${at}.transactionId is malformed` };
    if (typeof uin !== 'string' || !/^\d{20}$/.test(uin)) return { ok: false, problem: `${at}.uin must be 20 digits` };
    if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, problem: `${at}.amountMinor must be a positive whole number` };
    if (!ENTRY_STATUSES.includes(status as EntryStatus)) return { ok: false, problem: `${at}.status must be COMPLETED or REVERSED` };
    parsed.push({ kind: kind as EntryKind, transactionId, uin, amountMinor, status: status as EntryStatus });
  }
  return { ok: true, statement: { date: day, entries: parsed } };
}
