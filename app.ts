import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mountSlack, type SlackHandle } from './bot/slack/slack-app.js';
import { createConversation, type ConversationFeatures } from './bot/conversation/conversation.js';
import { FormRegistry } from './bot/conversation/forms.js';
import { mountTeams } from './bot/teams/routes.js';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/env.js';
import { systemClock, type Clock } from './domain/clock.js';
import { requestLogging } from './ops/http.js';
import { createLogger, type Logger } from './ops/logger.js';
import { ChatIdentityRepository } from './storage/chat-identities.js';
import { openMongo, type MongoHandle } from './storage/mongo.js';

export interface RunningApp {
  server: Server;
  port: number;
  mongo: MongoHandle;
  isReady(): boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: AppConfig;
  logger?: Logger;
  clock?: Clock;
}

/**
 * Wiring by hand: config → logger → MongoDB → features → HTTP (Teams, Slack, health) → background work.
 * Start-up tasks that need MongoDB (indexes, example data) retry until the database answers, so an unreachable
 * database gives a 503 on /readyz and a clear log line, never a crash loop.
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.env.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  logger.info(describeConfig(config), 'starting kvalitetsbot');

  const mongo = await openMongo(config, logger);
  let ready = false;
  let stopping = false;

  const identities = new ChatIdentityRepository(mongo.db);
  const features: ConversationFeatures = {};
  const conversation = createConversation(features);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestLogging(logger));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const dbOk = !stopping && (await mongo.ping(1500));
    const ok = dbOk && ready;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', mongodb: dbOk ? 'ok' : 'unreachable', startup: ready ? 'done' : 'pending' });
  });

  const forms = new FormRegistry();
  const transportDeps = { conversation, logger, identities, clock, forms };
  mountTeams(app, config, transportDeps, logger);
  const slack: SlackHandle | undefined = mountSlack(app, config, transportDeps, logger);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  // Start-up tasks needing MongoDB: retried with backoff until they succeed or we stop.
  const startupTasks: Array<{ name: string; run: () => Promise<void> }> = [
    { name: 'ping', run: async () => void (await mongo.db.command({ ping: 1 })) },
    { name: 'chat identity indexes', run: () => identities.ensureIndexes() },
  ];
  const startup = (async () => {
    let delay = 500;
    for (;;) {
      if (stopping) return;
      try {
        for (const task of startupTasks) await task.run();
        ready = true;
        logger.info('MongoDB reachable; start-up tasks done');
        return;
      } catch (error) {
        logger.error({ err: { name: (error as Error).name, message: (error as Error).message }, retryInMs: delay }, 'MongoDB not reachable yet: check MONGODB_URI and that the server is running; retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  })();

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.env.PORT, config.env.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, `listening on http://${config.env.HOST}:${port} (Teams: /api/messages, Slack: /slack/events)`);

  if (slack) {
    try {
      await slack.start();
    } catch {
      // Logged by the Slack module with a fix; Teams keeps working.
    }
  }

  let stopped: Promise<void> | undefined;
  return {
    server,
    port,
    mongo,
    isReady: () => ready,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        logger.info('stopping: no new requests, finishing those in flight');
        await slack?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => {
            server.closeAllConnections();
            resolve();
          }, config.env.SHUTDOWN_TIMEOUT_MS).unref();
        });
        await startup.catch(() => undefined);
        await mongo.close();
        logger.info('stopped');
      })();
      return stopped;
    },
  };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG: a supervisor should not restart in a loop on this
    }
    throw error;
  }
  const logger = createLogger(config.env.LOG_LEVEL);
  let running: RunningApp;
  try {
    running = await startApp({ config, logger });
  } catch (error) {
    logger.fatal({ err: { message: (error as Error).message } }, 'could not start');
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutdown requested');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

const entry = process.argv[1] ? realpathSync(path.resolve(process.argv[1])) : '';
if (entry === fileURLToPath(import.meta.url)) {
  void main();
}
