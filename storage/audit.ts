import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { ActivityEntry, ActivityLog } from '../domain/activity-log.js';
import { redactIdentityNumbersDeep } from '../domain/privacy/guard.js';

/** The activity log's collection (`audit`); what an entry is: domain/activity-log.ts. */
const AuditDoc = z.object({
  subject: z.string(),
  actor: z.string(),
  action: z.string(),
  at: z.date(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const AUDIT_COLLECTION = 'audit';

export class AuditRepository implements ActivityLog {
  private readonly col: Collection<ActivityEntry>;
  constructor(db: Db) {
    this.col = db.collection<ActivityEntry>(AUDIT_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ subject: 1, at: 1 });
    await this.col.createIndex({ actor: 1, at: 1 });
  }

  async appendAudit(entry: ActivityEntry): Promise<void> {
    const doc = AuditDoc.parse(redactIdentityNumbersDeep(entry));
    // insertOne only: a copy so the driver's _id does not leak back into the caller's object.
    await this.col.insertOne({ ...doc });
  }

  async listAudit(filter: { subject?: string; actor?: string; from?: Date; to?: Date } = {}, limit = 500): Promise<ActivityEntry[]> {
    const q: Record<string, unknown> = {};
    if (filter.subject) q.subject = filter.subject;
    if (filter.actor) q.actor = filter.actor;
    if (filter.from || filter.to) q.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    const docs = await this.col.find(q, { projection: { _id: 0 } }).sort({ at: 1 }).limit(limit).toArray();
    return docs.map((d) => AuditDoc.parse(d));
  }
}
