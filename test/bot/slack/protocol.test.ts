import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlashCommands } from '../../../domain/action-ids.js';
import { postEvent, postSlashCommand, slashCommandFields } from '../../support/fake-slack-api.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('Slack over HTTP with signed requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('verified the bot token at start (auth.test against slackApiUrl)', () => {
    expect(t.slack.calls('auth.test').length).toBeGreaterThan(0);
    expect(t.slack.calls('auth.test')[0]!.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('acknowledges a signed slash command within 3 s and answers privately through the response_url', async () => {
    const responseUrl = `${t.slack.url}/response/cmd-1`;
    const started = Date.now();
    const res = await postSlashCommand(t.baseUrl, slashCommandFields(responseUrl, SlashCommands.kvalitet, 'hjälp'));
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(3000);
    const answer = await t.slack.waitFor((r) => r.path === '/response/cmd-1');
    const body = answer.body as Record<string, any>;
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('Jag är kvalitetsboten');
    expect(body.blocks.some((b: any) => b.type === 'actions')).toBe(true);
  });

  it('refuses a request with a wrong signature with 401 and does nothing', async () => {
    t.slack.clear();
    const res = await postSlashCommand(t.baseUrl, slashCommandFields(`${t.slack.url}/response/forged`, SlashCommands.kvalitet, 'hjälp'), {
      secret: 'not-the-secret',
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.slack.requests.filter((r) => r.path === '/response/forged')).toHaveLength(0);
  });

  it('refuses a correctly signed request whose timestamp is older than 5 minutes with 401', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSlashCommand(t.baseUrl, slashCommandFields(`${t.slack.url}/response/replayed`, SlashCommands.kvalitet, 'hjälp'), {
      timestamp: old,
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.slack.requests.filter((r) => r.path === '/response/replayed')).toHaveLength(0);
  });

  it('refuses an unsigned request with 401', async () => {
    const res = await fetch(`${t.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(slashCommandFields(`${t.slack.url}/response/unsigned`, SlashCommands.kvalitet, 'hjälp')).toString(),
    });
    expect(res.status).toBe(401);
  });

  it('publishes the App Home with the welcome content when the home tab is opened', async () => {
    const res = await postEvent(t.baseUrl, { type: 'app_home_opened', user: 'U_ANNA', channel: 'D_ANNA', tab: 'home', event_ts: '1.1' });
    expect(res.status).toBe(200);
    const call = await t.slack.waitForCall('views.publish', (b) => b.user_id === 'U_ANNA');
    expect(call.body.view.type).toBe('home');
    expect(JSON.stringify(call.body.view.blocks)).toContain('Rapportera avvikelse');
  });

  it('answers a direct message with "hjälp" in the same DM', async () => {
    const res = await postEvent(t.baseUrl, { type: 'message', channel_type: 'im', channel: 'D_ANNA', user: 'U_ANNA', text: 'hjälp', ts: '2.2', event_ts: '2.2' });
    expect(res.status).toBe(200);
    const call = await t.slack.waitForCall('chat.postMessage', (b) => b.channel === 'D_ANNA');
    expect(JSON.stringify(call.body.blocks)).toContain('Jag är kvalitetsboten');
  });

  it('answers the URL verification challenge', async () => {
    const raw = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'legacy' });
    const { slackSignature } = await import('../../support/fake-slack-api.js');
    const res = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...slackSignature(raw) }, body: raw });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('abc123');
  });
});
