import type { Db } from 'mongodb';
import type { FormPairing } from './bot/conversation/forms.js';
import { createConversation, type Conversation } from './bot/conversation/conversation.js';
import { caseDetailsView, clipText, DETAIL_TEXT_MAX, type CaseDetailsInput } from './cards/case-details.js';
import type { FormContext } from './cards/form.js';
import { ansvarAskForm } from './cards/forms/ansvar-ask.js';
import { avvikelseForm, toAvvikelseReport, type AvvikelseFormValues } from './cards/forms/avvikelse.js';
import { supplementForm } from './cards/forms/case-supplement.js';
import { transitionFormContext, transitionFormFor } from './cards/forms/case-transition.js';
import { detectLexSignals, lexSuggestionText } from './cards/forms/lex-signals.js';
import { reminderDoneForm } from './cards/forms/reminder-done.js';
import { synpunktForm, toSynpunktRegistration, type SynpunktFormValues } from './cards/forms/synpunkt.js';
import type { AppConfig } from './config/env.js';
import { adminHandlers } from './domain/admin/handlers.js';
import { createLiveSettings } from './domain/admin/live-settings.js';
import { AdminService } from './domain/admin/service.js';
import { AnsvarFormIds, ansvarHandlers } from './domain/ansvarsmatris/handlers.js';
import type { AnsvarService } from './domain/ansvarsmatris/service.js';
import { AvvikelseService } from './domain/avvikelser/flows.js';
import { CaseFormIds, CaseHandlers, type TransitionFormBase } from './domain/cases/handlers.js';
import type { ChatFile, ChatUser } from './domain/chat.js';
import type { Clock } from './domain/clock.js';
import { operatorHint } from './domain/error-text.js';
import { AppError } from './domain/errors.js';
import { ReminderFormIds, reminderHandlers } from './domain/paminnelser/handlers.js';
import type { ReminderService } from './domain/paminnelser/flows.js';
import { DOWNLOAD_PATH, statisticsHandlers, statisticsWorkbook, type StatisticsDeps } from './domain/statistik/handlers.js';
import { SynpunktService } from './domain/synpunkter/flows.js';
import type { MessageView } from './domain/view.js';
import type { Logger } from './ops/logger.js';
import { createMetrics, instrumentDelivery, type Metrics } from './ops/metrics.js';
import { createRetentionJob } from './scheduler/retention-job.js';
import type { RetentionSettings } from './domain/retention/settings.js';
import { createReminderSystem, type ChatDelivery, type ReminderSystem } from './scheduler/index.js';
import { createOutboxSender, type OutboxSender } from './scheduler/outbox-sender.js';
import { createAnsvarService } from './storage/ansvarsmatris.js';
import { AuditRepository } from './storage/audit.js';
import { caseDeadlines, releaseWaitingOnAddress } from './storage/case-ports.js';
import { caseNotifier, ensureCaseIndexes, MongoAuditStore, MongoCaseStore } from './storage/cases.js';
import { ChatIdentityRepository } from './storage/chat-identities.js';
import { MongoDownloadLinks } from './storage/download-links.js';
import { matrixDuties } from './storage/duties.js';
import { MongoOutbox } from './storage/outbox.js';
import { People, type ChannelReach } from './storage/people.js';
import { MongoSettingsRepository } from './storage/settings-repository.js';
import { MongoStatistikSource } from './storage/statistik-store.js';

export interface ServiceOptions {
  db: Db;
  logger: Logger;
  clock: Clock;
  /** Where people's browsers reach this app (workbook links); known once the server listens. */
  baseUrl?: () => string;
  /** Retention rules, read and checked by the caller before anything starts. */
  retention?: RetentionSettings;
}

/** How the bot reaches people once the channels are mounted. */
export interface Channels {
  /** Sends one outbox message to a chat address (Teams, Slack); omitted: the sender loop does not run. */
  delivery?: ChatDelivery;
  /** People who never wrote to the bot: found by e-mail in Slack, their Teams personal chat started. */
  reach?: Omit<ChannelReach, 'clock' | 'onError'>;
}

export interface Services {
  db: Db;
  clock: Clock;
  metrics: Metrics;
  identities: ChatIdentityRepository;
  ansvar: AnsvarService;
  people: People;
  outbox: MongoOutbox;
  avvikelser: AvvikelseService;
  synpunkter: SynpunktService;
  admin: AdminService;
  /** What Teams and Slack route every message, button and form to. */
  conversation: Conversation;
  /** The workbook behind a link (GET `downloads.path`/:token). */
  downloads: { path: string; fetch: (token: string) => Promise<ChatFile> };
  /** Sends a view to a chat user's own chat (the receipt of a report made from a channel). */
  notifyUser(user: ChatUser, view: MessageView): Promise<void>;
  /** Every error a person was shown: counted, and logged with the operator's fix when the catalogue has one. */
  reportError(error: unknown): void;
  /** The reminder system, once `connect` built it. */
  reminders(): ReminderSystem;
  /** Builds the reminder system and the retention job on the channels' delivery. Call once. */
  connect(channels: Channels): void;
  /** Start-up work that needs MongoDB, in order; each may be retried until it succeeds. */
  startupTasks(options: { scheduler: boolean; seedExampleData: boolean }): Array<{ name: string; run: () => Promise<void> }>;
  /** Reads the stored admin settings once (the app keeps them fresh with a start-up task; the CLI reads them once). */
  refreshSettings(): Promise<void>;
  /** Stops the timers at once (settings refresh, search index, case retries): first thing at shutdown. */
  quiesce(): void;
  /** Stops the scheduler and the retention job, each within what `waitMs` says is left. */
  stop(waitMs: () => number, bounded: (work: Promise<unknown>, ms: number) => Promise<unknown>): Promise<void>;
}

/** The transition dialog's context: the units, and the case's number, type and IVO packet as display values. */
function transitionContext(base: TransitionFormBase): FormContext {
  const { hints, ...ctx } = base;
  return transitionFormContext(ctx, { ...hints, ...(hints.ivoPacket ? { ivoPacket: hints.ivoPacket.map((s) => clipText(s, DETAIL_TEXT_MAX).text) } : {}) });
}

/** Each subject's form flow paired with its definition in cards/forms, by form id. */
const formPairing: FormPairing = (formId) => {
  switch (formId) {
    case CaseFormIds.avvikelse:
      return { definition: avvikelseForm, toInput: (values: AvvikelseFormValues, meta) => toAvvikelseReport(values, meta.token) };
    case CaseFormIds.synpunkt:
      return { definition: synpunktForm, toInput: (values: SynpunktFormValues, meta, base) => toSynpunktRegistration(values, meta.token, base.now) };
    case CaseFormIds.supplement:
      return { definition: supplementForm };
    case AnsvarFormIds.ask:
      return { definition: ansvarAskForm };
    case ReminderFormIds.done:
      return { definition: reminderDoneForm };
  }
  const [kind, action, ...rest] = formId.split('.');
  const definition = (kind === 'avvikelse' || kind === 'synpunkt') && action && !rest.length ? transitionFormFor(kind, action) : undefined;
  return definition ? { definition, toContext: transitionContext } : undefined;
};

/**
 * Wiring by hand, the one place: the stores on MongoDB, the subjects' services, their chat handlers and forms,
 * and — once the channels are up (`connect`) — the reminder system and the retention job. Used by app.ts, the
 * CLI and the tests; nothing here starts a timer or touches the network until `connect` and `startupTasks`.
 */
export function buildServices(config: AppConfig, options: ServiceOptions): Services {
  const { db, logger, clock } = options;
  const metrics = createMetrics();
  const reportError = (error: unknown) => {
    metrics.countErrorFrom(error);
    const hint = error instanceof AppError ? operatorHint(error.code) : undefined;
    if (hint) logger.warn({ code: (error as AppError).code, hint }, `${(error as AppError).code}: ${hint}`);
  };

  const identities = new ChatIdentityRepository(db);
  const ansvar = createAnsvarService({ db, clock });
  const people = new People(ansvar, identities, config.adminEmails);
  const outbox = new MongoOutbox(db, clock);
  const audit = new AuditRepository(db);
  let sender: OutboxSender | undefined;
  let reminders: ReminderSystem | undefined;
  let retention: ReturnType<typeof createRetentionJob> | undefined;
  const reminderService = (): ReminderService => {
    if (!reminders) throw new AppError('common.storage_unavailable');
    return reminders.service;
  };

  // Admin settings: stored overrides merged into the defaults; the objects below are updated in place on refresh.
  const settingsRepo = new MongoSettingsRepository(db, clock);
  const liveSettings = createLiveSettings({
    store: settingsRepo,
    onError: (error) => {
      metrics.countErrorFrom(error);
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'admin settings could not be read; keeping the previous values (see docs/admin.md)');
    },
  });
  // A case is written with its effects, which the store carries out: the audit entry, the notifications into the
  // outbox (with each person's chat address), the deadlines as reminders.
  const caseStore: MongoCaseStore = new MongoCaseStore(db, {
    notifier: caseNotifier(people, outbox, logger),
    deadlines: caseDeadlines(reminderService, async (caseId, known) => {
      const c = (known ?? (await caseStore.get(caseId))) as { unitId: string; unitName?: string; createdAt: Date; kind: string; type?: string } | null;
      return c ? { unit: c.unitName ?? c.unitId, createdAt: c.createdAt, urgent: c.kind === 'avvikelse' && (c.type === 'lex_sarah' || c.type === 'lex_maria') } : undefined;
    }),
    onEffectError: (effect, error) => {
      metrics.countErrorFrom(error);
      logger.warn({ effect: effect.type, err: { name: (error as Error).name, message: (error as Error).message } }, 'case side effect failed; it stays queued and is retried');
    },
  });
  const caseDeps = {
    store: caseStore,
    audit: new MongoAuditStore(db),
    directory: people.caseDirectory(),
    clock,
    settings: liveSettings.caseSettings,
  };
  const avvikelser = new AvvikelseService(caseDeps);
  const synpunkter = new SynpunktService(caseDeps);
  const downloadLinks = new MongoDownloadLinks(db);
  const statisticsDeps: StatisticsDeps = {
    statistik: new MongoStatistikSource(db),
    people,
    clock,
    settings: caseDeps.settings,
    ...(options.baseUrl ? { downloads: { links: downloadLinks, baseUrl: options.baseUrl, audit: (entry) => audit.appendAudit(entry) } } : {}),
  };
  const admin = new AdminService({
    isAdmin: (actor) => people.isAdmin(actor.id, actor.email),
    audit,
    settings: settingsRepo,
    ansvar,
    outbox,
    reminders: () => reminderService(),
    clock,
    onSettingsChanged: () => liveSettings.refresh(),
    // Every matrix import and rollback turns the duties into reminders at once.
    onMatrixChanged: (actorId) => reminderService().syncDuties(matrixDuties(ansvar), actorId),
  });

  const cases = new CaseHandlers({
    avvikelser,
    synpunkter,
    store: caseStore,
    audit: caseDeps.audit,
    people,
    clock,
    detailsView: (details, o) => caseDetailsView(details as CaseDetailsInput, o),
    transitionNeedsForm: (kind, action) => transitionFormFor(kind, action) !== undefined,
    lexSignal: (text) => {
      const kind = detectLexSignals(text).suggestions[0];
      return kind ? { kind, notice: lexSuggestionText(kind) } : undefined;
    },
  });
  const conversation = createConversation(
    [
      cases.handlers(),
      ansvarHandlers({ ansvar, people, clock }),
      reminderHandlers({ service: reminderService, people, clock }),
      statisticsHandlers(statisticsDeps),
      adminHandlers({ admin, people, onError: reportError }),
    ],
    formPairing,
    reportError,
  );

  let caseFlush: NodeJS.Timeout | undefined;
  return {
    db,
    clock,
    metrics,
    identities,
    ansvar,
    people,
    outbox,
    avvikelser,
    synpunkter,
    admin,
    conversation,
    downloads: { path: DOWNLOAD_PATH, fetch: (token) => statisticsWorkbook(statisticsDeps, token) },
    async notifyUser(user, view) {
      const actor = await people.actorFor(user);
      const address = await people.addressOf(actor.id);
      if (!address) return;
      await outbox.enqueue({ dedupeKey: `receipt|${actor.id}|${view.title}`, recipient: address, message: { view, fallbackText: view.title, meta: { kind: 'receipt' } } });
    },
    reportError,
    reminders: () => {
      if (!reminders) throw new Error('buildServices: connect() was not called');
      return reminders;
    },
    connect(channels) {
      people.useChannels({
        ...(channels.reach ?? {}),
        clock,
        onError: (what, error) => logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, `${what}; the message waits and is tried again`),
      });
      // Messages that wait for someone's address go out when that person installs the app or writes.
      identities.onNewAddress(releaseWaitingOnAddress(outbox, logger, () => sender?.poke()));
      // One sender for the outbox every subject writes to (case notifications, receipts, reminders, admin notices).
      sender = channels.delivery
        ? createOutboxSender({
            outbox,
            delivery: instrumentDelivery(channels.delivery, metrics),
            directory: people.reminderDirectory(),
            resolveWaiting: (who) => people.addressOf(who.personId),
            logger: logger.child({ component: 'outbox' }),
          })
        : undefined;
      reminders = createReminderSystem({
        db,
        clock,
        directory: people.reminderDirectory(),
        outbox,
        ...(sender ? { outboxSender: sender } : {}),
        logger: logger.child({ component: 'reminders' }),
        liveConfig: liveSettings.reminderConfig,
        // Lex escalation deadlines are carried out by the scheduler: the next level becomes a handler and is told.
        caseEscalation: (caseId) => avvikelser.escalateIfUnacknowledged(caseId),
      });
      if (options.retention) retention = createRetentionJob({ db, clock, settings: options.retention, logger: logger.child({ component: 'retention' }) });
      metrics.setOutboxDepthProvider(async () => {
        const c = await outbox.counts();
        return { pending: c.pending + c.sending, dead: c.dead };
      });
      metrics.setReminderLagProvider(async () => reminders?.lagSeconds() ?? 0);
    },
    startupTasks({ scheduler, seedExampleData }) {
      return [
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
            if (!seedExampleData) return;
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
            const r = await reminderService().syncDuties(matrixDuties(ansvar));
            if (r.changed || r.warnings.length || r.unreachable.length) {
              logger.info({ duties: r.count, changed: r.changed, warnings: r.warnings, unreachable: r.unreachable.length }, 'recurring duties of the ansvarsmatris synced to reminders');
            }
          },
        },
        {
          name: 'scheduler',
          run: async () => {
            if (!scheduler) return;
            sender?.start();
            await reminders!.start();
            await retention?.start();
            // Case side effects left queued by a fault are retried here; each is idempotent.
            caseFlush = setInterval(() => {
              void caseStore.flushPending().catch(() => undefined);
            }, 30_000);
            caseFlush.unref();
          },
        },
      ];
    },
    refreshSettings: () => liveSettings.refresh(),
    quiesce() {
      clearInterval(caseFlush);
      liveSettings.stop();
      ansvar.stop();
    },
    async stop(waitMs, bounded) {
      await bounded(reminders?.stop({ waitMs: waitMs() }) ?? Promise.resolve(), waitMs());
      await bounded(sender?.stop() ?? Promise.resolve(), waitMs());
      await bounded(retention?.stop() ?? Promise.resolve(), waitMs());
    },
  };
}
