import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { buttons, SlackUser } from '../support/slack-client.js';
import { dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A Tuesday in office hours, Stockholm time (nudges go out only then).
const TUESDAY_10 = new Date('2026-11-24T09:00:00Z');

describe('påminnelser delivered in Teams and Slack, handled from the card', () => {
  let t: TestApp;
  let clock: ManualClock;
  let olle: TeamsUser;
  let hanna: SlackUser;

  beforeAll(async () => {
    clock = new ManualClock(TUESDAY_10);
    t = await startTestApp({ clock });
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000f001');
    hanna = new SlackUser(t.baseUrl, t.slack, 'U_HANNA', 'hanna', 'hanna.hemtjanst@exempel.se');
    await olle.say('hjälp');
    await hanna.dm('hjälp');
  });
  afterAll(async () => t?.stop());

  it('nudges on the due day, snoozes a day, and records Klar with a comment in the audit trail', async () => {
    const service = t.app.services.reminders().service;
    await service.upsertCaseDeadline({
      caseId: 'rutin-lakemedel',
      kind: 'revision',
      title: 'Revidera rutinen för läkemedelshantering',
      dueAt: '2026-11-24',
      recipients: [{ kind: 'person', personId: 'olle.omsorg@exempel.se' }],
    });
    await t.app.services.reminders().tick();
    const nudge = await olle.waitForCard((c) => c.includes('Revidera rutinen för läkemedelshantering'));
    const actions = submitActions(nudge);
    const snooze = actions.find((a) => a.data.kbAction === 'reminder.occurrence.snooze_1d')!;
    const occurrence = snooze.data.occurrence as string;

    t.teams.clear();
    await olle.click(snooze.data);
    await olle.waitForCard((c) => /påminns igen/i.test(c));

    const open = await olle.invoke('task/fetch', { data: { kbAction: 'reminder.occurrence.done', occurrence } });
    const submit = submitActions(dialogCard(open.body)).find((a) => a.data.kbForm === 'reminder.done')!;
    const done = await olle.invoke('task/submit', { data: { ...submit.data, comment: 'Reviderad vid APT 24/11.', link: 'https://intranat.exempel.se/rutiner/lakemedel' } });
    expect(done.body.task.type).toBe('message');
    const stored = await t.app.mongo.db.collection<{ _id: string; status: string }>('reminder_occurrences').findOne({ _id: occurrence });
    expect(stored?.status).toBe('done');
    const audit = await t.app.mongo.db.collection('audit').find({ action: /done/ }).toArray();
    expect(JSON.stringify(audit)).toContain('Reviderad vid APT 24/11.');
  });

  it('a forged occurrence reference gets a clear refusal', async () => {
    t.teams.clear();
    await olle.click({ kbAction: 'reminder.occurrence.snooze_1w', occurrence: 'no-such-occurrence@2026-01-01' });
    await olle.waitForCard((c) => /finns inte|hittades inte|inte din|behörighet|inaktuell/i.test(c));
  });

  it('nudges a Slack user and takes "Inte min uppgift" from the button', async () => {
    const service = t.app.services.reminders().service;
    await service.upsertCaseDeadline({
      caseId: 'ikp-1',
      kind: 'kontroll',
      title: 'Internkontroll: genomförandeplaner',
      dueAt: '2026-11-24',
      recipients: [{ kind: 'person', personId: 'hanna.hemtjanst@exempel.se' }],
    });
    await t.app.services.reminders().tick();
    const nudge = await hanna.waitForMessage((b) => b.includes('Internkontroll: genomförandeplaner'));
    const notMine = buttons(nudge.blocks).find((b) => b.actionId === 'reminder.occurrence.not_mine')!;
    await hanna.click(notMine.actionId, notMine.raw);
    await hanna.waitForMessage((b) => /inte din uppgift/i.test(b));
  });
});
