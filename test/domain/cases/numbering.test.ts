import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { formatCaseNumber, formatDate, stockholmPeriod } from '../../../domain/cases/numbering.js';
import { typedCaseNumber } from '../../../bot/conversation/intents.js';
import { nextDue, isOverdue } from '../../../domain/cases/service.js';
import { caseSettings } from '../../../domain/cases/settings.js';

describe('case numbers and periods', () => {
  it('formats and parses yearly numbers', () => {
    expect(formatCaseNumber('AVV', 2026, 42)).toBe('AVV-2026-0042');
    expect(formatCaseNumber('SYN', 2026, 12345)).toBe('SYN-2026-12345');
    // What a person types is read back by the chat's case-number parser.
    expect(typedCaseNumber(' syn-2026-0017 '.trim())).toBe('SYN-2026-0017');
    expect(typedCaseNumber('AVV-26-1')).toBeUndefined();
  });

  it('writes a date, year and month in Stockholm time as luxon does, around midnight and the DST changes too', () => {
    const luxon = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Stockholm' }).toFormat('yyyy-MM-dd');
    let seed = 17;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const instants = [
      new Date('2026-03-29T00:59:59.999Z'), new Date('2026-03-29T01:00:00Z'), new Date('2026-10-24T21:59:59Z'),
      new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T00:30:00Z'), new Date('2026-12-31T23:00:00Z'),
      new Date('1899-12-31T22:59:00Z'), new Date('1850-06-01T23:00:00Z'), new Date('9999-12-31T23:30:00Z'),
    ];
    for (let i = 0; i < 3000; i++) instants.push(new Date(Date.UTC(1890, 0, 1) + random() * (Date.UTC(2200, 0, 1) - Date.UTC(1890, 0, 1))));
    for (const at of instants) {
      expect(formatDate(at), at.toISOString()).toBe(luxon(at));
      const dt = DateTime.fromJSDate(at, { zone: 'Europe/Stockholm' });
      expect(stockholmPeriod(at), at.toISOString()).toEqual({ year: dt.year, month: dt.month });
    }
  });

  it('counts a report at 00:30 on New Year in Stockholm in the new year', () => {
    expect(stockholmPeriod(new Date('2025-12-31T23:30:00Z'))).toEqual({ year: 2026, month: 1 });
    expect(stockholmPeriod(new Date('2025-12-31T22:30:00Z'))).toEqual({ year: 2025, month: 12 });
  });

  it('nextDue is the earliest set deadline; overdue only while open', () => {
    const a = new Date('2026-01-05T10:00:00Z');
    const b = new Date('2026-01-03T10:00:00Z');
    expect(nextDue({ acknowledge: a, investigation: b })).toEqual(b);
    expect(nextDue({})).toBeNull();
    expect(isOverdue({ nextDueAt: b }, a)).toBe(true);
    expect(isOverdue({ nextDueAt: b, closedAt: a }, a)).toBe(false);
  });

  it('settings have the documented defaults and validate overrides', () => {
    const s = caseSettings();
    expect(s.avvikelse.acknowledgeWorkingDays).toBe(2);
    expect(s.synpunkt.answerDue).toEqual({ mode: 'calendar', days: 14 });
    expect(s.roles.fallback).toBe('kvalitetsansvarig');
    expect(caseSettings({ synpunkt: { answerDue: { mode: 'working', days: 10 } } }).synpunkt.answerDue.mode).toBe('working');
    expect(() => caseSettings({ avvikelse: { acknowledgeWorkingDays: -1 } })).toThrow();
  });
});
