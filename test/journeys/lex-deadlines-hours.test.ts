import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { buttons, dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { drainOutbox } from './support.js';

/**
 * Break 4: lex deadlines in hours. Acknowledgement due in 4 h, escalation after 8 h (today's settings), nudged at
 * hour granularity by the running scheduler — also outside office hours, and then to the on-call role of a unit that
 * runs around the clock — and the escalation actually sent to the next level. A lex acknowledgement cannot be
 * snoozed past its deadline.
 */
describe('lex Sarah / lex Maria: deadlines in hours, escalation from the scheduler', () => {
  let t: TestApp;
  let clock: ManualClock;

  async function at(iso: string) {
    clock.set(new Date(iso));
    await t.app.services.reminders().tick();
    await drainOutbox(t);
  }

  describe('Teams: a Friday 17:00 lex Maria report at Solgården', () => {
    let mia: TeamsUser;
    let maria: TeamsUser;
    let jonas: TeamsUser;
    let olle: TeamsUser;
    let asa: TeamsUser;
    let number: string;

    beforeAll(async () => {
      clock = new ManualClock(new Date('2026-12-04T16:00:00Z')); // Friday 17:00 Stockholm
      t = await startTestApp({ clock });
      mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000c401');
      maria = new TeamsUser(t.baseUrl, t.teams, 'Maria Modell', 'maria.modell@exempel.se', '00000000-0000-4000-8000-00000000c402');
      jonas = new TeamsUser(t.baseUrl, t.teams, 'Jonas Jour', 'jonas.jour@exempel.se', '00000000-0000-4000-8000-00000000c403');
      olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000c404');
      asa = new TeamsUser(t.baseUrl, t.teams, 'Åsa Äldre', 'asa.aldre@exempel.se', '00000000-0000-4000-8000-00000000c405');
      for (const u of [mia, maria, jonas, olle, asa]) {
        await u.say('hjälp');
        await u.waitForCard(() => true);
      }
    });
    afterAll(async () => t?.stop());

    it('reaches the MAS and the on-call chef within hours, not on Monday; escalates after 8 h; no snooze past the deadline', async () => {
      const saved = await mia.reportAvvikelse('Solgården', {
        type: 'lex_maria',
        occurredAt__date: '2026-12-04',
        occurredAt__time: '16:30',
        location: 'Avdelning 2',
        description: 'Fel dos av ett läkemedel gavs.',
        immediateActions: 'Läkare kontaktad.',
        konsekvens: '3',
        sannolikhet: '2',
        informed: 'ja',
        improvement: 'Dubbelsignering.',
      });
      number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(saved.body))![0];
      await maria.waitForCard((c) => c.includes(number));

      // Not at once (it was just reported), and no whole-day reminder at 08:30.
      t.teams.clear();
      await at('2026-12-04T16:01:00Z');
      await at('2026-12-04T18:30:00Z');
      expect(maria.received().filter((a) => JSON.stringify(a).includes('Kvittera'))).toHaveLength(0);

      // 3 h after the report (20:00 Friday, outside office hours): the MAS and the on-call chef are nudged.
      await at('2026-12-04T19:00:30Z');
      const soon = JSON.stringify(await maria.waitForCard((c) => c.includes('Kvittera ärendet') && c.includes(number)));
      expect(soon).toMatch(/senast i dag kl\. 21:00/);
      await jonas.waitForCard((c) => c.includes('Kvittera ärendet') && c.includes(number));

      // A snooze of the lex acknowledgement ends at the deadline, not a working day later.
      const snooze = submitActions(JSON.parse(soon)).find((a) => a.data.kbAction === 'reminder.occurrence.snooze_1d')!;
      expect(submitActions(JSON.parse(soon)).some((a) => a.data.kbAction === 'reminder.occurrence.snooze_1w')).toBe(false);
      t.teams.clear();
      await maria.click(snooze.data);
      const confirm = JSON.stringify(await maria.waitForCard((c) => /påminns igen/i.test(c)));
      expect(confirm).toMatch(/4 december 2026 kl\. 21:00/);
      const snoozes = await t.app.mongo.db.collection('reminder_occurrences').findOne({ _id: snooze.data.occurrence });
      const until = Object.values(snoozes!.snoozes as Record<string, Date>)[0]!;
      expect(until.getTime()).toBeLessThanOrEqual(new Date('2026-12-04T20:00:00Z').getTime());

      // 4 h: the deadline passed, the MAS is told it is late; after that a snooze is refused.
      await at('2026-12-04T20:00:30Z');
      await maria.waitForCard((c) => c.includes('Försenad') && c.includes(number));
      t.teams.clear();
      await maria.click(snooze.data);
      await maria.waitForCard((c) => /kan inte skjutas upp/.test(c));

      // 8 h (01:00 Saturday): the scheduler escalates the case to the next level — above the enhetschef and the MAS,
      // who both handle a lex Maria report, that is the avdelningschef.
      await at('2026-12-05T00:00:30Z');
      const escalated = JSON.stringify(await asa.waitForCard((c) => c.includes(number) && /Eskalerat/.test(c)));
      expect(escalated).toContain(number);
      const stored = await t.app.mongo.db.collection('cases').findOne({ number });
      expect(stored?.escalatedAt).toBeInstanceOf(Date);
    });
  });

  describe('Slack: a Wednesday 09:00 lex Sarah report at Hemtjänst Norr', () => {
    let vera: SlackUser;
    let hanna: SlackUser;
    let asa: SlackUser;
    let number: string;

    beforeAll(async () => {
      clock = new ManualClock(new Date('2026-12-09T08:00:00Z')); // Wednesday 09:00 Stockholm
      t = await startTestApp({ clock });
      vera = new SlackUser(t.baseUrl, t.slack, 'U_VERA4', 'vera', 'vera.verksam@exempel.se');
      hanna = new SlackUser(t.baseUrl, t.slack, 'U_HANNA4', 'hanna', 'hanna.hemtjanst@exempel.se');
      asa = new SlackUser(t.baseUrl, t.slack, 'U_ASA4', 'asa', 'asa.aldre@exempel.se');
      for (const u of [vera, hanna, asa]) {
        await u.dm('hjälp');
        await u.waitForMessage(() => true);
      }
    });
    afterAll(async () => t?.stop());

    it('does not escalate at once; nudges at 12:00, is late at 13:00, escalates at 17:00', async () => {
      const { triggerId } = await vera.command('/avvikelse');
      const view = await vera.openedView(triggerId);
      const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Hemtjänst Norr')!;
      const values: Record<string, unknown> = {
        type: sel('lex_sarah'),
        unitId: sel(unit.value),
        occurredAt: dt(new Date('2026-12-09T07:30:00Z')),
        location: txt('Hos brukaren'),
        description: txt('Insatsen uteblev.'),
        immediateActions: txt('Ny personal skickades.'),
        konsekvens: sel('3'),
        sannolikhet: sel('2'),
        informed: sel('ja'),
        improvement: txt('Bättre schemaläggning.'),
      };
      await vera.submitUntilSaved(view, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])));
      const notice = await hanna.waitForMessage((b) => /AVV-\d{4}-\d{4}/.test(b));
      number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(notice))![0];

      const count = (user: SlackUser, re: RegExp) =>
        t.slack.requests.filter((r) => r.path.endsWith('chat.postMessage') && (r.body as any)?.channel === user.dmChannel && re.test(JSON.stringify((r.body as any).blocks ?? ''))).length;
      await at('2026-12-09T08:01:00Z');
      await at('2026-12-09T10:30:00Z');
      expect(count(hanna, /Kvittera ärendet/)).toBe(0);
      expect(count(asa, new RegExp(number))).toBe(0);

      await at('2026-12-09T11:00:30Z'); // 12:00
      const soon = await hanna.waitForMessage((b) => b.includes('Kvittera ärendet') && b.includes(number));
      expect(JSON.stringify(soon)).toMatch(/senast i dag kl\. 13:00/);
      expect(buttons(soon.blocks).some((b) => b.actionId === 'reminder.occurrence.snooze_1w')).toBe(false);
      await at('2026-12-09T12:00:30Z'); // 13:00
      await hanna.waitForMessage((b) => b.includes('Försenad') && b.includes(number));
      expect(count(asa, new RegExp(number))).toBe(0);
      await at('2026-12-09T16:00:30Z'); // 17:00
      await asa.waitForMessage((b) => b.includes(number) && /Eskalerat/.test(b));
      expect(count(asa, new RegExp(number))).toBe(1);
    });
  });
});
