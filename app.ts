import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createAdminFeature } from './bot/conversation/features/admin.js';
import { ansvarAskHostedForm, askAnsvar, askAnsvarEntry } from './bot/conversation/features/ansvar.js';
import { CaseActions } from './bot/conversation/features/case-actions.js';
import { avvikelseReportForm, synpunktRegisterForm } from './bot/conversation/features/case-forms.js';
import { myTasksView, notifyChatUser, reminderDoneHostedForm, reminderLagSeconds, reminderQuickAction } from './bot/conversation/features/reminders.js';
import { statisticsFor, statisticsWorkbook, type StatisticsDeps } from './bot/conversation/features/statistics.js';
import { mountStatisticsDownload } from './bot/statistics-download.js';
import { MongoDownloadLinks } from './storage/download-links.js';
import { slackDelivery, slackUserByEmail } from './bot/slack/delivery.js';
import { teamsDelivery } from './bot/teams/delivery.js';
import { teamsChatCreator } from './bot/teams/proactive.js';
import { ActionIds } from './domain/action-ids.js';
import { createLiveSettings } from './domain/admin/live-settings.js';
import { AdminService } from './domain/admin/service.js';
import { AvvikelseService } from './domain/avvikelser/service.js';
import type { AnsvarService } from './domain/ansvarsmatris/service.js';
import { AppError } from './domain/errors.js';
import { SynpunktService } from './domain/synpunkter/service.js';
import { operatorHint, userText } from './domain/error-text.js';
import { createMetrics, instrumentDelivery, type Metrics } from './ops/metrics.js';
import { createRetentionJob, loadRetentionSettings } from './scheduler/retention-job.js';
import { createReminderSystem, type ChatDelivery, type ReminderSystem } from './scheduler/index.js';
import { createAnsvarService } from './storage/ansvarsmatris.js';
import { ensureCaseIndexes, MongoAuditStore, MongoCaseStore } from './storage/case-store.js';
import { MongoOutbox } from './storage/outbox.js';
import { MongoStatistikSource } from './storage/statistik-store.js';
import { AuditRepository } from './storage/audit.js';
import { MongoSettingsRepository } from './storage/settings-repository.js';
import { caseDeadlines, caseNotifier, releaseWaitingOnAddress } from './wiring/case-ports.js';
import { matrixDuties } from './wiring/duties.js';
import { People } from './wiring/people.js';
import { mountSlack, type SlackHandle } from './bot/slack/slack-app.js';
import { InFlight } from './ops/inflight.js';
import { createConversation, type ConversationFeatures } from './bot/conversation/conversation.js';
import { FormRegistry } from './bot/conversation/forms.js';
import { mountTeams } from './bot/teams/routes.js';
import { ConfigError, describeConfig, loadConfig, serviceUrlAllowed, type AppConfig } from './config/env.js';
import { systemClock, type Clock } from './domain/clock.js';
import { isEntryModule } from './ops/entry.js';
import { errorHandler, requestLogging } from './ops/http.js';
import { createLogger, type Logger } from './ops/logger.js';
import { ChatIdentityRepository } from './storage/chat-identities.js';
import { openMongo, type MongoHandle } from './storage/mongo.js';
import { SlackRequestLedger } from './storage/slack-requests.js';

export interface RunningApp {
  server: Server;
  port: number;
  mongo: MongoHandle;
  /** For tests and the CLI: the wired services. */
  services: {
    ansvar: AnsvarService;
    avvikelser: AvvikelseService;
    synpunkter: SynpunktService;
    people: People;
    outbox: MongoOutbox;
    identities: ChatIdentityRepository;
    reminders: () => ReminderSystem;
    metrics: Metrics;
  };
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

  // A wrong retention rule must stop the start, before anything is deleted by mistake.
  let retentionSettings;
  try {
    retentionSettings = await loadRetentionSettings({ RETENTION_SETTINGS: config.env.RETENTION_SETTINGS, RETENTION_SETTINGS_FILE: config.env.RETENTION_SETTINGS_FILE });
  } catch (error) {
    throw new ConfigError([{ variable: config.env.RETENTION_SETTINGS ? 'RETENTION_SETTINGS' : 'RETENTION_SETTINGS_FILE', message: userText(error) }]);
  }

  const mongo = await openMongo(config, logger);
  const db = mongo.db;
  let ready = false;
  let stopping = false;
  const metrics = createMetrics();
  const inflight = new InFlight();
  /** Every error a person was shown: counted, and when the catalogue says how an operator fixes it, logged with that. */
  const reportError = (error: unknown) => {
    metrics.countErrorFrom(error);
    const hint = error instanceof AppError ? operatorHint(error.code) : undefined;
    if (hint) logger.warn({ code: (error as AppError).code, hint }, `${(error as AppError).code}: ${hint}`);
  };

  // --- Features (the core, on MongoDB) ---------------------------------------------------------------------------
  const identities = new ChatIdentityRepository(db);
  const ansvar = createAnsvarService({ db, clock });
  const people = new People(ansvar, identities, config.adminEmails);
  const caseStore = new MongoCaseStore(db);
  let reminders: ReminderSystem | undefined;
  const reminderService = () => {
    if (!reminders) throw new AppError('common.storage_unavailable');
    return reminders.service;
  };
  const outbox = new MongoOutbox(db, clock);
  // Admin settings: stored overrides merged into the defaults; the objects below are updated in place on refresh.
  const settingsRepo = new MongoSettingsRepository(db, clock);
  const liveSettings = createLiveSettings({
    store: settingsRepo,
    onError: (error) => {
      metrics.countErrorFrom(error);
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'admin settings could not be read; keeping the previous values (see docs/admin.md)');
    },
  });
  const caseDeps = {
    store: caseStore,
    audit: new MongoAuditStore(db),
    notifier: caseNotifier(people, outbox, logger),
    deadlines: caseDeadlines(reminderService, async (caseId) => {
      const c = (await caseStore.get(caseId)) as { unitId: string; unitName?: string; createdAt: Date; kind: string; type?: string } | null;
      return c ? { unit: c.unitName ?? c.unitId, createdAt: c.createdAt, urgent: c.kind === 'avvikelse' && (c.type === 'lex_sarah' || c.type === 'lex_maria') } : undefined;
    }),
    directory: people.caseDirectory(),
    clock,
    settings: liveSettings.caseSettings,
    onEffectError: (effect: { type: string }, error: unknown) => {
      metrics.countErrorFrom(error);
      logger.warn({ effect: effect.type, err: { name: (error as Error).name, message: (error as Error).message } }, 'case side effect failed; it stays queued and is retried');
    },
  };
  const avvikelser = new AvvikelseService(caseDeps);
  const synpunkter = new SynpunktService(caseDeps);
  const caseActions = new CaseActions({ avvikelser, synpunkter, store: caseStore, audit: caseDeps.audit, people, clock });
  const statistik = new MongoStatistikSource(db);
  // The workbook is offered in the chat as a short-lived link to this app; the port is known once it listens.
  let listeningPort = config.env.PORT;
  const downloadLinks = new MongoDownloadLinks(db);
  const statisticsDeps: StatisticsDeps = {
    statistik,
    people,
    clock,
    settings: caseDeps.settings,
    downloads: {
      links: downloadLinks,
      baseUrl: () => (config.env.PUBLIC_BASE_URL ?? `http://${config.env.HOST === '0.0.0.0' ? 'localhost' : config.env.HOST}:${listeningPort}`).replace(/\/$/, ''),
      audit: (entry) => new AuditRepository(db).appendAudit(entry),
    },
  };

  const forms = new FormRegistry();
  const formDeps = { avvikelser, synpunkter, people, clock };
  forms.register(avvikelseReportForm(formDeps), [ActionIds.avvikelseOpen]);
  forms.register(synpunktRegisterForm(formDeps), [ActionIds.synpunktOpen]);
  forms.register(ansvarAskHostedForm(ansvar, people, clock), [ActionIds.ansvarAsk]);
  forms.register(reminderDoneHostedForm(reminderService, people, clock), [ActionIds.reminderDone]);
  forms.register(caseActions.supplementForm(), [ActionIds.avvikelseSupplement]);
  const occurrenceOf = (data: Record<string, unknown>) => {
    if (typeof data.occurrence !== 'string' || data.occurrence.length > 300) throw new AppError('common.invalid_payload');
    return data.occurrence;
  };

  const features: ConversationFeatures = {
    ask: (question, user) => askAnsvar(ansvar, people, question, user),
    myCases: (user) => caseActions.myCases(user),
    openCase: (number, user) => caseActions.openByNumber(number, user),
    myTasks: (user) => myTasksView(reminderService(), people, user),
    statistics: (user, year, unit) => statisticsFor(statisticsDeps, user, year, unit),
    buttons: {
      [ActionIds.ansvarAlternative]: async (data, user) =>
        (typeof data.entryId === 'string' ? await askAnsvarEntry(ansvar, people, data.entryId, user) : undefined) ?? {
          title: 'Raden finns inte längre i ansvarsmatrisen',
          text: ['Ställ frågan på nytt.'],
          tone: 'warning',
        },
      [ActionIds.reminderSnooze1d]: (data, user) => reminderQuickAction(reminderService(), people, user, occurrenceOf(data), '1d'),
      [ActionIds.reminderSnooze1w]: (data, user) => reminderQuickAction(reminderService(), people, user, occurrenceOf(data), '1w'),
      [ActionIds.reminderNotMine]: (data, user) => reminderQuickAction(reminderService(), people, user, occurrenceOf(data), 'not_mine'),
    },
  };
  const admin = new AdminService({
    isAdmin: (actor) => people.isAdmin(actor.id, actor.email),
    audit: new AuditRepository(db),
    settings: settingsRepo,
    ansvar,
    outbox,
    reminders: () => reminderService(),
    clock,
    onSettingsChanged: () => liveSettings.refresh(),
    // Every matrix import and rollback turns the duties into reminders at once.
    onMatrixChanged: (actorId) => reminderService().syncDuties(matrixDuties(ansvar), actorId),
  });
  const adminFeature = createAdminFeature({ admin, people, onError: reportError });
  features.admin = (text, user) => adminFeature.handle(text, user);
  features.files = (files, user) => adminFeature.importFiles(files, user);
  const conversation = createConversation(features, reportError);

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

  const transportDeps = { conversation, logger, identities, clock, forms, caseActions, inflight, onError: reportError };
  const teamsAdapter = mountTeams(app, config, { ...transportDeps, notifyUser: async (user, view) => notifyChatUser(people, outbox, user, view) }, logger);
  const slack: SlackHandle | undefined = mountSlack(
    app,
    config,
    { ...transportDeps, statisticsWorkbook: (token, user) => statisticsWorkbook(statisticsDeps, token, user) },
    logger,
    { ledger: new SlackRequestLedger(db, clock) },
  );

  mountStatisticsDownload(app, statisticsDeps, logger);

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
  // People who never wrote to the bot: found by e-mail in Slack, or their Teams personal chat started proactively.
  people.useChannels({
    ...(slackApi ? { slackByEmail: slackUserByEmail(slackApi) } : {}),
    // Only to an allow-listed service URL, like every other outbound Teams call.
    ...(teamsAdapter ? { teamsCreateChat: allowListed(teamsChatCreator(teamsAdapter, config.teams.appId)) } : {}),
    clock,
    onError: (what, error) => logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, `${what}; the message waits and is tried again`),
  });
  // Messages that wait for someone's address go out when that person installs the app or writes.
  identities.onNewAddress(releaseWaitingOnAddress(outbox, logger, () => reminders?.sender?.poke()));
  const delivery: ChatDelivery = {
    send: async (address, message, context) => {
      const send = address.channel === 'teams' ? teamsSend : slackSend;
      if (!send) return { ok: false, kind: 'permanent', reason: `${address.channel} is not configured` };
      return send(address, message, context);
    },
  };
  const schedulerEnabled = config.env.SCHEDULER_ENABLED ?? true;
  reminders = createReminderSystem({
    db,
    clock,
    directory: people.reminderDirectory(),
    ...(schedulerEnabled ? { delivery: instrumentDelivery(delivery, metrics) } : {}),
    logger: logger.child({ component: 'reminders' }),
    liveConfig: liveSettings.reminderConfig,
    sender: { resolveWaiting: (who) => people.addressOf(who.personId) },
    // Lex escalation deadlines are carried out by the scheduler: the next level becomes a handler and is told.
    caseEscalation: (caseId) => avvikelser.escalateIfUnacknowledged(caseId),
  });
  const retention = createRetentionJob({ db, clock, settings: retentionSettings, logger: logger.child({ component: 'retention' }) });
  metrics.setOutboxDepthProvider(async () => {
    const c = await outbox.counts();
    return { pending: c.pending + c.sending, dead: c.dead };
  });
  metrics.setReminderLagProvider(async () => reminderLagSeconds(db, clock));
  let caseFlush: NodeJS.Timeout | undefined;

  // Start-up tasks needing MongoDB: retried with backoff until they succeed or we stop.
  const startupTasks: Array<{ name: string; run: () => Promise<void> }> = [
    { name: 'ping', run: async () => void (await db.command({ ping: 1 })) },
    { name: 'chat identity indexes', run: () => identities.ensureIndexes() },
    { name: 'ansvarsmatris indexes', run: () => ansvar.ensureIndexes() },
    { name: 'case indexes', run: () => ensureCaseIndexes(db) },
    { name: 'download link indexes', run: () => downloadLinks.ensureIndexes() },
    {
      name: 'admin settings',
      run: async () => {
        await liveSettings.refresh();
        liveSettings.start(30_000);
      },
    },
    {
      name: 'example data',
      run: async () => {
        if (config.env.SEED_EXAMPLE_DATA === false) return;
        const version = await ansvar.ensureStarterData();
        if (version) logger.info({ version }, 'empty database: loaded the example organisation and ansvarsmatris (replace it with your own, see docs/ansvarsmatris.md)');
      },
    },
    // Built here, in slices beside the running server, and followed in the background; never on a question.
    { name: 'ansvarsmatris search index', run: () => ansvar.warm() },
    {
      // The matrix's recurring duties become reminders (also after an import made by an instance that has stopped).
      name: 'reminder duties',
      run: async () => {
        const r = await reminders!.service.syncDuties(matrixDuties(ansvar));
        if (r.changed || r.warnings.length || r.unreachable.length) {
          logger.info({ duties: r.count, changed: r.changed, warnings: r.warnings, unreachable: r.unreachable.length }, 'recurring duties of the ansvarsmatris synced to reminders');
        }
      },
    },
    {
      name: 'scheduler',
      run: async () => {
        if (!schedulerEnabled) return;
        await reminders!.start();
        await retention.start();
        // Case side effects left queued by a fault are retried here; each is idempotent.
        caseFlush = setInterval(() => {
          void avvikelser.engine.flushPending().catch(() => undefined);
        }, 30_000);
        caseFlush.unref();
      },
    },
  ];
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
    services: { ansvar, avvikelser, synpunkter, people, outbox, identities, reminders: () => reminders!, metrics },
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
        clearInterval(caseFlush);
        liveSettings.stop();
        ansvar.stop();
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
        await bounded(reminders?.stop({ waitMs: graceLeft() }) ?? Promise.resolve(), graceLeft());
        await bounded(retention.stop(), graceLeft());
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
