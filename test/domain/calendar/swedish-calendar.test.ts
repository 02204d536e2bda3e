import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  addCalendarDays,
  addWorkingDays,
  adjustDueDate,
  isOfficeTime,
  isWorkingDay,
  shiftDate,
  nextOfficeTime,
  startOfDayStockholm,
  stockholmDateTime,
  toStockholmDate,
} from '../../../domain/calendar/swedish-calendar.js';

describe('isWorkingDay', () => {
  it('treats weekends, public holidays and the three eves as non-working', () => {
    expect(isWorkingDay('2027-02-01')).toBe(true); // Monday
    expect(isWorkingDay('2027-02-06')).toBe(false); // Saturday
    expect(isWorkingDay('2027-03-26')).toBe(false); // långfredagen
    expect(isWorkingDay('2027-03-29')).toBe(false); // annandag påsk
    expect(isWorkingDay('2027-05-06')).toBe(false); // Kristi himmelsfärd
    expect(isWorkingDay('2027-06-25')).toBe(false); // midsommarafton
    expect(isWorkingDay('2026-12-24')).toBe(false); // julafton (Thursday)
    expect(isWorkingDay('2026-12-31')).toBe(false); // nyårsafton (Thursday)
    expect(isWorkingDay('2026-06-19')).toBe(false); // midsommarafton 2026
  });
  it('keeps observances and half days as working days', () => {
    expect(isWorkingDay('2027-01-05')).toBe(true); // trettondagsafton
    expect(isWorkingDay('2027-04-30')).toBe(true); // valborgsmässoafton
    expect(isWorkingDay('2027-03-25')).toBe(true); // skärtorsdagen
    expect(isWorkingDay('2027-05-17')).toBe(true); // annandag pingst, not a holiday since 2005
  });
  it('rejects malformed dates', () => {
    expect(() => isWorkingDay('2027-2-1')).toThrow(RangeError);
    expect(() => isWorkingDay('2027-02-30')).toThrow(RangeError);
  });
});

describe('adjustDueDate', () => {
  it('moves a due date on a holiday to the previous working day', () => {
    expect(adjustDueDate('2027-03-29')).toBe('2027-03-25'); // annandag påsk → skärtorsdagen
    expect(adjustDueDate('2026-03-01')).toBe('2026-02-27'); // Sunday → Friday
    expect(adjustDueDate('2027-01-01')).toBe('2026-12-30'); // nyårsdagen, nyårsafton → 30 Dec
    expect(adjustDueDate('2027-03-01')).toBe('2027-03-01'); // Monday stays
  });
});

describe('addWorkingDays / addCalendarDays', () => {
  it('skips weekends and holidays and keeps the wall-clock time', () => {
    const thu = stockholmDateTime('2027-03-25', '10:00'); // skärtorsdag
    const next = addWorkingDays(thu, 1);
    expect(toStockholmDate(next)).toBe('2027-03-30'); // after Easter
    expect(next.toISOString()).toBe('2027-03-30T08:00:00.000Z'); // 10:00 CEST
    expect(toStockholmDate(addWorkingDays(stockholmDateTime('2027-03-30', '10:00'), -1))).toBe('2027-03-25');
    expect(addWorkingDays(thu, 0)).toEqual(thu);
  });
  it('is DST-correct: a calendar day across the spring change is 23 hours', () => {
    const sat = stockholmDateTime('2027-03-27', '09:00'); // DST starts 28 March 2027
    const sun = addCalendarDays(sat, 1);
    expect(sun.getTime() - sat.getTime()).toBe(23 * 3600_000);
    expect(sun.toISOString()).toBe('2027-03-28T07:00:00.000Z');
    const octSat = stockholmDateTime('2027-10-30', '09:00'); // DST ends 31 October 2027
    expect(addCalendarDays(octSat, 1).getTime() - octSat.getTime()).toBe(25 * 3600_000);
  });
  it('startOfDayStockholm is local midnight', () => {
    expect(startOfDayStockholm(new Date('2027-03-28T12:00:00Z')).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(startOfDayStockholm('2027-03-29').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(toStockholmDate(new Date('2027-12-31T23:30:00Z'))).toBe('2028-01-01');
  });
  it('counts working days', () => {
    const fortnight = Array.from({ length: 14 }, (_, i) => shiftDate('2027-03-22', i));
    expect(fortnight.filter(isWorkingDay)).toHaveLength(8); // two weeks with Easter
  });
});

describe('office hours', () => {
  it('finds the next opening, skipping evenings, weekends and holidays', () => {
    expect(isOfficeTime(stockholmDateTime('2027-03-24', '09:00'))).toBe(true);
    expect(isOfficeTime(stockholmDateTime('2027-03-24', '16:30'))).toBe(false);
    const evening = stockholmDateTime('2027-03-25', '18:00'); // skärtorsdag evening
    expect(nextOfficeTime(evening)).toEqual(stockholmDateTime('2027-03-30', '08:00'));
    const early = stockholmDateTime('2027-03-24', '06:00');
    expect(nextOfficeTime(early)).toEqual(stockholmDateTime('2027-03-24', '08:00'));
    expect(nextOfficeTime(early, { start: '07:00', end: '15:00' })).toEqual(stockholmDateTime('2027-03-24', '07:00'));
  });
});

describe('remembered answers', () => {
  // The calendar keeps its answers (luxon asks Intl for the offset on every call); a kept answer must be the one
  // luxon gives, also around the DST changes and midnight, and a second ask must not differ from the first.
  it('gives the Stockholm date of any instant as luxon does, asked once or twice', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const from = Date.UTC(2000, 0, 1);
    const span = Date.UTC(2100, 0, 1) - from;
    const instants = [
      ...Array.from({ length: 3000 }, () => from + Math.floor(random() * span)),
      // Around the changes of 2026 (29 March 01:00 UTC, 25 October 01:00 UTC) and around midnight of both offsets.
      ...[Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 0, 14, 23), Date.UTC(2026, 6, 14, 22)].flatMap((t) => [t - 1, t, t + 1, t + 59 * 60_000]),
    ];
    for (const t of instants) {
      const expected = DateTime.fromMillis(t, { zone: 'Europe/Stockholm' }).toISODate();
      expect(toStockholmDate(new Date(t)), new Date(t).toISOString()).toBe(expected);
      expect(toStockholmDate(new Date(t))).toBe(expected);
    }
  });

  it('adds working days as stepping one luxon day at a time does, DST changes and their 02:00 hour included', () => {
    const stepped = (from: Date, days: number): Date => {
      let dt = DateTime.fromJSDate(from, { zone: 'Europe/Stockholm' });
      for (let remaining = Math.abs(days); remaining > 0; ) {
        dt = dt.plus({ days: Math.sign(days) });
        if (isWorkingDay(dt.toISODate()!)) remaining--;
      }
      return dt.toJSDate();
    };
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const from = Date.UTC(1995, 0, 1);
    const span = Date.UTC(2060, 0, 1) - from;
    const starts = [
      ...Array.from({ length: 2500 }, () => new Date(from + Math.floor(random() * span))),
      // Friday–Sunday before the changes of 2027 (28 March, 31 October), at 01:59, 02:30, 03:00 and 23:59.
      ...['2027-03-26', '2027-03-27', '2027-03-28', '2027-10-29', '2027-10-30', '2027-10-31', '2027-12-23'].flatMap((d) =>
        ['01:59', '02:30', '03:00', '23:59'].map((t) => stockholmDateTime(d, t)),
      ),
      new Date('2027-10-31T00:30:00Z'), // 02:30 the first time that night (summer time)
      new Date('2027-10-31T01:30:00Z'), // 02:30 the second time (winter time)
    ];
    for (const start of starts) {
      for (const days of [1, 2, 3, 5, 10, 20, -1, -3, -10, 0]) {
        expect(addWorkingDays(start, days).getTime(), `${start.toISOString()} ${days}`).toBe(stepped(start, days).getTime());
      }
    }
  });

  it('gives the instant of a wall-clock time as luxon does, and a fresh Date each time', () => {
    for (const [date, time] of [['2026-03-29', '02:30'], ['2026-10-25', '02:30'], ['2026-12-24', '08:00'], ['2027-06-30', '23:59']] as const) {
      const [hour, minute] = time.split(':').map(Number);
      const expected = DateTime.fromISO(date, { zone: 'Europe/Stockholm' }).set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 }).toMillis();
      const first = stockholmDateTime(date, time);
      expect(first.getTime(), `${date} ${time}`).toBe(expected);
      first.setTime(0);
      expect(stockholmDateTime(date, time).getTime()).toBe(expected);
    }
    expect(() => stockholmDateTime('2026-02-30', '08:00')).toThrow(RangeError);
    expect(() => stockholmDateTime('2026-02-30', '08:00')).toThrow(RangeError);
  });
});
