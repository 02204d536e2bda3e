import { DateTime } from 'luxon';
import { toStockholmDate } from '../calendar/swedish-calendar.js';

export const ZONE = 'Europe/Stockholm';

export const casePrefixes = { avvikelse: 'AVV', synpunkt: 'SYN' } as const;

/** `AVV-2026-0042`; the sequence is padded to four digits and grows beyond 9999 if needed. */
export function formatCaseNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
}

/** From 1900 (whole-hour offsets) to the last four-digit year the calendar's kept dates are luxon's; else luxon. */
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_UNTIL = Date.UTC(9999, 11, 30);

/** Year and month in Stockholm time: a case reported at 00:30 on 1 January belongs to the new year. */
export function stockholmPeriod(date: Date): { year: number; month: number } {
  const ms = date.getTime();
  if (ms >= FAST_FROM && ms < FAST_UNTIL) {
    const day = toStockholmDate(date);
    return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
  }
  const dt = DateTime.fromJSDate(date, { zone: ZONE });
  return { year: dt.year, month: dt.month };
}

/** `2026-03-05` in Stockholm time (from the calendar's kept answers: a receipt and a card show several). */
export function formatDate(date: Date): string {
  const ms = date.getTime();
  if (ms >= FAST_FROM && ms < FAST_UNTIL) return toStockholmDate(date);
  return DateTime.fromJSDate(date, { zone: ZONE }).toFormat('yyyy-MM-dd');
}

/** `2026-03-05 14:30` in Stockholm time. */
export function formatDateTime(date: Date): string {
  return DateTime.fromJSDate(date, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}
