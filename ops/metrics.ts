import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isAppError } from '../domain/errors.js';
import type { ChatAddress, ChatDelivery, DeliveryOutcome } from '../scheduler/delivery.js';

/**
 * Prometheus metrics of one app instance, on a registry of its own (never prom-client's global one) so that tests
 * and several apps in one process do not share counters.
 *
 * Label values are always from small fixed sets: routes, methods and outcomes are mapped, error areas and codes are
 * reduced to safe identifiers. No label ever carries a user, a unit or a case number, so /metrics holds no personal
 * data and its cardinality stays bounded.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Express middleware timing every request; mount it first. */
  readonly httpMiddleware: RequestHandler;
  /** GET /metrics in the Prometheus text format. */
  readonly metricsHandler: RequestHandler;
  /** Count one handled error, e.g. `countError('avvikelse', 'avvikelse.stale')`. */
  countError(area: string, code: string): void;
  /**
   * Count whatever a handler caught: an `AppError` by its code (area = the code's prefix, `cases.not_found` →
   * `cases`), anything else as area `internal` with the error's class name.
   */
  countErrorFrom(error: unknown): void;
  /** Count one proactive message attempt (`instrumentDelivery` does this for the outbox sender). */
  countMessageSent(channel: string, outcome: MessageOutcome): void;
  /** Read at scrape time; `sending` items belong in `pending` (they are not delivered yet). */
  setOutboxDepthProvider(provider: () => Promise<OutboxDepth>): void;
  /** Read at scrape time: age in seconds of the oldest nudge that is due but not sent (0 when none). */
  setReminderLagProvider(provider: () => Promise<number>): void;
}

export interface OutboxDepth {
  pending: number;
  dead: number;
}

export type MessageOutcome = 'sent' | 'retry_after' | 'transient' | 'unreachable' | 'permanent' | 'error';

export interface MetricsOptions {
  /** Collect process and Node.js metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** A provider slower than this is reported as failed so a scrape never hangs on the database; default 2000. */
  providerTimeoutMs?: number;
}

/** The only route labels: everything else is `other`, so scanners probing random paths add no series. */
export const METRIC_ROUTES = ['/api/messages', '/slack/events', '/healthz', '/readyz', '/metrics'] as const;
const ROUTES = new Set<string>(METRIC_ROUTES);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const CHANNELS = new Set(['teams', 'slack']);
const OUTCOMES = new Set<string>(['sent', 'retry_after', 'transient', 'unreachable', 'permanent', 'error']);

export function routeLabel(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return ROUTES.has(path) ? path : 'other';
}

export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** Keeps a label value to a short identifier (letters, digits, `._-`); anything else becomes `other`. */
function safeLabel(value: string, max = 64): string {
  return /^[A-Za-z0-9._-]+$/.test(value) && value.length <= max ? value : 'other';
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const providerTimeoutMs = options.providerTimeoutMs ?? 2000;
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: 'kvalitetsbot_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route (fixed set, else "other") and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  // Providers are read once per scrape into `latest`; every collector below awaits the same refresh, so a provider
  // failure counted in kvalitetsbot_errors_total shows in the very scrape where the gauge went missing.
  let outboxProvider: (() => Promise<OutboxDepth>) | undefined;
  let lagProvider: (() => Promise<number>) | undefined;
  const latest: { depth?: OutboxDepth; lag: number } = { lag: 0 };
  let refreshing: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (refreshing ??= (async () => {
      const [depth, lag] = await Promise.allSettled([
        outboxProvider ? withTimeout(outboxProvider(), providerTimeoutMs) : Promise.resolve(undefined),
        lagProvider ? withTimeout(lagProvider(), providerTimeoutMs) : Promise.resolve(0),
      ]);
      if (depth.status === 'fulfilled') latest.depth = depth.value;
      else {
        // No series rather than a stale or made-up one; the error counter says why it is missing.
        latest.depth = undefined;
        countError('metrics', 'outbox_depth_unavailable');
      }
      if (lag.status === 'fulfilled') latest.lag = Math.max(0, lag.value);
      else {
        // NaN, not 0: a failing database must not look like "nothing is late".
        latest.lag = Number.NaN;
        countError('metrics', 'reminder_lag_unavailable');
      }
    })().finally(() => {
      refreshing = undefined;
    }));

  const errors = new Counter({
    name: 'kvalitetsbot_errors_total',
    help: 'Errors handled by the bot, by area (feature) and stable error code.',
    labelNames: ['area', 'code'] as const,
    registers: [registry],
    collect: () => refresh(),
  });
  function countError(area: string, code: string): void {
    errors.inc({ area: safeLabel(area, 40), code: safeLabel(code) });
  }

  const messagesSent = new Counter({
    name: 'kvalitetsbot_messages_sent_total',
    help: 'Proactive chat messages attempted by the outbox sender, by channel and outcome.',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'kvalitetsbot_outbox_depth',
    help: 'Outbox items by state: pending (waiting or being sent) and dead (dead letters waiting for an admin). Read at scrape time.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await refresh();
      this.reset();
      if (!latest.depth) return;
      this.set({ state: 'pending' }, latest.depth.pending);
      this.set({ state: 'dead' }, latest.depth.dead);
    },
  });

  new Gauge({
    name: 'kvalitetsbot_reminder_lag_seconds',
    help: 'Age in seconds of the oldest reminder nudge that is due but not sent (0 when none; NaN when it could not be read). Read at scrape time.',
    registers: [registry],
    async collect() {
      await refresh();
      this.set(latest.lag);
    },
  });

  const httpMiddleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const end = httpDuration.startTimer();
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      end({
        method: METHODS.has(req.method) ? req.method : 'other',
        route: routeLabel(req.originalUrl ?? req.url),
        // A connection closed before the answer was complete is its own class.
        status_class: res.writableFinished ? statusClass(res.statusCode) : 'aborted',
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };

  const metricsHandler: RequestHandler = async (req: Request, res: Response) => {
    if (options.bearerToken && !tokenMatches(req.header('authorization'), options.bearerToken)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('unauthorized\n');
      return;
    }
    try {
      const body = await registry.metrics();
      res.status(200).set('Content-Type', registry.contentType).send(body);
    } catch {
      res.status(500).type('text/plain').send('metrics collection failed\n');
    }
  };

  return {
    registry,
    httpMiddleware,
    metricsHandler,
    countError,
    countErrorFrom(error) {
      if (isAppError(error)) countError(error.code.split('.', 1)[0] ?? 'other', error.code);
      else countError('internal', error instanceof Error ? error.name : 'unknown');
    },
    countMessageSent(channel, outcome) {
      messagesSent.inc({ channel: CHANNELS.has(channel) ? channel : 'other', outcome: OUTCOMES.has(outcome) ? outcome : 'error' });
    },
    setOutboxDepthProvider(provider) {
      outboxProvider = provider;
    },
    setReminderLagProvider(provider) {
      lagProvider = provider;
    },
  };
}

/**
 * Wraps the outbox sender's `ChatDelivery` so every attempt is counted in `kvalitetsbot_messages_sent_total`
 * without the scheduler knowing about metrics. A thrown error is counted as `error` and rethrown unchanged.
 */
export function instrumentDelivery(delivery: ChatDelivery, metrics: Pick<Metrics, 'countMessageSent'>): ChatDelivery {
  return {
    async send(address: ChatAddress, message, context): Promise<DeliveryOutcome> {
      try {
        const outcome = await delivery.send(address, message, context);
        metrics.countMessageSent(address.channel, outcome.ok ? 'sent' : outcome.kind);
        return outcome;
      } catch (error) {
        metrics.countMessageSent(address.channel, 'error');
        throw error;
      }
    },
  };
}
