/**
 * Which monthly partitions of the access log should exist: the months from the oldest one still
 * within the retention period up to a few months ahead, so that writes always find their month.
 * Months are UTC calendar months. Pure: no ORM, no I/O.
 */

/** Partitions created ahead of the current month (a job that stops for a while still finds them). */
export const PARTITIONS_AHEAD_MONTHS = 3;

export interface Month {
  year: number;
  /** 1..12 */
  month: number;
}

export function monthOf(at: Date): Month {
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1 };
}

export function addMonths(month: Month, count: number): Month {
  const index = month.year * 12 + (month.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function monthStart(month: Month): Date {
  return new Date(Date.UTC(month.year, month.month - 1, 1));
}

export function partitionName(month: Month): string {
  return `data_access_log_${month.year}_${String(month.month).padStart(2, '0')}`;
}

/** The month a partition name stands for; null for any other table (the default partition). */
export function monthOfPartition(name: string): Month | null {
  const match = /^data_access_log_(\d{4})_(\d{2})$/.exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year: Number(match[1]), month } : null;
}

/**
 * The first instant whose entries are still kept: the start of the month `retentionMonths` before
 * the current one. A month is dropped only once all of it is older than the retention period.
 */
export function keptSince(now: Date, retentionMonths: number): Date {
  return monthStart(addMonths(monthOf(now), -retentionMonths));
}

export interface PartitionPlan {
  /** Months that must have a partition: the current one and those ahead. */
  create: Month[];
  /** Existing partitions whose whole month is past the retention period. */
  drop: string[];
}

export function partitionPlan(now: Date, retentionMonths: number, existing: string[]): PartitionPlan {
  const current = monthOf(now);
  const have = new Set(existing);
  const create = Array.from({ length: PARTITIONS_AHEAD_MONTHS + 1 }, (_, i) => addMonths(current, i)).filter((month) => !have.has(partitionName(month)));
  const oldestKept = keptSince(now, retentionMonths).getTime();
  const drop = existing.filter((name) => {
    const month = monthOfPartition(name);
    return month !== null && monthStart(addMonths(month, 1)).getTime() <= oldestKept;
  });
  return { create, drop };
}
