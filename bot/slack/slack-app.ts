import { createHash } from 'node:crypto';
import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Express, NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../config/env.js';
import { sendError } from '../../ops/http.js';
import type { Logger } from '../../ops/logger.js';
import type { SlackDeps } from './deps.js';
import { containsIdentityNumber } from '../../domain/privacy/personnummer.js';
import { identityNumberInChatView } from '../conversation/conversation.js';
import { registerListeners } from './listeners/index.js';
import { slackMessage } from './render.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's replay window: a request timestamp further than this from our clock, either way, is refused. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** Remembers which deliveries were already processed (see storage/slack-requests.ts). */
export interface SlackRequestLedger {
  firstTime(key: string): Promise<boolean>;
}

/**
 * Before Bolt: a request whose timestamp is missing, malformed or more than five minutes off — in the past (Bolt
 * checks that too) or in the future (Bolt does not) — is refused without reading the body.
 */
export function slackTimestampGuard(nowMs: () => number = Date.now) {
  return (req: Request, res: Response, next: NextFunction) => {
    const raw = req.header('x-slack-request-timestamp');
    const ts = raw && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(ts) || Math.abs(nowMs() / 1000 - ts) > SLACK_MAX_SKEW_SECONDS) return sendError(res, 401, 'unauthorized');
    if (typeof req.header('x-slack-signature') !== 'string') return sendError(res, 401, 'unauthorized');
    next();
  };
}

/**
 * The key under which a verified delivery is remembered: Events API deliveries by `event_id` (Slack's retries,
 * X-Slack-Retry-Num, carry the same one), everything else by its signature (an exact replay repeats it).
 */
export function deliveryKey(body: unknown, signature: unknown): string | undefined {
  const eventId = (body as { event_id?: unknown } | undefined)?.event_id;
  if (typeof eventId === 'string' && eventId.length > 0 && eventId.length <= 200) return `event:${eventId}`;
  if (typeof signature === 'string' && signature.length > 0) return `sig:${createHash('sha256').update(signature).digest('hex')}`;
  return undefined;
}

/**
 * Bolt's own log lines, without content: its debug output carries whole request and response bodies (message text,
 * modal contents), so debug is dropped and other levels keep only a short first line.
 */
function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.INFO;
  const first = (args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : 'slack event';
    return text.split(/[:{\n]/)[0]!.slice(0, 120);
  };
  return {
    debug: () => undefined,
    info: (...a) => child.info(first(a)),
    warn: (...a) => child.warn(first(a)),
    error: (...a) => child.error(first(a)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

export interface SlackHandle {
  app: App;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack over HTTP (signed requests at POST /slack/events, mounted on our Express app) or Socket Mode when
 * SLACK_APP_TOKEN is set. Bolt verifies the signature and rejects timestamps older than five minutes.
 */
export function mountSlack(app: Express, config: AppConfig, deps: SlackDeps, logger: Logger, options: { ledger?: SlackRequestLedger } = {}): SlackHandle | undefined {
  const s = config.slack;
  if (!s.enabled || !s.botToken) {
    logger.info('Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to enable it');
    return undefined;
  }
  const common = {
    token: s.botToken,
    logger: boltLogger(logger),
    deferInitialization: true,
    clientOptions: { ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}) },
  };
  let bolt: App;
  if (s.mode === 'socket') {
    bolt = new App({ ...common, socketMode: true, appToken: s.appToken });
  } else {
    app.use(SLACK_EVENTS_PATH, slackTimestampGuard());
    const receiver = new ExpressReceiver({
      customPropertiesExtractor: (req) => ({ requestSignature: req.headers['x-slack-signature'] }),
      signingSecret: s.signingSecret!,
      endpoints: SLACK_EVENTS_PATH,
      app,
      logger: boltLogger(logger),
      processBeforeResponse: false,
    });
    bolt = new App({ ...common, receiver });
  }
  bolt.error(async (error) => {
    const original = (error as { original?: Error }).original ?? error;
    logger.error({ err: { name: original.name, message: original.message, code: (error as { code?: string }).code } }, 'Slack listener failed');
  });
  // After Bolt verified the signature: a delivery seen before is acknowledged and not processed again.
  const ledger = options.ledger;
  if (ledger) {
    bolt.use(async (args) => {
      const { body, context, next } = args;
      const key = deliveryKey(body, (context as { requestSignature?: unknown }).requestSignature);
      let first = true;
      if (key) {
        try {
          first = await ledger.firstTime(key);
        } catch (error) {
          // Without the ledger we cannot tell; processing beats losing a report (forms carry their own idempotency).
          logger.warn({ err: { name: (error as Error).name } }, 'Slack de-duplication unavailable; processing the request');
        }
      }
      if (first) return next();
      logger.info({ retryNum: context.retryNum ?? 0 }, 'Slack delivery seen before (retry or replay): acknowledged, not processed again');
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
    });
  }
  // Every slash command's arguments pass the personal-number guard before any listener sees them (/vemansvarar,
  // /kvalitet, /avvikelse, /synpunkt and any added later): refused with the Swedish explanation, nothing processed.
  bolt.use(async (args) => {
    const body = args.body as { command?: unknown; text?: unknown };
    if (typeof body.command === 'string' && typeof body.text === 'string' && containsIdentityNumber(body.text)) {
      const ack = (args as { ack?: (reply: unknown) => Promise<void> }).ack;
      if (ack) await ack({ response_type: 'ephemeral', ...slackMessage(identityNumberInChatView) });
      return;
    }
    await args.next();
  });
  registerListeners(bolt, { ...deps, ...(s.botToken ? { botToken: s.botToken } : {}), ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}) });
  return {
    app: bolt,
    async start() {
      try {
        await bolt.init();
      } catch (error) {
        logger.error({ err: { message: (error as Error).message } }, 'Slack could not start: check SLACK_BOT_TOKEN (auth.test failed) and network access to Slack');
        throw error;
      }
      if (s.mode === 'socket') await bolt.start();
    },
    async stop() {
      if (s.mode === 'socket') await bolt.stop().catch(() => undefined);
    },
  };
}

