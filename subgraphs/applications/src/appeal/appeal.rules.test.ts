import { defaultWorkingCalendar } from '../calendar/working-calendar.rules';
import {
  answerSigningPayload,
  appealAnswerDueAt,
  filingDeadline,
  isAppealOverdue,
  planAppealTransition,
  reopenedStatus,
  whyNotAppealable,
  whyNotOfAppealBody,
} from './appeal.rules';

const bishkek = (localDateTime: string): Date => new Date(`${localDateTime.replace(' ', 'T')}+06:00`);
const calendar = defaultWorkingCalendar();
const NOW = bishkek('2026-06-10 12:00');
const facts = (status: string, overrides: Partial<Parameters<typeof whyNotAppealable>[1]> = {}) => ({
  status: status as never,
  intakeDueAt: null,
  dueAt: null,
  statusSince: bishkek('2026-06-05 11:00'),
  ...overrides,
});

describe('what may be complained about (Kyrgyz R-37: decisions, actions or inaction of a provider)', () => {
  it('R-38: a decision against the applicant, a rejection at intake or a refusal', () => {
    expect(whyNotAppealable('DECISION', facts('REJECTED'), NOW, 30)).toBeNull();
    expect(whyNotAppealable('DECISION', facts('REFUSED'), NOW, 30)).toBeNull();
    const approved = whyNotAppealable('DECISION', facts('APPROVED'), NOW, 30);
    expect(approved).toMatchObject({ code: 'CONFLICT' });
    expect(approved!.message.ru).toMatch(/действие \(ACTION\)/);
    expect(whyNotAppealable('DECISION', facts('IN_REVIEW'), NOW, 30)).toMatchObject({ code: 'CONFLICT' });
  });

  it('R-37: an action of the provider, at any point after submission, never about a draft', () => {
    for (const status of ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED', 'REFUSED', 'REJECTED', 'WITHDRAWN']) {
      expect(whyNotAppealable('ACTION', facts(status), NOW, 30)).toBeNull();
    }
    expect(whyNotAppealable('ACTION', facts('DRAFT'), NOW, 30)).toMatchObject({ code: 'CONFLICT' });
  });

  it('R-37: inaction once the provider let its deadline pass (overdue), not before', () => {
    expect(whyNotAppealable('INACTION', facts('IN_REVIEW', { dueAt: bishkek('2026-06-09 18:00') }), NOW, 30)).toBeNull();
    expect(whyNotAppealable('INACTION', facts('SUBMITTED', { intakeDueAt: bishkek('2026-06-09 18:00') }), NOW, 30)).toBeNull();
    const early = whyNotAppealable('INACTION', facts('IN_REVIEW', { dueAt: bishkek('2026-06-12 18:00') }), NOW, 30);
    expect(early).toMatchObject({ code: 'CONFLICT' });
    expect(early!.message.ru).toContain('до 12.06.2026');
    expect(early!.message.ky).toContain('12.06.2026');
    // waiting for the applicant's payment is no inaction of the provider
    expect(whyNotAppealable('INACTION', facts('AWAITING_PAYMENT'), NOW, 30)).toMatchObject({ code: 'CONFLICT' });
  });

  it('after a final outcome, only within the filing period (default 30 calendar days), naming its last day', () => {
    const decidedOn = bishkek('2026-05-01 11:00');
    expect(filingDeadline(decidedOn, 30).toISOString()).toBe(bishkek('2026-06-01 00:00').toISOString());
    expect(whyNotAppealable('DECISION', facts('REFUSED', { statusSince: decidedOn }), bishkek('2026-05-31 23:59'), 30)).toBeNull();
    const late = whyNotAppealable('DECISION', facts('REFUSED', { statusSince: decidedOn }), bishkek('2026-06-01 00:00'), 30);
    expect(late).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(late!.message.ru).toBe('Срок подачи жалобы истёк 31.05.2026 (30 календарных дней после решения или действия).');
    expect(late!.message.ky).toContain('31.05.2026');
    // a provider still at work on the application can be complained about whenever
    expect(whyNotAppealable('ACTION', facts('IN_REVIEW', { statusSince: decidedOn }), bishkek('2026-09-01 10:00'), 30)).toBeNull();
  });
});

describe('the states: FILED -> REGISTERED -> UNDER_REVIEW -> UPHELD | DISMISSED', () => {
  it('moves forward one step at a time', () => {
    expect(planAppealTransition('register', 'FILED')).toEqual({ ok: true, from: 'FILED', to: 'REGISTERED' });
    expect(planAppealTransition('startReview', 'REGISTERED')).toEqual({ ok: true, from: 'REGISTERED', to: 'UNDER_REVIEW' });
    expect(planAppealTransition('uphold', 'UNDER_REVIEW')).toEqual({ ok: true, from: 'UNDER_REVIEW', to: 'UPHELD' });
    expect(planAppealTransition('dismiss', 'UNDER_REVIEW')).toEqual({ ok: true, from: 'UNDER_REVIEW', to: 'DISMISSED' });
  });

  it('answers only under review, and only once', () => {
    const early = planAppealTransition('uphold', 'REGISTERED');
    expect(early).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((early as { message: { ru: string } }).message.ru).toContain('startAppealReview');
    for (const answered of ['UPHELD', 'DISMISSED'] as const) {
      const twice = planAppealTransition('dismiss', answered);
      expect(twice).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect((twice as { message: { ru: string } }).message.ru).toContain('уже дан ответ');
    }
    expect(planAppealTransition('register', 'REGISTERED')).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('only officers of the body the complaint is addressed to hear it', () => {
    expect(whyNotOfAppealBody({ roles: ['PROVIDER_OFFICER'], providerId: 'body' }, 'body')).toBeNull();
    expect(whyNotOfAppealBody({ roles: ['PROVIDER_OFFICER'], providerId: 'provider' }, 'body')).toMatchObject({ code: 'FORBIDDEN' });
    expect(whyNotOfAppealBody({ roles: ['OPERATOR'], providerId: null }, 'body')).toMatchObject({ code: 'FORBIDDEN' });
    expect(whyNotOfAppealBody({ roles: ['PROVIDER_OFFICER'], providerId: 'body' }, null)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the answer deadline (administrative-procedure law: default 15 working days from registration)', () => {
  it('is 18:00 of the 15th working day after the day of registration, weekends not counted', () => {
    expect(appealAnswerDueAt(calendar, bishkek('2026-06-01 10:00'), 15).toISOString()).toBe(bishkek('2026-06-22 18:00').toISOString());
  });

  it('skips public holidays like weekends (Independence Day, 31 August)', () => {
    // Friday 28 August: 1 working day later is Tuesday 1 September, the Monday being a holiday
    expect(appealAnswerDueAt(calendar, bishkek('2026-08-28 10:00'), 1).toISOString()).toBe(bishkek('2026-09-01 18:00').toISOString());
  });

  it('flags an open complaint past it as overdue, an answered one never', () => {
    const due = bishkek('2026-06-22 18:00');
    expect(isAppealOverdue('UNDER_REVIEW', due, bishkek('2026-06-22 18:01'))).toBe(true);
    expect(isAppealOverdue('REGISTERED', due, bishkek('2026-06-22 17:59'))).toBe(false);
    expect(isAppealOverdue('UPHELD', due, bishkek('2026-07-01 10:00'))).toBe(false);
  });
});

describe('an upheld complaint reopens the application where the decision was taken', () => {
  it('a rejection at intake goes back to intake, a refusal back to review; the rest stays', () => {
    expect(reopenedStatus('REJECTED')).toBe('SUBMITTED');
    expect(reopenedStatus('REFUSED')).toBe('IN_REVIEW');
    for (const status of ['SUBMITTED', 'IN_REVIEW', 'APPROVED', 'WITHDRAWN'] as const) expect(reopenedStatus(status)).toBeNull();
  });

  it('the signed answer covers exactly appealId, uphold and answer', () => {
    expect(answerSigningPayload('a', true, 'text')).toEqual({ appealId: 'a', uphold: true, answer: 'text' });
  });
});
