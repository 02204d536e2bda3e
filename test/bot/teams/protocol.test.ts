import { generateKeyPairSync, createSign, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTeamsConnector, teamsActivity } from '../../support/fake-teams-connector.js';
import { postActivity, startTestApp, type TestApp } from '../../support/test-app.js';

describe('Teams over the Bot Framework protocol (anonymous, local development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('answers "hjälp" with the Swedish welcome card at the activity serviceUrl', async () => {
    const activity = teamsActivity(t.teams.url, { text: 'hjälp' });
    const res = await postActivity(t.baseUrl, activity);
    expect(res.status).toBe(200);
    const sent = await t.teams.waitFor((r) => r.method === 'POST' && r.path.startsWith('/v3/conversations/a:personal-anna/activities/'));
    expect(sent.path).toBe(`/v3/conversations/a:personal-anna/activities/${activity.id}`);
    const body = sent.body as Record<string, any>;
    expect(body.type).toBe('message');
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0].content.version).toBe('1.5');
    const text = FakeTeamsConnector.cardText(body);
    expect(text).toContain('Jag är kvalitetsboten');
    expect(text).toContain('Rapportera avvikelse');
    expect(text).toContain('task/fetch');
  });

  it('greets once when the bot is installed (conversationUpdate with the bot among membersAdded)', async () => {
    t.teams.clear();
    const install = teamsActivity(t.teams.url, {
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '28:bot-id' }],
    });
    expect((await postActivity(t.baseUrl, install)).status).toBe(200);
    const sent = await t.teams.waitFor((r) => r.method === 'POST');
    expect(FakeTeamsConnector.cardText(sent.body as Record<string, unknown>)).toContain('Jag är kvalitetsboten');

    t.teams.clear();
    const otherJoined = teamsActivity(t.teams.url, { type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '29:someone-else' }] });
    expect((await postActivity(t.baseUrl, otherJoined)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.teams.sentActivities()).toHaveLength(0);
  });

  it('rejects an activity without conversation id as a bad request', async () => {
    const res = await postActivity(t.baseUrl, { type: 'message', text: 'hej', serviceUrl: `${t.teams.url}/` });
    expect(res.status).toBe(400);
  });

  it('rejects every other malformed envelope as a bad request, and sends nothing', async () => {
    t.teams.clear();
    const good = teamsActivity(t.teams.url, { text: 'hjälp' });
    const malformed: Array<Record<string, unknown>> = [
      { ...good, conversation: 'a:personal' },
      { ...good, conversation: null },
      { ...good, conversation: [{ id: 'a:1' }] },
      { ...good, from: { id: 29 } },
      { ...good, from: null },
      { ...good, recipient: 'bot' },
      { ...good, text: 'x'.repeat(30_001) },
      { ...good, channelId: '' },
      { ...good, type: undefined },
    ];
    for (const activity of malformed) expect((await postActivity(t.baseUrl, activity)).status, JSON.stringify(activity).slice(0, 120)).toBe(400);
    expect((await postActivity(t.baseUrl, good)).status).toBe(200);
    expect(t.teams.sentActivities()).toHaveLength(1);
  });
});

// A key the Bot Framework never published, made once when the file loads: an RSA key takes the event loop (shared
// with the app under test) for up to seconds on a busy machine, and made between two requests that stall let the
// server's keep-alive timer close the connection the next request is written to (a "fetch failed" seen once).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function forgedToken(appId: string): string {
  // A well-formed RS256 token with the right audience, signed by that key.
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = enc({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' });
  const payload = enc({ iss: 'https://api.botframework.com', aud: appId, iat: now, nbf: now, exp: now + 3600, serviceurl: 'http://127.0.0.1/' });
  const signature = createSign('RSA-SHA256').update(`${head}.${payload}`).sign(privateKey).toString('base64url');
  return `${head}.${payload}.${signature}`;
}

describe('Teams with an app id configured (JWT required)', () => {
  let t: TestApp;
  const appId = randomUUID();
  beforeAll(async () => {
    t = await startTestApp({ env: { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'secret-value', MICROSOFT_APP_TENANT_ID: randomUUID() } });
  });
  afterAll(async () => t?.stop());

  it('rejects a request without a token with 401 and never runs the bot', async () => {
    const res = await postActivity(t.baseUrl, teamsActivity(t.teams.url, { text: 'hjälp' }));
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.teams.requests).toHaveLength(0);
  });

  it('rejects a malformed Authorization header with 401', async () => {
    const res = await postActivity(t.baseUrl, teamsActivity(t.teams.url), { authorization: 'Basic dXNlcjpwYXNz' });
    expect(res.status).toBe(401);
  });

  it('rejects a forged token (unknown signing key) with 401 and never runs the bot', async () => {
    const res = await postActivity(t.baseUrl, teamsActivity(t.teams.url), { authorization: `Bearer ${forgedToken(appId)}` });
    expect(res.status).toBe(401);
    expect(t.teams.sentActivities()).toHaveLength(0);
  });

  it('rejects a token for another bot (audience mismatch) with 401', async () => {
    const res = await postActivity(t.baseUrl, teamsActivity(t.teams.url), { authorization: `Bearer ${forgedToken(randomUUID())}` });
    expect(res.status).toBe(401);
  });

  it('never logs the token', () => {
    expect(JSON.stringify(t.logs)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
