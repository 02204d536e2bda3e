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
  stop(): Promise<void>;
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
    async stop() {
      await task?.stop();
      await task?.destroy();
      await running;
      await sender?.stop();
    },
  };
}
