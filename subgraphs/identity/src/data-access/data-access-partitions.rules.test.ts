import { keptSince, monthOfPartition, partitionName, partitionPlan } from './data-access-partitions.rules';

describe('access-log partitions', () => {
  const now = new Date('2026-12-03T10:00:00Z');

  it('creates the current month and three ahead, across the year boundary, skipping those that exist', () => {
    const plan = partitionPlan(now, 36, ['data_access_log_2026_12', 'data_access_log_2027_01']);
    expect(plan.create.map(partitionName)).toEqual(['data_access_log_2027_02', 'data_access_log_2027_03']);
  });

  it('drops a month only when all of it is past the retention period, never the default partition', () => {
    const existing = ['data_access_log_2025_10', 'data_access_log_2025_11', 'data_access_log_2025_12', 'data_access_log_2026_01', 'data_access_log_default'];
    // 12 months before December 2026 is December 2025: November 2025 and older are dropped whole
    expect(keptSince(now, 12).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(partitionPlan(now, 12, existing).drop).toEqual(['data_access_log_2025_10', 'data_access_log_2025_11']);
    expect(partitionPlan(now, 36, existing).drop).toEqual([]);
  });

  it('reads partition names back, refusing other tables', () => {
    expect(monthOfPartition('data_access_log_2027_01')).toEqual({ year: 2027, month: 1 });
    expect(monthOfPartition('data_access_log_default')).toBeNull();
    expect(monthOfPartition('data_access_log_2027_13')).toBeNull();
  });
});
