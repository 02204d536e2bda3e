import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mountDownload } from './bot/download-route.js';
import { slackDelivery, slackUserByEmail } from './bot/slack/delivery.js';
import { mountSlack, type SlackHandle } from './bot/slack/slack-app.js';
import { teamsDelivery } from './bot/teams/delivery.js';
import { teamsChatCreator } from './bot/teams/proactive.js';
import { mountTeams } from './bot/teams/routes.js';
import { ConfigError, describeConfig, loadConfig, serviceUrlAllowed, type AppConfig } from './config/env.js';
import { systemClock, type Clock } from './domain/clock.js';
import { userText } from './domain/error-text.js';
import { isEntryModule } from './ops/entry.js';
import { errorHandler, requestLogging } from './ops/http.js';
import { InFlight } from './ops/inflight.js';
import { createLogger, type Logger } from './ops/logger.js';
import { loadRetentionSettings } from './scheduler/retention-job.js';
import type { ChatDelivery } from './scheduler/index.js';
import { buildServices, type Services } from './services.js';
import { openMongo, type MongoHandle } from './storage/mongo.js';
import { SlackRequestLedger } from './storage/slack-requests.js';

export interface RunningApp {
  server: Server;
  port: number;
  mongo: MongoHandle;
  /** For tests and the CLI: the wired services. */
  services: Services;
  isReady(): boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: AppConfig;
  logger?: Logger;
  clock?: Clock;
}

/**
 * config → logger → MongoDB → services (services.ts) → HTTP (Teams, Slack, health) → background work.
 * Start-up tasks that need MongoDB (indexes, example data) retry until the database answers, so an unreachable
 * database gives a 503 on /readyz and a clear log line, never a crash loop.
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.env.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  logger.info(describeConfig(config), 'starting kvalitetsbot');

  // A wrong retention rule must stop the start, before anything is deleted by mistake.
  let retention;
  try {
    retention = await loadRetentionSettings({ RETENTION_SETTINGS: config.env.RETENTION_SETTINGS, RETENTION_SETTINGS_FILE: config.env.RETENTION_SETTINGS_FILE });
  } catch (error) {
    throw new ConfigError([{ variable: config.env.RETENTION_SETTINGS ? 'RETENTION_SETTINGS' : 'RETENTION_SETTINGS_FILE', message: userText(error) }]);
  }

  const mongo = await openMongo(config, logger);
  let ready = false;
  let stopping = false;
  const inflight = new InFlight();
  // The workbook is offered in the chat as a short-lived link to this app; the port is known once it listens.
  let listeningPort = config.env.PORT;
  const baseUrl = () => (config.env.PUBLIC_BASE_URL ?? `http://${config.env.HOST === '0.0.0.0' ? 'localhost' : config.env.HOST}:${listeningPort}`).replace(/\/$/, '');
  const services = buildServices(config, { db: mongo.db, logger, clock, baseUrl, retention });
  const { metrics, conversation, identities } = services;

  // --- HTTP -------------------------------------------------------------------------------------------------------
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(metrics.httpMiddleware);
  app.use(requestLogging(logger));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const dbOk = !stopping && (await mongo.ping(1500));
    const ok = dbOk && ready;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', mongodb: dbOk ? 'ok' : 'unreachable', startup: ready ? 'done' : 'pending' });
  });
  app.get('/metrics', metrics.metricsHandler);

  const transportDeps = { conversation, logger, identities, clock, inflight };
  const teamsAdapter = mountTeams(app, config, { ...transportDeps, notifyUser: (user, view) => services.notifyUser(user, view) }, logger);
  const slack: SlackHandle | undefined = mountSlack(app, config, transportDeps, logger, { ledger: new SlackRequestLedger(mongo.db, clock) });
  mountDownload(app, services.downloads.path, services.downloads.fetch, logger);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(logger));

  // --- Delivery and background work ---------------------------------------------------------------------------------
  const teamsSend = teamsAdapter ? teamsDelivery(teamsAdapter, config) : undefined;
  const slackApi = config.slack.enabled && config.slack.botToken ? { token: config.slack.botToken, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) } : undefined;
  const slackSend = slackApi ? slackDelivery(slackApi) : undefined;
  const allowListed =
    <T extends { serviceUrl: string }, R>(create: (target: T) => Promise<R | undefined>) =>
    async (target: T): Promise<R | undefined> =>
      serviceUrlAllowed(config, target.serviceUrl) ? create(target) : undefined;
  const delivery: ChatDelivery = {
    send: async (address, message, context) => {
      const send = address.channel === 'teams' ? teamsSend : slackSend;
      if (!send) return { ok: false, kind: 'permanent', reason: `${address.channel} is not configured` };
      return send(address, message, context);
    },
  };
  const schedulerEnabled = config.env.SCHEDULER_ENABLED ?? true;
  services.connect({
    ...(schedulerEnabled ? { delivery } : {}),
    reach: {
      ...(slackApi ? { slackByEmail: slackUserByEmail(slackApi) } : {}),
      // Only to an allow-listed service URL, like every other outbound Teams call.
      ...(teamsAdapter ? { teamsCreateChat: allowListed(teamsChatCreator(teamsAdapter, config.teams.appId)) } : {}),
    },
  });

  // Start-up tasks needing MongoDB: retried with backoff until they succeed or we stop.
  const startupTasks = services.startupTasks({ scheduler: schedulerEnabled, seedExampleData: config.env.SEED_EXAMPLE_DATA !== false });
  const startup = (async () => {
    let delay = 500;
    let done = 0;
    for (;;) {
      if (stopping) return;
      try {
        for (; done < startupTasks.length; done++) await startupTasks[done]!.run();
        ready = true;
        logger.info('MongoDB reachable; start-up tasks done');
        return;
      } catch (error) {
        logger.error(
          { task: startupTasks[done]?.name, err: { name: (error as Error).name, message: (error as Error).message }, retryInMs: delay },
          'MongoDB not reachable yet: check MONGODB_URI and that the server is running; retrying',
        );
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
  listeningPort = port;
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
    services,
    isReady: () => ready,
    stop() {
      stopped ??= (async () => {
        // Bounded as a whole by SHUTDOWN_TIMEOUT_MS, even mid-overload: requests and saves in flight get the time
        // minus a reserve for closing MongoDB; a reminder tick still running then is abandoned (its leases expire).
        const deadline = Date.now() + config.env.SHUTDOWN_TIMEOUT_MS;
        // The reserve also absorbs a starved event loop (timers fire late on an overloaded machine).
        const reserve = Math.min(1500, Math.floor(config.env.SHUTDOWN_TIMEOUT_MS * 0.3));
        const graceLeft = () => Math.max(0, deadline - reserve - Date.now());
        const bounded = (work: Promise<unknown>, ms: number) => {
          let timer: NodeJS.Timeout | undefined;
          return Promise.race([work.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, Math.max(0, ms))))]).finally(() => clearTimeout(timer));
        };
        stopping = true;
        logger.info('stopping: no new requests, finishing those in flight');
        services.quiesce();
        await bounded(slack?.stop() ?? Promise.resolve(), graceLeft());
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => {
            server.closeAllConnections();
            resolve();
          }, graceLeft()).unref();
        });
        if (!(await inflight.drain(graceLeft()))) logger.warn({ unfinished: inflight.size }, 'saves still running at shutdown; their users are told they could not be confirmed');
        await bounded(startup, graceLeft());
        await services.stop(graceLeft, bounded);
        // Whatever is still running is cut off here; force the close when a graceful one does not fit.
        await bounded(mongo.close(), Math.max(0, deadline - Date.now() - 50));
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
  // Whatever escapes a handler is one JSON line (the error's class, never a stack or its text), not Node's stack dump.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: { name: (reason as Error | undefined)?.name ?? typeof reason } }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: { name: error.name } }, 'uncaught exception; exiting so the supervisor restarts a clean process');
    process.exit(1);
  });
  let running: RunningApp;
  try {
    running = await startApp({ config, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    logger.fatal({ err: { message: (error as Error).message } }, 'could not start');
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutdown requested');
    // stop() keeps to the timeout itself; this only catches a stop that hangs anyway (exit 1 tells the supervisor).
    setTimeout(() => {
      logger.error({ timeoutMs: config.env.SHUTDOWN_TIMEOUT_MS }, 'shutdown did not finish within SHUTDOWN_TIMEOUT_MS; exiting anyway');
      process.exit(1);
    }, config.env.SHUTDOWN_TIMEOUT_MS + 500).unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (isEntryModule(import.meta.url)) {
  void main();
}
