import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Express } from 'express';
import type { AppConfig } from '../../config/env.js';
import type { Logger } from '../../ops/logger.js';
import type { SlackDeps } from './deps.js';
import { registerListeners } from './listeners/index.js';

export const SLACK_EVENTS_PATH = '/slack/events';

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
export function mountSlack(app: Express, config: AppConfig, deps: SlackDeps, logger: Logger): SlackHandle | undefined {
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
    const receiver = new ExpressReceiver({
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

