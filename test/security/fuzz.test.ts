import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bounded, captureRawOutput, hostileLogLines } from './support/harness.js';
import { fuzzCases } from './support/fuzz.js';

/**
 * ≥ 2,000 hostile payloads from a seeded generator over real HTTP against one app (Teams in local mode, Slack on):
 * 0 accepted, 0 side effects (database and both fakes), 0 crashes, 0 5xx, 0 answers slower than 2 s, error bodies
 * short JSON without internals, and every line the process writes is JSON.
 */
const SEED = 20_260_001;
const COUNT = 2100;

async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const db = t.app.mongo.db;
  const out: Record<string, number> = {};
  for (const c of await db.listCollections().toArray()) {
    // The Slack ledger remembers which signed deliveries it saw; that is its job, not a side effect of one.
    if (c.name === 'slack_requests') continue;
    out[c.name] = await db.collection(c.name).countDocuments();
  }
  return out;
}

describe(`fuzzed input (${COUNT} payloads, seed ${SEED})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('every payload gets a JSON 4xx (or an acknowledgement that does nothing), fast, with nothing done and nothing but JSON logged', async () => {
    const cases = fuzzCases(SEED, COUNT, t.teams.url);
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(cases.map((c) => c.kind)).size).toBeGreaterThanOrEqual(13);
    const before = await snapshot(t);
    const connectorBefore = t.teams.requests.length;
    const slackBefore = t.slack.requests.filter((q) => !q.path.startsWith('/api/auth.test')).length;

    const problems: string[] = [];
    const statuses = new Map<string, number>();
    let acknowledged = 0;
    const raw = captureRawOutput();
    try {
      // Four at a time: enough to overlap, few enough that queueing behind our own requests is not what is timed.
      await bounded(cases, 4, async (c, i) => {
        const started = Date.now();
        let res: Response;
        try {
          res = await fetch(`${t.baseUrl}${c.path}`, { method: c.method, headers: c.headers, ...(c.body !== undefined ? { body: c.body } : {}), signal: AbortSignal.timeout(2000) });
        } catch (error) {
          problems.push(`#${i} ${c.kind}: no answer within 2 s (${(error as Error).name}) for ${String(c.body).slice(0, 100)}`);
          return;
        }
        const body = await res.text();
        const ms = Date.now() - started;
        statuses.set(`${c.kind} → ${res.status}`, (statuses.get(`${c.kind} → ${res.status}`) ?? 0) + 1);
        if (res.status >= 500) problems.push(`#${i} ${c.kind}: ${res.status} ${body.slice(0, 120)} for ${String(c.body).slice(0, 100)}`);
        else if (!c.allowed.includes(res.status)) problems.push(`#${i} ${c.kind}: unexpected ${res.status} for ${c.method} ${c.path.slice(0, 60)}: ${body.slice(0, 120)}`);
        if (ms > 2000) problems.push(`#${i} ${c.kind}: took ${ms} ms`);
        if (res.status >= 400 && body && !/^\{"error":"[^"]{1,80}"\}$/.test(body)) problems.push(`#${i} ${c.kind}: error body not short JSON: ${body.slice(0, 120)}`);
        if (/ENOTFOUND|ECONNREFUSED|\bat [\w.<>]+ \(|node_modules|Error:/.test(body)) problems.push(`#${i} ${c.kind}: internals in the body: ${body.slice(0, 120)}`);
        if (res.status < 300 && res.status !== 200) problems.push(`#${i} ${c.kind}: accepted with ${res.status}`);
        if (res.status === 200 && c.path !== '/slack/events' && !c.path.startsWith('/readyz') && c.method !== 'OPTIONS') problems.push(`#${i} ${c.kind}: accepted`);
        if (res.status === 200 && c.path === '/slack/events' && c.method === 'POST') acknowledged++;
      });
    } finally {
      raw.restore();
    }
    expect(problems).toEqual([]);
    // Still alive, and nothing happened: no document, no reply, no Slack call, no polluted prototype.
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await snapshot(t)).toEqual(before);
    expect(t.teams.requests.length - connectorBefore).toBe(0);
    expect(t.slack.requests.filter((q) => !q.path.startsWith('/api/auth.test')).length - slackBefore).toBe(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(raw.nonJsonLines()).toEqual([]);
    expect(hostileLogLines(t.logs)).toEqual([]);
    // For the record (visible with --reporter=verbose): how each kind was answered.
    console.info(JSON.stringify({ fuzz: Object.fromEntries([...statuses].sort()), slackAcknowledgedWithoutEffect: acknowledged }));
  }, 120_000);
});
