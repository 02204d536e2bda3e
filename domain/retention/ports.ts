import { z } from 'zod';
import type { AuditEntry, StoredCase } from '../cases/types.js';
import type { RetentionMark } from './anonymise.js';

export const retentionTriggers = ['schedule', 'manual'] as const;
export type RetentionTrigger = (typeof retentionTriggers)[number];

/** One line of a report: how many cases of one type got one action. */
export const retentionCountSchema = z.object({
  kind: z.enum(['avvikelse', 'synpunkt']),
  type: z.string(),
  action: z.enum(['anonymise', 'remove']),
  count: z.number().int().min(0),
});
export type RetentionCount = z.infer<typeof retentionCountSchema>;

/**
 * A run of the retention job, stored in `retention_runs`: first the claim ("running", with a lease), then the
 * report admins read. Case numbers only, never names or free text.
 */
export const retentionReportSchema = z.object({
  /** The Stockholm date for a scheduled run (one per day); `<date>:manual:<id>` for one started by an operator. */
  _id: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  trigger: z.enum(retentionTriggers),
  /** `system` for the nightly job, `cli:<os user>` for an operator. */
  actor: z.string(),
  instanceId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: z.date(),
  leaseUntil: z.date(),
  finishedAt: z.date().optional(),
  counts: z.array(retentionCountSchema).default([]),
  cases: z
    .object({
      anonymised: z.array(z.string()).default([]),
      removed: z.array(z.string()).default([]),
      failed: z.array(z.string()).default([]),
    })
    .prefault({}),
  /** Changed by someone else during the run, or already handled: left for the next run. */
  skipped: z.number().int().min(0).default(0),
  /** True when the case lists were cut to keep the document small; the counts are always complete. */
  truncated: z.boolean().default(false),
});
export type RetentionReport = z.infer<typeof retentionReportSchema>;

/** The marks the job writes into a case before touching its audit trail (see `RetentionStore`). */
export type RemovalMark = { action: 'remove'; at: Date; years: number; auditDone: false };
export type CaseRetentionMark = RetentionMark | RemovalMark;

/**
 * Storage for the retention job. Every write on a case is one atomic single-document operation that only matches a
 * CLOSED case (status `avslutad` with `closedAt`) at the version the job read; open cases are never touched.
 */
export interface RetentionStore {
  /** Closed cases of one type, closed before `closedBefore`, not yet marked by the job, `_id` > `afterId`, by `_id`. */
  findExpired(query: { kind: StoredCase['kind']; type: string; closedBefore: Date; afterId?: string; limit: number }): Promise<StoredCase[]>;
  /** Cases the job marked but whose audit part did not finish (a crash or an outage in between). */
  findUnfinished(limit: number): Promise<Array<StoredCase & { retention: CaseRetentionMark }>>;
  /** Replaces a closed case with its anonymised form if it is still at `expectedVersion`. False when not. */
  replaceWithAnonymised(anonymised: StoredCase & { retention: RetentionMark }, expectedVersion: number): Promise<boolean>;
  /** Marks a closed case for removal if it is still at `expectedVersion`. False when not. */
  markForRemoval(caseId: string, expectedVersion: number, mark: RemovalMark): Promise<boolean>;
  /** Deletes a case marked for removal. */
  deleteMarkedCase(caseId: string): Promise<void>;
  markAuditDone(caseId: string): Promise<void>;
  /** The audit trail of a case (for the job and the export). */
  listCaseAudit(caseId: string): Promise<AuditEntry[]>;
  /** Rewrites each audit entry of the case with `transform` (the one sanctioned change to the audit trail). */
  rewriteCaseAudit(caseId: string, transform: (entry: AuditEntry) => AuditEntry): Promise<number>;
  /** Deletes the audit trail of a removed case (the one sanctioned deletion from the audit trail). */
  deleteCaseAudit(caseId: string): Promise<number>;

  /** Inserts the run's claim; also takes over a claim whose lease ran out. False when another instance holds it. */
  claimRun(report: RetentionReport): Promise<boolean>;
  /** Extends the lease of our own running claim; false when it was taken over. */
  renewRun(runId: string, instanceId: string, leaseUntil: Date): Promise<boolean>;
  /** Writes the final report over our own claim. */
  finishRun(report: RetentionReport): Promise<void>;
  getRun(runId: string): Promise<RetentionReport | null>;
  listRuns(limit: number): Promise<RetentionReport[]>;
}

/** Minimal logger shape (pino-compatible). Only case numbers, counts and error codes are logged. */
export interface RetentionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
