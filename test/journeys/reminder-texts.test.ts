import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { drainOutbox, runCli } from './support.js';

/**
 * Break 8: reminder texts are right and single. On 1 December a reminder due 3 December says "om 2 dagar"
 * (Stockholm calendar days from the day it is sent); a new case gives "Nytt ärende" and no "Kvittera" reminder
 * until the acknowledgement is actually getting late.
 */
describe('reminder texts: the right number of days, no double message for a new case', () => {
  let t: TestApp;
  let clock: ManualClock;
  let olle: TeamsUser;
  let mia: TeamsUser;
  let hanna: SlackUser;
  let vera: SlackUser;
  const env = { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' };

  async function at(iso: string) {
    clock.set(new Date(iso));
    await t.app.services.reminders().tick();
    await drainOutbox(t);
  }

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-12-01T08:00:00Z')); // Tuesday 09:00 Stockholm
    t = await startTestApp({ clock, env });
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000d801');
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000d802');
    hanna = new SlackUser(t.baseUrl, t.slack, 'U_HANNA8', 'hanna', 'hanna.hemtjanst@exempel.se');
    vera = new SlackUser(t.baseUrl, t.slack, 'U_VERA8', 'vera', 'vera.verksam@exempel.se');
    for (const u of [olle, mia]) {
      await u.say('hjälp');
      await u.waitForCard(() => true);
    }
    for (const u of [hanna, vera]) {
      await u.dm('hjälp');
      await u.waitForMessage(() => true);
    }
  });
  afterAll(async () => t?.stop());

  it('on 1 December an internkontroll due 3 December says "om 2 dagar" in Teams and Slack', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-texts-'));
    const file = path.join(dir, 'internkontroll.csv');
    writeFileSync(
      file,
      [
        'kontrollmoment;ansvarig;frekvens;rapporteras_till;nästa_datum;enhet',
        'Genomförandeplaner;Enhetschef;Årligen;Avdelningschef;2026-12-03;Solgården',
        'Nyckelkvittenser;Enhetschef;Årligen;Avdelningschef;2026-12-03;Hemtjänst Norr',
      ].join('\n'),
    );
    const r = await runCli(t, clock, ['reminders', 'import-internkontroll', file], env);
    expect(r.err).toBe('');
    await at('2026-12-01T08:01:00Z');
    const card = JSON.stringify(await olle.waitForCard((c) => c.includes('Genomförandeplaner')));
    expect(card).toMatch(/om 2 dagar/);
    expect(card).not.toMatch(/om 3 dagar/);
    expect(card).toMatch(/3 december 2026/);
    const msg = JSON.stringify(await hanna.waitForMessage((b) => b.includes('Nyckelkvittenser')));
    expect(msg).toMatch(/om 2 dagar/);
    expect(msg).not.toMatch(/om 3 dagar/);
  });

  it('Teams: a new avvikelse gives "Ny avvikelse" and no "Kvittera" until the acknowledgement is getting late', async () => {
    await at('2026-12-01T09:00:00Z'); // Tuesday 10:00
    const saved = await mia.reportAvvikelse('Solgården', {
      type: 'avvikelse',
      occurredAt__date: '2026-11-30',
      occurredAt__time: '14:30',
      location: 'Matsalen',
      description: 'Brukaren halkade.',
      immediateActions: 'Hjälpte upp.',
      konsekvens: '2',
      sannolikhet: '2',
      informed: 'ja',
      improvement: 'Halkskydd.',
    });
    const number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(saved.body))![0];
    await olle.waitForCard((c) => c.includes(number));
    const kvittera = () => olle.received().filter((a) => JSON.stringify(a).includes(`Kvittera ärendet: ${number}`));
    await at('2026-12-01T09:01:00Z');
    await at('2026-12-01T09:02:00Z');
    expect(kvittera()).toHaveLength(0);
    // Acknowledge within 2 working days (Thursday 10:00): 3/4 of the time is Wednesday 22:00, so the first nudge
    // waits for office hours, Thursday 08:00 — when the acknowledgement is actually getting late.
    await at('2026-12-02T15:05:00Z');
    expect(kvittera()).toHaveLength(0);
    await at('2026-12-03T07:05:00Z');
    expect(kvittera()).toHaveLength(1);
    expect(JSON.stringify(kvittera()[0])).toMatch(/senast i dag kl\. 10:00/);
  });

  it('Slack: a new avvikelse gives one notice and no "Kvittera" within the minute', async () => {
    clock.set(new Date('2026-12-07T09:00:00Z')); // Monday 10:00
    const { triggerId } = await vera.command('/avvikelse');
    const view = await vera.openedView(triggerId);
    const values: Record<string, unknown> = {
      type: sel('avvikelse'),
      unitId: sel(optionsOf(view, 'unitId').find((o) => o.text === 'Hemtjänst Norr')!.value),
      occurredAt: dt(new Date('2026-12-07T07:00:00Z')),
      location: txt('Hos brukaren'),
      description: txt('Besöket blev sent.'),
      immediateActions: txt('Ringde brukaren.'),
      konsekvens: sel('1'),
      sannolikhet: sel('2'),
      informed: sel('ja'),
      improvement: txt('Planering.'),
    };
    await vera.submitUntilSaved(view, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])));
    const notice = await hanna.waitForMessage((b) => /AVV-\d{4}-\d{4}/.test(b));
    const number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(notice))![0];
    await at('2026-12-07T09:00:30Z');
    await at('2026-12-07T09:01:30Z');
    const toHanna = t.slack.requests.filter((r) => r.path.endsWith('chat.postMessage') && (r.body as any)?.channel === hanna.dmChannel && JSON.stringify((r.body as any).blocks ?? '').includes(number));
    expect(toHanna).toHaveLength(1);
  });
});
