import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { drainOutbox, runCli } from './support.js';

/**
 * Break 2: the matrix's recurring duties become reminders in the running app. A fresh app loads the starter data,
 * the MAS (Teams) and an avdelningschef (Slack) open the bot, the docs' dry run names them, and the running
 * scheduler delivers the patientsäkerhetsberättelse and kvalitetsberättelse reminders before 1 March 2027.
 */
describe('årshjul: the starter matrix becomes reminders that reach people', () => {
  let t: TestApp;
  let clock: ManualClock;
  let maria: TeamsUser;
  let asa: SlackUser;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2027-01-11T09:00:00Z'));
    t = await startTestApp({ clock, env: { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' } });
    maria = new TeamsUser(t.baseUrl, t.teams, 'Maria Modell', 'maria.modell@exempel.se', '00000000-0000-4000-8000-00000000a201');
    asa = new SlackUser(t.baseUrl, t.slack, 'U_ASA', 'asa', 'asa.aldre@exempel.se');
    await maria.say('hjälp');
    await maria.waitForCard(() => true);
    await asa.dm('hjälp');
    await asa.waitForMessage(() => true);
  });
  afterAll(async () => t?.stop());

  it('the documented dry run lists both berättelser due 1 March with the people they go to', async () => {
    const r = await runCli(t, clock, ['reminders', '--dry-run', '--from', '2027-02-01', '--to', '2027-03-31'], { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('inga påminnelser');
    const psb = r.out.split('\n').filter((l) => l.includes('Patientsäkerhetsberättelse'));
    expect(psb.some((l) => l.includes('senast 2027-03-01') && l.includes('Maria Modell'))).toBe(true);
    const kb = r.out.split('\n').filter((l) => l.includes('Kvalitetsberättelse') && l.includes('senast 2027-03-01'));
    expect(kb.some((l) => l.includes('Åsa Äldre') && l.includes('Kim Kvalitet'))).toBe(true);
    // Someone who never opened the bot is named as unreachable, not skipped.
    expect(r.out).toMatch(/Ivar Individ har ingen chattadress/);
    // Plain "Årligen" is not silently 31 December: the admin sees the default.
    expect(r.out).toMatch(/standarddatum 30 november/);
    expect(r.out).not.toMatch(/senast 2027-12-31/);
  });

  it('the running scheduler delivers the 14-day reminders in Teams and Slack on 15 February', async () => {
    clock.set(new Date('2027-02-15T07:31:00Z')); // Monday 08:31 Stockholm
    await t.app.services.reminders().tick();
    await drainOutbox(t);
    const card = await maria.waitForCard((c) => c.includes('Patientsäkerhetsberättelse'));
    expect(JSON.stringify(card)).toMatch(/om 14 dagar/);
    expect(JSON.stringify(card)).toMatch(/1 mars 2027/);
    const msg = await asa.waitForMessage((b) => b.includes('Kvalitetsberättelse'));
    expect(JSON.stringify(msg)).toMatch(/1 mars 2027/);
  });

  it('a matrix import through the admin service re-syncs: a changed date moves the reminder, an unreadable one is refused with its line', async () => {
    const kim = new TeamsUser(t.baseUrl, t.teams, 'Kim Kvalitet', 'kim.kvalitet@exempel.se', '00000000-0000-4000-8000-00000000a202');
    const csv = 'område;aktivitet;ansvarig;frekvens;rapporteras_till;källa\nHälso- och sjukvård;Patientsäkerhetsberättelse;MAS;Årligen, senast 15 mars;Socialnämnden;\nEgenkontroll;Ny kontroll;MAS;Ibland;;\n';
    t.teams.use((r) => (r.path === '/files/fel.csv' ? { raw: csv } : r.path === '/files/ratt.csv' ? { raw: csv.split('\n').slice(0, 2).join('\n') + '\n' } : undefined));
    const file = (name: string) => ({
      from: { id: kim.id, name: kim.name, aadObjectId: kim.aadObjectId },
      conversation: { id: kim.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      text: undefined,
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${t.teams.url}/files/${name}`, uniqueId: name, fileType: 'csv' } }],
    });
    const { postActivity } = await import('../support/test-app.js');
    const { teamsActivity } = await import('../support/fake-teams-connector.js');
    await postActivity(t.baseUrl, teamsActivity(t.teams.url, file('fel.csv')));
    const refused = JSON.stringify(await kim.waitForCard((c) => /rad 3/i.test(c)));
    expect(refused).toMatch(/Ibland/);
    expect(refused).toMatch(/kunde inte tolkas/);

    await postActivity(t.baseUrl, teamsActivity(t.teams.url, file('ratt.csv')));
    await kim.waitForCard((c) => /[Vv]ersion/.test(c) && !/rad 3/.test(c));
    const r = await runCli(t, clock, ['reminders', '--dry-run', '--from', '2027-02-15', '--to', '2027-03-31']);
    expect(r.out).toMatch(/Patientsäkerhetsberättelse \(senast 2027-03-15/);
    expect(r.out).not.toMatch(/Patientsäkerhetsberättelse \(senast 2027-03-01/);
  });
});
