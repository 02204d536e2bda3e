/**
 * Two instances of the app sharing one database (as behind a load balancer): a Slack retry that reaches the other
 * instance while the first delivery is still running, and exact replays of a slash command, a button and a modal
 * submission sent to both instances at once, are each acknowledged by both and run once in all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_TEST_SECRET, slackSignature, slashCommandFields } from '../support/fake-slack-api.js';
import { dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const now = () => Math.floor(Date.now() / 1000);
const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const SEEN_BEFORE = 'Slack delivery seen before (retry or replay): acknowledged, not processed again';

describe('Slack de-duplication across two instances sharing the database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ env: { MONGODB_DB: a.dbName }, keepDb: true });
    for (const t of [a, b]) new SlackUser(t.baseUrl, t.slack, 'U_EVA', 'eva', 'eva.exempelsson@exempel.se');
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const post = (t: TestApp, body: string, headers: Record<string, string>) => fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers, body });
  const seenBefore = () => [...a.logs, ...b.logs].filter((l) => l.msg === SEEN_BEFORE).length;
  /** Waits for the event, not for a time: the instances log each delivery they decide not to run. */
  async function untilSeenBefore(count: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (seenBefore() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seenBefore()).toBe(count);
  }
  const calls = (method: string, where: (body: Record<string, any>) => boolean = () => true) =>
    [...a.slack.calls(method), ...b.slack.calls(method)].filter((c) => where(c.body));
  /** The first such call to either instance's Slack. */
  async function firstCall(method: string, where: (body: Record<string, any>) => boolean) {
    const deadline = Date.now() + 30_000;
    while (calls(method, where).length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return calls(method, where)[0]!;
  }

  it('a retry (X-Slack-Retry-Num) reaching either instance while the first delivery still runs is acknowledged and not run again', async () => {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `EvRetry-${Date.now()}`,
      event_time: now(),
      event: { type: 'message', channel_type: 'im', channel: 'D-U_EVA', user: 'U_EVA', text: 'hjälp', ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` },
    });
    // The first delivery is held inside its listener (looking Eva up in Slack) until both retries were answered.
    const held = a.slack.hold((r) => r.path.startsWith('/api/users.info'));
    const before = seenBefore();
    expect((await post(a, body, { ...json, ...slackSignature(body) })).status).toBe(200);
    await a.slack.waitForCall('users.info', (q) => q.user === 'U_EVA', 30_000);

    const retry = (k: number) => ({ ...json, ...slackSignature(body, SLACK_TEST_SECRET, now()), 'x-slack-retry-num': String(k), 'x-slack-retry-reason': 'http_timeout' });
    expect((await post(b, body, retry(1))).status).toBe(200);
    expect((await post(a, body, retry(2))).status).toBe(200);
    await untilSeenBefore(before + 2);
    held.release();

    await a.slack.waitForCall('chat.postMessage', (q) => q.channel === 'D-U_EVA', 30_000);
    expect(calls('chat.postMessage', (q) => q.channel === 'D-U_EVA')).toHaveLength(1);
    // The other instance never started on it: it did not even look the user up.
    expect(b.slack.calls('users.info')).toHaveLength(0);
  }, 60_000);

  it('the same slash command, button and modal submission sent to both instances at once each run once', async () => {
    // /avvikelse, signed once, to both: one form opened.
    const fields = slashCommandFields(`${a.slack.url}/response/twice`, '/avvikelse', '', 'U_EVA');
    const command = new URLSearchParams(fields).toString();
    const commandHeaders = { ...form, ...slackSignature(command) };
    let before = seenBefore();
    const commandAcks = await Promise.all([post(a, command, commandHeaders), post(b, command, commandHeaders)]);
    expect(commandAcks.map((r) => r.status)).toEqual([200, 200]);
    await untilSeenBefore(before + 1);
    const opened = await firstCall('views.open', (q) => q.trigger_id === fields.trigger_id);
    expect(calls('views.open', (q) => q.trigger_id === fields.trigger_id)).toHaveLength(1);

    // "Rapportera avvikelse" clicked once, delivered to both: one form opened.
    const click = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: 'U_EVA', username: 'eva', name: 'eva', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-twice-${Date.now()}`,
      container: { type: 'message', channel_id: 'D-U_EVA', message_ts: '1.1' },
      channel: { id: 'D-U_EVA', name: 'directmessage' },
      message: { ts: '1.1', text: '' },
      actions: [{ type: 'button', action_id: 'avvikelse.report.open', block_id: 'b', value: '{}', action_ts: `${Date.now() / 1000}` }],
    };
    const clickBody = new URLSearchParams({ payload: JSON.stringify(click) }).toString();
    const clickHeaders = { ...form, ...slackSignature(clickBody) };
    before = seenBefore();
    const clickAcks = await Promise.all([post(a, clickBody, clickHeaders), post(b, clickBody, clickHeaders)]);
    expect(clickAcks.map((r) => r.status)).toEqual([200, 200]);
    await untilSeenBefore(before + 1);
    await firstCall('views.open', (q) => q.trigger_id === click.trigger_id);
    expect(calls('views.open', (q) => q.trigger_id === click.trigger_id)).toHaveLength(1);

    // The report submitted once, delivered to both: one case, one receipt.
    const view = opened.body.view;
    const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!;
    const values: Record<string, unknown> = {
      type: sel('avvikelse'),
      unitId: sel(unit.value),
      occurredAt: dt(new Date(Date.now() - 3 * 3600_000)),
      location: txt('Korridoren'),
      description: txt('Brukaren halkade i korridoren.'),
      immediateActions: txt('Hjälpte upp brukaren.'),
      konsekvens: sel('2'),
      sannolikhet: sel('2'),
      informed: sel('ja'),
      improvement: txt('Halkskydd.'),
    };
    const submission = {
      type: 'view_submission',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: 'U_EVA', username: 'eva', name: 'eva', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-submit-${Date.now()}`,
      view: { ...view, id: 'V-TWICE', team_id: 'T1', state: { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])) }, hash: 'h', app_id: 'A1', bot_id: 'BBOT' },
    };
    const submitBody = new URLSearchParams({ payload: JSON.stringify(submission) }).toString();
    const submitHeaders = { ...form, ...slackSignature(submitBody) };
    before = seenBefore();
    const submitAcks = await Promise.all([post(a, submitBody, submitHeaders), post(b, submitBody, submitHeaders)]);
    expect(submitAcks.map((r) => r.status)).toEqual([200, 200]);
    await untilSeenBefore(before + 1);
    const receipt = (q: Record<string, any>) => q.channel === 'D-U_EVA' && /registrerat som AVV-/.test(JSON.stringify(q.blocks));
    await firstCall('chat.postMessage', receipt);
    expect(calls('chat.postMessage', receipt)).toHaveLength(1);
    const token = JSON.parse(view.private_metadata).t as string;
    expect(await a.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: token })).toBe(1);
    // Neither instance was left with a failed listener.
    expect([...a.logs, ...b.logs].filter((l) => l.msg === 'Slack listener failed')).toEqual([]);
  }, 90_000);
});
