/**
 * The cases' collections and indexes: `cases` (both kinds, one document per case with its outbox of effects),
 * `case_counters` (the yearly case numbers) and `case_audit` (the append-only audit trail). Implements the ports the
 * case flows name (`CaseStore`, `AuditStore` in domain/cases/ports.ts) with single-document atomic writes only.
 *
 * A write is the case document with its effects in its outbox, then the effects carried out here, at once where
 * they are independent: the audit entry, the notifications (into the outbox every message goes out through, with
 * the person's chat address — `caseNotifier` below), the deadlines (as reminders), then one `$pull` of those done.
 * What fails stays in the case's outbox and `flushPending` retries it; every effect is idempotent.
 */
import { randomUUID } from 'node:crypto';
import { MongoError, type Collection, type Db } from 'mongodb';
import { formatCaseNumber, stockholmPeriod } from '../domain/cases/numbering.js';
import type { AuditStore, CaseStore, CaseWrite, DeadlineSink, Notifier } from '../domain/cases/ports.js';
import type { NewCaseIds } from '../domain/cases/service.js';
import { auditEntrySchema, storedCaseSchema, type AuditEntry, type CaseEffect, type NotifyOutcome, type StoredCase } from '../domain/cases/types.js';
import { AppError, isAppError } from '../domain/errors.js';
import { notifyAdmins } from '../domain/outbox.js';
import { redactIdentityNumbersDeep } from '../domain/privacy/guard.js';
import type { Logger } from '../ops/logger.js';
import type { MongoOutbox } from './outbox.js';
import type { People } from './people.js';

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

/** Where a case's effects go besides this file's audit trail: the notifications' outbox and the reminders. */
export interface CaseEffectPorts {
  notifier: Notifier;
  deadlines: DeadlineSink;
  /** The id of a new case; random by default. */
  newId?: () => string;
  /** Called when an effect fails (it stays in the case's outbox and is retried). Log it; no personal data in `error`. */
  onEffectError?: (effect: CaseEffect, error: unknown) => void;
}

/**
 * MongoDB implementation of the case store: one collection for both kinds, single-document atomic writes only.
 * Without `effects` it only reads (the CLI's export); a write then fails loudly.
 */
export class MongoCaseStore implements CaseStore {
  private readonly cases: Collection<CaseDocument>;
  private readonly counters: Collection<CounterDocument>;
  private readonly audit: MongoAuditStore;

  constructor(
    db: Db,
    private readonly effects?: CaseEffectPorts,
  ) {
    this.cases = db.collection<CaseDocument>(CASES);
    this.counters = db.collection<CounterDocument>(CASE_COUNTERS);
    this.audit = new MongoAuditStore(db);
  }

  async repeatOf(reporterPersonId: string, token: string): Promise<CaseWrite | null> {
    const existing = await this.findByToken(reporterPersonId, token);
    return existing ? this.carryOut(existing, false) : null;
  }

  async create(args: { prefix: string; now: Date; build: (ids: NewCaseIds) => StoredCase }): Promise<CaseWrite> {
    const { year } = stockholmPeriod(args.now);
    const seq = await this.nextSequence(args.prefix, year);
    const doc = args.build({ id: (this.effects?.newId ?? randomUUID)(), number: formatCaseNumber(args.prefix, year, seq) });
    const { doc: saved, created } = await this.insert(doc);
    return this.carryOut(saved, created);
  }

  async change(caseId: string, expectedVersion: number, patch: Record<string, unknown>, effects: CaseEffect[]): Promise<CaseWrite | null> {
    const updated = await this.update(caseId, expectedVersion, patch, effects);
    return updated ? this.carryOut(updated, false) : null;
  }

  async flushPending(limit = 100): Promise<{ cases: number; remaining: number }> {
    const docs = await this.listWithPendingEffects(limit);
    let remaining = 0;
    for (const doc of docs) if ((await this.carryOut(doc, false)).effectsPending) remaining += 1;
    return { cases: docs.length, remaining };
  }

  /** Carries out the outbox of one case; the case as it now stands (its outbox emptied of what went through). */
  private async carryOut(doc: StoredCase, created: boolean): Promise<CaseWrite> {
    const notified: NotifyOutcome[] = [];
    const effects = doc.outbox as CaseEffect[];
    if (effects.length === 0) return { case: doc, created, effectsPending: false, notified };
    const ports = this.effects;
    if (!ports) throw new Error('MongoCaseStore was built without effect ports (read-only) and cannot carry out a write');
    const done = new Set<string>();
    const run = async (effect: CaseEffect) => {
      try {
        switch (effect.type) {
          case 'audit':
            await this.audit.append(effect.entry);
            break;
          case 'notify': {
            const outcome = await ports.notifier.enqueue(effect.request);
            if (outcome) notified.push(outcome);
            break;
          }
          case 'deadline.upsert':
            await ports.deadlines.upsertCaseDeadline(effect.deadline, { case: doc, created });
            break;
          case 'deadline.cancel':
            await ports.deadlines.cancelCaseDeadline(effect.caseId, effect.kind);
            break;
        }
        done.add(effect.id);
      } catch (error) {
        ports.onEffectError?.(effect, error);
      }
    };
    // Audit entries and notifications are independent of each other: written concurrently. Deadline changes keep
    // their order where it matters (a cancel, then a new one, must not be swapped); upserts of different kinds in a
    // row touch different reminders and go together.
    const isDeadline = (e: CaseEffect) => e.type === 'deadline.upsert' || e.type === 'deadline.cancel';
    await Promise.all([
      ...effects.filter((e) => !isDeadline(e)).map(run),
      (async () => {
        for (const group of deadlineGroups(effects.filter(isDeadline))) await Promise.all(group.map(run));
      })(),
    ]);
    let remaining = effects.filter((e) => !done.has(e.id));
    try {
      if (done.size > 0) await this.removeEffects(doc._id, [...done]);
    } catch (error) {
      // Effects stay and are replayed; every one of them is idempotent.
      ports.onEffectError?.(effects[0]!, error);
      remaining = effects;
    }
    return { case: { ...doc, outbox: remaining }, created, effectsPending: remaining.length > 0, notified };
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

  private async findByToken(reporterPersonId: string, token: string): Promise<StoredCase | null> {
    const raw = await guard(() => this.cases.findOne({ 'reporter.personId': reporterPersonId, idempotencyToken: token }));
    return raw ? parseCase(raw) : null;
  }

  private async insert(doc: StoredCase): Promise<{ doc: StoredCase; created: boolean }> {
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

  private async removeEffects(caseId: string, effectIds: string[]): Promise<void> {
    await guard(() => this.cases.updateOne({ _id: caseId }, { $pull: { outbox: { id: { $in: effectIds } } } } as never));
  }

  private async listWithPendingEffects(limit: number): Promise<StoredCase[]> {
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

/** Deadline changes in order, in groups that may run together: a cancel alone, upserts of different kinds together. */
function deadlineGroups(changes: CaseEffect[]): CaseEffect[][] {
  const groups: CaseEffect[][] = [];
  let upserts: CaseEffect[] = [];
  const kinds = new Set<string>();
  const flush = () => {
    if (upserts.length) groups.push(upserts);
    upserts = [];
    kinds.clear();
  };
  for (const change of changes) {
    if (change.type !== 'deadline.upsert') {
      flush();
      groups.push([change]);
      continue;
    }
    if (kinds.has(change.deadline.kind)) flush();
    upserts.push(change);
    kinds.add(change.deadline.kind);
  }
  flush();
  return groups;
}

/** Texts of the admin notice about a person no chat can reach yet. */
const waitingNotice = {
  title: (name: string) => `${name} kan inte nås i chatten ännu`,
  text: (name: string, email: string | undefined, about: string) =>
    `Kvalitetsboten hittar ingen chatt för ${name}${email ? ` (${email})` : ''}. Meddelandet "${about}" väntar och skickas automatiskt när ${name} öppnar Kvalitetsboten i Teams eller Slack. Be personen göra det, eller kontrollera e-postadressen i organisationsdata. Väntande meddelanden visas med "admin olevererade meddelanden".`,
};

/**
 * Case notifications go through the outbox to each person's chat. A person no chat can reach yet is never skipped:
 * the message waits in the outbox (`waiting_address`) until their address is known, the admins are told by name,
 * and the caller learns who was addressed and who waits (the reporter's receipt says so).
 */
export function caseNotifier(people: People, outbox: MongoOutbox, logger: Logger): Notifier {
  return {
    async enqueue(request) {
      const who = await people.addressee(request.recipientPersonId);
      const message = { view: request.message, fallbackText: request.message.title, meta: { kind: request.kind } };
      const address = await people.addressOf(request.recipientPersonId);
      if (address) {
        await outbox.enqueue({ dedupeKey: request.dedupeKey, recipient: address, message, recipientName: who.name });
        return { recipientPersonId: request.recipientPersonId, name: who.name, kind: request.kind, state: 'addressed' as const };
      }
      const waiting = await outbox.enqueueWaiting({ dedupeKey: request.dedupeKey, waitingFor: who, message });
      // A repeat of an effect whose message was released meanwhile: it is on its way.
      if (!waiting.created && waiting.status !== 'waiting_address') {
        return { recipientPersonId: request.recipientPersonId, name: who.name, kind: request.kind, state: 'addressed' as const };
      }
      logger.warn({ kind: request.kind }, 'case notification recipient has no chat address yet; the message waits and admins are told');
      const told = await notifyAdmins(
        people.reminderDirectory(),
        outbox,
        `unreachable|${request.recipientPersonId}|${request.dedupeKey}`,
        waitingNotice.title(who.name),
        waitingNotice.text(who.name, who.email, request.message.title),
      );
      if (told === 0) logger.error({ kind: request.kind }, 'nobody could be told about an unreachable recipient: configure ADMIN_EMAILS and open the bot once as admin');
      return { recipientPersonId: request.recipientPersonId, name: who.name, kind: request.kind, state: 'waiting' as const };
    },
  };
}
