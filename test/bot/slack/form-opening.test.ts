import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlashCommands } from '../../../domain/action-ids.js';
import { postSlashCommand, slashCommandFields } from '../../support/fake-slack-api.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** A form opened from Slack goes to views.open as one JSON request with the bot token; a refusal is logged. */
describe('Slack: opening a form', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('/avvikelse opens the report form with views.open: bot token, trigger and the whole modal as JSON', async () => {
    const fields = slashCommandFields(`${t.slack.url}/response/open-1`, SlashCommands.avvikelse, '', 'U_OPEN1');
    const res = await postSlashCommand(t.baseUrl, fields);
    expect(res.status).toBe(200);
    const call = await t.slack.waitForCall('views.open', (b) => b.trigger_id === fields.trigger_id);
    expect(call.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(call.headers['content-type']).toContain('application/json');
    expect(call.body.view.type).toBe('modal');
    expect(call.body.view.callback_id).toBe('avvikelse.report.modal');
    expect(call.body.view.blocks.length).toBeGreaterThan(3);
    expect(JSON.parse(call.body.view.private_metadata).t).toEqual(expect.any(String));
  });

  it('a views.open Slack refuses (an expired trigger) is logged with its error code', async () => {
    const fields = slashCommandFields(`${t.slack.url}/response/open-2`, SlashCommands.avvikelse, '', 'U_OPEN2');
    t.slack.use((req) => (req.path.startsWith('/api/views.open') && (req.body as { trigger_id?: string })?.trigger_id === fields.trigger_id ? { body: { ok: false, error: 'expired_trigger_id' } } : undefined));
    const res = await postSlashCommand(t.baseUrl, fields);
    expect(res.status).toBe(200);
    await t.slack.waitForCall('views.open', (b) => b.trigger_id === fields.trigger_id);
    const deadline = Date.now() + 5000;
    const failed = () => t.logs.find((l) => l.msg === 'Slack listener failed' && JSON.stringify(l.err).includes('expired_trigger_id'));
    while (!failed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failed()).toMatchObject({ err: { code: 'slack_webapi_platform_error' } });
  });
});
