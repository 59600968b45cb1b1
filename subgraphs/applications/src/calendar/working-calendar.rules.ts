/**
 * The Kyrgyz working calendar and the deadlines of an application counted on it (R-34, R-35.1, R-40,
 * R-41, standard item 21): weekends, public holidays (Labour Code art. 113), the movable religious
 * holidays and the transfers of days declared each year by government decree. A weekend day and a
 * holiday are the same thing here: a day that is not a working day.
 *
 * Times are Asia/Bishkek; working hours are 09:00-18:00. A deadline "of N working days" ends at the end
 * of working hours (18:00) of its last day: a notice or decision sent by then is on time. The intake
 * answer's "one working day" is one working day's worth of working hours counted from receipt.
 */

/** A calendar date in Bishkek, 'YYYY-MM-DD'. */
export type LocalDate = string;

export interface WorkingCalendarConfig {
  /** Orozo Ait and Kurman Ait, by year. */
  movableHolidays: Readonly<Record<number, readonly LocalDate[]>>;
  /** Weekend days declared working days (a transfer's other half), by year. */
  transferredWorkingDays?: Readonly<Record<number, readonly LocalDate[]>>;
  /** Weekdays declared days off (e.g. a holiday that fell on a weekend), by year. */
  transferredDaysOff?: Readonly<Record<number, readonly LocalDate[]>>;
}

// Kyrgyzstan abolished daylight saving in 2005 and has stayed on UTC+06:00 since, so a fixed offset is exact.
export const BISHKEK_UTC_OFFSET_MINUTES = 6 * 60;
export const WORKING_DAY_START_HOUR = 9;
export const WORKING_DAY_END_HOUR = 18;
/** a submission after this hour on the last working day of a week counts as received in the next week. */
export const INTAKE_CUTOFF_HOUR = 15;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const BISHKEK_UTC_OFFSET_MS = BISHKEK_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
// No real calendar has a year without working days; a longer search means broken configuration.
const MAX_CONSECUTIVE_DAYS_OFF = 366;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SATURDAY = 6;
const SUNDAY = 0;

/** Public holidays on fixed dates, Labour Code of the Kyrgyz Republic art. 113 ('MM-DD'). */
export const FIXED_PUBLIC_HOLIDAYS: readonly { monthDay: string; name: string }[] = [
  { monthDay: '01-01', name: 'New Year' },
  { monthDay: '01-07', name: 'Orthodox Christmas' },
  { monthDay: '02-23', name: 'Defender of the Fatherland Day' },
  { monthDay: '03-08', name: "International Women's Day" },
  { monthDay: '03-21', name: 'Nooruz' },
  { monthDay: '04-07', name: "Day of the People's April Revolution" },
  { monthDay: '05-01', name: 'Labour Day' },
  { monthDay: '05-05', name: 'Constitution Day' },
  { monthDay: '05-09', name: 'Victory Day' },
  { monthDay: '08-31', name: 'Independence Day' },
  { monthDay: '11-07', name: 'Days of History and Commemoration of Ancestors' },
  { monthDay: '11-08', name: 'Days of History and Commemoration of Ancestors' },
];

/**
 * Orozo Ait and Kurman Ait follow the lunar calendar: their dates are set each year by government
 * decree and must be maintained in configuration (add the next year as soon as the decree appears).
 */
export const DEFAULT_MOVABLE_HOLIDAYS: Readonly<Record<number, readonly LocalDate[]>> = {
  2025: ['2025-03-30', '2025-06-06'],
  2026: ['2026-03-20', '2026-05-27'],
  2027: ['2027-03-10', '2027-05-17'],
};

/** Days off moved by decree; 2025: Orozo Ait fell on Sunday 30 March, so Monday 31 March was a day off. */
export const DEFAULT_TRANSFERRED_DAYS_OFF: Readonly<Record<number, readonly LocalDate[]>> = {
  2025: ['2025-03-31'],
};

export function defaultWorkingCalendar(): WorkingCalendar {
  return new WorkingCalendar({
    movableHolidays: DEFAULT_MOVABLE_HOLIDAYS,
    transferredDaysOff: DEFAULT_TRANSFERRED_DAYS_OFF,
  });
}

// ------------------------------------------------------------------ dates as day numbers

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError for anything else. */
function dayNumberOf(localDate: LocalDate): number {
  const parts = typeof localDate === 'string' ? ISO_DATE.exec(localDate) : null;
  if (parts) {
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return probe.getTime() / MS_PER_DAY;
    }
  }
  throw new RangeError(`Expected a real date as YYYY-MM-DD, got ${JSON.stringify(localDate)}`);
}

function localDateOfDayNumber(dayNumber: number): LocalDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The Monday of the Monday-to-Sunday week holding the day; identifies the week. */
function weekOf(dayNumber: number): number {
  return dayNumber - ((weekdayOf(dayNumber) + 6) % 7);
}

function assertValidInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

/** The Bishkek calendar date of an instant. */
export function localDateOf(instant: Date): LocalDate {
  assertValidInstant(instant, 'instant');
  return new Date(instant.getTime() + BISHKEK_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Milliseconds since Bishkek midnight of an instant. */
function localTimeOfDayMs(instant: Date): number {
  const shifted = instant.getTime() + BISHKEK_UTC_OFFSET_MS;
  return ((shifted % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

/** 18:00 Bishkek on the given date: the end of that working day. */
export function endOfWorkingDay(localDate: LocalDate): Date {
  const midnightUtc = dayNumberOf(localDate) * MS_PER_DAY;
  return new Date(midnightUtc + WORKING_DAY_END_HOUR * 60 * MS_PER_MINUTE - BISHKEK_UTC_OFFSET_MS);
}

/** 09:00 Bishkek on the given date: the start of that working day. */
export function startOfWorkingDay(localDate: LocalDate): Date {
  const midnightUtc = dayNumberOf(localDate) * MS_PER_DAY;
  return new Date(midnightUtc + WORKING_DAY_START_HOUR * 60 * MS_PER_MINUTE - BISHKEK_UTC_OFFSET_MS);
}

/**
 * A stretch during which the count of the decision deadline stands still (R-40: the provider
 * suspends the review while the fee is not paid or not confirmed): from the moment the applicant was
 * told to pay until the payment was confirmed. No working day from the day after `from` through the
 * day of `until` counts; the day of confirmation itself does not count either, as the day of receipt.
 */
export interface Suspension {
  from: Date;
  until: Date;
}

/** A deadline is missed once the moment is strictly after it; no deadline is never overdue. */
export function isOverdue(dueAt: Date | null | undefined, now: Date): boolean {
  return dueAt != null && now.getTime() > dueAt.getTime();
}

// ------------------------------------------------------------------ the calendar

export class WorkingCalendar {
  private readonly fixedHolidayMonthDays = new Set(FIXED_PUBLIC_HOLIDAYS.map((holiday) => holiday.monthDay));
  private readonly movableHolidays: ReadonlySet<LocalDate>;
  private readonly transferredWorkingDays: ReadonlySet<LocalDate>;
  private readonly transferredDaysOff: ReadonlySet<LocalDate>;
  private readonly yearsWithMovableHolidays: ReadonlySet<number>;
  private readonly workingDayCache = new Map<number, boolean>();

  constructor(config: WorkingCalendarConfig) {
    this.movableHolidays = datesByYear(config.movableHolidays, 'movableHolidays');
    this.transferredWorkingDays = datesByYear(config.transferredWorkingDays ?? {}, 'transferredWorkingDays');
    this.transferredDaysOff = datesByYear(config.transferredDaysOff ?? {}, 'transferredDaysOff');
    this.yearsWithMovableHolidays = new Set(Object.keys(config.movableHolidays).map(Number));

    for (const date of this.transferredWorkingDays) {
      if (this.isPublicHoliday(date) || this.transferredDaysOff.has(date)) {
        throw new RangeError(`${date} is listed as a transferred working day but is also a holiday or a day off`);
      }
    }
  }

  /** Whether the movable holidays of a year are configured; without them that year's deadlines ignore them. */
  hasMovableHolidaysFor(year: number): boolean {
    return this.yearsWithMovableHolidays.has(year);
  }

  isPublicHoliday(localDate: LocalDate): boolean {
    dayNumberOf(localDate);
    return this.fixedHolidayMonthDays.has(localDate.slice(5)) || this.movableHolidays.has(localDate);
  }

  isWorkingDay(localDate: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumberOf(localDate));
  }

  /** The first working day strictly after the given date. */
  nextWorkingDay(localDate: LocalDate): LocalDate {
    return localDateOfDayNumber(this.nextWorkingDayNumber(dayNumberOf(localDate)));
  }

  /** The last working day strictly before the given date. */
  previousWorkingDay(localDate: LocalDate): LocalDate {
    return localDateOfDayNumber(this.previousWorkingDayNumber(dayNumberOf(localDate)));
  }

  /**
   * Whether this is the last working day of its Monday-to-Sunday week, i.e. the next working day falls
   * in a later week: normally Friday; Thursday when Friday is a holiday; a Saturday made a working day.
   */
  isLastWorkingDayOfWeek(localDate: LocalDate): boolean {
    const day = dayNumberOf(localDate);
    return this.isWorkingDayNumber(day) && weekOf(this.nextWorkingDayNumber(day)) !== weekOf(day);
  }

  /** Whether this is the first working day of its week: the previous working day falls in an earlier week. */
  isFirstWorkingDayOfWeek(localDate: LocalDate): boolean {
    const day = dayNumberOf(localDate);
    return this.isWorkingDayNumber(day) && weekOf(this.previousWorkingDayNumber(day)) !== weekOf(day);
  }

  /**
   * The end (18:00 Bishkek) of the n-th working day after the instant's Bishkek date; the instant's own
   * day never counts, whatever the time. With 0 days: the end of that day if it is a working day, else
   * the end of the next working day.
   */
  addWorkingDays(instant: Date, days: number): Date {
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new RangeError(`days must be a whole number >= 0, got ${days}`);
    }
    let day = dayNumberOf(localDateOf(instant));
    if (days === 0) return endOfWorkingDay(localDateOfDayNumber(this.firstWorkingDayNumberOnOrAfter(day)));
    for (let counted = 0; counted < days; counted += 1) day = this.nextWorkingDayNumber(day);
    return endOfWorkingDay(localDateOfDayNumber(day));
  }

  /**
   * When a submission counts as received (R-41 paragraph 2): at once during working hours
   * (09:00-18:00) of a working day; otherwise at 09:00 of the next working day, a weekend day and a
   * holiday alike. A submission after 15:00 on the last working day of a week counts as received at
   * the start of the first working day of the next week.
   */
  intakeReceivedAt(submittedAt: Date): Date {
    assertValidInstant(submittedAt, 'submittedAt');
    const submittedOn = dayNumberOf(localDateOf(submittedAt));
    const timeOfDay = localTimeOfDayMs(submittedAt);
    if (!this.isWorkingDayNumber(submittedOn)) return this.startOfDayNumber(this.nextWorkingDayNumber(submittedOn));
    if (timeOfDay < WORKING_DAY_START_HOUR * MS_PER_HOUR) return this.startOfDayNumber(submittedOn);
    // "After 15:00" is strict: 15:00:00.000 itself is still received that day.
    const afterCutoff = timeOfDay > INTAKE_CUTOFF_HOUR * MS_PER_HOUR;
    const nextWorkingDay = this.nextWorkingDayNumber(submittedOn);
    const lastWorkingDayOfWeek = weekOf(nextWorkingDay) !== weekOf(submittedOn);
    if ((afterCutoff && lastWorkingDayOfWeek) || timeOfDay >= WORKING_DAY_END_HOUR * MS_PER_HOUR) return this.startOfDayNumber(nextWorkingDay);
    return submittedAt;
  }

  /** The working day a submission counts as received on (see intakeReceivedAt); the decision count starts after it. */
  intakeReceivedOn(submittedAt: Date): LocalDate {
    return localDateOf(this.intakeReceivedAt(submittedAt));
  }

  /**
   * The deadline for the notice of acceptance or of rejection at intake: "within one working
   * day" of receipt, read as one working day's worth of working hours (9) counted from the moment of
   * receipt. Received Tuesday 11:00: due Wednesday 11:00. Received Friday 14:59: due Monday 14:59.
   * Friday 15:01 counts as received Monday 09:00 (paragraph 2), so it is answered "during the first
   * day of the next working week": by Monday 18:00. A mid-week holiday or a weekend in between gives
   * the same: received at the start of the next working day, answered by its end.
   */
  intakeDueAt(submittedAt: Date): Date {
    const receivedAt = this.intakeReceivedAt(submittedAt);
    const receivedOn = dayNumberOf(localDateOf(receivedAt));
    const leftToday = this.endOfDayNumber(receivedOn).getTime() - receivedAt.getTime();
    const oneWorkingDay = (WORKING_DAY_END_HOUR - WORKING_DAY_START_HOUR) * MS_PER_HOUR;
    if (leftToday >= oneWorkingDay) return new Date(receivedAt.getTime() + oneWorkingDay);
    return new Date(this.startOfDayNumber(this.nextWorkingDayNumber(receivedOn)).getTime() + oneWorkingDay - leftToday);
  }

  /**
   * The deadline of the decision (standard item 21): the end of the n-th working day after the day of
   * receipt (intakeReceivedOn), whenever the provider registered the application, with the working
   * days of each suspension for payment not counted.
   */
  decisionDueAt(submittedAt: Date, deadlineWorkingDays: number, suspensions: readonly Suspension[] = []): Date {
    if (!Number.isSafeInteger(deadlineWorkingDays) || deadlineWorkingDays < 0) {
      throw new RangeError(`deadlineWorkingDays must be a whole number >= 0, got ${deadlineWorkingDays}`);
    }
    const suspended = this.suspendedDays(suspensions);
    let day = dayNumberOf(this.intakeReceivedOn(submittedAt));
    for (let counted = 0; counted < deadlineWorkingDays; ) {
      day = this.nextWorkingDayNumber(day);
      if (!suspended(day)) counted += 1;
    }
    return this.endOfDayNumber(day);
  }

  /**
   * How many working days of the decision count passed between the day of receipt and the day of the
   * decision (the day of receipt not counted, the day of the decision counted, suspensions left out):
   * what the open-data processing time reports. A decision on the day of receipt took 0 working days.
   */
  workingDaysTaken(submittedAt: Date, decidedAt: Date, suspensions: readonly Suspension[] = []): number {
    assertValidInstant(decidedAt, 'decidedAt');
    const suspended = this.suspendedDays(suspensions);
    const decidedOn = dayNumberOf(localDateOf(decidedAt));
    let taken = 0;
    for (let day = dayNumberOf(this.intakeReceivedOn(submittedAt)) + 1; day <= decidedOn; day += 1) {
      if (this.isWorkingDayNumber(day) && !suspended(day)) taken += 1;
    }
    return taken;
  }

  /**
   * The end of the working day an instant falls in, or of the next working day when the instant is on
   * a day off or after its working hours: e.g. how long an applicant told to pay has to pay "today".
   */
  endOfCurrentWorkingDay(instant: Date): Date {
    const day = dayNumberOf(localDateOf(instant));
    if (this.isWorkingDayNumber(day) && localTimeOfDayMs(instant) < WORKING_DAY_END_HOUR * MS_PER_HOUR) return this.endOfDayNumber(day);
    return this.endOfDayNumber(this.nextWorkingDayNumber(day));
  }

  isOverdue(dueAt: Date | null | undefined, now: Date): boolean {
    return isOverdue(dueAt, now);
  }

  // ---------------------------------------------------------------- internals on day numbers

  private isWorkingDayNumber(day: number): boolean {
    // The calendar never changes after construction, so each day is worked out once.
    let working = this.workingDayCache.get(day);
    if (working === undefined) {
      working = this.computeIsWorkingDay(day);
      this.workingDayCache.set(day, working);
    }
    return working;
  }

  private computeIsWorkingDay(day: number): boolean {
    const localDate = localDateOfDayNumber(day);
    if (this.transferredDaysOff.has(localDate) || this.isPublicHoliday(localDate)) return false;
    if (this.transferredWorkingDays.has(localDate)) return true;
    const weekday = weekdayOf(day);
    return weekday !== SATURDAY && weekday !== SUNDAY;
  }

  private nextWorkingDayNumber(day: number): number {
    return this.searchWorkingDay(day, +1);
  }

  private previousWorkingDayNumber(day: number): number {
    return this.searchWorkingDay(day, -1);
  }

  private firstWorkingDayNumberOnOrAfter(day: number): number {
    return this.isWorkingDayNumber(day) ? day : this.nextWorkingDayNumber(day);
  }

  private startOfDayNumber(day: number): Date {
    return startOfWorkingDay(localDateOfDayNumber(day));
  }

  private endOfDayNumber(day: number): Date {
    return endOfWorkingDay(localDateOfDayNumber(day));
  }

  /** Whether a day lies in a suspension: after the day it began, up to and including the day it ended. */
  private suspendedDays(suspensions: readonly Suspension[]): (day: number) => boolean {
    const ranges = suspensions.map(({ from, until }) => {
      assertValidInstant(from, 'suspension.from');
      assertValidInstant(until, 'suspension.until');
      return [dayNumberOf(localDateOf(from)), dayNumberOf(localDateOf(until))] as const;
    });
    return (day) => ranges.some(([first, last]) => day > first && day <= last);
  }

  private searchWorkingDay(from: number, step: 1 | -1): number {
    for (let offset = 1; offset <= MAX_CONSECUTIVE_DAYS_OFF; offset += 1) {
      const candidate = from + step * offset;
      if (this.isWorkingDayNumber(candidate)) return candidate;
    }
    throw new RangeError(`No working day within ${MAX_CONSECUTIVE_DAYS_OFF} days of ${localDateOfDayNumber(from)}`);
  }
}

function datesByYear(byYear: Readonly<Record<number, readonly LocalDate[]>>, name: string): Set<LocalDate> {
  const dates = new Set<LocalDate>();
  for (const [year, list] of Object.entries(byYear)) {
    if (!Array.isArray(list)) throw new RangeError(`${name}[${year}] must be a list of dates`);
    for (const date of list) {
      dayNumberOf(date);
      if (date.slice(0, 4) !== year) throw new RangeError(`${name}[${year}] contains ${date} from another year`);
      dates.add(date);
    }
  }
  return dates;
}

// ------------------------------------------------------------------ configuration

/**
 * The calendar from the optional WORKING_CALENDAR_JSON setting, e.g.
 * `{"movableHolidays":{"2028":["2028-02-27","2028-05-05"]},"transferredWorkingDays":{},"transferredDaysOff":{"2028":["2028-02-28"]}}`.
 * Each year it lists replaces that year of the built-in table (DEFAULT_MOVABLE_HOLIDAYS,
 * DEFAULT_TRANSFERRED_DAYS_OFF); other years keep the defaults. Empty or absent: the defaults.
 * Throws an Error naming what is wrong, so a bad setting stops the service at start-up.
 */
export function workingCalendarFromJson(json: string | null | undefined): WorkingCalendar {
  if (json === null || json === undefined || json.trim() === '') return defaultWorkingCalendar();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`WORKING_CALENDAR_JSON is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('WORKING_CALENDAR_JSON must be an object with movableHolidays, transferredWorkingDays and/or transferredDaysOff');
  }
  const known = ['movableHolidays', 'transferredWorkingDays', 'transferredDaysOff'];
  const unknown = Object.keys(parsed).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`WORKING_CALENDAR_JSON has unknown keys ${unknown.join(', ')}; expected ${known.join(', ')}`);
  const config = parsed as Record<string, unknown>;
  const byYear = (name: string): Record<number, LocalDate[]> => {
    const value = config[name];
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`WORKING_CALENDAR_JSON.${name} must map years to lists of dates, e.g. {"2028": ["2028-02-27"]}`);
    }
    const result: Record<number, LocalDate[]> = {};
    for (const [year, dates] of Object.entries(value)) {
      if (!/^\d{4}$/.test(year)) throw new Error(`WORKING_CALENDAR_JSON.${name}: "${year}" is not a year`);
      if (!Array.isArray(dates) || !dates.every((date) => typeof date === 'string')) {
        throw new Error(`WORKING_CALENDAR_JSON.${name}.${year} must be a list of YYYY-MM-DD dates`);
      }
      result[Number(year)] = dates as LocalDate[];
    }
    return result;
  };
  try {
    return new WorkingCalendar({
      movableHolidays: { ...DEFAULT_MOVABLE_HOLIDAYS, ...byYear('movableHolidays') },
      transferredWorkingDays: byYear('transferredWorkingDays'),
      transferredDaysOff: { ...DEFAULT_TRANSFERRED_DAYS_OFF, ...byYear('transferredDaysOff') },
    });
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`WORKING_CALENDAR_JSON: ${error.message}`);
    throw error;
  }
}
