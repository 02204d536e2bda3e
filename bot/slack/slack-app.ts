import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../config/env.js';
import { sendError } from '../../ops/http.js';
import type { Logger } from '../../ops/logger.js';
import type { SlackDeps } from './deps.js';
import { deduplicateDeliveries, DeliverySeenBefore, type SlackRequestLedger } from './deduplication.js';
import { containsIdentityNumber } from '../../domain/privacy/personnummer.js';
import { identityNumberInChatView } from '../conversation/conversation.js';
import { registerActions } from './listeners/actions.js';
import { registerCommands } from './listeners/commands.js';
import { registerEvents } from './listeners/events.js';
import { registerShortcuts } from './listeners/shortcuts.js';
import { registerViews } from './listeners/views.js';
import { useRequestUser } from './request-user.js';
import { slackMessage } from './render.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's replay window: a request timestamp further than this from our clock, either way, is refused. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** What an interactive payload or an Events API envelope must at least look like before Bolt dispatches it. */
const stringId = z.string().min(1).max(300);
/** Slack's user, team and channel ids: letters, digits, '_' and '-' (U012AB3CD, C_GENERAL, D-…). */
const slackId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** The events the listeners read fields of: those fields must have Slack's types (a user id is a string). */
const EventFields = z.object({
  user: slackId.optional(),
  channel: slackId.optional(),
  text: z.string().max(40_000).optional(),
  tab: z.string().max(50).optional(),
  ts: z.string().max(50).optional(),
  thread_ts: z.string().max(50).optional(),
  channel_type: z.string().max(50).optional(),
  subtype: z.string().max(100).optional(),
  files: z.array(z.object({}).loose()).max(20).optional(),
}).loose();
function checkEventFields(event: { type: string }, ctx: z.RefinementCtx): void {
  if (!['message', 'app_mention', 'app_home_opened'].includes(event.type)) return;
  if (!EventFields.safeParse(event).success) ctx.addIssue({ code: 'custom', message: 'event fields of the wrong type' });
}
const EventsEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) }).loose(),
  z.object({ type: z.literal('event_callback'), event_id: stringId.optional(), event: z.object({ type: stringId }).loose().superRefine(checkEventFields) }).loose(),
  z.object({ type: z.literal('app_rate_limited') }).loose(),
]);
const user = z.object({ id: slackId }).loose();
const InteractivePayload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('block_actions'), user, actions: z.array(z.object({ action_id: stringId }).loose()).min(1).max(25) }).loose(),
  z.object({ type: z.literal('view_submission'), user, view: z.object({ id: stringId, callback_id: stringId }).loose() }).loose(),
  z.object({ type: z.literal('view_closed'), user, view: z.object({ id: stringId, callback_id: stringId }).loose() }).loose(),
  z.object({ type: z.literal('shortcut'), user, callback_id: stringId, trigger_id: stringId }).loose(),
  z.object({ type: z.literal('message_action'), user, callback_id: stringId, trigger_id: stringId, message: z.object({}).loose() }).loose(),
  z.object({ type: z.literal('block_suggestion'), user, action_id: stringId }).loose(),
]);
const SlashCommand = z.object({ command: z.string().regex(/^\/[\w-]{1,40}$/), user_id: slackId, trigger_id: stringId.optional(), text: z.string().max(4000).optional() }).loose();

/**
 * Parses a verified body exactly as Bolt's own receiver would (the query string as `node:querystring` reads it, an
 * interactive `payload` as JSON, anything else as JSON), and returns it when Bolt can dispatch it without failing.
 */
function dispatchableBody(raw: string, contentType: string | undefined): unknown {
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQueryString(raw);
      if (typeof form.payload === 'string') {
        const payload: unknown = JSON.parse(form.payload);
        return InteractivePayload.safeParse(payload).success ? payload : undefined;
      }
      return SlashCommand.safeParse(form).success ? form : undefined;
    }
    const envelope: unknown = JSON.parse(raw);
    return EventsEnvelope.safeParse(envelope).success ? envelope : undefined;
  } catch {
    return undefined;
  }
}

function signatureValid(secret: string, raw: Buffer, timestamp: string, signature: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Before Bolt, and failing closed: the timestamp must be within five minutes either way (Bolt checks only the
 * past), the signature must verify, and the body must be something Bolt can dispatch — else a JSON 401 or 400 at
 * once, where Bolt would answer a signed but malformed body with a 500 or let it hang for three seconds.
 * The parsed body is handed on as `req.body`: this is the only place a request is verified and parsed (Bolt's
 * receiver would verify a weaker rule and parse the same bytes again).
 */
export function slackRequestGuard(signingSecret: string, nowMs: () => number = Date.now) {
  const readBody = express.raw({ type: () => true, limit: '1mb' });
  return (req: Request, res: Response, next: NextFunction) => {
    const ts = req.header('x-slack-request-timestamp');
    const signature = req.header('x-slack-signature');
    if (!ts || !/^\d{1,12}$/.test(ts) || Math.abs(nowMs() / 1000 - Number(ts)) > SLACK_MAX_SKEW_SECONDS || !signature) return sendError(res, 401, 'unauthorized');
    readBody(req, res, (error?: unknown) => {
      if (error) return sendError(res, (error as { type?: string }).type === 'entity.too.large' ? 413 : 400, 'unreadable body');
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!signatureValid(signingSecret, raw, ts, signature)) return sendError(res, 401, 'unauthorized');
      const body = dispatchableBody(raw.toString('utf8'), req.headers['content-type']);
      if (body === undefined) return sendError(res, 400, 'not a Slack request');
      req.body = body;
      next();
    });
  };
}

/**
 * What Bolt's receiver answers itself: the URL verification of the Events API. (Its SSL check never gets here:
 * the guard refuses a body that is neither a command, an interaction nor an event.)
 */
function slackHandshake(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as { type?: unknown; challenge?: unknown };
  if (body.type === 'url_verification') {
    res.json({ challenge: body.challenge });
    return;
  }
  next();
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
    // No listener keeps conversation state; Bolt's default in-memory store costs a rejected lookup per request.
    convoStore: false as const,
    clientOptions: { ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}) },
  };
  let bolt: App;
  if (s.mode === 'socket') {
    bolt = new App({ ...common, socketMode: true, appToken: s.appToken });
  } else {
    const receiver = new ExpressReceiver({
      customPropertiesExtractor: (req) => ({ requestSignature: req.headers['x-slack-signature'] }),
      signingSecret: s.signingSecret!,
      // Verified and parsed once, by slackRequestGuard; the receiver's own route (on an app of its own, never
      // listening) is not used: requests go straight to its request handler.
      signatureVerification: false,
      endpoints: SLACK_EVENTS_PATH,
      app: express(),
      logger: boltLogger(logger),
      processBeforeResponse: false,
    });
    app.post(SLACK_EVENTS_PATH, slackRequestGuard(s.signingSecret!), slackHandshake, (req, res) => void receiver.requestHandler(req, res));
    bolt = new App({ ...common, receiver });
  }
  bolt.error(async (error) => {
    const original = (error as { original?: Error }).original ?? error;
    // A duplicate stopped at its ack() (deduplication.ts): already logged, nothing failed.
    if (original instanceof DeliverySeenBefore) return;
    logger.error({ err: { name: original.name, message: original.message, code: (error as { code?: string }).code } }, 'Slack listener failed');
  });
  // After Bolt verified the signature: a delivery seen before is acknowledged and not processed again.
  if (options.ledger) deduplicateDeliveries(bolt, options.ledger, logger);
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
  // Every listener, by kind (listeners/); each request's user is resolved once, for all of them.
  const listenerDeps = { ...deps, ...(s.botToken ? { botToken: s.botToken } : {}), ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}) };
  useRequestUser(bolt, listenerDeps);
  registerCommands(bolt, listenerDeps);
  registerShortcuts(bolt, listenerDeps);
  registerActions(bolt, listenerDeps);
  registerViews(bolt, listenerDeps); // modal submissions: every form, e.g. the avvikelse report
  registerEvents(bolt, listenerDeps);
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

