import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, instrumentDelivery, routeLabel, statusClass, type Metrics, type MetricsOptions } from '../../ops/metrics.js';
import type { ChatDelivery } from '../../scheduler/delivery.js';
import { AppError } from '../../domain/errors.js';

/** A tiny Express app shaped like app.ts: metrics middleware first, the fixed routes, a 404 fallback. */
async function startApp(options: MetricsOptions = {}): Promise<{ metrics: Metrics; base: string; server: Server }> {
  const metrics = createMetrics(options);
  const app = express();
  app.use(metrics.httpMiddleware);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => void res.status(503).json({ status: 'not ready' }));
  app.post('/api/messages', express.json(), (_req, res) => void res.status(200).json({}));
  app.post('/slack/events', (_req, res) => void res.status(401).send('bad signature'));
  // At least 30 ms by the clock the metrics read: a timer alone may fire a fraction of a millisecond early, measured
  // from when the request arrived (its delay counts from the event loop's cached time).
  app.get('/slow', (_req, res) => {
    const started = process.hrtime.bigint();
    const wait = () => {
      const left = 30 - Number(process.hrtime.bigint() - started) / 1e6;
      if (left > 0) setTimeout(wait, Math.ceil(left));
      else res.send('late');
    };
    wait();
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/metrics', metrics.metricsHandler);
  app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
  // Express's default error handler would print the stack to stderr; a silent 500 is all we need here.
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).end());
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { metrics, base, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function scrape(base: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one series line, e.g. `name{a="b"} 3`; undefined when the line is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ops/metrics', () => {
  it('times requests by method, fixed route and status class', async () => {
    const { base } = await startApp();
    await fetch(`${base}/healthz`);
    await fetch(`${base}/healthz`);
    await fetch(`${base}/readyz`);
    await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await fetch(`${base}/slack/events`, { method: 'POST', body: 'x' });
    await fetch(`${base}/slow?client=1`);
    await fetch(`${base}/wp-admin/install.php`);
    await fetch(`${base}/boom`);

    const text = await scrape(base);
    const h = 'kvalitetsbot_http_request_duration_seconds';
    expect(value(text, `${h}_count{method="GET",route="/healthz",status_class="2xx"}`)).toBe(2);
    expect(value(text, `${h}_count{method="GET",route="/readyz",status_class="5xx"}`)).toBe(1);
    expect(value(text, `${h}_count{method="POST",route="/api/messages",status_class="2xx"}`)).toBe(1);
    expect(value(text, `${h}_count{method="POST",route="/slack/events",status_class="4xx"}`)).toBe(1);
    // Unknown paths (a probe, a slow test route) share one label: no series per path.
    expect(value(text, `${h}_count{method="GET",route="other",status_class="4xx"}`)).toBe(1);
    expect(value(text, `${h}_count{method="GET",route="other",status_class="2xx"}`)).toBe(1);
    expect(value(text, `${h}_count{method="GET",route="other",status_class="5xx"}`)).toBe(1);
    expect(text).not.toContain('wp-admin');
    expect(text).not.toContain('client=1');
    // The slow request waits ≥ 30 ms, so it cannot be in the 25 ms bucket; only a lower bound is certain on a busy
    // machine, so no upper bucket is asserted.
    expect(value(text, `${h}_bucket{le="0.025",method="GET",route="other",status_class="2xx"}`)).toBe(0);
    expect(value(text, `${h}_bucket{le="+Inf",method="GET",route="other",status_class="2xx"}`)).toBe(1);
    expect(value(text, `${h}_sum{method="GET",route="other",status_class="2xx"}`)).toBeGreaterThanOrEqual(0.03);

    // The previous scrape is itself counted once the next one is taken.
    const again = await scrape(base);
    expect(value(again, `${h}_count{method="GET",route="/metrics",status_class="2xx"}`)).toBe(1);
  });

  it('exposes default process metrics on its own registry, not the global one', async () => {
    const { base } = await startApp();
    const text = await scrape(base);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    const { register } = await import('prom-client');
    expect(await register.getSingleMetric('kvalitetsbot_errors_total')).toBeUndefined();
  });

  it('keeps two apps apart (dedicated registries)', async () => {
    const a = await startApp({ defaultMetrics: false });
    const b = await startApp({ defaultMetrics: false });
    a.metrics.countError('avvikelse', 'avvikelse.stale');
    a.metrics.countError('avvikelse', 'avvikelse.stale');
    await fetch(`${a.base}/healthz`);
    const textA = await scrape(a.base);
    const textB = await scrape(b.base);
    expect(value(textA, 'kvalitetsbot_errors_total{area="avvikelse",code="avvikelse.stale"}')).toBe(2);
    expect(value(textB, 'kvalitetsbot_errors_total{area="avvikelse",code="avvikelse.stale"}')).toBeUndefined();
    expect(textB).not.toContain('route="/healthz"');
    expect(textB).not.toMatch(/^process_/m);
  });

  it('counts errors with safe labels only', async () => {
    const { metrics, base } = await startApp({ defaultMetrics: false });
    metrics.countError('synpunkt', 'synpunkt.not_found');
    // Free text or personal data passed by mistake never becomes a label value.
    metrics.countError('synpunkt', 'Anna Andersson 19121212-1212');
    const text = await scrape(base);
    expect(value(text, 'kvalitetsbot_errors_total{area="synpunkt",code="synpunkt.not_found"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_errors_total{area="synpunkt",code="other"}')).toBe(1);
    expect(text).not.toContain('1212');
  });

  it('counts caught errors by their stable code, other errors by class only', async () => {
    const { metrics, base } = await startApp({ defaultMetrics: false });
    metrics.countErrorFrom(new AppError('cases.not_found', { caseId: 'c-1' }));
    metrics.countErrorFrom(new AppError('cases.not_found'));
    metrics.countErrorFrom(new TypeError('Cannot read properties of undefined (reading "x")'));
    metrics.countErrorFrom('a string');
    const text = await scrape(base);
    expect(value(text, 'kvalitetsbot_errors_total{area="cases",code="cases.not_found"}')).toBe(2);
    expect(value(text, 'kvalitetsbot_errors_total{area="internal",code="TypeError"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_errors_total{area="internal",code="unknown"}')).toBe(1);
    expect(text).not.toContain('c-1');
  });

  it('reads outbox depth and reminder lag from the providers at scrape time', async () => {
    const { metrics, base } = await startApp({ defaultMetrics: false });
    let before = await scrape(base);
    // No provider yet: no depth series, lag 0.
    expect(before).not.toMatch(/^kvalitetsbot_outbox_depth\{/m);
    expect(value(before, 'kvalitetsbot_reminder_lag_seconds')).toBe(0);

    const depth = { pending: 3, dead: 1 };
    let lag = 42.5;
    let calls = 0;
    metrics.setOutboxDepthProvider(async () => {
      calls++;
      return { ...depth };
    });
    metrics.setReminderLagProvider(async () => lag);
    before = await scrape(base);
    expect(value(before, 'kvalitetsbot_outbox_depth{state="pending"}')).toBe(3);
    expect(value(before, 'kvalitetsbot_outbox_depth{state="dead"}')).toBe(1);
    expect(value(before, 'kvalitetsbot_reminder_lag_seconds')).toBe(42.5);

    depth.pending = 0;
    depth.dead = 2;
    lag = 0;
    const after = await scrape(base);
    expect(value(after, 'kvalitetsbot_outbox_depth{state="pending"}')).toBe(0);
    expect(value(after, 'kvalitetsbot_outbox_depth{state="dead"}')).toBe(2);
    expect(value(after, 'kvalitetsbot_reminder_lag_seconds')).toBe(0);
    expect(calls).toBe(2);
  });

  it('reports a failing or hanging provider without failing the scrape or showing stale numbers', async () => {
    const { metrics, base } = await startApp({ defaultMetrics: false, providerTimeoutMs: 100 });
    metrics.setOutboxDepthProvider(async () => ({ pending: 5, dead: 0 }));
    expect(value(await scrape(base), 'kvalitetsbot_outbox_depth{state="pending"}')).toBe(5);

    metrics.setOutboxDepthProvider(async () => {
      throw new Error('MongoDB unreachable');
    });
    metrics.setReminderLagProvider(() => new Promise<number>(() => undefined)); // never answers
    const text = await scrape(base);
    expect(text).not.toMatch(/^kvalitetsbot_outbox_depth\{/m);
    expect(value(text, 'kvalitetsbot_reminder_lag_seconds')).toBeNaN();
    expect(value(text, 'kvalitetsbot_errors_total{area="metrics",code="outbox_depth_unavailable"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_errors_total{area="metrics",code="reminder_lag_unavailable"}')).toBe(1);
  });

  it('counts proactive messages by channel and outcome through the wrapped delivery', async () => {
    const { metrics, base } = await startApp({ defaultMetrics: false });
    const answers = [{ ok: true } as const, { ok: false, kind: 'retry_after', ms: 1000 } as const, { ok: true } as const];
    const inner: ChatDelivery = {
      async send(address) {
        if (address.channel === 'slack' && answers.length === 0) throw new Error('socket hang up');
        return answers.shift() ?? { ok: false, kind: 'unreachable' };
      },
    };
    const delivery = instrumentDelivery(inner, metrics);
    const msg = { view: { title: 't' }, fallbackText: 't' } as unknown as Parameters<ChatDelivery['send']>[1];
    const ctx = { dedupeKey: 'k', attempt: 1 };
    await delivery.send({ channel: 'teams', conversationReference: {} }, msg, ctx);
    await delivery.send({ channel: 'teams', conversationReference: {} }, msg, ctx);
    await delivery.send({ channel: 'slack', userId: 'U1' }, msg, ctx);
    await expect(delivery.send({ channel: 'slack', userId: 'U1' }, msg, ctx)).rejects.toThrow('socket hang up');
    metrics.countMessageSent('teams', 'unreachable');

    const text = await scrape(base);
    expect(value(text, 'kvalitetsbot_messages_sent_total{channel="teams",outcome="sent"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_messages_sent_total{channel="teams",outcome="retry_after"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_messages_sent_total{channel="teams",outcome="unreachable"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_messages_sent_total{channel="slack",outcome="sent"}')).toBe(1);
    expect(value(text, 'kvalitetsbot_messages_sent_total{channel="slack",outcome="error"}')).toBe(1);
  });

  it('protects /metrics with a bearer token when one is configured', async () => {
    const { base } = await startApp({ defaultMetrics: false, bearerToken: 's3cret-token' });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const text = await scrape(base, { authorization: 'Bearer s3cret-token' });
    expect(text).toContain('# TYPE kvalitetsbot_errors_total counter');
  });

  it('maps paths and statuses to the fixed label sets', () => {
    expect(routeLabel('/api/messages?x=1')).toBe('/api/messages');
    expect(routeLabel('/api/messages/')).toBe('other');
    expect(routeLabel('/slack/events')).toBe('/slack/events');
    expect(statusClass(204)).toBe('2xx');
    expect(statusClass(503)).toBe('5xx');
    expect(statusClass(42)).toBe('other');
  });
});
