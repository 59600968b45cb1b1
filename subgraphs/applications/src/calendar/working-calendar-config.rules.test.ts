import { workingCalendarFromJson } from './working-calendar.rules';

describe('workingCalendarFromJson', () => {
  it('gives the built-in calendar when the setting is empty', () => {
    for (const empty of [undefined, null, '', '  ']) {
      const calendar = workingCalendarFromJson(empty);
      expect(calendar.isPublicHoliday('2026-05-27')).toBe(true); // Kurman Ait 2026 from the defaults
      expect(calendar.isWorkingDay('2025-03-31')).toBe(false); // transferred day off from the defaults
    }
  });

  it('adds the movable holidays of a new year and keeps the other years', () => {
    const calendar = workingCalendarFromJson('{"movableHolidays":{"2028":["2028-02-28"]}}');
    expect(calendar.isWorkingDay('2028-02-28')).toBe(false);
    expect(calendar.hasMovableHolidaysFor(2028)).toBe(true);
    expect(calendar.isPublicHoliday('2026-05-27')).toBe(true);
  });

  it('replaces a configured year of the defaults', () => {
    const calendar = workingCalendarFromJson('{"movableHolidays":{"2026":["2026-03-19"]}}');
    expect(calendar.isPublicHoliday('2026-03-19')).toBe(true);
    expect(calendar.isPublicHoliday('2026-05-27')).toBe(false);
  });

  it('makes a transferred Saturday a working day', () => {
    const calendar = workingCalendarFromJson('{"transferredWorkingDays":{"2026":["2026-06-20"]},"transferredDaysOff":{"2026":["2026-06-22"]}}');
    expect(calendar.isWorkingDay('2026-06-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-06-22')).toBe(false);
  });

  it('refuses a broken setting with a message naming it', () => {
    expect(() => workingCalendarFromJson('{')).toThrow(/WORKING_CALENDAR_JSON is not valid JSON/);
    expect(() => workingCalendarFromJson('[]')).toThrow(/must be an object/);
    expect(() => workingCalendarFromJson('{"holidays":{}}')).toThrow(/unknown keys holidays/);
    expect(() => workingCalendarFromJson('{"movableHolidays":{"26":["2026-01-02"]}}')).toThrow(/"26" is not a year/);
    expect(() => workingCalendarFromJson('{"movableHolidays":{"2026":"2026-01-02"}}')).toThrow(/must be a list of YYYY-MM-DD dates/);
    expect(() => workingCalendarFromJson('{"movableHolidays":{"2026":["2027-01-02"]}}')).toThrow(/WORKING_CALENDAR_JSON: .*from another year/);
    expect(() => workingCalendarFromJson('{"movableHolidays":{"2026":["2026-02-30"]}}')).toThrow(/WORKING_CALENDAR_JSON: Expected a real date/);
  });
});
