import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, serviceUrlAllowed } from '../../config/env.js';
import { FakeTeamsConnector, teamsActivity } from '../support/fake-teams-connector.js';
import { postActivity, startTestApp, type TestApp } from '../support/test-app.js';
import { freePort, runAppProcess } from '../support/processes.js';

const children: ChildProcess[] = [];
const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-9999-000000000000';

const run = (env: Record<string, string>) => runAppProcess(children, env);

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

afterAll(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('anonymous Teams only by choice: the configuration', () => {
  it('with no variable at all: loopback, anonymous Teams for the local tools', () => {
    const config = loadConfig({});
    expect(config.env.HOST).toBe('127.0.0.1');
    expect(config.teams).toMatchObject({ enabled: true, anonymous: true });
  });

  it('any other interface without MICROSOFT_APP_ID is refused, naming MICROSOFT_APP_ID and HOST', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'bot.kommun.se', '127.0.0.1.nip.io']) {
      const error = configError({ HOST: host });
      expect(error.message).toMatch(/HOST/);
      expect(error.message).toMatch(/MICROSOFT_APP_ID/);
      expect(error.message).toMatch(/TEAMS_ENABLED=false/);
    }
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(loadConfig({ HOST: host }).env.HOST).toBe(host);
  });

  it('production without MICROSOFT_APP_ID never starts with Teams on (it could never answer Teams)', () => {
    expect(configError({ NODE_ENV: 'production' }).message).toMatch(/MICROSOFT_APP_ID: required in production/);
    expect(configError({ NODE_ENV: 'production', HOST: '127.0.0.1' }).message).toMatch(/MICROSOFT_APP_ID/);
  });

  it('TEAMS_ENABLED=false turns Teams off explicitly: a Slack-only install may listen everywhere', () => {
    const config = loadConfig({ TEAMS_ENABLED: 'false', NODE_ENV: 'production' });
    expect(config.teams.enabled).toBe(false);
    expect(config.teams.anonymous).toBe(false);
    expect(config.env.HOST).toBe('0.0.0.0');
    expect(loadConfig({ TEAMS_ENABLED: 'false', HOST: '0.0.0.0' }).env.HOST).toBe('0.0.0.0');
  });

  it('with an app id: every interface by default, JWT required', () => {
    const config = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TENANT_ID: TENANT, NODE_ENV: 'production' });
    expect(config.env.HOST).toBe('0.0.0.0');
    expect(config.teams.anonymous).toBe(false);
  });

  it('service URLs: loopback only when anonymous; the documented channel hosts over HTTPS, or what TEAMS_SERVICE_URL_HOSTS lists, when authenticated', () => {
    const anonymous = loadConfig({});
    expect(serviceUrlAllowed(anonymous, 'http://127.0.0.1:5555/')).toBe(true);
    expect(serviceUrlAllowed(anonymous, 'http://localhost:5555/')).toBe(true);
    for (const url of ['https://smba.trafficmanager.net/emea/', 'http://169.254.169.254/latest/', 'https://evil.example/', 'http://127.0.0.1.evil.example/', 'http://user:pw@127.0.0.1/', 'file:///etc/passwd', 'not a url', '']) {
      expect(serviceUrlAllowed(anonymous, url), url).toBe(false);
    }
    const auth = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TENANT_ID: TENANT });
    expect(serviceUrlAllowed(auth, 'https://smba.trafficmanager.net/emea/')).toBe(true);
    expect(serviceUrlAllowed(auth, 'https://smba.infra.gcc.teams.microsoft.com/teams/')).toBe(true);
    for (const url of ['http://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net.evil.example/', 'https://evil.example/', 'http://127.0.0.1:5555/']) {
      expect(serviceUrlAllowed(auth, url), url).toBe(false);
    }
    const sovereign = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TENANT_ID: TENANT, TEAMS_SERVICE_URL_HOSTS: 'smba.example.cn, http://127.0.0.1:5555' });
    expect(serviceUrlAllowed(sovereign, 'https://smba.example.cn/teams/')).toBe(true);
    expect(serviceUrlAllowed(sovereign, 'http://127.0.0.1:5555/')).toBe(true);
    expect(serviceUrlAllowed(sovereign, 'http://127.0.0.1:5556/')).toBe(false);
    expect(serviceUrlAllowed(sovereign, 'https://smba.trafficmanager.net/emea/')).toBe(false);
    expect(configError({ TEAMS_SERVICE_URL_HOSTS: 'ftp://x' }).message).toMatch(/TEAMS_SERVICE_URL_HOSTS/);
  });
});

// Concurrent: each process start costs seconds of TypeScript loading; the suite runs on two busy cores.
describe.concurrent('anonymous Teams only by choice: the process', () => {
  it('on 0.0.0.0 without MICROSOFT_APP_ID it exits with 78 and a message naming MICROSOFT_APP_ID and HOST; in production too', async () => {
    // Both at once: each start costs seconds of TypeScript loading on a busy machine.
    const p = run({ HOST: '0.0.0.0', PORT: String(await freePort()) });
    const q = run({ NODE_ENV: 'production', PORT: String(await freePort()) });
    const [pe, qe] = await Promise.all([p.exited, q.exited]);
    expect(pe).toBe(78);
    expect(p.output()).toMatch(/HOST: HOST=0\.0\.0\.0 without MICROSOFT_APP_ID would accept anonymous Teams requests/);
    expect(qe).toBe(78);
    expect(q.output()).toMatch(/MICROSOFT_APP_ID: required in production/);
  }, 90_000);

  it('with no Teams or HOST variable (a laptop) it listens on loopback and answers the Agents Playground', async () => {
    const connector = await new FakeTeamsConnector().start();
    const port = await freePort();
    const p = run({ PORT: String(port), MONGODB_URI: process.env.MONGODB_URI!, MONGODB_DB: `kbtest_anon_${port}`, SCHEDULER_ENABLED: 'false' });
    try {
      const deadline = Date.now() + 60_000;
      let answered: Response | undefined;
      while (!answered && Date.now() < deadline) {
        answered = await postActivity(`http://127.0.0.1:${port}`, teamsActivity(connector.url, { text: 'hjälp' })).catch(() => undefined);
        if (!answered) await new Promise((r) => setTimeout(r, 200));
      }
      expect(answered?.status).toBe(200);
      expect(connector.sentActivities().length).toBeGreaterThan(0);
      expect(p.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:/);
      // The caller may not choose a host for the bot to call, not even in local mode.
      connector.clear();
      const elsewhere = await postActivity(`http://127.0.0.1:${port}`, teamsActivity('http://169.254.169.254', { text: 'hjälp' }));
      expect(elsewhere.status).toBe(403);
      expect(await elsewhere.json()).toEqual({ error: 'serviceUrl not allowed' });
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      await connector.stop();
    }
  }, 90_000);
});

describe('Teams switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TEAMS_ENABLED: 'false' } });
  });
  afterAll(async () => t?.stop());

  it('answers /api/messages with a JSON 404 and calls nobody, while /readyz is ready', async () => {
    const res = await postActivity(t.baseUrl, teamsActivity(t.teams.url, { text: 'hjälp' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Teams is not enabled on this server' });
    expect(t.teams.requests).toEqual([]);
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
  });
});
