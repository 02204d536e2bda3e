import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import cron from 'node-cron';
import type { Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import '../domain/paminnelser/errors.js';
import type { Directory } from '../domain/paminnelser/ports.js';
import { ReminderService } from '../domain/paminnelser/service.js';
import { reminderConfig, type ReminderConfig } from '../domain/paminnelser/types.js';
import { AuditRepository } from '../storage/audit.js';
import { MongoOutbox } from '../storage/outbox.js';
import { ReminderRepository } from '../storage/reminder-repository.js';
import type { ChatDelivery } from './delivery.js';
import { OutboxSender, type OutboxSenderOptions } from './outbox-sender.js';
import { ReminderEngine, type EngineLogger } from './reminder-engine.js';

export type { ChatDelivery } from './delivery.js';

export interface ReminderSystemDeps {
  db: Db;
  clock: Clock;
  directory: Directory;
  /** Teams/Slack sender (bot/). Omit to run without the sender loop (e.g. a CLI dry run). */
  delivery?: ChatDelivery;
  config?: Partial<ReminderConfig>;
  /** A config object owned by the caller and updated in place (admin settings); wins over `config`. */
  liveConfig?: ReminderConfig;
  /** node-cron expression for the reminder tick; default every minute. */
  cronExpression?: string;
  sender?: Partial<Omit<OutboxSenderOptions, 'instanceId'>>;
  engine?: { leaseMs?: number };
  instanceId?: string;
  logger?: EngineLogger;
  /** Escalates a case when its escalation deadline passes (AvvikelseService.escalateIfUnacknowledged). */
  caseEscalation?: (caseId: string) => Promise<boolean>;
}

export interface ReminderSystem {
  service: ReminderService;
  engine: ReminderEngine;
  outbox: MongoOutbox;
  repo: ReminderRepository;
  audit: AuditRepository;
  sender?: OutboxSender;
  /** Run one tick now (plan + due nudges); the cron job calls the same. */
  tick(): Promise<void>;
  /** Start the cron tick and the sender loop. Runs one tick at once so downtime is caught up on start. */
  start(): Promise<void>;
  /**
   * Stops the cron tick and the sender. A tick still running after `waitMs` is abandoned, not awaited: what it
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
 * Build the reminder system. In `app.ts`:
 * ```ts
 * const reminders = createReminderSystem({ db, clock: systemClock, directory, delivery, logger });
 * await reminders.start();            // after MongoDB is reachable
 * // … on shutdown: await reminders.stop();
 * ```
 * `reminders.service` is what handlers call (markDone, snooze, notMine, listUpcoming, …) and what other features
 * call for case deadlines (upsertCaseDeadline / cancelCaseDeadline); `reminders.outbox.enqueue` is the generic outbox.
 */
export function createReminderSystem(deps: ReminderSystemDeps): ReminderSystem {
  const config = deps.liveConfig ?? reminderConfig(deps.config);
  const instanceId = deps.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const repo = new ReminderRepository(deps.db);
  const outbox = new MongoOutbox(deps.db, deps.clock);
  const audit = new AuditRepository(deps.db);
  const engine = new ReminderEngine({
    repo,
    outbox,
    directory: deps.directory,
    clock: deps.clock,
    config,
    instanceId,
    ...deps.engine,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.caseEscalation ? { caseEscalation: deps.caseEscalation } : {}),
  });
  const service = new ReminderService({ store: repo, directory: deps.directory, outbox, audit, clock: deps.clock, config });
  const sender = deps.delivery
    ? new OutboxSender(outbox, deps.delivery, deps.directory, { ...deps.sender, instanceId, ...(deps.logger ? { logger: deps.logger } : {}) })
    : undefined;

  let task: ReturnType<typeof cron.schedule> | undefined;
  let running: Promise<void> | undefined;
  const tick = async () => {
    // In-process no-overlap; across instances the leases keep work apart.
    if (running) return running;
    running = (async () => {
      try {
        const r = await engine.tick();
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
    engine,
    outbox,
    repo,
    audit,
    ...(sender ? { sender } : {}),
    tick,
    async start() {
      await Promise.all([repo.ensureIndexes(), outbox.ensureIndexes(), audit.ensureIndexes()]);
      sender?.start();
      task = cron.schedule(deps.cronExpression ?? '* * * * *', () => tick(), { timezone: 'Europe/Stockholm', name: 'reminders-tick' });
      await tick();
    },
    async stop(options = {}) {
      const deadline = Date.now() + (options.waitMs ?? Number.POSITIVE_INFINITY);
      await task?.stop();
      await task?.destroy();
      const tickDone = await within(running?.then(() => true), deadline);
      if (!tickDone && running) deps.logger?.warn({}, 'Reminder tick still running at shutdown: abandoned; its leases expire and another tick takes the work');
      const senderDone = await within(sender?.stop().then(() => true), deadline);
      if (!senderDone && sender) deps.logger?.warn({}, 'Outbox sender still sending at shutdown: abandoned; unsent items are retried after their lease');
    },
  };
}
