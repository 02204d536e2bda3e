import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * "Inte min uppgift", snooze and Klar are decided from stored data: only the person the occurrence is addressed
 * to (or their manager, who gets the escalation, or an admin) may act. Someone who only knows the occurrence key
 * is refused, and nothing changes — so a stranger can neither silence a reminder nor hide an unfilled role.
 */
const TUESDAY_10 = new Date('2026-11-24T09:00:00Z');
const REFUSED = /Den här påminnelsen gäller inte dig/;

describe('reminder actions need the right person', () => {
  let t: TestApp;
  let olle: TeamsUser;
  let mia: TeamsUser;
  let mallory: TeamsUser;
  let occurrence: string;

  beforeAll(async () => {
    t = await startTestApp({ clock: new ManualClock(TUESDAY_10) });
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000c001');
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000c002');
    mallory = new TeamsUser(t.baseUrl, t.teams, 'Mallory Utomstående', 'mallory@annan.example', '00000000-0000-4000-8000-00000000c003');
    for (const u of [olle, mia, mallory]) await u.say('hjälp');
    await t.app.services.reminders().service.upsertCaseDeadline({
      caseId: 'rutin-brand',
      kind: 'revision',
      title: 'Revidera rutinen för brandskydd',
      dueAt: '2026-11-24',
      recipients: [{ kind: 'person', personId: 'olle.omsorg@exempel.se' }],
    });
    await t.app.services.reminders().tick();
    const nudge = await olle.waitForCard((c) => c.includes('Revidera rutinen för brandskydd'));
    occurrence = submitActions(nudge).find((a) => a.data.kbAction === 'reminder.occurrence.not_mine')!.data.occurrence as string;
  });
  afterAll(async () => t?.stop());

  const stored = () => t.app.mongo.db.collection<{ _id: string; status: string; notMine: string[]; snoozes?: Record<string, Date> }>('reminder_occurrences').findOne({ _id: occurrence });

  it('refuses "Inte min uppgift", snooze and Klar from a colleague and from an outsider who know the key', async () => {
    for (const user of [mia, mallory]) {
      for (const kbAction of ['reminder.occurrence.not_mine', 'reminder.occurrence.snooze_1d', 'reminder.occurrence.snooze_1w']) {
        t.teams.clear();
        expect((await user.click({ kbAction, occurrence })).status).toBe(200);
        expect(JSON.stringify(user.received()), `${user.name} ${kbAction}`).toMatch(REFUSED);
      }
      const open = await user.invoke('task/fetch', { data: { kbAction: 'reminder.occurrence.done', occurrence } });
      const submit = submitActions(dialogCard(open.body) ?? {}).find((a) => a.data.kbForm === 'reminder.done');
      if (submit) {
        const done = await user.invoke('task/submit', { data: { ...submit.data, comment: 'Klart!' } });
        expect(JSON.stringify(done.body)).toMatch(REFUSED);
      } else {
        expect(JSON.stringify(open.body)).toMatch(REFUSED);
      }
    }
    const occ = await stored();
    expect(occ).toMatchObject({ status: 'open', notMine: [] });
    expect(Object.keys(occ?.snoozes ?? {})).toEqual([]);
    const audit = await t.app.mongo.db.collection('audit').find({ subject: `reminder:${occurrence}` }).toArray();
    expect(audit.map((a) => a.actor)).toEqual([]);
  });

  it('takes "Inte min uppgift" from the person it is addressed to', async () => {
    t.teams.clear();
    await olle.click({ kbAction: 'reminder.occurrence.not_mine', occurrence });
    expect(JSON.stringify(olle.received())).toMatch(/inte din uppgift/i);
    expect((await stored())?.notMine).toEqual(['olle.omsorg@exempel.se']);
  });
});
