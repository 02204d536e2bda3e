import type { Collection, Db, Filter } from 'mongodb';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { auditEntrySchema, storedCaseSchema, type AuditEntry, type StoredCase } from '../domain/cases/types.js';
import type { RetentionMark } from '../domain/retention/anonymise.js';
import { RetentionErrors } from '../domain/retention/errors.js';
import { retentionReportSchema, type CaseRetentionMark, type RemovalMark, type RetentionReport, type RetentionStore } from '../domain/retention/ports.js';
import { CASE_AUDIT, CASES, guard, isDuplicateKey } from './cases.js';

export const RETENTION_RUNS = 'retention_runs';

const markSchema = z.object({
  action: z.enum(['anonymise', 'remove']),
  at: z.date(),
  years: z.number().int(),
  auditDone: z.boolean(),
});

type CaseDocument = StoredCase & { _id: string; retention?: CaseRetentionMark };
/** The fields of a case document the retention marks touch (a narrow view of the same collection, for typed updates). */
type CaseMarkFields = { _id: string; version: number; status: string; closedAt?: Date; retention?: CaseRetentionMark };
type AuditDocument = AuditEntry & { _id: string };
type RunDocument = RetentionReport;

/** Only a closed case is ever changed or deleted by retention: both conditions are in every write's filter. */
const CLOSED = { status: 'avslutad', closedAt: { $exists: true } } as const;

function parseCase(raw: unknown): StoredCase {
  const parsed = storedCaseSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('cases.corrupt_document', {}, { cause: parsed.error });
  return parsed.data;
}

function parseRun(raw: unknown): RetentionReport {
  const parsed = retentionReportSchema.safeParse(raw);
  if (!parsed.success) throw new AppError(RetentionErrors.corruptReport, {}, { cause: parsed.error });
  return parsed.data;
}

/** Indexes for the retention job. Idempotent; call at start-up (after `ensureCaseIndexes`). */
export async function ensureRetentionIndexes(db: Db): Promise<void> {
  await guard(async () => {
    await db.collection(CASES).createIndex({ kind: 1, type: 1, closedAt: 1 }, { name: 'retention_expired' });
    await db.collection(CASES).createIndex({ 'retention.auditDone': 1 }, { name: 'retention_unfinished' });
    await db.collection(RETENTION_RUNS).createIndex({ startedAt: -1 }, { name: 'started' });
  });
}

/**
 * MongoDB side of retention: single-document atomic writes on the `cases` collection, the run claims and reports in
 * `retention_runs`, and — uniquely in the application — the anonymisation and deletion of `case_audit` entries.
 */
export class MongoRetentionStore implements RetentionStore {
  private readonly cases: Collection<CaseDocument>;
  private readonly caseMarks: Collection<CaseMarkFields>;
  private readonly audit: Collection<AuditDocument>;
  private readonly runs: Collection<RunDocument>;

  constructor(db: Db) {
    this.cases = db.collection<CaseDocument>(CASES);
    this.caseMarks = db.collection<CaseMarkFields>(CASES);
    this.audit = db.collection<AuditDocument>(CASE_AUDIT);
    this.runs = db.collection<RunDocument>(RETENTION_RUNS);
  }

  async findExpired(query: { kind: StoredCase['kind']; type: string; closedBefore: Date; afterId?: string; limit: number }): Promise<StoredCase[]> {
    const filter: Filter<CaseDocument> = {
      kind: query.kind,
      type: query.type,
      status: 'avslutad',
      closedAt: { $lt: query.closedBefore },
      retention: { $exists: false },
    };
    if (query.afterId) filter._id = { $gt: query.afterId };
    const raws = await guard(() => this.cases.find(filter).sort({ _id: 1 }).limit(query.limit).toArray());
    return raws.map(parseCase);
  }

  async findUnfinished(limit: number): Promise<Array<StoredCase & { retention: CaseRetentionMark }>> {
    const raws = await guard(() => this.cases.find({ 'retention.auditDone': false }).sort({ _id: 1 }).limit(limit).toArray());
    return raws.map((raw) => {
      const doc = parseCase(raw);
      const mark = markSchema.parse((raw as { retention?: unknown }).retention);
      return { ...doc, retention: mark as CaseRetentionMark };
    });
  }

  async replaceWithAnonymised(anonymised: StoredCase & { retention: RetentionMark }, expectedVersion: number): Promise<boolean> {
    const r = await guard(() =>
      this.cases.replaceOne({ _id: anonymised._id, version: expectedVersion, ...CLOSED, retention: { $exists: false } }, anonymised as CaseDocument),
    );
    return r.matchedCount === 1;
  }

  async markForRemoval(caseId: string, expectedVersion: number, mark: RemovalMark): Promise<boolean> {
    const r = await guard(() =>
      this.caseMarks.updateOne({ _id: caseId, version: expectedVersion, ...CLOSED, retention: { $exists: false } }, {
        $set: { retention: mark },
        $inc: { version: 1 },
      }),
    );
    return r.matchedCount === 1;
  }

  async deleteMarkedCase(caseId: string): Promise<void> {
    await guard(() => this.cases.deleteOne({ _id: caseId, ...CLOSED, 'retention.action': 'remove' }));
  }

  async markAuditDone(caseId: string): Promise<void> {
    await guard(() => this.cases.updateOne({ _id: caseId, 'retention.action': 'anonymise' }, { $set: { 'retention.auditDone': true } }));
  }

  async listCaseAudit(caseId: string): Promise<AuditEntry[]> {
    const raws = await guard(() => this.audit.find({ caseId }).sort({ at: 1, _id: 1 }).toArray());
    return raws.map((r) => auditEntrySchema.parse(r));
  }

  /**
   * THE ONE PLACE that changes existing audit entries. The audit trail is otherwise append-only (MongoAuditStore);
   * retention may anonymise the actor of each entry of a case whose retention period has passed, because the
   * municipality's rules for personal data outrank keeping who looked at an old case. Each entry is replaced on its
   * own (single-document writes); a rerun is harmless because the transform is idempotent.
   */
  async rewriteCaseAudit(caseId: string, transform: (entry: AuditEntry) => AuditEntry): Promise<number> {
    const entries = await this.listCaseAudit(caseId);
    let changed = 0;
    for (const entry of entries) {
      const next = auditEntrySchema.parse(transform(entry));
      if (next._id !== entry._id || next.caseId !== entry.caseId) throw new Error('an audit rewrite must keep the entry id and case');
      const r = await guard(() => this.audit.replaceOne({ _id: entry._id, caseId }, next as AuditDocument));
      changed += r.modifiedCount;
    }
    return changed;
  }

  /**
   * THE ONE PLACE that deletes audit entries: the audit trail of a case that retention removes goes with it, so no
   * trace of the person remains. The run report keeps the case number and the count.
   */
  async deleteCaseAudit(caseId: string): Promise<number> {
    const r = await guard(() => this.audit.deleteMany({ caseId }));
    return r.deletedCount;
  }

  async claimRun(report: RetentionReport): Promise<boolean> {
    const doc = retentionReportSchema.parse(report);
    try {
      await this.runs.insertOne(doc);
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw new AppError('common.storage_unavailable', {}, { cause: error });
    }
    // Someone has the day. Take it over only if their run died (lease ran out without renewal).
    const taken = await guard(() =>
      this.runs.findOneAndUpdate(
        { _id: doc._id, state: 'running', leaseUntil: { $lt: doc.startedAt } },
        { $set: { instanceId: doc.instanceId, leaseUntil: doc.leaseUntil, actor: doc.actor, trigger: doc.trigger } },
        { returnDocument: 'after' },
      ),
    );
    return taken !== null;
  }

  async renewRun(runId: string, instanceId: string, leaseUntil: Date): Promise<boolean> {
    const r = await guard(() => this.runs.updateOne({ _id: runId, instanceId, state: 'running' }, { $set: { leaseUntil } }));
    return r.matchedCount === 1;
  }

  async finishRun(report: RetentionReport): Promise<void> {
    const doc = retentionReportSchema.parse(report);
    await guard(() => this.runs.replaceOne({ _id: doc._id, instanceId: doc.instanceId }, doc));
  }

  async getRun(runId: string): Promise<RetentionReport | null> {
    const raw = await guard(() => this.runs.findOne({ _id: runId }));
    return raw ? parseRun(raw) : null;
  }

  async listRuns(limit: number): Promise<RetentionReport[]> {
    const raws = await guard(() => this.runs.find({}).sort({ startedAt: -1 }).limit(limit).toArray());
    return raws.map(parseRun);
  }
}
