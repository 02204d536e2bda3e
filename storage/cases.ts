/**
 * The cases' collections and indexes: `cases` (both kinds, one document per case with its outbox of effects),
 * `case_counters` (the yearly case numbers) and `case_audit` (the append-only audit trail). Implements the ports the
 * case flows name (`CaseStore`, `AuditStore` in domain/cases/ports.ts) with single-document atomic writes only.
 *
 * A new case costs: its number (one `$inc`), its insert (the document carries its effects), then the effects at
 * once (audit entry, notifications; deadlines in order) and one `$pull` of those done.
 */
import { MongoError, type Collection, type Db } from 'mongodb';
import { AppError, isAppError } from '../domain/errors.js';
import type { AuditStore, CaseStore } from '../domain/cases/ports.js';
import { auditEntrySchema, storedCaseSchema, type AuditEntry, type CaseEffect, type StoredCase } from '../domain/cases/types.js';
import { redactIdentityNumbersDeep } from '../domain/privacy/guard.js';

export const CASES = 'cases';
export const CASE_COUNTERS = 'case_counters';
export const CASE_AUDIT = 'case_audit';

type CaseDocument = StoredCase & { _id: string };
interface CounterDocument {
  _id: string;
  seq: number;
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoError && (error.code === 11000 || error.code === 11001);
}

/** Any driver fault becomes the catalogue's "not saved" error; our own AppErrors pass through. */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('common.storage_unavailable', {}, { cause: error });
  }
}

function parseCase(raw: unknown): StoredCase {
  const parsed = storedCaseSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('cases.corrupt_document', {}, { cause: parsed.error });
  return parsed.data;
}

/** Creates the indexes the case machinery relies on. Idempotent; call at start-up. */
export async function ensureCaseIndexes(db: Db): Promise<void> {
  await guard(async () => {
    const cases = db.collection(CASES);
    await cases.createIndex({ number: 1 }, { unique: true, name: 'number_unique' });
    await cases.createIndex({ 'reporter.personId': 1, idempotencyToken: 1 }, { unique: true, name: 'reporter_token_unique' });
    await cases.createIndex({ handlerIds: 1, closedAt: 1 }, { name: 'handlers' });
    await cases.createIndex({ 'reporter.personId': 1, closedAt: 1 }, { name: 'reporter' });
    await cases.createIndex({ kind: 1, 'period.year': 1 }, { name: 'period' });
    await cases.createIndex({ 'outbox.id': 1 }, { name: 'outbox' });
    await db.collection(CASE_AUDIT).createIndex({ caseId: 1, at: 1 }, { name: 'case_at' });
  });
}

/** MongoDB implementation of the case store: one collection for both kinds, single-document atomic writes only. */
export class MongoCaseStore implements CaseStore {
  private readonly cases: Collection<CaseDocument>;
  private readonly counters: Collection<CounterDocument>;

  constructor(db: Db) {
    this.cases = db.collection<CaseDocument>(CASES);
    this.counters = db.collection<CounterDocument>(CASE_COUNTERS);
  }

  async nextSequence(prefix: string, year: number): Promise<number> {
    const _id = `${prefix}-${year}`;
    return guard(async () => {
      // One round trip in the common case: a plain $inc on the year's counter. Only the first number of a year
      // creates the counter, with $setOnInsert and then the $inc: concurrent *upserting* increments of a new document
      // lose increments on some servers (SecantusDB gave 1, 9, 10, … for 40 racing first calls), a plain $inc on an
      // existing one never does (test/storage/compatibility.test.ts).
      const inc = () => this.counters.findOneAndUpdate({ _id }, { $inc: { seq: 1 } }, { returnDocument: 'after' });
      const doc = await inc();
      if (doc && typeof doc.seq === 'number') return doc.seq;
      await this.counters.updateOne({ _id }, { $setOnInsert: { seq: 0 } }, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
      const created = await inc();
      if (created && typeof created.seq === 'number') return created.seq;
      throw new AppError('common.storage_unavailable');
    });
  }

  async findByToken(reporterPersonId: string, token: string): Promise<StoredCase | null> {
    const raw = await guard(() => this.cases.findOne({ 'reporter.personId': reporterPersonId, idempotencyToken: token }));
    return raw ? parseCase(raw) : null;
  }

  async insert(doc: StoredCase): Promise<{ doc: StoredCase; created: boolean }> {
    try {
      await this.cases.insertOne(doc as CaseDocument);
      return { doc, created: true };
    } catch (error) {
      if (isDuplicateKey(error)) {
        const existing = await this.findByToken(doc.reporter.personId, doc.idempotencyToken);
        if (existing) return { doc: existing, created: false };
      }
      throw new AppError('common.storage_unavailable', {}, { cause: error });
    }
  }

  async get(caseId: string): Promise<StoredCase | null> {
    const raw = await guard(() => this.cases.findOne({ _id: caseId }));
    return raw ? parseCase(raw) : null;
  }

  async getByNumber(number: string): Promise<StoredCase | null> {
    const raw = await guard(() => this.cases.findOne({ number }));
    return raw ? parseCase(raw) : null;
  }

  async update(caseId: string, expectedVersion: number, patch: Record<string, unknown>, effects: CaseEffect[]): Promise<StoredCase | null> {
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (key === '_id' || key === 'version' || key === 'outbox') continue;
      if (value === undefined) $unset[key] = '';
      else $set[key] = value;
    }
    const raw = await guard(() =>
      this.cases.findOneAndUpdate(
        { _id: caseId, version: expectedVersion },
        {
          ...(Object.keys($set).length ? { $set } : {}),
          ...(Object.keys($unset).length ? { $unset } : {}),
          $inc: { version: 1 },
          ...(effects.length ? { $push: { outbox: { $each: effects } } } : {}),
        } as never,
        { returnDocument: 'after' },
      ),
    );
    return raw ? parseCase(raw) : null;
  }

  async removeEffects(caseId: string, effectIds: string[]): Promise<void> {
    await guard(() => this.cases.updateOne({ _id: caseId }, { $pull: { outbox: { id: { $in: effectIds } } } } as never));
  }

  async listWithPendingEffects(limit: number): Promise<StoredCase[]> {
    const raws = await guard(() => this.cases.find({ 'outbox.0': { $exists: true } }).limit(limit).toArray());
    return raws.map(parseCase);
  }

  async listForPerson(personId: string, options: { kind?: StoredCase['kind']; includeClosed: boolean; limit: number }): Promise<StoredCase[]> {
    const filter: Record<string, unknown> = { $or: [{ 'reporter.personId': personId }, { handlerIds: personId }] };
    if (!options.includeClosed) filter.closedAt = { $exists: false };
    if (options.kind) filter.kind = options.kind;
    const raws = await guard(() =>
      this.cases
        .find(filter as never)
        .sort({ nextDueAt: 1, createdAt: -1 })
        .limit(Math.max(options.limit * 5, 100))
        .toArray(),
    );
    return raws.map(parseCase);
  }
}

type AuditDocument = AuditEntry & { _id: string };

/** Append-only audit trail: inserts only; a repeated id is the same entry and is ignored. */
export class MongoAuditStore implements AuditStore {
  private readonly audit: Collection<AuditDocument>;
  constructor(db: Db) {
    this.audit = db.collection<AuditDocument>(CASE_AUDIT);
  }

  async append(entry: AuditEntry): Promise<void> {
    try {
      await this.audit.insertOne(auditEntrySchema.parse(redactIdentityNumbersDeep(entry)) as AuditDocument);
    } catch (error) {
      if (isDuplicateKey(error)) return;
      if (isAppError(error)) throw error;
      throw new AppError('common.storage_unavailable', {}, { cause: error });
    }
  }

  async listForCase(caseId: string): Promise<AuditEntry[]> {
    const raws = await guard(() => this.audit.find({ caseId }).sort({ at: 1, _id: 1 }).toArray());
    return raws.map((r) => auditEntrySchema.parse(r));
  }
}
