import {
  addCalendarMonths,
  announcedRemovalAt,
  DEFAULT_RETENTION_POLICY,
  draftNoticeAt,
  draftRemovalAt,
  draftRetentionStep,
  isArchivable,
  retentionPolicyProblems,
} from './retention.rules';

const policy = DEFAULT_RETENTION_POLICY;
const at = (iso: string) => new Date(iso);

describe('retention policy (R-27.6: drafts at least 3 months, submitted applications at least a year)', () => {
  it('defaults to the minimums, with a notice a week before', () => {
    expect(policy).toEqual({ draftMonths: 3, draftNoticeDays: 7, submittedMonths: 12, archiveAfterRetention: true });
    expect(retentionPolicyProblems(policy)).toEqual([]);
  });

  it('refuses periods shorter than the Rules allow, and notice periods that make no sense', () => {
    const problems = retentionPolicyProblems({ draftMonths: 2, draftNoticeDays: 0, submittedMonths: 11, archiveAfterRetention: true });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^DRAFT_RETENTION_MONTHS: drafts are kept at least 3 months \(R-27.6\); got 2/);
    expect(problems[1]).toMatch(/^SUBMITTED_RETENTION_MONTHS: .*at least 12 months .*got 11/);
    expect(problems[2]).toMatch(/^DRAFT_EXPIRY_NOTICE_DAYS/);
    expect(retentionPolicyProblems({ ...policy, draftMonths: 2.5 })).toHaveLength(1);
  });

  it('allows keeping things longer than the minimums', () => {
    expect(retentionPolicyProblems({ draftMonths: 6, draftNoticeDays: 14, submittedMonths: 60, archiveAfterRetention: false })).toEqual([]);
  });
});

describe('addCalendarMonths: a period of months is never shorter than its months', () => {
  it.each([
    ['2026-09-01T10:00:00.000Z', 3, '2026-12-01T10:00:00.000Z'],
    ['2026-11-30T23:59:00.000Z', 3, '2027-02-28T23:59:00.000Z'], // no 30 February: the month's last day
    ['2027-11-30T12:00:00.000Z', 3, '2028-02-29T12:00:00.000Z'], // leap year
    ['2026-12-15T00:00:00.000Z', 12, '2027-12-15T00:00:00.000Z'],
    ['2027-03-31T08:00:00.000Z', -1, '2027-02-28T08:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addCalendarMonths(at(from), months).toISOString()).toBe(expected);
  });
});

describe('drafts (R-27.6): kept 3 months after their last change, the applicant told a week before', () => {
  const lastChangedAt = at('2026-09-01T10:00:00.000Z');

  it('dates the removal and the notice from the last change', () => {
    expect(draftRemovalAt(lastChangedAt, policy).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(draftNoticeAt(lastChangedAt, policy).toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });

  it('does nothing before the notice date', () => {
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt: null }, at('2026-11-24T09:59:59.999Z'), policy)).toBeNull();
  });

  it('tells the applicant from the notice date on, once', () => {
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt: null }, at('2026-11-24T10:00:00.000Z'), policy)).toBe('NOTICE');
    const noticeSentAt = at('2026-11-24T10:00:00.000Z');
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt }, at('2026-11-30T10:00:00.000Z'), policy)).toBeNull();
  });

  it('removes the draft when its three months are over and the notice was sent a week before', () => {
    const noticeSentAt = at('2026-11-24T10:00:00.000Z');
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt }, at('2026-12-01T09:59:59.999Z'), policy)).toBeNull();
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt }, at('2026-12-01T10:00:00.000Z'), policy)).toBe('REMOVE');
  });

  it('never removes a draft whose applicant was not told: the notice comes first, even when late', () => {
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt: null }, at('2027-05-01T00:00:00.000Z'), policy)).toBe('NOTICE');
    // told late (the scan was off): a full notice period from then
    const late = at('2027-05-01T00:00:00.000Z');
    expect(announcedRemovalAt(lastChangedAt, late, policy).toISOString()).toBe('2027-05-08T00:00:00.000Z');
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt: late }, at('2027-05-07T23:59:59.999Z'), policy)).toBeNull();
    expect(draftRetentionStep({ lastChangedAt, noticeSentAt: late }, at('2027-05-08T00:00:00.000Z'), policy)).toBe('REMOVE');
  });

  it('starts again when the draft is changed after the notice: the old notice no longer counts', () => {
    const changedAgain = at('2026-11-26T10:00:00.000Z');
    const noticeSentAt = at('2026-11-24T10:00:00.000Z');
    expect(draftRetentionStep({ lastChangedAt: changedAgain, noticeSentAt }, at('2026-12-02T00:00:00.000Z'), policy)).toBeNull();
    expect(draftRetentionStep({ lastChangedAt: changedAgain, noticeSentAt }, at('2027-02-19T10:00:00.000Z'), policy)).toBe('NOTICE');
  });
});

describe('submitted applications (R-27.6): kept at least a year after their last change, then archived', () => {
  const decidedAt = at('2026-03-10T09:00:00.000Z');

  it.each(['APPROVED', 'REFUSED', 'REJECTED', 'WITHDRAWN'] as const)('archives a %s application a year after it ended', (status) => {
    expect(isArchivable(status, decidedAt, at('2027-03-10T08:59:59.999Z'), policy)).toBe(false);
    expect(isArchivable(status, decidedAt, at('2027-03-10T09:00:00.000Z'), policy)).toBe(true);
  });

  it.each(['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'DRAFT'] as const)('never archives an application still %s', (status) => {
    expect(isArchivable(status, decidedAt, at('2030-01-01T00:00:00.000Z'), policy)).toBe(false);
  });

  it('keeps everything in place when archiving is off', () => {
    expect(isArchivable('APPROVED', decidedAt, at('2030-01-01T00:00:00.000Z'), { ...policy, archiveAfterRetention: false })).toBe(false);
  });
});
