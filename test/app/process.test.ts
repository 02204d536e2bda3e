import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, runAppProcess } from '../support/processes.js';

const children: ChildProcess[] = [];

const run = (env: Record<string, string>) => runAppProcess(children, env);

async function waitForHttp(url: string, timeoutMs = 45_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('the service process', () => {
  it('refuses to start on bad configuration, naming the variable, with exit code 78 (no restart loop)', async () => {
    const p = run({ PORT: 'not-a-port' });
    expect(await p.exited).toBe(78);
    expect(p.output()).toMatch(/PORT: expected a port number/);
    const q = run({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(await q.exited).toBe(78);
    expect(q.output()).toMatch(/SLACK_SIGNING_SECRET: required for Slack over HTTP/);
  }, 90_000);

  it('stays up with an unreachable MongoDB: healthz 200, readyz 503 and a log line saying how to fix it', async () => {
    const dead = await freePort();
    const port = await freePort();
    const p = run({ PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: `mongodb://127.0.0.1:${dead}/?directConnection=true`, MONGODB_SERVER_SELECTION_TIMEOUT_MS: '300' });
    expect((await waitForHttp(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ mongodb: 'unreachable' });
    const deadline = Date.now() + 5000;
    while (!/MongoDB not reachable yet: check MONGODB_URI/.test(p.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(p.output()).toMatch(/MongoDB not reachable yet: check MONGODB_URI/);
    expect(p.child.exitCode).toBeNull();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 90_000);

  it('serves readyz 200 with a reachable MongoDB and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = run({ PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: process.env.MONGODB_URI!, MONGODB_DB: `kbtest_proc_${port}` });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`);
    let status = 0;
    const deadline = Date.now() + 45_000;
    while (status !== 200 && Date.now() < deadline) {
      status = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/"msg":"stopped"/);
  }, 90_000);
});
