import cron from 'node-cron';
import type { Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import { ReminderService, ReminderTick, type ReminderDirectory, type FlowLogger } from '../domain/paminnelser/flows.js';
import { reminderConfig, type ReminderConfig } from '../domain/paminnelser/schema.js';
import { AuditRepository } from '../storage/audit.js';
import { MongoOutbox } from '../storage/outbox.js';
import { ReminderRepository } from '../storage/reminders.js';
import { defaultInstanceId, type OutboxSender } from './outbox-sender.js';

export type { ChatDelivery } from './delivery.js';

export interface ReminderSystemDeps {
  db: Db;
  clock: Clock;
  directory: ReminderDirectory;
  /** The outbox every message goes through, built once by the app (`new MongoOutbox(db, clock)`); default: its own. */
  outbox?: MongoOutbox;
  /**
   * The app's sender of that outbox (`createOutboxSender`), poked when a tick enqueued messages. The app starts and
   * stops it. Omitted (the CLI): messages wait in the outbox for a running app.
   */
  outboxSender?: OutboxSender;
  config?: Partial<ReminderConfig>;
  /** A config object owned by the caller and updated in place (admin settings); wins over `config`. */
  liveConfig?: ReminderConfig;
  /** node-cron expression for the reminder tick; default every minute. */
  cronExpression?: string;
  /** How long a claimed nudge (and the planner lease) is this instance's; default 60 s. */
  tickLeaseMs?: number;
  instanceId?: string;
  logger?: FlowLogger;
  /** Escalates a case when its escalation deadline passes (AvvikelseService.escalateIfUnacknowledged). */
  caseEscalation?: (caseId: string) => Promise<boolean>;
}

export interface ReminderSystem {
  service: ReminderService;
  /** The recurring flow the cron job runs: plan, claim due nudges, enqueue their messages. */
  flow: ReminderTick;
  outbox: MongoOutbox;
  repo: ReminderRepository;
  audit: AuditRepository;
  /** The app's sender, poked after a tick. */
  sender?: OutboxSender;
  /** Run one tick now (plan + due nudges); the cron job calls the same. */
  tick(): Promise<void>;
  /** Age in seconds of the oldest due nudge not handled yet (the reminder lag metric). */
  lagSeconds(): Promise<number>;
  /** Start the cron tick. Runs one tick at once so downtime is caught up on start. */
  start(): Promise<void>;
  /**
   * Stops the cron tick. A tick still running after `waitMs` is abandoned, not awaited: what it
   * claimed stays leased until the lease runs out and is then taken by the next tick (here or in another instance).
   */
  stop(options?: { waitMs?: number }): Promise<void>;
}

/** True when `work` settled before `deadline` (or there was no work); false when the deadline came first. */
async function within(work: Promise<unknown> | undefined, deadline: number): Promise<boolean> {
  if (!work) return true;
  const wait = deadline - Date.now();
  if (!Number.isFinite(wait)) return work.then(() => true, () => true);
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => true, () => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, wait));
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The recurring driver of the reminders: a cron job that runs `ReminderTick` (domain/paminnelser/flows.ts) once a
 * minute, never twice at once in a process, and pokes the outbox sender when messages were enqueued. In
 * `services.ts`:
 * ```ts
 * const sender = createOutboxSender({ outbox, delivery, directory, logger });   // shared by every subject
 * const reminders = createReminderSystem({ db, clock, directory, outbox, outboxSender: sender, logger });
 * sender.start(); await reminders.start();   // after MongoDB is reachable
 * // … on shutdown: await reminders.stop(); await sender.stop();
 * ```
 * `reminders.service` is what handlers call (markDone, snooze, notMine, listUpcoming, …) and what other features
 * call for case deadlines (upsertCaseDeadline / cancelCaseDeadline).
 */
export function createReminderSystem(deps: ReminderSystemDeps): ReminderSystem {
  const config = deps.liveConfig ?? reminderConfig(deps.config);
  const instanceId = deps.instanceId ?? defaultInstanceId();
  const repo = new ReminderRepository(deps.db);
  const outbox = deps.outbox ?? new MongoOutbox(deps.db, deps.clock);
  const audit = new AuditRepository(deps.db);
  const common = { store: repo, directory: deps.directory, outbox, clock: deps.clock, config };
  const flow = new ReminderTick({
    ...common,
    instanceId,
    ...(deps.tickLeaseMs ? { leaseMs: deps.tickLeaseMs } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.caseEscalation ? { caseEscalation: deps.caseEscalation } : {}),
  });
  const service = new ReminderService({ ...common, audit });
  const sender = deps.outboxSender;

  let task: ReturnType<typeof cron.schedule> | undefined;
  let running: Promise<void> | undefined;
  const tick = async () => {
    // In-process no-overlap; across instances the leases keep work apart.
    if (running) return running;
    running = (async () => {
      try {
        const r = await flow.run();
        if (r.nudges.enqueued > 0) sender?.poke();
        if (r.planned.occurrences || r.nudges.processed) deps.logger?.info({ ...r }, 'Reminder tick');
      } catch (error) {
        deps.logger?.error({ err: error }, 'Reminder tick failed; the next tick retries (check MongoDB)');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    service,
    flow,
    outbox,
    repo,
    audit,
    ...(sender ? { sender } : {}),
    tick,
    lagSeconds: () => flow.lagSeconds(),
    async start() {
      await Promise.all([repo.ensureIndexes(), outbox.ensureIndexes(), audit.ensureIndexes()]);
      task = cron.schedule(deps.cronExpression ?? '* * * * *', () => tick(), { timezone: 'Europe/Stockholm', name: 'reminders-tick' });
      await tick();
    },
    async stop(options = {}) {
      const deadline = Date.now() + (options.waitMs ?? Number.POSITIVE_INFINITY);
      await task?.stop();
      await task?.destroy();
      const tickDone = await within(running?.then(() => true), deadline);
      if (!tickDone && running) deps.logger?.warn({}, 'Reminder tick still running at shutdown: abandoned; its leases expire and another tick takes the work');
    },
  };
}
