import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { swedishDaysOff } from '../../../domain/calendar/swedish-holidays.js';

/**
 * The product's table of Swedish days off against the maintained `date-holidays` data for Sweden (its "public" days
 * and the eves it types "bank"), year by year: the table replaced the package at run time, and this keeps them equal.
 */
const reference = new Holidays('SE');
function referenceDaysOff(year: number): string[] {
  const dates = reference
    .getHolidays(year)
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => h.date.slice(0, 10));
  return [...new Set(dates)].sort();
}

describe('swedishDaysOff', () => {
  it('is the same set of dates as date-holidays for Sweden in every year from 2005 to 2200', () => {
    const differing: string[] = [];
    for (let year = 2005; year <= 2200; year++) {
      const ours = [...swedishDaysOff(year).keys()].sort();
      const theirs = referenceDaysOff(year);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) differing.push(`${year}: ${ours.join(',')} ≠ ${theirs.join(',')}`);
    }
    expect(differing).toEqual([]);
  });

  it('names the days of 2027 as the law does, and the moving ones fall where they should', () => {
    const days = swedishDaysOff(2027);
    expect(days.get('2027-03-26')).toBe('långfredagen');
    expect(days.get('2027-03-28')).toBe('påskdagen');
    expect(days.get('2027-03-29')).toBe('annandag påsk');
    expect(days.get('2027-05-06')).toBe('Kristi himmelsfärdsdag');
    expect(days.get('2027-05-16')).toBe('pingstdagen');
    expect(days.get('2027-06-25')).toBe('midsommarafton');
    expect(days.get('2027-06-26')).toBe('midsommardagen');
    expect(days.get('2027-11-06')).toBe('alla helgons dag');
    expect(days.has('2027-05-17')).toBe(false); // annandag pingst, no longer since 2005
    expect(days.size).toBe(16);
  });

  it('finds midsommar and alla helgons dag on the first day of their window too', () => {
    // 2022: 24 June was a Friday, so midsommarafton is the last day of its window; 2023: 23 June.
    expect(swedishDaysOff(2022).get('2022-06-24')).toBe('midsommarafton');
    expect(swedishDaysOff(2023).get('2023-06-23')).toBe('midsommarafton');
    // 2020: 31 October was a Saturday, the first day of the window.
    expect(swedishDaysOff(2020).get('2020-10-31')).toBe('alla helgons dag');
  });
});
