import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../bot/teams/adapter.js';
import { retryAfterMs, teamsDelivery } from '../../bot/teams/delivery.js';
import { slackDelivery } from '../../bot/slack/delivery.js';
import { loadConfig } from '../../config/env.js';
import type { OutgoingMessage } from '../../scheduler/delivery.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';

/**
 * The real Teams and Slack senders (the ones app.ts wires into the outbox) against the local fake connector and
 * fake Web API: how each platform answer maps onto an outcome, Retry-After included.
 */
const message: OutgoingMessage = { view: { title: 'Påminnelse: revidera rutinen', text: ['Förfaller i dag.'] }, fallbackText: 'Påminnelse' };
const ctx = { dedupeKey: 'k', attempt: 1 };

/** A server that accepts requests and never answers them. */
async function silentServer(): Promise<{ url: string; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the Teams sender against the fake connector', () => {
  let connector: FakeTeamsConnector;
  let silent: { url: string; server: Server };
  const config = loadConfig({});
  const { adapter } = createTeamsAdapter(config);
  // As in the app (bot/teams/routes.ts): a turn error goes to the adapter's handler, and continueConversation resolves.
  adapter.onTurnError = async () => undefined;
  const send = teamsDelivery(adapter, config, { timeoutMs: 500 });
  const address = (serviceUrl: string) => ({
    channel: 'teams' as const,
    conversationReference: { serviceUrl: `${serviceUrl}/`, channelId: 'msteams', conversation: { id: 'a:personal-olle' }, agent: { id: '28:bot', name: 'Kvalitetsboten' }, user: { id: '29:olle' } },
  });
  let answer: { status: number; headers?: Record<string, string> } | undefined;

  beforeAll(async () => {
    connector = await new FakeTeamsConnector().start();
    connector.use(() => (answer ? { status: answer.status, headers: answer.headers ?? {}, body: { error: { code: 'x' } } } : undefined));
    silent = await silentServer();
  });
  afterAll(async () => {
    await connector.stop();
    silent.server.closeAllConnections();
    silent.server.close();
  });

  it('delivers the card to the conversation', async () => {
    answer = undefined;
    expect(await send(address(connector.url), message, ctx)).toEqual({ ok: true });
    const sent = connector.sentActivities().at(-1)!;
    expect(sent.path).toMatch(/^\/v3\/conversations\/a%3Apersonal-olle\/activities|^\/v3\/conversations\/a:personal-olle\/activities/);
    expect(JSON.stringify(sent.body)).toContain('Påminnelse: revidera rutinen');
  });

  it('never reports a message as sent that the connector did not get (a reference the adapter cannot use)', async () => {
    answer = undefined;
    const before = connector.sentActivities().length;
    // An address stored with the bot's account under the wrong key: the adapter runs the turn, the send inside fails.
    const broken = { channel: 'teams' as const, conversationReference: { ...address(connector.url).conversationReference, agent: undefined, bot: { id: '28:bot' } } };
    const outcome = await send(broken, message, ctx);
    expect(outcome.ok).toBe(false);
    expect(connector.sentActivities().length).toBe(before);
  });

  it('429 with Retry-After in seconds waits that long (not the 1 s default)', async () => {
    answer = { status: 429, headers: { 'retry-after': '7' } };
    expect(await send(address(connector.url), message, ctx)).toEqual({ ok: false, kind: 'retry_after', ms: 7000 });
  });

  it('429 with Retry-After as an HTTP-date waits until then', async () => {
    answer = { status: 429, headers: { 'retry-after': new Date(Date.now() + 12_000).toUTCString() } };
    const outcome = await send(address(connector.url), message, ctx);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry_after' });
    const ms = (outcome as { ms: number }).ms;
    expect(ms).toBeGreaterThan(9_000);
    expect(ms).toBeLessThanOrEqual(12_000);
  });

  it('429 without Retry-After waits the default second; 5xx and 412 are transient; 403/404 unreachable; 400 permanent', async () => {
    answer = { status: 429 };
    expect(await send(address(connector.url), message, ctx)).toEqual({ ok: false, kind: 'retry_after', ms: 1000 });
    for (const status of [500, 502, 503, 504, 412]) {
      answer = { status };
      expect(await send(address(connector.url), message, ctx), String(status)).toEqual({ ok: false, kind: 'transient', reason: `teams ${status}` });
    }
    for (const status of [403, 404]) {
      answer = { status };
      expect(await send(address(connector.url), message, ctx)).toEqual({ ok: false, kind: 'unreachable', reason: `teams ${status}` });
    }
    answer = { status: 400 };
    expect(await send(address(connector.url), message, ctx)).toEqual({ ok: false, kind: 'permanent', reason: 'teams 400' });
  });

  it('a connector that never answers is a transient timeout, not a hang', async () => {
    const started = Date.now();
    expect(await send(address(silent.url), message, ctx)).toEqual({ ok: false, kind: 'transient', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('never calls a serviceUrl off the allow-list (local mode: loopback only)', async () => {
    const before = connector.requests.length;
    expect(await send(address('https://evil.example'), message, ctx)).toEqual({ ok: false, kind: 'permanent', reason: 'teams serviceUrl not allowed' });
    expect(connector.requests.length).toBe(before);
  });

  it('reads Retry-After from a fetch Headers object or a plain object, in seconds or as a date, and caps it', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'Retry-After': '3' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Dec 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Dec 2026 09:59:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': '999999' }), now)).toBe(600_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('the Slack sender against the fake Web API', () => {
  let api: FakeSlackApi;
  let silent: { url: string; server: Server };
  let answer: { status: number; headers?: Record<string, string>; body?: unknown } | undefined;
  const address = { channel: 'slack' as const, userId: 'U_OLLE' };

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    api.use((req) => (answer && req.path.startsWith('/api/chat.postMessage') ? { status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? { ok: false } } : undefined));
    silent = await silentServer();
  });
  afterAll(async () => {
    await api.stop();
    silent.server.closeAllConnections();
    silent.server.close();
  });

  it('opens the DM and posts the message', async () => {
    answer = undefined;
    const send = slackDelivery({ token: 'xoxb-test', apiUrl: api.apiUrl });
    expect(await send(address, message, ctx)).toEqual({ ok: true });
    expect(api.calls('conversations.open')).toHaveLength(1);
    expect(JSON.stringify(api.calls('chat.postMessage').at(-1)!.body)).toContain('Påminnelse: revidera rutinen');
  });

  it('429 with Retry-After waits that many seconds; 5xx transient; platform errors by kind', async () => {
    const send = slackDelivery({ token: 'xoxb-test', apiUrl: api.apiUrl });
    answer = { status: 429, headers: { 'retry-after': '9' } };
    expect(await send(address, message, ctx)).toEqual({ ok: false, kind: 'retry_after', ms: 9000 });
    answer = { status: 503 };
    expect(await send(address, message, ctx)).toMatchObject({ ok: false, kind: 'transient' });
    answer = { status: 200, body: { ok: false, error: 'user_not_found' } };
    expect(await send(address, message, ctx)).toEqual({ ok: false, kind: 'unreachable', reason: 'slack user_not_found' });
    answer = { status: 200, body: { ok: false, error: 'ratelimited' } };
    expect(await send(address, message, ctx)).toEqual({ ok: false, kind: 'transient', reason: 'slack ratelimited' });
    answer = { status: 200, body: { ok: false, error: 'invalid_blocks' } };
    expect(await send(address, message, ctx)).toEqual({ ok: false, kind: 'permanent', reason: 'slack invalid_blocks' });
  });

  it('a Web API that never answers is a transient failure within the timeout', async () => {
    const send = slackDelivery({ token: 'xoxb-test', apiUrl: `${silent.url}/api/`, timeoutMs: 500 });
    const started = Date.now();
    expect(await send(address, message, ctx)).toMatchObject({ ok: false, kind: 'transient' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
