import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { drainOutbox, runCli } from './support.js';

/**
 * Break 3: rutiner imported as the docs show (unit names in `enhet`) reach the person holding the role at that unit;
 * a row that would reach nobody is refused at import with its line; a person who disappears later is reported to an
 * admin who can be reached.
 */
describe('rutiner and internkontroll by unit name reach people', () => {
  let t: TestApp;
  let clock: ManualClock;
  let olle: TeamsUser;
  let hanna: SlackUser;
  let kim: TeamsUser;
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-rutiner-'));
  const env = { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' };

  beforeAll(async () => {
    clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));
    t = await startTestApp({ clock, env });
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000b301');
    hanna = new SlackUser(t.baseUrl, t.slack, 'U_HANNA3', 'hanna', 'hanna.hemtjanst@exempel.se');
    kim = new TeamsUser(t.baseUrl, t.teams, 'Kim Kvalitet', 'kim.kvalitet@exempel.se', '00000000-0000-4000-8000-00000000b302');
    for (const u of [olle, kim]) {
      await u.say('hjälp');
      await u.waitForCard(() => true);
    }
    await hanna.dm('hjälp');
    await hanna.waitForMessage(() => true);
  });
  afterAll(async () => t?.stop());

  it('refuses rows that reach nobody, with line and reason, and stores nothing', async () => {
    const file = path.join(dir, 'fel.csv');
    writeFileSync(
      file,
      [
        'rutin;enhet;ansvarig;senast_reviderad;intervall_månader',
        'Läkemedelshantering;Solgården;Enhetschef;2026-03-15;12',
        'Brandskydd;Solgårdarna Syd;Enhetschef;2026-03-15;12',
        'Nyckelhantering;Hemtjänst Norr;Kökschef;2026-03-15;12',
      ].join('\n'),
    );
    const r = await runCli(t, clock, ['reminders', 'import-rutiner', file], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Rad 3: enheten "Solgårdarna Syd" finns inte/);
    expect(r.err).toMatch(/Rad 4: ingen person har Kökschef \(Hemtjänst Norr\)/);
    expect(r.err).not.toMatch(/Rad 2/);
    expect(await t.app.mongo.db.collection('reminders').countDocuments({ source: 'rutin' })).toBe(0);
  });

  it('a rutin at "Solgården" reaches Olle in Teams, one at "Hemtjänst Norr" reaches Hanna in Slack, on the due day', async () => {
    const file = path.join(dir, 'rutiner.csv');
    writeFileSync(
      file,
      [
        'rutin;enhet;ansvarig;senast_reviderad;intervall_månader',
        'Läkemedelshantering;Solgården;Enhetschef;2026-03-15;12',
        'Nyckelhantering;Hemtjänst Norr;Enhetschef;2026-03-15;12',
      ].join('\n'),
    );
    const r = await runCli(t, clock, ['reminders', 'import-rutiner', file], env);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Importerade 2 rader/);
    const dry = await runCli(t, clock, ['reminders', '--dry-run', '--from', '2027-03-15', '--to', '2027-03-15'], env);
    expect(dry.out).toMatch(/Översyn av rutin: Läkemedelshantering \[Solgården\].*→ Olle Omsorg/);
    expect(dry.out).toMatch(/Översyn av rutin: Nyckelhantering \[Hemtjänst Norr\].*→ Hanna Hemtjänst/);

    clock.set(new Date('2027-03-15T07:35:00Z')); // Monday 08:35
    await t.app.services.reminders().tick();
    await drainOutbox(t);
    const card = JSON.stringify(await olle.waitForCard((c) => c.includes('Läkemedelshantering')));
    expect(card).toMatch(/i dag/);
    expect(card).toMatch(/Solgården/);
    await hanna.waitForMessage((b) => b.includes('Nyckelhantering'));
  });

  it('when Olle leaves the organisation, the admin is told which reminders reach nobody', async () => {
    const people = readFileSync(path.resolve(import.meta.dirname, '../../starter-data/personer.csv'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('Olle Omsorg'))
      .join('\n');
    const file = path.join(dir, 'personer.csv');
    writeFileSync(file, people);
    t.teams.clear();
    const r = await runCli(t, clock, ['import', file], env);
    expect(r.code).toBe(0);
    const notice = JSON.stringify(await kim.waitForCard((c) => /når ingen person/.test(c)));
    await drainOutbox(t);
    expect(notice).toMatch(/Läkemedelshantering/);
    expect(notice).toMatch(/Enhetschef \(Solgården\)/);
    expect(notice).not.toMatch(/Nyckelhantering/);
  });
});
