import { DateTime } from 'luxon';
import { swedishDaysOff } from './swedish-holidays.js';

/**
 * The Swedish working calendar: Europe/Stockholm time, weekends, the allmänna helgdagar and the eves that are in
 * practice days off in Swedish public administration (midsommarafton, julafton, nyårsafton), from
 * `swedish-holidays.ts`. Pure and synchronous; every function takes its "now" as an argument.
 *
 * Dates without a time are ISO strings `YYYY-MM-DD` meaning a day in Stockholm. Instants are `Date`s.
 */
export const STOCKHOLM = 'Europe/Stockholm';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** year → (YYYY-MM-DD → name). Built on first use; the rules never change at runtime. */
const cache = new Map<number, Map<string, string>>();

function nonWorkingDays(year: number): Map<string, string> {
  let days = cache.get(year);
  if (!days) {
    days = swedishDaysOff(year);
    cache.set(year, days);
  }
  return days;
}

/**
 * The functions below are pure in their arguments (dates as text, times of day), and luxon works out Stockholm's
 * offset through Intl on every call (about 0.1 ms): planning a thousand deadlines asked the same few dates thousands
 * of times. Their answers are kept, a bounded number.
 */
function remembered<A extends unknown[], R>(fn: (...args: A) => R, key: (...args: A) => string | number): (...args: A) => R {
  const known = new Map<string | number, R>();
  return (...args: A) => {
    const k = key(...args);
    const hit = known.get(k);
    if (hit !== undefined || known.has(k)) return hit as R;
    const value = fn(...args);
    if (known.size >= 20_000) known.clear();
    known.set(k, value);
    return value;
  };
}

function parseIsoDate(date: string): DateTime {
  if (!ISO_DATE.test(date)) throw new RangeError(`Expected a date YYYY-MM-DD, got "${date}"`);
  const dt = DateTime.fromISO(date, { zone: STOCKHOLM });
  if (!dt.isValid) throw new RangeError(`Not a valid date: "${date}"`);
  return dt;
}

/** Monday–Friday and not a public holiday or one of the non-working eves. */
export const isWorkingDay = remembered(
  (date: string): boolean => {
    const dt = parseIsoDate(date);
    if (dt.weekday >= 6) return false;
    return !nonWorkingDays(dt.year).has(date);
  },
  (date) => date,
);

/** `date` if it is a working day, else the nearest working day in `direction` (-1 earlier, +1 later). */
function nearestWorkingDay(date: string, direction: -1 | 1): string {
  let dt = parseIsoDate(date);
  while (!isWorkingDay(dt.toISODate()!)) dt = dt.plus({ days: direction });
  return dt.toISODate()!;
}

/** The same date if it is a working day, else the closest earlier working day. */
export const adjustDueDate = remembered((date: string): string => nearestWorkingDay(date, -1), (date) => date);

/** The first working day on or after `date`. */
export const nextWorkingDayOnOrAfter = remembered((date: string): string => nearestWorkingDay(date, 1), (date) => date);

/** Shift a date by whole calendar days (negative allowed). */
export const shiftDate = remembered(
  (date: string, days: number): string => parseIsoDate(date).plus({ days }).toISODate()!,
  (date, days) => `${date}|${days}`,
);

/**
 * The Stockholm calendar date (`YYYY-MM-DD`) of an instant. Stockholm's offset is a whole number of hours, so its
 * midnight always falls on a full UTC hour: the date is the same for every instant of one UTC hour, and is kept by
 * that hour.
 */
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1900, 0, 1);
const stockholmDateOfHour = remembered(
  (hour: number): string => DateTime.fromMillis(hour * 3_600_000, { zone: STOCKHOLM }).toISODate()!,
  (hour) => hour,
);
export function toStockholmDate(at: Date): string {
  const ms = at.getTime();
  // (Before 1900 Stockholm kept local mean time, +01:12:12: there the date is worked out each time.)
  if (!Number.isFinite(ms) || ms < WHOLE_HOUR_OFFSETS_FROM) return DateTime.fromJSDate(at, { zone: STOCKHOLM }).toISODate()!;
  return stockholmDateOfHour(Math.floor(ms / 3_600_000));
}

/** Midnight in Stockholm of the day `at` falls on (23 or 25 hours long on DST days). */
export function startOfDayStockholm(at: Date | string): Date {
  const dt = typeof at === 'string' ? parseIsoDate(at) : DateTime.fromJSDate(at, { zone: STOCKHOLM });
  return dt.startOf('day').toJSDate();
}

const stockholmInstant = remembered(
  (date: string, time: string): number => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(time);
    if (!m) throw new RangeError(`Expected a time HH:mm, got "${time}"`);
    return parseIsoDate(date)
      .set({ hour: Number(m[1]), minute: Number(m[2]), second: 0, millisecond: 0 })
      .toMillis();
  },
  (date, time) => `${date}T${time}`,
);

/** The instant of a Stockholm wall-clock time (`HH:mm`) on a date. Times skipped by DST move forward. */
export function stockholmDateTime(date: string, time = '00:00'): Date {
  return new Date(stockholmInstant(date, time));
}

/** Add calendar days keeping the Stockholm wall-clock time (so 24h ± 1h across DST changes). */
export function addCalendarDays(from: Date, days: number, zone: string = STOCKHOLM): Date {
  return DateTime.fromJSDate(from, { zone }).plus({ days }).toJSDate();
}

/** Calendar days from `date` to the `days`-th working day after it (before it when `days` is negative). */
const workingDaysSpan = remembered(
  (date: string, days: number): number => {
    const step = days < 0 ? -1 : 1;
    let span = 0;
    for (let remaining = Math.abs(days); remaining > 0; ) {
      span += step;
      if (isWorkingDay(shiftDate(date, span))) remaining--;
    }
    return span;
  },
  (date, days) => `${date}|${days}`,
);

/**
 * Add working days keeping the wall-clock time: each step moves to the next (or, for negative `days`, previous)
 * working day. `addWorkingDays(friday, 1)` is the following Monday (or Tuesday after a Monday holiday).
 * Holidays are Swedish whatever the zone; the zone only decides what "a day" and the time of day are.
 */
export function addWorkingDays(from: Date, days: number, zone: string = STOCKHOLM): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  let dt = DateTime.fromJSDate(from, { zone });
  // Stockholm, a wall-clock time outside 02:00–03:00 (the hour a DST change skips or repeats): that time exists once
  // on every day, so stepping day by day lands where one jump of the same calendar days does, and the days to jump
  // depend on the date alone (kept). A case's deadlines are made from this on every report.
  if (zone === STOCKHOLM && dt.isValid && dt.hour !== 2 && from.getTime() >= WHOLE_HOUR_OFFSETS_FROM) {
    return dt.plus({ days: workingDaysSpan(dt.toISODate()!, days) }).toJSDate();
  }
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  while (remaining > 0) {
    dt = dt.plus({ days: step });
    if (isWorkingDay(dt.toISODate()!)) remaining--;
  }
  return dt.toJSDate();
}

/** Office hours in Stockholm wall-clock time, e.g. `{ start: '08:00', end: '16:30' }` (end exclusive). */
export interface OfficeHours {
  start: string;
  end: string;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '08:00', end: '16:30' };

/** Whether `at` is on a working day inside office hours. */
export function isOfficeTime(at: Date, hours: OfficeHours = DEFAULT_OFFICE_HOURS): boolean {
  const date = toStockholmDate(at);
  if (!isWorkingDay(date)) return false;
  const t = at.getTime();
  return t >= stockholmDateTime(date, hours.start).getTime() && t < stockholmDateTime(date, hours.end).getTime();
}

/** The first instant ≥ `at` that is office time: `at` itself, or the next opening on a working day. */
export function nextOfficeTime(at: Date, hours: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  if (isOfficeTime(at, hours)) return at;
  let date = toStockholmDate(at);
  if (isWorkingDay(date) && at.getTime() < stockholmDateTime(date, hours.start).getTime()) {
    return stockholmDateTime(date, hours.start);
  }
  date = nextWorkingDayOnOrAfter(shiftDate(date, 1));
  return stockholmDateTime(date, hours.start);
}
