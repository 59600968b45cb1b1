import { defaultWorkingCalendar } from '../calendar/working-calendar.rules';
import {
  applyStatusChange,
  MIN_RATINGS_PUBLISHED,
  type OpenDataApplication,
  publishedFigures,
  type ServiceMonthAggregate,
  statisticsCsv,
  statisticsPeriod,
  type StatusChangeFacts,
} from './statistics.rules';

const calendar = defaultWorkingCalendar();
const bishkek = (local: string): Date => new Date(`${local.replace(' ', 'T')}+06:00`);
const NOW = bishkek('2026-07-10 12:00');

describe('statisticsPeriod (L-12 open data: the months asked for)', () => {
  it('defaults to the current month and the eleven before it', () => {
    expect(statisticsPeriod(null, null, NOW)).toEqual({ ok: true, range: { fromMonth: '2025-08', toMonth: '2026-07' } });
  });

  it('fills a missing end from the other one', () => {
    expect(statisticsPeriod(null, '2026-03', NOW)).toEqual({ ok: true, range: { fromMonth: '2025-04', toMonth: '2026-03' } });
    expect(statisticsPeriod('2026-05', null, NOW)).toEqual({ ok: true, range: { fromMonth: '2026-05', toMonth: '2026-07' } });
    expect(statisticsPeriod('2024-01', null, NOW)).toEqual({ ok: true, range: { fromMonth: '2024-01', toMonth: '2024-12' } });
  });

  it('takes the Bishkek month: 31 May 19:00 UTC is already June', () => {
    expect(statisticsPeriod(null, null, new Date('2026-05-31T19:00:00Z'))).toMatchObject({ range: { toMonth: '2026-06' } });
  });

  it.each(['2026-13', '2026-1', '26-01', '2026-00', '2026/01', ''])('refuses the month %p in both languages', (month) => {
    const result = statisticsPeriod(month, null, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.ru).toMatch(/fromMonth должен быть месяцем в виде ГГГГ-ММ/);
      expect(result.problem.ky).toMatch(/fromMonth ЖЖЖЖ-АА түрүндөгү ай болушу керек/);
    }
  });

  it('refuses a period that ends before it starts, or is longer than 36 months', () => {
    expect(statisticsPeriod('2026-05', '2026-04', NOW)).toMatchObject({ ok: false, problem: { ru: expect.stringMatching(/позже toMonth/) } });
    expect(statisticsPeriod('2023-01', '2026-01', NOW)).toMatchObject({ ok: false, problem: { ru: expect.stringMatching(/длиннее 36 месяцев \(37\)/) } });
    expect(statisticsPeriod('2023-02', '2026-01', NOW)).toEqual({ ok: true, range: { fromMonth: '2023-02', toMonth: '2026-01' } });
  });
});

describe('applyStatusChange (the projection of one application)', () => {
  const ids = { applicationId: 'a', serviceId: 's', providerId: 'p' };
  const step = (version: number, from: string | null, to: string, at: string, due: Partial<Pick<StatusChangeFacts, 'intakeDueAt' | 'dueAt'>> = {}): StatusChangeFacts => ({
    ...ids,
    version,
    from,
    to,
    at: bishkek(at),
    intakeDueAt: due.intakeDueAt ?? null,
    dueAt: due.dueAt ?? null,
  });
  const run = (...steps: StatusChangeFacts[]): OpenDataApplication => {
    let row: OpenDataApplication | null = null;
    for (const change of steps) row = applyStatusChange(row, change, calendar) ?? row;
    return row!;
  };

  it('counts receipt, acceptance and the decision in the months they happened', () => {
    const row = run(
      step(5, 'DRAFT', 'SUBMITTED', '2026-06-30 10:00', { intakeDueAt: bishkek('2026-07-01 10:00') }),
      step(6, 'SUBMITTED', 'IN_REVIEW', '2026-06-30 16:00', { dueAt: bishkek('2026-07-03 18:00') }),
      step(7, 'IN_REVIEW', 'APPROVED', '2026-07-02 11:00', { dueAt: bishkek('2026-07-03 18:00') }),
    );
    expect(row).toMatchObject({ receivedMonth: '2026-06', acceptedMonth: '2026-06', concludedMonth: '2026-07', outcome: 'APPROVED', workingDays: 2, missedDeadline: false });
  });

  it('item 21: processing time runs from the day of receipt (R-41: Friday 15:01 is received Monday)', () => {
    const row = run(step(5, 'DRAFT', 'SUBMITTED', '2026-06-19 15:01'), step(6, 'SUBMITTED', 'IN_REVIEW', '2026-06-22 10:00'), step(7, 'IN_REVIEW', 'REFUSED', '2026-06-23 10:00'));
    expect(row).toMatchObject({ outcome: 'REFUSED', workingDays: 1 });
  });

  it('R-40: the working days waiting for payment are not processing time', () => {
    const row = run(
      step(5, 'DRAFT', 'SUBMITTED', '2026-06-03 10:00'),
      step(6, 'SUBMITTED', 'AWAITING_PAYMENT', '2026-06-03 12:00'),
      step(7, 'AWAITING_PAYMENT', 'IN_REVIEW', '2026-06-05 10:00'),
      step(8, 'IN_REVIEW', 'APPROVED', '2026-06-08 10:00'),
    );
    expect(row).toMatchObject({ acceptedMonth: '2026-06', workingDays: 1 });
  });

  it('marks a missed deadline: a late intake answer or a late decision', () => {
    const lateIntake = run(step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'), step(6, 'SUBMITTED', 'REJECTED', '2026-06-03 10:00', { intakeDueAt: bishkek('2026-06-02 10:00') }));
    expect(lateIntake).toMatchObject({ outcome: 'REJECTED', missedDeadline: true, workingDays: null });
    const lateDecision = run(step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'), step(6, 'IN_REVIEW', 'REFUSED', '2026-06-05 18:00:01', { dueAt: bishkek('2026-06-04 18:00') }));
    expect(lateDecision.missedDeadline).toBe(true);
    const onTime = run(step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'), step(6, 'IN_REVIEW', 'REFUSED', '2026-06-04 18:00', { dueAt: bishkek('2026-06-04 18:00') }));
    expect(onTime.missedDeadline).toBe(false);
  });

  it('R-37: a refusal reopened by an upheld complaint is pending again, and its next decision counts once', () => {
    const reopened = run(
      step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'),
      step(6, 'SUBMITTED', 'IN_REVIEW', '2026-06-01 12:00'),
      step(7, 'IN_REVIEW', 'REFUSED', '2026-06-02 10:00'),
      step(8, 'REFUSED', 'IN_REVIEW', '2026-06-10 10:00'),
    );
    expect(reopened).toMatchObject({ receivedMonth: '2026-06', outcome: null, concludedMonth: null, workingDays: null });
    const decided = run(step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'), step(7, 'IN_REVIEW', 'REFUSED', '2026-06-02 10:00'), step(8, 'REFUSED', 'IN_REVIEW', '2026-06-10 10:00'), step(9, 'IN_REVIEW', 'APPROVED', '2026-07-01 10:00'));
    expect(decided).toMatchObject({ outcome: 'APPROVED', concludedMonth: '2026-07' });
  });

  it('is idempotent: an event of a version already applied changes nothing', () => {
    const row = run(step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'), step(6, 'SUBMITTED', 'REJECTED', '2026-06-01 12:00'));
    expect(applyStatusChange(row, step(6, 'SUBMITTED', 'REJECTED', '2026-06-01 12:00'), calendar)).toBeNull();
    expect(applyStatusChange(row, step(5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00'), calendar)).toBeNull();
  });
});

describe('publishedFigures', () => {
  const aggregate: ServiceMonthAggregate = {
    serviceId: 's',
    providerId: 'p',
    month: '2026-06',
    received: 5,
    accepted: 3,
    rejectedAtIntake: 1,
    approved: 2,
    refused: 1,
    medianWorkingDays: 2,
    p90WorkingDays: 4.3999999,
    concluded: 3,
    concludedOverdue: 1,
    ratingCount: 3,
    ratingSum: 11,
  };

  it('rounds the share to three decimals, the rating to two and the percentiles to one', () => {
    expect(publishedFigures(aggregate)).toMatchObject({ overdueShare: 0.333, averageRating: 3.67, p90WorkingDays: 4.4, medianWorkingDays: 2 });
  });

  it(`publishes no average from fewer than ${MIN_RATINGS_PUBLISHED} ratings, and no share without conclusions`, () => {
    expect(publishedFigures({ ...aggregate, ratingCount: 2, ratingSum: 9 }).averageRating).toBeNull();
    expect(publishedFigures({ ...aggregate, concluded: 0, concludedOverdue: 0 }).overdueShare).toBeNull();
  });
});

describe('statisticsCsv', () => {
  it('writes the documented header and empty cells for null', () => {
    const figures = publishedFigures({ ...{ serviceId: 's', providerId: 'p', month: '2026-06', received: 1, accepted: 0, rejectedAtIntake: 0, approved: 0, refused: 0 }, medianWorkingDays: null, p90WorkingDays: null, concluded: 0, concludedOverdue: 0, ratingCount: 0, ratingSum: 0 });
    expect(statisticsCsv([figures])).toBe(
      'month,serviceId,providerId,received,accepted,rejectedAtIntake,approved,refused,medianWorkingDays,p90WorkingDays,overdueShare,averageRating\r\n2026-06,s,p,1,0,0,0,0,,,,\r\n',
    );
  });
});
