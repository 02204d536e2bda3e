import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent } from '../support/fake-slack-api.js';
import { teamsActivity } from '../support/fake-teams-connector.js';
import { SlackUser } from '../support/slack-client.js';
import { postActivity, startTestApp, type TestApp } from '../support/test-app.js';

/** What colleagues can read: in a team channel or after an @mention the bot never lists someone's own cases. */
describe('the bot in shared channels', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.teams.members.set('29:olle', { id: '29:olle', email: 'olle.omsorg@exempel.se', name: 'Olle Omsorg' });
  });
  afterAll(async () => t?.stop());

  it('Teams channel: "mina ärenden" is answered with a pointer to the personal chat, not the list', async () => {
    const activity = teamsActivity(t.teams.url, {
      text: '<at>Kvalitetsbot</at> mina ärenden',
      from: { id: '29:olle', name: 'Olle Omsorg', aadObjectId: '00000000-0000-4000-8000-0000000c0001' },
      conversation: { id: '19:team-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
    });
    expect((await postActivity(t.baseUrl, activity)).status).toBe(200);
    const reply = await t.teams.waitFor((r) => r.method === 'POST' && r.path.startsWith('/v3/conversations/19:team-channel@thread.tacv2/activities'));
    expect(JSON.stringify(reply.body)).toMatch(/personliga chatt/);
  });

  it('Slack @mention: answered in the thread, with the same rule', async () => {
    new SlackUser(t.baseUrl, t.slack, 'U_OLLE', 'olle', 'olle.omsorg@exempel.se');
    await postEvent(t.baseUrl, { type: 'app_mention', user: 'U_OLLE', text: '<@UBOT> mina uppgifter', channel: 'C_TEAM', ts: '7.7', event_ts: '7.7' });
    const call = await t.slack.waitForCall('chat.postMessage', (b) => b.channel === 'C_TEAM');
    expect(call.body.thread_ts).toBe('7.7');
    expect(JSON.stringify(call.body.blocks)).toMatch(/personliga chatt/);
  });

  it('Slack @mention with a question gets the ansvarsmatris answer in the thread', async () => {
    await postEvent(t.baseUrl, { type: 'app_mention', user: 'U_OLLE', text: '<@UBOT> vem är MAS?', channel: 'C_TEAM', ts: '8.8', event_ts: '8.8' });
    const call = await t.slack.waitForCall('chat.postMessage', (b) => b.channel === 'C_TEAM' && b.thread_ts === '8.8');
    expect(JSON.stringify(call.body.blocks)).toContain('Maria Modell');
  });
});
