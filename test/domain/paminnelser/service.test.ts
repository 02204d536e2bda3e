import { describe, expect, it } from 'vitest';
import { toStockholmDate } from '../../../domain/calendar/swedish-calendar.js';
import { stockholmDateTime } from '../../../domain/calendar/swedish-calendar.js';
import {
  audienceOf,
  doneEvidence,
  dueDatesBetween,
  dutyChanges,
  escalationTargets,
  needsOnCall,
  nobodyResponsible,
  notSnoozed,
  nudgeFate,
  planNudges,
  planReminder,
  restartedRutin,
  roleOnOccurrence,
  snoozeNudge,
  snoozeUntil,
  withoutNotMine,
} from '../../../domain/paminnelser/service.js';
import { reminderConfig, type Occurrence, type ReminderPerson, type ReminderDef } from '../../../domain/paminnelser/schema.js';

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

const person = (id: string): ReminderPerson => ({ id, displayName: id.toUpperCase(), chat: { channel: 'slack', userId: `U-${id}` } });
const occurrence = (over: Partial<Occurrence> = {}): Occurrence => ({
  key: 'duty:kb@2027-03-01',
  reminderId: 'duty:kb',
  source: 'duty',
  title: 'Kvalitetsberättelse',
  unit: 'Vård och omsorg',
  recipients: [{ kind: 'role', role: 'Enhetschef' }],
  nominalDate: '2027-03-01',
  dueDate: '2027-03-01',
  status: 'open',
  snoozes: {},
  notMine: [],
  ...over,
});
const duty = (over: Partial<ReminderDef> = {}): ReminderDef => ({
  id: 'duty:kb',
  source: 'duty',
  title: 'Kvalitetsberättelse',
  recipients: [{ kind: 'role', role: 'Enhetschef' }],
  schedule: { kind: 'yearly_dates', dates: [{ month: 3, day: 1 }] },
  active: true,
  ...over,
});

describe('planReminder', () => {
  const config = reminderConfig();
  it('plans a new reminder from the look-back window, an already planned one from the day after its plan', () => {
    const fresh = planReminder(duty(), '2027-02-20', '2027-04-30', config);
    expect(fresh.occurrences.map((o) => o.key)).toEqual(['duty:kb@2027-03-01']);
    expect(fresh.nudges.map((n) => n.key.split('|')[1])).toEqual(['lead14', 'lead3', 'due', 'escalation']);
    expect(fresh.nudges.every((n) => n.dueDate === '2027-03-01')).toBe(true);
    expect(planReminder({ ...duty(), plannedThrough: '2027-03-01' }, '2027-02-20', '2027-04-30', config).occurrences).toEqual([]);
  });
});

describe('a claimed nudge', () => {
  const now = stockholmDateTime('2027-03-01', '08:31');
  it('is skipped when its occurrence is gone or closed, superseded once a later stage took over, else due', () => {
    expect(nudgeFate({}, undefined, now)).toBe('skipped');
    expect(nudgeFate({}, occurrence({ status: 'done' }), now)).toBe('skipped');
    expect(nudgeFate({ supersededAt: stockholmDateTime('2027-03-01', '00:00') }, occurrence(), now)).toBe('superseded');
    expect(nudgeFate({ supersededAt: stockholmDateTime('2027-03-02', '00:00') }, occurrence(), now)).toBe('due');
  });
  it('speaks to the snoozer, the people responsible, or their managers', () => {
    expect(audienceOf({ kind: 'snooze', personId: 'p', seq: 1 })).toBe('snoozer');
    expect(audienceOf({ kind: 'lead', days: 3 })).toBe('responsible');
    expect(audienceOf({ kind: 'deadline', step: 'late' })).toBe('responsible');
    expect(audienceOf({ kind: 'escalation' })).toBe('managers');
  });
  it('skips who said "Inte min uppgift" and who snoozed until later', () => {
    const occ = occurrence({ notMine: ['b'], snoozes: { c: stockholmDateTime('2027-03-02', '08:00'), d: stockholmDateTime('2027-03-01', '08:00') } });
    const people = withoutNotMine([person('a'), person('b'), person('c'), person('d')], occ);
    expect(people.map((p) => p.id)).toEqual(['a', 'c', 'd']);
    expect(notSnoozed(people, occ, now).map((p) => p.id)).toEqual(['a', 'd']);
  });
  it('tells the admins only when nobody holds the role at all', () => {
    expect(nobodyResponsible([], occurrence())).toBe(true);
    expect(nobodyResponsible([], occurrence({ notMine: ['a'] }))).toBe(false);
    expect(nobodyResponsible([person('a')], occurrence())).toBe(false);
  });
  it('escalates to the managers (each once), to the admins when nobody is above', () => {
    expect(escalationTargets([person('boss'), undefined, person('boss')], [person('admin')]).map((p) => p.id)).toEqual(['boss']);
    expect(escalationTargets([undefined], [person('admin')]).map((p) => p.id)).toEqual(['admin']);
  });
  it('adds the on-call role outside office hours only, and only at a unit', () => {
    const config = reminderConfig();
    expect(needsOnCall(occurrence(), stockholmDateTime('2027-03-01', '22:00'), config)).toBe(true);
    expect(needsOnCall(occurrence(), stockholmDateTime('2027-03-01', '10:00'), config)).toBe(false);
    expect(needsOnCall(occurrence({ unit: undefined }), stockholmDateTime('2027-03-01', '22:00'), config)).toBe(false);
  });
});

describe("a person's answer", () => {
  const facts = { recipients: [person('chef')], admins: [person('admin')], managers: [person('boss')] };
  it('is allowed to the recipients, their managers and admins, refused to anyone else', () => {
    expect(roleOnOccurrence('chef', facts)).toBe('recipient');
    expect(roleOnOccurrence('boss', facts)).toBe('manager');
    expect(roleOnOccurrence('admin', facts)).toBe('admin');
    expect(() => roleOnOccurrence('stranger', facts)).toThrow(expect.objectContaining({ code: 'paminnelser.not_recipient' }));
  });
  it('keeps no identity number in the evidence of Klar', () => {
    expect(doneEvidence({ comment: '  Beslutad i nämnden ', link: '' })).toEqual({ comment: 'Beslutad i nämnden' });
    expect(() => doneEvidence({ comment: 'Gäller 19121212-1212' })).toThrow(expect.objectContaining({ code: 'privacy.identity_number_in_text' }));
  });
  it('restarts a rutin\'s review clock from the day it was done; other reminders stay as they are', () => {
    const rutin = duty({ id: 'rutin:x', source: 'rutin', schedule: { kind: 'interval', months: 12, first: '2027-01-10' } });
    expect(restartedRutin({ ...rutin, plannedThrough: '2027-02-01' }, '2027-03-05')).toMatchObject({ schedule: { kind: 'interval', months: 12, first: '2028-03-05' } });
    expect(restartedRutin({ ...rutin, plannedThrough: '2027-02-01' }, '2027-03-05')).not.toHaveProperty('plannedThrough');
    expect(restartedRutin(duty(), '2027-03-05')).toBeUndefined();
  });
  it('never snoozes a deadline in hours past itself, nor an urgent one once it passed', () => {
    const now = stockholmDateTime('2027-03-01', '10:00');
    const config = reminderConfig();
    const at = stockholmDateTime('2027-03-01', '14:00');
    const instant = { schedule: { kind: 'instant' as const, at: at.toISOString(), from: now.toISOString(), urgent: true } };
    expect(snoozeUntil(now, '1d', config, instant)).toEqual(at);
    expect(() => snoozeUntil(stockholmDateTime('2027-03-01', '15:00'), '1d', config, instant)).toThrow(expect.objectContaining({ code: 'paminnelser.snooze_past_deadline' }));
    expect(snoozeNudge(occurrence(), 'chef', at, now, instant)).toMatchObject({ key: `duty:kb@2027-03-01|snooze:chef:${now.getTime()}`, fireAt: at, urgent: true });
  });
});

describe('dutyChanges', () => {
  it('stores new and edited duties, cancels the old schedule of a rescheduled one, and retires removed ones', () => {
    const stored = [duty(), duty({ id: 'duty:gone' }), duty({ id: 'duty:same', title: 'Samma' })];
    const read = [duty({ schedule: { kind: 'yearly_dates', dates: [{ month: 4, day: 1 }] } }), duty({ id: 'duty:same', title: 'Samma' }), duty({ id: 'duty:new' })];
    const changes = dutyChanges(stored, read);
    expect(changes.changed.map((r) => r.id)).toEqual(['duty:kb', 'duty:new']);
    expect(changes.rescheduled).toEqual(['duty:kb']);
    expect(changes.stale).toEqual(['duty:gone']);
  });
});
