import type { Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { stockholmDateTime } from '../../domain/calendar/swedish-calendar.js';
import { formatDryRun } from '../../domain/paminnelser/messaging.js';
import { createReminderSystem, type ReminderSystem } from '../../scheduler/index.js';
import { openTestDb } from '../support/mongo.js';
import { FakeDirectory } from './support/fake-directory.js';
import { outboxItem } from './support/outbox.js';

let handle: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let clock: ManualClock;
let dir: FakeDirectory;
let sys: ReminderSystem;

beforeAll(async () => {
  handle = await openTestDb('remengine');
  db = handle.db;
});
afterAll(async () => handle.close());

beforeEach(async () => {
  for (const c of await db.collections()) await c.deleteMany({});
  clock = new ManualClock(stockholmDateTime('2027-02-01', '07:00'));
  dir = new FakeDirectory();
  dir.addPerson('chef', { roles: [['Avdelningschef', 'Vård och omsorg']], manager: 'boss' });
  dir.addPerson('boss', { roles: [['Förvaltningschef']] });
  dir.addPerson('admin', { admin: true });
  sys = createReminderSystem({ db, clock, directory: dir });
  await Promise.all([sys.repo.ensureIndexes(), sys.outbox.ensureIndexes()]);
});

/** Kvalitetsberättelse by 1 March 2027 (a Monday). */
async function addKvalitetsberattelse() {
  await sys.repo.upsertReminder(
    {
      id: 'duty:kvalitetsberattelse',
      source: 'duty',
      title: 'Kvalitetsberättelse',
      unit: 'Vård och omsorg',
      recipients: [{ kind: 'role', role: 'Avdelningschef' }],
      schedule: { kind: 'yearly_dates', dates: [{ month: 3, day: 1 }] },
      active: true,
    },
    clock.now(),
  );
}

async function at(date: string, time: string) {
  clock.set(stockholmDateTime(date, time));
  await sys.tick();
}

async function outboxIds(): Promise<string[]> {
  return (await sys.outbox.col.find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).map((d) => d._id);
}

describe('reminder engine', () => {
  it('sends the 14-day, 3-day and due-day nudges on their working days in office hours, once each', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-15', '07:59'); // before office hours: nothing
    expect(await outboxIds()).toEqual([]);
    await at('2027-02-15', '08:31');
    await at('2027-02-15', '09:00'); // a second tick does not resend
    expect(await outboxIds()).toEqual(['duty:kvalitetsberattelse@2027-03-01|lead14|chef']);
    await at('2027-02-26', '08:31'); // Friday: "3 days before" Monday 1 March
    await at('2027-03-01', '08:31');
    expect(await outboxIds()).toEqual([
      'duty:kvalitetsberattelse@2027-03-01|due|chef',
      'duty:kvalitetsberattelse@2027-03-01|lead14|chef',
      'duty:kvalitetsberattelse@2027-03-01|lead3|chef',
    ]);
    const msg = await outboxItem(sys.outbox, 'duty:kvalitetsberattelse@2027-03-01|lead3|chef');
    expect(msg?.recipient).toEqual({ channel: 'slack', userId: 'U-chef' });
    expect(msg?.message.view.title).toBe('Påminnelse: Kvalitetsberättelse – om 3 dagar');
  });

  it('escalates an overdue occurrence to the manager after two working days', async () => {
    await addKvalitetsberattelse();
    await at('2027-03-02', '10:00');
    expect((await outboxIds()).some((k) => k.includes('escalation'))).toBe(false);
    await at('2027-03-03', '08:31');
    const esc = await outboxItem(sys.outbox, 'duty:kvalitetsberattelse@2027-03-01|escalation|boss');
    expect(esc?.message.view.title).toBe('Försenad: Kvalitetsberättelse');
    expect(esc?.message.view.text?.[0]).toContain('Person chef');
  });

  it('Klar stops further nudges and the escalation, and is audited with its comment', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-15', '09:00');
    const key = 'duty:kvalitetsberattelse@2027-03-01';
    await sys.service.markDone(key, 'chef', { comment: 'Beslutad i nämnden', link: 'https://intranat/kb-2026' });
    await at('2027-03-05', '09:00');
    expect(await outboxIds()).toEqual([`${key}|lead14|chef`]);
    const audit = await sys.audit.listAudit({ subject: `reminder:${key}` });
    expect(audit).toMatchObject([{ actor: 'chef', action: 'reminder.done', details: { comment: 'Beslutad i nämnden', link: 'https://intranat/kb-2026' } }]);
    await expect(sys.service.markDone(key, 'chef')).rejects.toMatchObject({ code: 'paminnelser.already_closed' });
    await expect(sys.service.snooze(key, 'chef', '1d')).rejects.toMatchObject({ code: 'paminnelser.already_closed' });
  });

  it('refuses card actions from someone who is not responsible', async () => {
    dir.addPerson('stranger');
    await addKvalitetsberattelse();
    await at('2027-02-15', '09:00');
    await expect(sys.service.markDone('duty:kvalitetsberattelse@2027-03-01', 'stranger')).rejects.toMatchObject({ code: 'paminnelser.not_recipient' });
  });

  it('snooze 1 week: the 3-day nudge is held back and one follow-up comes a week later in office hours', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-22', '15:00'); // lead14 (caught up today)
    const key = 'duty:kvalitetsberattelse@2027-03-01';
    const until = await sys.service.snooze(key, 'chef', '1w');
    expect(until).toEqual(stockholmDateTime('2027-03-01', '15:00'));
    await at('2027-02-26', '09:00'); // lead3 day: snoozed
    expect((await outboxIds()).filter((k) => k.includes('lead3'))).toEqual([]);
    await at('2027-03-01', '09:00'); // due day, but still snoozed until 15:00
    expect((await outboxIds()).filter((k) => k.includes('|due|'))).toEqual([]);
    await at('2027-03-01', '15:01');
    const ids = await outboxIds();
    expect(ids.filter((k) => k.includes('snooze'))).toHaveLength(1);
    expect((await sys.audit.listAudit({ subject: `reminder:${key}` }))[0]).toMatchObject({ action: 'reminder.snooze', actor: 'chef', details: { length: '1w' } });
  });

  it('snooze 1 day from a Friday afternoon lands on Monday', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-26', '16:00');
    const until = await sys.service.snooze('duty:kvalitetsberattelse@2027-03-01', 'chef', '1d');
    expect(until).toEqual(stockholmDateTime('2027-03-01', '16:00'));
  });

  it('catches up after downtime with one nudge, not every missed stage', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-01', '09:00'); // planned, nothing due yet
    // The service is down from 2 Feb to 27 Feb (a Saturday) and comes back on Monday 1 March at 07:00.
    await at('2027-03-01', '07:00');
    expect(await outboxIds()).toEqual([]); // outside office hours
    await at('2027-03-01', '08:00'); // the 3-day nudge is stale on the due day; the due-day nudge is at 08:30
    expect(await outboxIds()).toEqual([]);
    await at('2027-03-01', '08:31');
    expect(await outboxIds()).toEqual(['duty:kvalitetsberattelse@2027-03-01|due|chef']);
    const nudges = await sys.repo.nudges.find({ occurrenceKey: 'duty:kvalitetsberattelse@2027-03-01' }).sort({ fireAt: 1 }).toArray();
    expect(nudges.map((n) => [n._id.split('|')[1], n.status])).toEqual([
      ['lead14', 'superseded'],
      ['lead3', 'superseded'],
      ['due', 'done'],
      ['escalation', 'pending'],
    ]);
  });

  it('catches up a nudge that fell due during downtime even when the plan was never made', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-24', '10:00'); // first tick ever, after lead14 was due: the overdue stage goes out once
    expect(await outboxIds()).toEqual(['duty:kvalitetsberattelse@2027-03-01|lead14|chef']);
  });

  it('tells the admins when a responsible person has no chat address, and when no one holds the role', async () => {
    dir.addPerson('nochat', { chat: false, roles: [['MAS']] });
    await sys.repo.upsertReminders(
      [
        { id: 'duty:psb', source: 'duty', title: 'Patientsäkerhetsberättelse', recipients: [{ kind: 'role', role: 'MAS' }], schedule: { kind: 'once', date: '2027-02-05' }, active: true },
        { id: 'duty:x', source: 'duty', title: 'Pensionärsråd', recipients: [{ kind: 'role', role: 'Nämndsekreterare' }], schedule: { kind: 'once', date: '2027-02-05' }, active: true },
      ],
      clock.now(),
    );
    await at('2027-02-02', '09:00');
    const admin = (await sys.outbox.col.find({ _id: { $regex: 'admin:admin$' } }).toArray()).map((d) => d.message.view.title).sort();
    expect(admin).toEqual(['Ingen mottagare hittades', 'Påminnelse kunde inte skickas']);
  });

  it('Inte min uppgift: admins told, no more nudges to that person, audited', async () => {
    await addKvalitetsberattelse();
    await at('2027-02-15', '09:00');
    const key = 'duty:kvalitetsberattelse@2027-03-01';
    await sys.service.notMine(key, 'chef');
    await at('2027-02-26', '09:00');
    expect((await outboxIds()).filter((k) => k.includes('lead3'))).toEqual([]);
    expect(await outboxItem(sys.outbox, `notmine|${key}|chef|admin:admin`)).toBeDefined();
    expect(await sys.audit.listAudit({ subject: `reminder:${key}` })).toMatchObject([{ action: 'reminder.not_mine', actor: 'chef' }]);
  });

  it('case deadlines: a holiday-moved date, moving the deadline, cancelling', async () => {
    const input = {
      caseId: 'SYN-2027-0042',
      kind: 'svar',
      title: 'Svar på synpunkt SYN-2027-0042',
      dueAt: '2027-03-29', // annandag påsk → skärtorsdagen 25 March
      recipients: [{ kind: 'person' as const, personId: 'chef' }],
    };
    expect(await sys.service.upsertCaseDeadline(input)).toEqual({ reminderId: 'case:SYN-2027-0042:svar', dueDate: '2027-03-29' });
    await at('2027-03-25', '09:00');
    expect(await outboxIds()).toEqual(['case:SYN-2027-0042:svar@2027-03-29|due|chef']);
    const due = await outboxItem(sys.outbox, 'case:SYN-2027-0042:svar@2027-03-29|due|chef');
    expect(due?.message.view.facts).toContainEqual({ label: 'Flyttad från', value: '29 mars 2027' });

    await sys.service.upsertCaseDeadline({ ...input, dueAt: '2027-04-20' });
    expect((await sys.repo.getOccurrence('case:SYN-2027-0042:svar@2027-03-29'))?.status).toBe('cancelled');
    await at('2027-04-20', '09:00');
    expect(await outboxIds()).toContain('case:SYN-2027-0042:svar@2027-04-20|due|chef');
    expect((await outboxIds()).some((k) => k.includes('2027-03-29|escalation'))).toBe(false);

    expect(await sys.service.cancelCaseDeadline('SYN-2027-0042')).toBe(1);
    await at('2027-04-23', '09:00');
    expect((await outboxIds()).some((k) => k.includes('escalation'))).toBe(false);
  });

  it('lists my upcoming tasks; dry run shows who gets what and warnings', async () => {
    await addKvalitetsberattelse();
    await sys.repo.upsertReminder(
      { id: 'duty:vr', source: 'duty', title: 'Verksamhetsredovisning', recipients: [{ kind: 'role', role: 'Förvaltningschef' }], schedule: { kind: 'needs_schedule', raw: 'Efter behov' }, active: true },
      clock.now(),
    );
    const mine = await sys.service.listUpcoming('chef', 60);
    expect(mine.map((m) => [m.title, m.dueDate])).toEqual([['Kvalitetsberättelse', '2027-03-01']]);
    expect(await sys.service.listUpcoming('boss', 60)).toEqual([]);

    const dry = await sys.service.dryRun('2027-02-01', '2027-03-31');
    expect(dry.lines.map((l) => [l.stage.kind === 'lead' ? l.stage.days : 'esc', l.to.join()])).toEqual([
      [14, 'Person chef'],
      [3, 'Person chef'],
      [0, 'Person chef'],
      ['esc', 'Person boss'],
    ]);
    expect(dry.warnings[0]).toContain('Efter behov');
    const text = formatDryRun('2027-02-01', '2027-03-31', dry);
    expect(text).toContain('2027-02-15 08:30  Kvalitetsberättelse [Vård och omsorg] (senast 2027-03-01, 14 dagar före) → Person chef');
    expect(await outboxIds()).toEqual([]); // a dry run sends nothing
  });

  it('plans in one instance at a time (a lease), and another takes over when it is let go', async () => {
    await addKvalitetsberattelse();
    const other = createReminderSystem({ db, clock, directory: dir, instanceId: 'other' });
    // The other instance holds the planner lease: this one skips planning (and does not wait for it).
    expect(await other.repo.acquireLock('planner', 'other', 60_000)).toBe(true);
    expect((await sys.flow.plan()).reminders).toBe(0);
    expect((await sys.repo.getReminder('duty:kvalitetsberattelse'))?.plannedThrough).toBeUndefined();
    await other.repo.releaseLock('planner', 'other');
    expect((await sys.flow.plan()).reminders).toBe(1);
    expect((await sys.repo.getReminder('duty:kvalitetsberattelse'))?.plannedThrough).toBe('2027-03-22') // the horizon (21 days) plus 28 days planned ahead;
    // Two planners at once: the work is done once, by one of them.
    await sys.repo.reminders.updateOne({ _id: 'duty:kvalitetsberattelse' }, { $set: { plannedThrough: null } });
    const [a, b] = await Promise.all([sys.flow.plan(), other.flow.plan()]);
    expect([a.reminders, b.reminders].sort()).toEqual([0, 1]);
  });
});
