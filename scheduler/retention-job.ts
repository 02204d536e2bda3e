import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import cron from 'node-cron';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../domain/errors.js';
import type { Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import type { RetentionLogger } from '../domain/retention/ports.js';
import { RetentionService, type RetentionRunResult } from '../domain/retention/service.js';
import { parseRetentionSettings, retentionSettings, type RetentionSettings, type RetentionSettingsInput } from '../domain/retention/settings.js';
import { MongoAuditStore } from '../storage/cases.js';
import { ensureRetentionIndexes, MongoRetentionStore } from '../storage/retention-store.js';

export interface RetentionJobDeps {
  db: Db;
  clock: Clock;
  /** Parsed settings or their input (defaults: docs/gallring.md). */
  settings?: RetentionSettings | RetentionSettingsInput;
  logger?: RetentionLogger;
  instanceId?: string;
}

export interface RetentionJob {
  service: RetentionService;
  /** Runs now. `dryRun` lists only; a non-dry run without `trigger` is a scheduled one (one per Stockholm day). */
  runNow(options?: Parameters<RetentionService['run']>[0]): Promise<RetentionRunResult>;
  /** Creates the indexes and schedules the nightly run (node-cron, Europe/Stockholm). */
  start(): Promise<void>;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * The nightly retention (gallring) job. In `app.ts`, next to the reminder system:
 * ```ts
 * const retention = createRetentionJob({ db, clock, settings: config.retention, logger: logger.child({ component: 'retention' }) });
 * await retention.start();          // with reminders.start(), after MongoDB is reachable
 * // … on shutdown: await retention.stop();
 * ```
 * Every instance may start it: the run for a date is claimed in `retention_runs`, so only one does the work.
 */
export function createRetentionJob(deps: RetentionJobDeps): RetentionJob {
  const settings = retentionSettings(deps.settings as RetentionSettingsInput);
  const instanceId = deps.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const service = new RetentionService({
    store: new MongoRetentionStore(deps.db),
    audit: new MongoAuditStore(deps.db),
    clock: deps.clock,
    settings,
    instanceId,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  let task: ReturnType<typeof cron.schedule> | undefined;
  let running: Promise<RetentionRunResult> | undefined;

  const runNow: RetentionJob['runNow'] = async (options = {}) => {
    if (options.dryRun) return service.run(options);
    // In-process no-overlap; across instances the claim in storage keeps runs apart.
    if (running) return running;
    running = service.run(options).finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    service,
    runNow,
    async start() {
      await ensureRetentionIndexes(deps.db);
      task = cron.schedule(
        settings.cron,
        async () => {
          try {
            await runNow({ trigger: 'schedule' });
          } catch (error) {
            deps.logger?.error({ error: (error as Error)?.name ?? 'Error' }, 'retention run failed; tomorrow’s run retries (check MongoDB)');
          }
        },
        { timezone: 'Europe/Stockholm', name: 'retention-nightly' },
      );
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      await running?.catch(() => undefined);
    },
  };
}

/**
 * Retention settings from the environment: `RETENTION_SETTINGS` (inline JSON) or `RETENTION_SETTINGS_FILE` (a YAML
 * or JSON file, e.g. kept next to the municipality's dokumenthanteringsplan). Neither set: the defaults.
 */
export async function loadRetentionSettings(env: Record<string, string | undefined>): Promise<RetentionSettings> {
  const inline = env.RETENTION_SETTINGS?.trim();
  const file = env.RETENTION_SETTINGS_FILE?.trim();
  if (inline) {
    let value: unknown;
    try {
      value = JSON.parse(inline);
    } catch {
      throw new AppError('retention.bad_settings', { where: 'RETENTION_SETTINGS', reason: 'inte giltig JSON' });
    }
    return parseRetentionSettings(value, 'RETENTION_SETTINGS');
  }
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new AppError('retention.bad_settings', { where: 'RETENTION_SETTINGS_FILE', reason: `filen ${file} kan inte läsas` });
    }
    let value: unknown;
    try {
      value = parseYaml(text);
    } catch {
      throw new AppError('retention.bad_settings', { where: file, reason: 'inte giltig YAML eller JSON' });
    }
    return parseRetentionSettings(value, file);
  }
  return retentionSettings();
}
