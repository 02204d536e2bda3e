/**
 * Lex Sarah at a private provider: the administrator names the provider's units once; a report from such a unit is
 * told to the nämnd at once ("the utförare informs the nämnd"), besides the usual recipients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('lex Sarah at a private provider (Teams)', () => {
  let t: TestApp;
  let kim: TeamsUser;
  let mia: TeamsUser;
  let gustav: TeamsUser;
  let sam: TeamsUser;
  const clock = new ManualClock(new Date('2026-12-01T09:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' } });
    kim = new TeamsUser(t.baseUrl, t.teams, 'Kim Kvalitet', 'kim.kvalitet@exempel.se', '00000000-0000-4000-8000-000000001601');
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-000000001602');
    gustav = new TeamsUser(t.baseUrl, t.teams, 'Gustav Grupp', 'gustav.grupp@exempel.se', '00000000-0000-4000-8000-000000001603');
    sam = new TeamsUser(t.baseUrl, t.teams, 'Sam Sekreterare', 'sam.sekreterare@exempel.se', '00000000-0000-4000-8000-000000001604');
    for (const u of [kim, mia, gustav, sam]) expect((await u.say('hjälp')).status).toBe(200);
  });
  afterAll(async () => t?.stop());

  it('the admin names the unit; a lex Sarah report from it reaches the nämnd at once', async () => {
    await kim.say('admin inställning privata-utförare Gruppbostaden Eken');
    await kim.waitForCard((c) => c.includes('gruppbostaden-eken'));

    const saved = await mia.reportAvvikelse('Gruppbostaden Eken', {
      type: 'lex_sarah',
      occurredAt__date: '2026-12-01',
      occurredAt__time: '07:00',
      location: 'Gemensamma utrymmen',
      description: 'Den boende låstes in på sitt rum under natten.',
      immediateActions: 'Dörren låstes upp, den boende fick stöd.',
      konsekvens: '3',
      sannolikhet: '3',
      informed: 'ja',
    });
    expect(saved.body.task.type).toBe('message');
    const number = /AVV-\d{4}-\d{4}/.exec(saved.body.task.value)![0];
    await gustav.waitForCard((c) => c.includes(`Nytt ärende: Lex Sarah ${number}`));
    const notice = await sam.waitForCard((c) => c.includes(`Lex Sarah hos privat utförare: ${number}`));
    expect(JSON.stringify(notice)).not.toContain('låstes in');
    const stored = await t.app.mongo.db.collection('cases').findOne({ number });
    expect(stored!.lex).toMatchObject({ privateProvider: true, namndInformed: [expect.objectContaining({ what: 'rapport' })] });
  });
});
