import { describe, expect, it } from 'vitest';
import { toStockholmDate } from '../../../domain/calendar/swedish-calendar.js';
import { dueDatesBetween, planNudges } from '../../../domain/paminnelser/service.js';
import { reminderConfig } from '../../../domain/paminnelser/schema.js';

describe('dueDatesBetween', () => {
  it('moves a due date on a weekend/holiday to the previous working day', () => {
    // 1 March 2026 is a Sunday → Friday 27 February.
    expect(dueDatesBetween({ kind: 'yearly_dates', dates: [{ month: 3, day: 1 }] }, '2026-01-01', '2026-12-31')).toEqual([
      { nominalDate: '2026-03-01', dueDate: '2026-02-27' },
    ]);
    // Annandag påsk 2027 (29 March) → skärtorsdagen 25 March, also found when the range ends before the nominal date.
    expect(dueDatesBetween({ kind: 'once', date: '2027-03-29' }, '2027-03-20', '2027-03-26')).toEqual([
      { nominalDate: '2027-03-29', dueDate: '2027-03-25' },
    ]);
  });
  it('interval schedules count from the first date without month-end drift', () => {
    const got = dueDatesBetween({ kind: 'interval', months: 3, first: '2027-01-31' }, '2027-01-01', '2027-12-31').map((d) => d.nominalDate);
    expect(got).toEqual(['2027-01-31', '2027-04-30', '2027-07-31', '2027-10-31']);
  });
  it('yields nothing for Löpande or an unparsed frekvens', () => {
    expect(dueDatesBetween({ kind: 'none', reason: 'Löpande' }, '2027-01-01', '2027-12-31')).toEqual([]);
    expect(dueDatesBetween({ kind: 'needs_schedule', raw: 'x' }, '2027-01-01', '2027-12-31')).toEqual([]);
  });
});

describe('planNudges', () => {
  const config = reminderConfig();
  it('plans 14 d, 3 d and due-day nudges on working days at 08:30 Stockholm, and an escalation', () => {
    const nudges = planNudges('r@2027-03-01', '2027-03-01', config);
    expect(nudges.map((n) => [n.key.split('|')[1], toStockholmDate(n.fireAt)])).toEqual([
      ['lead14', '2027-02-15'],
      ['lead3', '2027-02-26'], // 26 Feb is a Friday: 3 days before Monday 1 March falls on Friday
      ['due', '2027-03-01'],
      ['escalation', '2027-03-03'], // two working days later
    ]);
    expect(nudges[0]!.fireAt.toISOString()).toBe('2027-02-15T07:30:00.000Z'); // 08:30 CET
    expect(nudges[0]!.supersededAt?.toISOString()).toBe('2027-02-25T23:00:00.000Z'); // midnight of the lead3 day
    expect(nudges[2]!.supersededAt).toBeUndefined();
  });
  it('is DST-correct: a nudge after the spring change is at 08:30 CEST', () => {
    const [lead14, , due] = planNudges('r@2027-04-12', '2027-04-12', config);
    // 14 days before is annandag påsk (29 March) → back over Easter to skärtorsdagen, still winter time (CET).
    expect(lead14!.fireAt.toISOString()).toBe('2027-03-25T07:30:00.000Z');
    expect(due!.fireAt.toISOString()).toBe('2027-04-12T06:30:00.000Z');
  });
  it('honours configured lead times and no escalation', () => {
    const nudges = planNudges('r@2027-06-10', '2027-06-10', reminderConfig({ leadTimesDays: [7, 0], escalateAfterWorkingDays: null }));
    expect(nudges.map((n) => n.key.split('|')[1])).toEqual(['lead7', 'due']);
  });
});
