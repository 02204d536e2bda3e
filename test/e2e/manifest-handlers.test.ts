import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_MANIFEST } from '../../manifest/slack/slack-manifest.js';
import { slackManifestIds } from '../support/slack-manifest-reading.js';
import { postInteraction, postSlashCommand, slashCommandFields } from '../support/fake-slack-api.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { readFileSync } from 'node:fs';

/** Every command and shortcut the app manifests declare is handled by the running bot, in Swedish. */
describe('the manifests and the code agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
  });
  afterAll(async () => t?.stop());

  it('answers every Slack slash command in the manifest (modal or private answer)', async () => {
    for (const command of slackManifestIds(SLACK_MANIFEST).commands) {
      t.slack.clear();
      const fields = slashCommandFields(`${t.slack.url}/response/${command.slice(1)}`, command, '', 'U_MIA');
      const res = await postSlashCommand(t.baseUrl, fields);
      expect(res.status, command).toBe(200);
      await t.slack.waitFor((r) => r.path === `/response/${command.slice(1)}` || (r.path === '/api/views.open' && (r.body as any).trigger_id === fields.trigger_id));
    }
  });

  it('opens a modal for every Slack shortcut in the manifest', async () => {
    for (const callbackId of slackManifestIds(SLACK_MANIFEST).shortcuts) {
      const trigger = `trigger-${callbackId}`;
      const message = callbackId.endsWith('.message');
      const payload = {
        type: message ? 'message_action' : 'shortcut',
        callback_id: callbackId,
        trigger_id: trigger,
        team: { id: 'T1', domain: 'kommunen' },
        user: { id: 'U_MIA', name: 'mia', username: 'mia', team_id: 'T1' },
        token: 'legacy',
        action_ts: '1.1',
        ...(message ? { channel: { id: 'C1', name: 'general' }, message: { type: 'message', text: 'Text', ts: '1.1' }, message_ts: '1.1', response_url: `${t.slack.url}/response/x` } : {}),
      };
      expect((await postInteraction(t.baseUrl, payload)).status, callbackId).toBe(200);
      await t.slack.waitFor((r) => r.path === '/api/views.open' && (r.body as any).trigger_id === trigger);
    }
  });

  it('answers every Teams bot command in the app manifest with a card', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../manifest/teams/manifest.template.json', import.meta.url), 'utf8'));
    const titles = new Set<string>(manifest.bots[0].commandLists.flatMap((l: any) => l.commands.map((c: any) => c.title)));
    const user = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000e001');
    for (const title of titles) {
      t.teams.clear();
      await user.say(title);
      const card = await user.waitForCard(() => true);
      // A known command never falls through to the "no answer" of the ansvarsmatris.
      expect(JSON.stringify(card), title).not.toMatch(/hittar inget säkert svar|hittade ingen aktivitet/);
    }
    // The message action is handled (a dialog comes back).
    const res = await user.invoke('composeExtension/fetchTask', { commandId: manifest.composeExtensions[0].commands[0].id, commandContext: 'message', messagePayload: { body: { content: 'x' } } }, 'channel');
    expect(res.body.task.type).toBe('continue');
  });
});
