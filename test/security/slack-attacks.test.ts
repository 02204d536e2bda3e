import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_TEST_SECRET, slackSignature, slashCommandFields } from '../support/fake-slack-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bounded, hostileLogLines } from './support/harness.js';
import { int, pick, rng } from './support/corpus.js';

/**
 * Forged, stale, future-dated, tampered and replayed Slack requests, and Slack's own retries, over real HTTP
 * against one app: none is processed; a retry or replay of a real request is acknowledged and not processed again.
 */
interface Attack {
  kind: string;
  body: string;
  headers: Record<string, string>;
  /** What the app must answer: 401 for anything unverified, 200 (acknowledged) for retries and replays. */
  expect: number;
}

const now = () => Math.floor(Date.now() / 1000);
const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const eventBody = (eventId: string, user: string, text: string) =>
  JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: now(),
    event: { type: 'message', channel_type: 'im', channel: `D-${user}`, user, text, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` },
  });
const commandBody = (responseUrl: string, text: string) => new URLSearchParams(slashCommandFields(responseUrl, '/kvalitet', text, 'U_EVA')).toString();
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const json = { 'content-type': 'application/json' };

describe('Slack request verification under attack (≥ 1,000 requests)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.users.set('U_EVA', { id: 'U_EVA', name: 'eva', real_name: 'Eva', profile: { email: 'eva.exempelsson@exempel.se' } });
  });
  afterAll(async () => t?.stop());

  const post = (a: { body: string; headers: Record<string, string> }) =>
    fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: a.headers, body: a.body, signal: AbortSignal.timeout(2000) });

  it('refuses every forged, stale, future-dated or tampered request with 401 and does nothing', async () => {
    const r = rng(1080);
    const attacks: Attack[] = [];
    const bodyOf = (i: number) => (i % 2 ? commandBody(`${t.slack.url}/response/forged-${i}`, 'mina uppgifter') : eventBody(`EvForged${i}`, 'U_EVA', 'hjälp'));
    const typeOf = (i: number) => (i % 2 ? form : json);
    for (let i = 0; i < 300; i++) {
      const body = bodyOf(i);
      const variant = pick(r, ['wrong secret', 'random', 'missing', 'v1 prefix', 'truncated', 'empty']);
      const good = slackSignature(body);
      const sig =
        variant === 'wrong secret' ? slackSignature(body, `${SLACK_TEST_SECRET}x`)['x-slack-signature']
        : variant === 'random' ? `v0=${hex(r, 64)}`
        : variant === 'v1 prefix' ? good['x-slack-signature'].replace('v0=', 'v1=')
        : variant === 'truncated' ? good['x-slack-signature'].slice(0, 40)
        : variant === 'empty' ? ''
        : undefined;
      attacks.push({ kind: `forged (${variant})`, body, expect: 401, headers: { ...typeOf(i), 'x-slack-request-timestamp': good['x-slack-request-timestamp'], ...(sig !== undefined ? { 'x-slack-signature': sig } : {}) } });
    }
    for (let i = 0; i < 200; i++) {
      const body = bodyOf(i);
      attacks.push({ kind: 'stale', body, expect: 401, headers: { ...typeOf(i), ...slackSignature(body, SLACK_TEST_SECRET, now() - int(r, 301, 86_400 * 30)) } });
    }
    for (let i = 0; i < 200; i++) {
      const body = bodyOf(i);
      attacks.push({ kind: 'future', body, expect: 401, headers: { ...typeOf(i), ...slackSignature(body, SLACK_TEST_SECRET, now() + int(r, 310, 86_400 * 30)) } });
    }
    for (let i = 0; i < 150; i++) {
      const body = bodyOf(i);
      const tampered = body.replace(/hjälp|mina%20uppgifter|mina\+uppgifter/, 'admin återställ');
      attacks.push({ kind: 'tampered body', body: tampered === body ? `${body}&x=1` : tampered, expect: 401, headers: { ...typeOf(i), ...slackSignature(body) } });
    }
    for (let i = 0; i < 20; i++) {
      const body = bodyOf(i);
      const good = slackSignature(body);
      attacks.push({ kind: 'malformed timestamp', body, expect: 401, headers: { ...typeOf(i), 'x-slack-signature': good['x-slack-signature'], 'x-slack-request-timestamp': pick(r, ['', 'abc', '1e10', '-5', `${now()}.5`, '99999999999999']) } });
    }
    expect(attacks.length).toBeGreaterThanOrEqual(870);

    const before = t.slack.requests.length;
    const dbBefore = await t.app.mongo.db.collection('chat_identities').countDocuments();
    const wrong: string[] = [];
    await bounded(attacks, 8, async (a) => {
      const res = await post(a);
      const text = await res.text();
      if (res.status !== a.expect) wrong.push(`${a.kind}: ${res.status} ${text.slice(0, 80)}`);
      else if (text && !/^\{"error":"[^"]+"\}$/.test(text)) wrong.push(`${a.kind}: non-JSON or verbose body ${text.slice(0, 80)}`);
    });
    expect(wrong).toEqual([]);
    await new Promise((r2) => setTimeout(r2, 300));
    // Nothing reached a listener: no Web API call, no response_url, no user looked up or recorded.
    expect(t.slack.requests.slice(before).map((q) => q.path)).toEqual([]);
    expect(await t.app.mongo.db.collection('chat_identities').countDocuments()).toBe(dbBefore);
    expect(hostileLogLines(t.logs)).toEqual([]);
  }, 120_000);

  it('processes a real request once: exact replays and Slack retries (X-Slack-Retry-Num, same event_id) are acknowledged, not repeated', async () => {
    const originals: Array<{ body: string; headers: Record<string, string>; kind: 'event' | 'command' }> = [];
    for (let i = 0; i < 10; i++) {
      const body = eventBody(`EvReal${i}-${Date.now()}`, 'U_EVA', 'hjälp');
      originals.push({ body, headers: { ...json, ...slackSignature(body) }, kind: 'event' });
    }
    for (let i = 0; i < 10; i++) {
      const body = commandBody(`${t.slack.url}/response/real-${i}`, 'hjälp');
      originals.push({ body, headers: { ...form, ...slackSignature(body) }, kind: 'command' });
    }
    t.slack.clear();
    for (const o of originals) expect((await post(o)).status).toBe(200);
    const deadline = Date.now() + 15_000;
    const answered = () => t.slack.calls('chat.postMessage').length + t.slack.requests.filter((q) => q.path.startsWith('/response/real-')).length;
    while (answered() < originals.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(answered()).toBe(originals.length);

    // Replays: the very same request (same signature) 5 times each; retries: the event re-signed later with
    // X-Slack-Retry-Num 1..3, as Slack does when an acknowledgement was slow.
    const again: Attack[] = [];
    for (const o of originals) for (let k = 0; k < 5; k++) again.push({ kind: `replay ${o.kind}`, body: o.body, headers: o.headers, expect: 200 });
    for (const o of originals.filter((x) => x.kind === 'event')) {
      for (let k = 1; k <= 3; k++) {
        again.push({ kind: 'retry', body: o.body, expect: 200, headers: { ...json, ...slackSignature(o.body, SLACK_TEST_SECRET, now() + k - 3), 'x-slack-retry-num': String(k), 'x-slack-retry-reason': 'http_timeout' } });
      }
    }
    expect(again.length).toBeGreaterThanOrEqual(130);
    const wrong: string[] = [];
    await bounded(again, 8, async (a) => {
      const res = await post(a);
      await res.text();
      if (res.status !== a.expect) wrong.push(`${a.kind}: ${res.status}`);
    });
    expect(wrong).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect(answered()).toBe(originals.length);
    expect(hostileLogLines(t.logs)).toEqual([]);
  }, 120_000);
});
