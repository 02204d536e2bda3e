import { createHmac, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plausibleBotFrameworkToken } from '../../bot/teams/adapter.js';
import { FakeHttpServer } from '../support/fake-http.js';
import { teamsActivity } from '../support/fake-teams-connector.js';
import { postActivity, startTestApp, type TestApp } from '../support/test-app.js';
import { int, pick, rng } from './support/corpus.js';
import { bounded, hostileLogLines } from './support/harness.js';

/**
 * Forged Bot Framework tokens against an app started WITH a MICROSOFT_APP_ID: no header, garbage, alg:none,
 * HS256 keyed with the app password, RS256 signed by an attacker whose keys a fake OpenID/JWKS endpoint on
 * 127.0.0.1 serves (named in the token by jku/x5u/iss), and expired ones. Every one is refused, nothing is done.
 */
const APP_ID = '5f0e7a3c-1b2d-4c6e-8f90-a1b2c3d4e5f6';
const TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PASSWORD = 'the-app-password-an-attacker-guessed';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

describe('forged Teams tokens against an authenticated app (≥ 300)', () => {
  let t: TestApp;
  let attacker: FakeHttpServer;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'attacker-key', use: 'sig', alg: 'RS256' };

  beforeAll(async () => {
    attacker = await new FakeHttpServer((req) => {
      if (req.path.startsWith('/.well-known/openid-configuration')) return { body: { issuer: attacker.url, jwks_uri: `${attacker.url}/keys` } };
      if (req.path.startsWith('/keys') || req.path.includes('/discovery')) return { body: { keys: [jwk] } };
      return undefined;
    }).start();
    t = await startTestApp({ env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT } });
  });
  afterAll(async () => {
    await t?.stop();
    await attacker?.stop();
  });

  it('refuses every one with 401 {"error":"unauthorized"}: no reply, no user recorded, no key fetched from the attacker', async () => {
    const r = rng(320);
    const claims = (extra: Record<string, unknown> = {}) => ({
      aud: APP_ID,
      iss: pick(r, ['https://api.botframework.com', `https://login.microsoftonline.com/${TENANT}/v2.0`, `https://sts.windows.net/${TENANT}/`, attacker.url]),
      serviceurl: `${t.teams.url}/`,
      nbf: now() - 60,
      exp: now() + 3600,
      tid: TENANT,
      appid: APP_ID,
      ...extra,
    });
    const rs256 = (header: Record<string, unknown>, payload: Record<string, unknown>) =>
      jwt({ alg: 'RS256', typ: 'JWT', ...header }, payload, (input) => createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url'));
    const headers: Array<{ kind: string; authorization?: string }> = [];
    for (let i = 0; i < 50; i++) headers.push({ kind: 'no header' });
    for (let i = 0; i < 60; i++) {
      headers.push({
        kind: 'garbage',
        authorization: pick(r, [
          'Bearer',
          'Bearer ',
          `Bearer ${randomUUID()}`,
          `Basic ${b64url(`${APP_ID}:${PASSWORD}`)}`,
          `Bearer a.b.c`,
          `Bearer ${b64url('{}')}.${b64url('{}')}.`,
          `Bearer ${'x'.repeat(int(r, 1, 4000))}`,
          `bearer  ${b64url('{"alg":"RS256"}')}..`,
          `Bearer ${b64url('not json')}.${b64url('also not')}.${b64url('sig')}`,
          `Token ${randomUUID()}`,
        ]),
      });
    }
    for (let i = 0; i < 50; i++) headers.push({ kind: 'alg:none', authorization: `Bearer ${jwt({ alg: pick(r, ['none', 'None', 'NONE']), typ: 'JWT' }, claims(), () => '')}` });
    for (let i = 0; i < 50; i++) {
      headers.push({ kind: 'HS256 with the password', authorization: `Bearer ${jwt({ alg: pick(r, ['HS256', 'HS384', 'HS512']), typ: 'JWT', kid: 'attacker-key' }, claims(), (input) => createHmac('sha256', PASSWORD).update(input).digest('base64url'))}` });
    }
    for (let i = 0; i < 60; i++) {
      const header = pick(r, [{ kid: 'attacker-key', jku: `${attacker.url}/keys` }, { kid: 'attacker-key', x5u: `${attacker.url}/keys` }, { kid: 'attacker-key', jwk }, { kid: 'attacker-key' }, {}]);
      headers.push({ kind: 'attacker RS256', authorization: `Bearer ${rs256(header, claims())}` });
    }
    for (let i = 0; i < 40; i++) {
      headers.push({ kind: 'expired', authorization: `Bearer ${rs256({ kid: 'attacker-key', jku: `${attacker.url}/keys` }, claims({ nbf: now() - 86_400 * 2, exp: now() - int(r, 301, 86_400) }))}` });
    }
    for (let i = 0; i < 20; i++) {
      headers.push({ kind: 'wrong audience', authorization: `Bearer ${rs256({ kid: 'attacker-key' }, claims({ aud: pick(r, [randomUUID(), 'https://api.botframework.com', '']) }))}` });
    }
    expect(headers.length).toBeGreaterThanOrEqual(300);

    const identitiesBefore = await t.app.mongo.db.collection('chat_identities').countDocuments();
    const wrong: string[] = [];
    await bounded(headers, 8, async (h, i) => {
      const started = Date.now();
      const res = await postActivity(t.baseUrl, teamsActivity(t.teams.url, { text: i % 3 ? 'admin hjälp' : 'mina ärenden' }), h.authorization !== undefined ? { authorization: h.authorization } : {});
      const body = await res.text();
      if (res.status !== 401 || body !== '{"error":"unauthorized"}') wrong.push(`${h.kind}: ${res.status} ${body.slice(0, 100)}`);
      if (Date.now() - started > 2000) wrong.push(`${h.kind}: took ${Date.now() - started} ms`);
    });
    expect(wrong).toEqual([]);
    await new Promise((res) => setTimeout(res, 300));
    expect(t.teams.requests).toEqual([]);
    expect(attacker.requests.map((q) => q.path)).toEqual([]);
    expect(await t.app.mongo.db.collection('chat_identities').countDocuments()).toBe(identitiesBefore);
    expect(hostileLogLines(t.logs)).toEqual([]);
  }, 120_000);

  it('the cheap pre-check lets a token shaped like Bot Framework\'s through to the SDK (it only refuses the impossible)', () => {
    const sig = b64url('signature');
    const token = (header: Record<string, unknown>, payload: Record<string, unknown>) => `Bearer ${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${sig}`;
    const good = { aud: APP_ID, iss: 'https://api.botframework.com', exp: now() + 3600, nbf: now() - 60, serviceurl: 'https://smba.trafficmanager.net/emea/' };
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, good), APP_ID, now())).toBe(true);
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1' }, { ...good, iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }), APP_ID, now())).toBe(true);
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1' }, { ...good, exp: now() - 200 }), APP_ID, now())).toBe(true); // within the SDK's 5-minute tolerance
    expect(plausibleBotFrameworkToken(token({ alg: 'HS256', kid: 'k1' }, good), APP_ID, now())).toBe(false);
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1', jku: 'http://127.0.0.1/keys' }, good), APP_ID, now())).toBe(false);
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1' }, { ...good, aud: 'someone-else' }), APP_ID, now())).toBe(false);
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1' }, { ...good, iss: 'https://evil.example' }), APP_ID, now())).toBe(false);
    expect(plausibleBotFrameworkToken(token({ alg: 'RS256', kid: 'k1' }, { ...good, exp: now() - 400 }), APP_ID, now())).toBe(false);
  });
});
