import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { toStockholmDate } from '../calendar/swedish-calendar.js';
import type { Clock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { AuditStore } from '../cases/ports.js';
import type { StoredCase } from '../cases/types.js';
import { anonymiseAuditEntry, anonymiseCase } from './anonymise.js';
import type { CaseRetentionMark, RetentionCount, RetentionLogger, RetentionReport, RetentionStore, RetentionTrigger } from './ports.js';
import { retentionRules, type RetentionSettings, type RuleEntry } from './settings.js';

export interface RetentionServiceDeps {
  store: RetentionStore;
  audit: AuditStore;
  clock: Clock;
  settings: RetentionSettings;
  /** Unique per process; names the holder of a run's claim. */
  instanceId: string;
  logger?: RetentionLogger;
  newId?: () => string;
  /** How long a claim is ours without renewal before another instance may take the day over. */
  leaseMs?: number;
}

/** What the dry run would do to one case (case number and type only). */
export interface PlannedAction {
  caseId: string;
  number: string;
  kind: StoredCase['kind'];
  type: string;
  closedAt: Date;
  action: 'anonymise' | 'remove';
}

export type RetentionRunResult =
  | { status: 'dry_run'; date: string; planned: PlannedAction[] }
  | { status: 'disabled'; date: string }
  | { status: 'already_claimed'; date: string; runId: string }
  | { status: 'done' | 'failed'; date: string; runId: string; report: RetentionReport };

const STOCKHOLM = 'Europe/Stockholm';
/** Keeps a report document small; the counts are always complete. */
const MAX_LISTED = 10_000;
/** Log lines name at most this many case numbers; the report has them all. */
const MAX_LOGGED = 200;
const SYSTEM = { id: 'system', name: 'Kvalitetsboten' };

const silent: RetentionLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** The error's stable code or class name: never its message, which may quote stored values. */
function errorTag(error: unknown): string {
  if (isAppError(error)) return error.code;
  return (error as Error)?.name ?? 'Error';
}

function capped(numbers: string[]): { numbers: string[]; more: number } {
  return { numbers: numbers.slice(0, MAX_LOGGED), more: Math.max(0, numbers.length - MAX_LOGGED) };
}

/**
 * Retention (gallring) of closed cases: anonymise or remove each case whose retention period has passed, according
 * to the rule for its type. Open cases are never touched, whatever their age. A run per Stockholm day is claimed in
 * storage so only one instance does it; each case is processed on its own (one failure does not stop the rest) in
 * crash-safe steps a later run completes.
 */
export class RetentionService {
  private readonly log: RetentionLogger;
  private readonly newId: () => string;
  private readonly leaseMs: number;

  constructor(private readonly deps: RetentionServiceDeps) {
    this.log = deps.logger ?? silent;
    this.newId = deps.newId ?? randomUUID;
    this.leaseMs = deps.leaseMs ?? 10 * 60_000;
  }

  /** The last closing time a case of this age may have to be due: now minus `years`, on the Stockholm calendar. */
  cutoff(years: number, now: Date = this.deps.clock.now()): Date {
    return DateTime.fromJSDate(now, { zone: STOCKHOLM }).minus({ years }).toJSDate();
  }

  /**
   * Runs retention now. `dryRun` only lists what would happen. A scheduled run claims the Stockholm date (one run per
   * day across all instances); a manual run gets its own id, and per-case version checks keep it from colliding.
   */
  async run(options: { dryRun?: boolean; trigger?: RetentionTrigger; actor?: string } = {}): Promise<RetentionRunResult> {
    const now = this.deps.clock.now();
    const date = toStockholmDate(now);
    if (options.dryRun) return { status: 'dry_run', date, planned: await this.plan(now) };
    const trigger = options.trigger ?? 'schedule';
    if (!this.deps.settings.enabled) {
      this.log.info({ date, trigger }, 'retention is disabled in the settings; nothing done');
      return { status: 'disabled', date };
    }
    const runId = trigger === 'schedule' ? date : `${date}:manual:${this.newId()}`;
    const report: RetentionReport = {
      _id: runId,
      date,
      trigger,
      actor: options.actor ?? SYSTEM.id,
      instanceId: this.deps.instanceId,
      state: 'running',
      startedAt: now,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      counts: [],
      cases: { anonymised: [], removed: [], failed: [] },
      skipped: 0,
      truncated: false,
    };
    if (!(await this.deps.store.claimRun(report))) {
      this.log.info({ date, runId }, 'retention already claimed for today by another instance; skipping');
      return { status: 'already_claimed', date, runId };
    }
    this.log.info({ date, runId, trigger }, 'retention run started');
    const tally = new Tally();
    try {
      await this.finishUnfinished(tally);
      for await (const { action, years, batch } of this.expiredBatches(now)) {
        for (const doc of batch) await this.processOne(doc, action, years, tally);
        if (!(await this.deps.store.renewRun(runId, this.deps.instanceId, new Date(this.deps.clock.now().getTime() + this.leaseMs)))) {
          throw new Error('retention lease lost');
        }
      }
      report.state = 'done';
    } catch (error) {
      report.state = 'failed';
      this.log.error({ date, runId, error: errorTag(error) }, 'retention run stopped early; the next run continues (check MongoDB)');
    }
    Object.assign(report, tally.toReport(), { finishedAt: this.deps.clock.now() });
    await this.deps.store.finishRun(report).catch((error: unknown) => {
      this.log.error({ date, runId, error: errorTag(error) }, 'could not store the retention report (check MongoDB)');
    });
    this.logSummary(report, tally);
    return { status: report.state === 'done' ? 'done' : 'failed', date, runId, report };
  }

  /** The latest reports, newest first (for admins). */
  async reports(limit = 10): Promise<RetentionReport[]> {
    return this.deps.store.listRuns(limit);
  }

  /** Closed cases past their retention, with the action their rule names. Reads only. */
  async plan(now: Date = this.deps.clock.now()): Promise<PlannedAction[]> {
    const planned: PlannedAction[] = [];
    for await (const { kind, type, action, batch } of this.expiredBatches(now)) {
      for (const doc of batch) planned.push({ caseId: doc._id, number: doc.number, kind, type, closedAt: doc.closedAt!, action });
    }
    return planned;
  }

  /**
   * One case, in steps that a later run can finish after a crash:
   * 1. one atomic write on the closed case at the version read: the anonymised form, or a removal mark;
   * 2. the audit trail is anonymised or deleted;
   * 3. the mark is completed (anonymise) or the case deleted (remove).
   */
  /** Closed cases past their retention, one batch at a time in _id order, with what their rule says to do. */
  private async *expiredBatches(now: Date): AsyncGenerator<{ kind: RuleEntry['kind']; type: string; action: 'anonymise' | 'remove'; years: number; batch: StoredCase[] }> {
    for (const { kind, type, rule } of retentionRules(this.deps.settings)) {
      if (rule.action === 'keep') continue;
      const closedBefore = this.cutoff(rule.years, now);
      let afterId: string | undefined;
      for (;;) {
        const batch = await this.deps.store.findExpired({ kind, type, closedBefore, limit: this.deps.settings.batchSize, ...(afterId ? { afterId } : {}) });
        if (batch.length > 0) yield { kind, type, action: rule.action, years: rule.years, batch };
        if (batch.length < this.deps.settings.batchSize) break;
        afterId = batch[batch.length - 1]!._id;
      }
    }
  }

  private async processOne(doc: StoredCase, action: 'anonymise' | 'remove', years: number, tally: Tally): Promise<void> {
    try {
      if (doc.status !== 'avslutad' || !doc.closedAt) return; // the store filters this too; never touch an open case
      const now = this.deps.clock.now();
      const marked =
        action === 'anonymise'
          ? await this.deps.store.replaceWithAnonymised(anonymiseCase(doc, now, years), doc.version)
          : await this.deps.store.markForRemoval(doc._id, doc.version, { action: 'remove', at: now, years, auditDone: false });
      if (!marked) {
        tally.skipped += 1;
        return;
      }
      await this.finishAudit(doc, action);
      tally.add(doc, action);
    } catch (error) {
      tally.fail(doc);
      this.log.warn({ caseNumber: doc.number, error: errorTag(error) }, 'retention of one case failed; it is retried in the next run');
    }
  }

  private async finishAudit(doc: Pick<StoredCase, '_id' | 'number'>, action: 'anonymise' | 'remove'): Promise<void> {
    if (action === 'anonymise') {
      await this.deps.store.rewriteCaseAudit(doc._id, anonymiseAuditEntry);
      await this.deps.audit.append({
        _id: `${doc._id}:retention.anonymised`,
        caseId: doc._id,
        caseNumber: doc.number,
        at: this.deps.clock.now(),
        actorId: SYSTEM.id,
        actorName: SYSTEM.name,
        action: 'retention.anonymised',
      });
      await this.deps.store.markAuditDone(doc._id);
    } else {
      await this.deps.store.deleteCaseAudit(doc._id);
      await this.deps.store.deleteMarkedCase(doc._id);
      // A details view logged between the two steps would otherwise outlive the case.
      await this.deps.store.deleteCaseAudit(doc._id);
    }
  }

  /** Cases a previous run marked but did not finish (crash or outage between the steps). */
  private async finishUnfinished(tally: Tally): Promise<void> {
    const seen = new Set<string>();
    for (;;) {
      const batch = (await this.deps.store.findUnfinished(this.deps.settings.batchSize)).filter((d) => !seen.has(d._id));
      if (batch.length === 0) return;
      for (const doc of batch) {
        seen.add(doc._id);
        const mark: CaseRetentionMark = doc.retention;
        try {
          await this.finishAudit(doc, mark.action);
          tally.add(doc, mark.action);
        } catch (error) {
          tally.fail(doc);
          this.log.warn({ caseNumber: doc.number, error: errorTag(error) }, 'finishing an interrupted retention failed; retried in the next run');
        }
      }
    }
  }

  private logSummary(report: RetentionReport, tally: Tally): void {
    const line = {
      date: report.date,
      runId: report._id,
      trigger: report.trigger,
      state: report.state,
      counts: report.counts,
      skipped: report.skipped,
      anonymised: capped(tally.anonymised),
      removed: capped(tally.removed),
      failed: capped(tally.failed),
    };
    if (report.state === 'done' && tally.failed.length === 0) this.log.info(line, 'retention run done');
    else this.log.warn(line, 'retention run finished with failures; they are retried in the next run');
  }
}

/** Counts and case numbers of one run. */
class Tally {
  readonly anonymised: string[] = [];
  readonly removed: string[] = [];
  readonly failed: string[] = [];
  skipped = 0;
  private readonly counts = new Map<string, RetentionCount>();

  add(doc: Pick<StoredCase, 'number' | 'kind' | 'type'>, action: 'anonymise' | 'remove'): void {
    (action === 'anonymise' ? this.anonymised : this.removed).push(doc.number);
    const key = `${doc.kind}:${doc.type}:${action}`;
    const row = this.counts.get(key) ?? { kind: doc.kind, type: doc.type, action, count: 0 };
    row.count += 1;
    this.counts.set(key, row);
  }

  fail(doc: Pick<StoredCase, 'number'>): void {
    if (!this.failed.includes(doc.number)) this.failed.push(doc.number);
  }

  toReport(): Pick<RetentionReport, 'counts' | 'cases' | 'skipped' | 'truncated'> {
    const truncated = [this.anonymised, this.removed, this.failed].some((l) => l.length > MAX_LISTED);
    return {
      counts: [...this.counts.values()],
      cases: { anonymised: this.anonymised.slice(0, MAX_LISTED), removed: this.removed.slice(0, MAX_LISTED), failed: this.failed.slice(0, MAX_LISTED) },
      skipped: this.skipped,
      truncated,
    };
  }
}
