import {
  DEFAULT_MOVABLE_HOLIDAYS,
  defaultWorkingCalendar,
  endOfWorkingDay,
  FIXED_PUBLIC_HOLIDAYS,
  isOverdue,
  localDateOf,
  WorkingCalendar,
} from './working-calendar.rules';

/** An instant given as Bishkek wall-clock time, e.g. bishkek('2026-03-20 16:00'). */
const bishkek = (localDateTime: string): Date => new Date(`${localDateTime.replace(' ', 'T')}+06:00`);
/** 18:00 Bishkek on a date, as the tests expect deadlines. */
const endOf = (localDate: string): Date => bishkek(`${localDate} 18:00`);

const calendar = defaultWorkingCalendar();

describe('Bishkek time helpers', () => {
  it('takes the local date at UTC+06:00', () => {
    expect(localDateOf(new Date('2026-01-01T17:59:59Z'))).toBe('2026-01-01');
    expect(localDateOf(new Date('2026-01-01T18:00:00Z'))).toBe('2026-01-02');
  });

  it('puts the end of a working day at 18:00 Bishkek, 12:00 UTC', () => {
    expect(endOfWorkingDay('2026-03-23').toISOString()).toBe('2026-03-23T12:00:00.000Z');
  });

  it('refuses invalid dates and instants', () => {
    expect(() => localDateOf(new Date('nonsense'))).toThrow(RangeError);
    expect(() => endOfWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('WorkingCalendar.isWorkingDay', () => {
  it('counts Monday to Friday as working days and the weekend as days off', () => {
    expect(['2026-06-15', '2026-06-16', '2026-06-17', '2026-06-18', '2026-06-19'].map((d) => calendar.isWorkingDay(d))).toEqual([
      true, true, true, true, true,
    ]);
    expect(calendar.isWorkingDay('2026-06-20')).toBe(false);
    expect(calendar.isWorkingDay('2026-06-21')).toBe(false);
  });

  it.each(FIXED_PUBLIC_HOLIDAYS.map((holiday) => [holiday.name, holiday.monthDay]))(
    '%s (%s) is a day off every year',
    (_name, monthDay) => {
      for (let year = 2025; year <= 2032; year += 1) {
        expect(calendar.isWorkingDay(`${year}-${monthDay}`)).toBe(false);
        expect(calendar.isPublicHoliday(`${year}-${monthDay}`)).toBe(true);
      }
    },
  );

  it('has exactly the twelve fixed holidays of art. 113', () => {
    expect(FIXED_PUBLIC_HOLIDAYS.map((holiday) => holiday.monthDay)).toEqual([
      '01-01', '01-07', '02-23', '03-08', '03-21', '04-07', '05-01', '05-05', '05-09', '08-31', '11-07', '11-08',
    ]);
  });

  it('keeps the weekdays around a fixed holiday working', () => {
    expect(calendar.isWorkingDay('2026-04-06')).toBe(true);
    expect(calendar.isWorkingDay('2026-04-07')).toBe(false); // Tuesday, April Revolution day
    expect(calendar.isWorkingDay('2026-04-08')).toBe(true);
  });

  it.each(Object.values(DEFAULT_MOVABLE_HOLIDAYS).flat())('the movable holiday %s is a day off', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
    expect(calendar.isPublicHoliday(date)).toBe(true);
  });

  it('applies a movable holiday only in its own year', () => {
    expect(calendar.isWorkingDay('2026-03-20')).toBe(false); // Friday, Orozo Ait 2026
    expect(calendar.isWorkingDay('2025-03-20')).toBe(true); // Thursday, an ordinary day in 2025
    expect(calendar.isWorkingDay('2026-05-27')).toBe(false); // Wednesday, Kurman Ait 2026
  });

  it('makes the declared transfer day a day off: 31 March 2025 after Orozo Ait on Sunday', () => {
    expect(calendar.isWorkingDay('2025-03-30')).toBe(false);
    expect(calendar.isWorkingDay('2025-03-31')).toBe(false);
    expect(calendar.isPublicHoliday('2025-03-31')).toBe(false);
    expect(calendar.isWorkingDay('2025-04-01')).toBe(true);
  });

  it('makes a transferred Saturday a working day', () => {
    const withWorkingSaturday = new WorkingCalendar({
      movableHolidays: {},
      transferredWorkingDays: { 2026: ['2026-06-20'] },
      transferredDaysOff: { 2026: ['2026-06-22'] },
    });
    expect(withWorkingSaturday.isWorkingDay('2026-06-20')).toBe(true);
    expect(withWorkingSaturday.isWorkingDay('2026-06-22')).toBe(false);
  });

  it.each(['2026-02-30', '2026-2-3', '26-02-03', '', '2026-02-03T00:00', 20260203])('refuses the date %p', (date) => {
    expect(() => calendar.isWorkingDay(date as string)).toThrow(RangeError);
  });

  it('tells which years have movable holidays configured', () => {
    expect(calendar.hasMovableHolidaysFor(2026)).toBe(true);
    expect(calendar.hasMovableHolidaysFor(2028)).toBe(false);
  });
});

describe('WorkingCalendar configuration', () => {
  it('refuses an invalid date', () => {
    expect(() => new WorkingCalendar({ movableHolidays: { 2026: ['2026-13-01'] } })).toThrow(RangeError);
  });

  it('refuses a date filed under another year', () => {
    expect(() => new WorkingCalendar({ movableHolidays: { 2026: ['2027-03-10'] } })).toThrow(/from another year/);
  });

  it('refuses a working day that is also a holiday or a day off', () => {
    expect(() => new WorkingCalendar({ movableHolidays: {}, transferredWorkingDays: { 2026: ['2026-01-01'] } })).toThrow(
      /also a holiday or a day off/,
    );
    expect(
      () =>
        new WorkingCalendar({
          movableHolidays: {},
          transferredWorkingDays: { 2026: ['2026-06-20'] },
          transferredDaysOff: { 2026: ['2026-06-20'] },
        }),
    ).toThrow(/also a holiday or a day off/);
  });

  it('refuses a year whose value is not a list', () => {
    expect(() => new WorkingCalendar({ movableHolidays: { 2026: '2026-03-20' as unknown as string[] } })).toThrow(RangeError);
  });

  it('fails loudly instead of looping when no working day can be found', () => {
    const allOff = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
    const broken = new WorkingCalendar({ movableHolidays: {}, transferredDaysOff: { 2026: allOff } });
    expect(() => broken.nextWorkingDay('2025-12-31')).toThrow(/No working day/);
  });
});

describe('WorkingCalendar.nextWorkingDay and previousWorkingDay', () => {
  it('skips the weekend', () => {
    expect(calendar.nextWorkingDay('2026-06-19')).toBe('2026-06-22');
    expect(calendar.nextWorkingDay('2026-06-20')).toBe('2026-06-22');
    expect(calendar.previousWorkingDay('2026-06-22')).toBe('2026-06-19');
  });

  it('skips holidays, including across the year boundary', () => {
    expect(calendar.nextWorkingDay('2026-03-19')).toBe('2026-03-23'); // Friday 20 March is Orozo Ait
    expect(calendar.nextWorkingDay('2025-12-31')).toBe('2026-01-02');
    expect(calendar.nextWorkingDay('2026-01-06')).toBe('2026-01-08');
    expect(calendar.previousWorkingDay('2026-01-02')).toBe('2025-12-31');
    expect(calendar.nextWorkingDay('2025-03-28')).toBe('2025-04-01');
  });
});

describe('WorkingCalendar.isLastWorkingDayOfWeek', () => {
  it('is Friday in an ordinary week and not Thursday', () => {
    expect(calendar.isLastWorkingDayOfWeek('2026-06-19')).toBe(true);
    expect(calendar.isLastWorkingDayOfWeek('2026-06-18')).toBe(false);
  });

  it('is Thursday when Friday is a holiday', () => {
    expect(calendar.isLastWorkingDayOfWeek('2026-03-19')).toBe(true);
  });

  it('is Friday when the next Monday is a holiday', () => {
    expect(calendar.isLastWorkingDayOfWeek('2026-02-20')).toBe(true);
  });

  it('is a transferred working Saturday, not the Friday before it', () => {
    const withWorkingSaturday = new WorkingCalendar({ movableHolidays: {}, transferredWorkingDays: { 2026: ['2026-06-20'] } });
    expect(withWorkingSaturday.isLastWorkingDayOfWeek('2026-06-19')).toBe(false);
    expect(withWorkingSaturday.isLastWorkingDayOfWeek('2026-06-20')).toBe(true);
  });

  it('is never a day off, and not a day before a mid-week holiday', () => {
    expect(calendar.isLastWorkingDayOfWeek('2026-06-20')).toBe(false);
    expect(calendar.isLastWorkingDayOfWeek('2026-05-26')).toBe(false); // Tuesday before Kurman Ait
  });

  it('pairs with isFirstWorkingDayOfWeek', () => {
    expect(calendar.isFirstWorkingDayOfWeek('2026-06-22')).toBe(true);
    expect(calendar.isFirstWorkingDayOfWeek('2026-02-24')).toBe(true); // Monday 23 February is a holiday
    expect(calendar.isFirstWorkingDayOfWeek('2026-06-23')).toBe(false);
    expect(calendar.isFirstWorkingDayOfWeek('2026-06-21')).toBe(false);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('ends at 18:00 of the n-th working day after the instant’s date', () => {
    expect(calendar.addWorkingDays(bishkek('2026-06-15 10:00'), 1)).toEqual(endOf('2026-06-16'));
    expect(calendar.addWorkingDays(bishkek('2026-06-15 10:00'), 3)).toEqual(endOf('2026-06-18'));
  });

  it('counts 3 working days over a weekend', () => {
    expect(calendar.addWorkingDays(bishkek('2026-06-12 10:00'), 3)).toEqual(endOf('2026-06-17'));
    expect(calendar.addWorkingDays(bishkek('2026-06-13 10:00'), 3)).toEqual(endOf('2026-06-17'));
  });

  it('never counts the starting day, however early', () => {
    expect(calendar.addWorkingDays(bishkek('2026-06-16 00:00'), 1)).toEqual(endOf('2026-06-17'));
    expect(calendar.addWorkingDays(bishkek('2026-06-16 23:59'), 1)).toEqual(endOf('2026-06-17'));
  });

  it('uses the Bishkek date, not the UTC one', () => {
    // 2026-06-15T19:00Z is Tuesday 16 June 01:00 in Bishkek.
    expect(calendar.addWorkingDays(new Date('2026-06-15T19:00:00Z'), 1)).toEqual(endOf('2026-06-17'));
  });

  it('crosses the New Year holiday', () => {
    expect(calendar.addWorkingDays(bishkek('2025-12-30 11:00'), 3)).toEqual(endOf('2026-01-05'));
  });

  it('with 0 days ends on the same working day, or the next one', () => {
    expect(calendar.addWorkingDays(bishkek('2026-06-16 09:00'), 0)).toEqual(endOf('2026-06-16'));
    expect(calendar.addWorkingDays(bishkek('2026-06-20 09:00'), 0)).toEqual(endOf('2026-06-22'));
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p days', (days) => {
    expect(() => calendar.addWorkingDays(bishkek('2026-06-16 09:00'), days)).toThrow(RangeError);
  });

  it('refuses an invalid instant', () => {
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

/** Bishkek wall-clock time on a date, as the tests expect receipt moments and intake deadlines. */
const at = bishkek;

describe('WorkingCalendar.intakeReceivedAt and intakeReceivedOn (R-41 paragraph 2)', () => {
  it('R-41: during working hours of a working day, a submission is received at once', () => {
    expect(calendar.intakeReceivedAt(at('2026-06-16 10:00'))).toEqual(at('2026-06-16 10:00'));
    expect(calendar.intakeReceivedOn(at('2026-06-16 17:59'))).toBe('2026-06-16');
  });

  it('R-41: before 09:00 it is received at 09:00, after 18:00 at 09:00 of the next working day', () => {
    expect(calendar.intakeReceivedAt(at('2026-06-16 07:30'))).toEqual(at('2026-06-16 09:00'));
    expect(calendar.intakeReceivedAt(at('2026-06-16 18:30'))).toEqual(at('2026-06-17 09:00'));
  });

  it('R-41 para. 2: on a Friday 14:59 is received on Friday, 15:01 at the start of Monday', () => {
    expect(calendar.intakeReceivedAt(at('2026-06-19 14:59'))).toEqual(at('2026-06-19 14:59'));
    expect(calendar.intakeReceivedAt(at('2026-06-19 15:01'))).toEqual(at('2026-06-22 09:00'));
  });

  it('R-41 para. 2: exactly 15:00 is not yet "after 15:00"', () => {
    expect(calendar.intakeReceivedOn(at('2026-06-19 15:00'))).toBe('2026-06-19');
    expect(calendar.intakeReceivedOn(new Date(at('2026-06-19 15:00').getTime() + 1))).toBe('2026-06-22');
  });

  it('R-41 para. 2: the cut-off applies only on the last working day of the week', () => {
    expect(calendar.intakeReceivedOn(at('2026-06-18 16:00'))).toBe('2026-06-18');
    expect(calendar.intakeReceivedOn(at('2026-03-19 16:00'))).toBe('2026-03-23'); // Thursday before the Orozo Ait Friday
    expect(calendar.intakeReceivedOn(at('2026-05-26 16:00'))).toBe('2026-05-26'); // Tuesday before the Kurman Ait Wednesday
  });

  it('weekends and holidays alike: a day off is received at 09:00 of the next working day', () => {
    expect(calendar.intakeReceivedAt(at('2026-06-20 12:00'))).toEqual(at('2026-06-22 09:00')); // Saturday
    expect(calendar.intakeReceivedAt(at('2026-05-27 12:00'))).toEqual(at('2026-05-28 09:00')); // Wednesday, Kurman Ait
    expect(calendar.intakeReceivedAt(at('2026-02-23 12:00'))).toEqual(at('2026-02-24 09:00')); // Monday holiday
    expect(calendar.intakeReceivedOn(at('2025-03-30 12:00'))).toBe('2025-04-01'); // Orozo Ait and its transfer day
  });
});

describe('WorkingCalendar.intakeDueAt (R-41: within one working day of receipt)', () => {
  it('R-41 para. 1 and 3: one working day of working hours from receipt', () => {
    expect(calendar.intakeDueAt(at('2026-06-16 10:00'))).toEqual(at('2026-06-17 10:00'));
    expect(calendar.intakeDueAt(at('2026-06-16 09:00'))).toEqual(at('2026-06-16 18:00'));
    expect(calendar.intakeDueAt(at('2026-06-16 07:00'))).toEqual(at('2026-06-16 18:00'));
    expect(calendar.intakeDueAt(at('2026-06-16 23:30'))).toEqual(at('2026-06-17 18:00'));
  });

  it('R-41 para. 2: Friday 14:59 and Friday 15:01 get different deadlines', () => {
    expect(calendar.intakeDueAt(at('2026-06-19 14:59'))).toEqual(at('2026-06-22 14:59'));
    expect(calendar.intakeDueAt(at('2026-06-19 15:01'))).toEqual(at('2026-06-22 18:00'));
  });

  it('R-41 para. 2: after 15:00 on the last working day, the answer is due during the first day of the next week', () => {
    for (const moment of ['2026-06-19 15:01', '2026-06-19 23:59', '2026-06-20 12:00', '2026-06-21 23:59', '2026-06-22 08:00']) {
      expect(calendar.intakeDueAt(at(moment))).toEqual(at('2026-06-22 18:00'));
    }
    expect(calendar.intakeDueAt(at('2026-06-22 09:30'))).toEqual(at('2026-06-23 09:30'));
  });

  it('weekends and holidays alike: a mid-week holiday gives exactly what a weekend gives', () => {
    // a submission on the day off is answered by the end of the next working day in both cases
    expect(calendar.intakeDueAt(at('2026-06-20 10:00'))).toEqual(at('2026-06-22 18:00')); // Saturday
    expect(calendar.intakeDueAt(at('2026-05-27 10:00'))).toEqual(at('2026-05-28 18:00')); // Wednesday, Kurman Ait
    // a submission the afternoon before the day off carries its remaining hours over it in both cases
    expect(calendar.intakeDueAt(at('2026-06-18 16:00'))).toEqual(at('2026-06-19 16:00')); // Thursday before Friday
    expect(calendar.intakeDueAt(at('2026-05-26 16:00'))).toEqual(at('2026-05-28 16:00')); // Tuesday before the holiday
  });

  it('R-41 para. 2 with a Friday holiday (Orozo Ait 2026): Thursday is the last working day of the week', () => {
    expect(calendar.intakeDueAt(at('2026-03-19 14:59'))).toEqual(at('2026-03-23 14:59'));
    expect(calendar.intakeDueAt(at('2026-03-19 16:00'))).toEqual(at('2026-03-23 18:00'));
    expect(calendar.intakeDueAt(at('2026-03-20 10:00'))).toEqual(at('2026-03-23 18:00')); // on the holiday itself
  });

  it('when Monday is a holiday, the next week starts on Tuesday', () => {
    expect(calendar.intakeDueAt(at('2026-02-20 16:00'))).toEqual(at('2026-02-24 18:00'));
    expect(calendar.intakeDueAt(at('2026-02-23 10:00'))).toEqual(at('2026-02-24 18:00'));
  });

  it('across the year boundary and the long Orozo Ait weekend of 2025', () => {
    expect(calendar.intakeDueAt(at('2025-12-31 16:00'))).toEqual(at('2026-01-02 16:00'));
    expect(calendar.intakeDueAt(at('2026-12-31 16:00'))).toEqual(at('2027-01-04 18:00')); // Friday 1 Jan 2027 is a holiday
    expect(calendar.intakeDueAt(at('2025-03-28 16:00'))).toEqual(at('2025-04-01 18:00'));
  });

  it('R-41 para. 2 with a transferred working Saturday, the Saturday is the last working day of the week', () => {
    const withWorkingSaturday = new WorkingCalendar({ movableHolidays: {}, transferredWorkingDays: { 2026: ['2026-06-20'] } });
    expect(withWorkingSaturday.intakeDueAt(at('2026-06-19 16:00'))).toEqual(at('2026-06-20 16:00'));
    expect(withWorkingSaturday.intakeDueAt(at('2026-06-20 16:00'))).toEqual(at('2026-06-22 18:00'));
  });

  it('R-41: over a year, every deadline falls in working hours of a working day after the submission and never moves backwards', () => {
    const violations: string[] = [];
    let previousDue = 0;
    const from = at('2025-07-01 00:00').getTime();
    const until = at('2026-07-01 00:00').getTime();
    // A 47-minute step lands on every time of day over the year, including just around 15:00.
    for (let instant = from; instant < until; instant += 47 * 60_000) {
      const due = calendar.intakeDueAt(new Date(instant));
      const dueOn = localDateOf(due);
      const inWorkingHours = due.getTime() > at(`${dueOn} 09:00`).getTime() && due.getTime() <= endOf(dueOn).getTime();
      if (!inWorkingHours || !calendar.isWorkingDay(dueOn) || due.getTime() <= instant || due.getTime() < previousDue) {
        violations.push(`${new Date(instant).toISOString()} -> ${due.toISOString()}`);
      }
      previousDue = due.getTime();
    }
    expect(violations).toEqual([]);
  });
});

describe('WorkingCalendar.decisionDueAt (standard item 21, R-40)', () => {
  it('item 21: the service days are counted from the day of receipt, not from registration', () => {
    // received Thursday 11 June: Friday, Monday, Tuesday
    expect(calendar.decisionDueAt(at('2026-06-11 10:00'), 3)).toEqual(endOf('2026-06-16'));
  });

  it('item 21 with R-41: Friday 14:59 and 15:01 are received on different days, so decided by different days', () => {
    expect(calendar.decisionDueAt(at('2026-06-19 14:59'), 3)).toEqual(endOf('2026-06-24'));
    expect(calendar.decisionDueAt(at('2026-06-19 15:01'), 3)).toEqual(endOf('2026-06-25'));
  });

  it('item 21: a movable holiday is skipped like a weekend day', () => {
    expect(calendar.decisionDueAt(at('2026-03-18 10:00'), 3)).toEqual(endOf('2026-03-24'));
    expect(calendar.decisionDueAt(at('2026-05-26 10:00'), 3)).toEqual(endOf('2026-06-01')); // Kurman Ait Wednesday skipped
  });

  it('R-40: the working days waiting for payment are not counted', () => {
    // received Monday 15 June, told to pay Monday, paid Wednesday: Tuesday and Wednesday stand still
    const suspension = { from: at('2026-06-15 11:00'), until: at('2026-06-17 10:00') };
    expect(calendar.decisionDueAt(at('2026-06-15 10:00'), 3)).toEqual(endOf('2026-06-18'));
    expect(calendar.decisionDueAt(at('2026-06-15 10:00'), 3, [suspension])).toEqual(endOf('2026-06-22'));
  });

  it('R-40: payment confirmed on the day it was asked for suspends nothing', () => {
    const sameDay = { from: at('2026-06-15 11:00'), until: at('2026-06-15 17:00') };
    expect(calendar.decisionDueAt(at('2026-06-15 10:00'), 3, [sameDay])).toEqual(endOf('2026-06-18'));
  });

  it('R-40: a weekend inside a suspension is not counted twice', () => {
    const overWeekend = { from: at('2026-06-19 11:00'), until: at('2026-06-22 12:00') }; // Friday to Monday
    expect(calendar.decisionDueAt(at('2026-06-19 10:00'), 3, [overWeekend])).toEqual(endOf('2026-06-25'));
  });

  it('refuses a broken day count or suspension', () => {
    expect(() => calendar.decisionDueAt(at('2026-06-15 10:00'), -1)).toThrow(RangeError);
    expect(() => calendar.decisionDueAt(at('2026-06-15 10:00'), 3, [{ from: new Date(Number.NaN), until: at('2026-06-15 10:00') }])).toThrow(RangeError);
  });
});

describe('WorkingCalendar.workingDaysTaken (open data, L-12)', () => {
  it('counts the working days after the day of receipt up to and including the day of the decision', () => {
    expect(calendar.workingDaysTaken(at('2026-06-15 10:00'), at('2026-06-15 16:00'))).toBe(0);
    expect(calendar.workingDaysTaken(at('2026-06-15 10:00'), at('2026-06-18 12:00'))).toBe(3);
    expect(calendar.workingDaysTaken(at('2026-06-19 15:01'), at('2026-06-23 12:00'))).toBe(1); // received Monday
  });

  it('skips holidays and the days waiting for payment, as the deadline does', () => {
    expect(calendar.workingDaysTaken(at('2026-05-26 10:00'), at('2026-05-29 10:00'))).toBe(2);
    const suspension = { from: at('2026-06-15 11:00'), until: at('2026-06-17 10:00') };
    expect(calendar.workingDaysTaken(at('2026-06-15 10:00'), at('2026-06-22 12:00'), [suspension])).toBe(3);
  });
});

describe('WorkingCalendar.endOfCurrentWorkingDay', () => {
  it('is 18:00 today during working hours, else 18:00 of the next working day', () => {
    expect(calendar.endOfCurrentWorkingDay(at('2026-06-15 10:00'))).toEqual(endOf('2026-06-15'));
    expect(calendar.endOfCurrentWorkingDay(at('2026-06-15 18:30'))).toEqual(endOf('2026-06-16'));
    expect(calendar.endOfCurrentWorkingDay(at('2026-06-20 10:00'))).toEqual(endOf('2026-06-22'));
  });
});

describe('isOverdue', () => {
  const dueAt = endOf('2026-06-16');

  it('is not overdue up to and including the deadline itself', () => {
    expect(isOverdue(dueAt, bishkek('2026-06-16 17:59'))).toBe(false);
    expect(isOverdue(dueAt, dueAt)).toBe(false);
    expect(calendar.isOverdue(dueAt, dueAt)).toBe(false);
  });

  it('is overdue one millisecond later', () => {
    expect(isOverdue(dueAt, new Date(dueAt.getTime() + 1))).toBe(true);
    expect(calendar.isOverdue(dueAt, new Date(dueAt.getTime() + 1))).toBe(true);
  });

  it('is never overdue without a deadline', () => {
    expect(isOverdue(null, bishkek('2030-01-01 00:00'))).toBe(false);
    expect(isOverdue(undefined, bishkek('2030-01-01 00:00'))).toBe(false);
  });
});
