import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postActivity, startTestApp, type TestApp } from '../support/test-app.js';
import { teamsActivity } from '../support/fake-teams-connector.js';
import { postEvent } from '../support/fake-slack-api.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';

const GOOD = 'område;aktivitet;ansvarig;frekvens;rapporteras_till;källa\nKvalitet;Följa upp brandskyddsronder;Enhetschef;Kvartalsvis;;\n';
const BAD = 'område;aktivitet;ansvarig;frekvens;rapporteras_till;källa\nKvalitet;;Enhetschef;Årligen;;\n';

describe('an admin imports the ansvarsmatris by sending a file to the bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' } });
    t.teams.use((r) => (r.path === '/files/matris.csv' ? { raw: GOOD } : r.path === '/files/fel.csv' ? { raw: BAD } : undefined));
    t.slack.use((r) => (r.path === '/files/matris.csv' ? { raw: GOOD } : undefined));
  });
  afterAll(async () => t?.stop());

  const fileActivity = (user: TeamsUser, name: string) =>
    teamsActivity(t.teams.url, {
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      conversation: { id: user.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      text: undefined,
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${t.teams.url}/files/${name}`, uniqueId: 'u1', fileType: 'csv' } }],
    });

  it('Teams: a valid file becomes a new version; an invalid one is refused with line-level Swedish errors', async () => {
    const kim = new TeamsUser(t.baseUrl, t.teams, 'Kim Kvalitet', 'kim.kvalitet@exempel.se', '00000000-0000-4000-8000-0000000b0001');
    const before = await t.app.services.ansvar.activeVersion();
    await postActivity(t.baseUrl, fileActivity(kim, 'fel.csv'));
    const refused = await kim.waitForCard((c) => /rad 2/.test(c));
    expect(JSON.stringify(refused)).toMatch(/aktivitet/);
    expect(await t.app.services.ansvar.activeVersion()).toBe(before);

    await postActivity(t.baseUrl, fileActivity(kim, 'matris.csv'));
    await kim.waitForCard((c) => /[Vv]ersion/.test(c) && !/rad 2/.test(c));
    expect(await t.app.services.ansvar.activeVersion()).not.toBe(before);
    const answer = await t.app.services.ansvar.ask('vem följer upp brandskyddsronder?');
    expect(JSON.stringify(answer)).toContain('Enhetschef');
  });

  it('Teams: a non-admin is refused and nothing changes', async () => {
    const mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-0000000b0002');
    const before = await t.app.services.ansvar.activeVersion();
    await postActivity(t.baseUrl, fileActivity(mia, 'matris.csv'));
    await mia.waitForCard((c) => /behörighet|administratör/i.test(c));
    expect(await t.app.services.ansvar.activeVersion()).toBe(before);
  });

  it('Slack: a file shared in the DM is downloaded with the bot token and imported', async () => {
    const kim = new SlackUser(t.baseUrl, t.slack, 'U_KIM', 'kim', 'kim.kvalitet@exempel.se');
    const before = await t.app.services.ansvar.activeVersion();
    await postEvent(t.baseUrl, {
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel: kim.dmChannel,
      user: 'U_KIM',
      text: '',
      ts: '5.5',
      files: [{ id: 'F1', name: 'matris.csv', url_private_download: `${t.slack.url}/files/matris.csv`, url_private: `${t.slack.url}/files/matris.csv` }],
    });
    await kim.waitForMessage((b) => /[Vv]ersion/.test(b));
    const download = t.slack.requests.find((r) => r.path === '/files/matris.csv');
    expect(download?.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(await t.app.services.ansvar.activeVersion()).not.toBe(before);
  });
});
