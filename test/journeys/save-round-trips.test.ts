import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandStartedEvent } from 'mongodb';
import { dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What a report costs the database, read with the driver's command monitoring on the running app: a new case's
 * deadlines are set without reading the case back or looking for a reminder that cannot exist yet, and a handler's
 * chat address, once found, is not read again for every report. The reminders themselves are checked too: the
 * savings must not lose the unit (on-call routing) or when the deadline's clock started.
 */
describe('the database work of one report', () => {
  let t: TestApp;
  let mia: SlackUser;
  const commands: string[] = [];
  let counting = false;

  beforeAll(async () => {
    const base = process.env.MONGODB_URI!;
    t = await startTestApp({ env: { MONGODB_URI: `${base}${base.includes('?') ? '&' : '?'}monitorCommands=true`, SCHEDULER_ENABLED: 'false' } });
    t.app.mongo.client.on('commandStarted', (e: CommandStartedEvent) => {
      if (counting) commands.push(`${e.commandName} ${String(e.command[e.commandName])}${e.commandName === 'find' ? ` ${Object.keys(e.command.filter ?? {}).join(',')}` : ''}`);
    });
    const olle = new SlackUser(t.baseUrl, t.slack, 'U_OLLE', 'olle', 'olle.omsorg@exempel.se');
    await olle.dm('hjälp');
    await olle.waitForMessage((b) => b.includes('kvalitetsboten'));
    mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    await mia.dm('hjälp');
    await mia.waitForMessage((b) => b.includes('kvalitetsboten'));
  });
  afterAll(async () => t?.stop());

  async function report(type: string): Promise<string[]> {
    const { triggerId } = await mia.command('/avvikelse');
    const view = await mia.openedView(triggerId);
    const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!;
    commands.length = 0;
    counting = true;
    const fields: Record<string, unknown> = {
      type: sel(type),
      unitId: sel(unit.value),
      occurredAt: dt(new Date(Date.now() - 3_600_000)),
      location: txt('Korridoren'),
      description: txt('Brukaren halkade på det våta golvet.'),
      immediateActions: txt('Hjälpte upp.'),
      konsekvens: sel('2'),
      sannolikhet: sel('2'),
      informed: sel('ja'),
      improvement: txt('Halkskydd.'),
    };
    // Each input in its own block, as Slack sends the state of a modal.
    const answer = await mia.submit(view, Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { [k]: v }])));
    counting = false;
    expect(answer.status).toBe(200);
    expect(answer.body?.response_action).toBeUndefined(); // saved: the modal closes on the receipt
    return [...commands];
  }

  it('sets a new case deadline without reading it back, and reads a handler address once', async () => {
    const first = await report('avvikelse');
    expect(first.filter((c) => c.startsWith('insert cases'))).toHaveLength(1);
    expect(first.filter((c) => c.startsWith('find reminders') || c.startsWith('update reminder_occurrences'))).toEqual([]);
    expect(first.filter((c) => c === 'find cases _id')).toEqual([]);

    const second = await report('avvikelse');
    expect(second.filter((c) => c.startsWith('find chat_identities'))).toEqual([]);
    expect(second.filter((c) => c.startsWith('find reminders') || c === 'find cases _id')).toEqual([]);

    const db = t.app.mongo.db;
    const cases = await db.collection('cases').find({}, { sort: { createdAt: 1 } }).toArray();
    expect(cases).toHaveLength(2);
    for (const c of cases) {
      const reminder = await db.collection('reminders').findOne({ _id: `case:${c._id}:acknowledge` as never });
      expect(reminder, `the acknowledgement deadline of ${c.number}`).toBeTruthy();
      expect(reminder!.unit).toBe('Solgården');
      expect(JSON.stringify(reminder)).toContain(c.number);
    }
    const audit = await db.collection('audit').countDocuments({ action: 'reminder.case_deadline.set' });
    expect(audit).toBeGreaterThanOrEqual(2);
    expect(await db.collection('cases').countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
  });
});
