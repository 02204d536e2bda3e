import type { AnyBulkWriteOperation, Collection, Db, Filter, MongoBulkWriteError } from 'mongodb';
import { z } from 'zod';
import type { ReminderStore } from '../domain/paminnelser/flows.js';
import {
  Occurrence,
  ReminderDef,
  StoredNudge,
  type NudgeStatus,
  type PlannedNudge,
} from '../domain/paminnelser/schema.js';
import type { PlannedOccurrence } from '../domain/paminnelser/service.js';
import { claimByToken } from './claims.js';

/**
 * MongoDB storage of reminders (definitions), their occurrences and planned nudges: the port `ReminderStore` of
 * domain/paminnelser/flows.ts. Every write is a single-document atomic operation keyed by a deterministic id, so any
 * number of instances can plan and claim concurrently:
 * - `reminders`            _id = reminder id; `plannedThrough` = last date occurrences were generated for.
 * - `reminder_occurrences` _id = `<reminder id>@<nominal date>`.
 * - `reminder_nudges`      _id = `<occurrence key>|<stage>`; status pending → claimed (lease) → done/skipped/superseded.
 * - `reminder_locks`       _id = a job name (`planner`); `owner` holds it until `until` (a lease in real time).
 */
const REMINDERS = 'reminders';
const OCCURRENCES = 'reminder_occurrences';
const NUDGES = 'reminder_nudges';
const LOCKS = 'reminder_locks';

interface LockDoc {
  _id: string;
  owner: string;
  until: Date;
}

type ReminderDoc = Omit<ReminderDef, 'id'> & { _id: string; plannedThrough: string | null; createdAt: Date; updatedAt: Date };
type OccurrenceDoc = Omit<Occurrence, 'key'> & { _id: string; createdAt: Date };
type NudgeDoc = Omit<StoredNudge, 'key'> & { _id: string; outcome?: string; doneAt?: Date };

// Documents read back are checked against the domain's schemas (the stored shape is the domain's, keyed by _id).
const ReminderDocSchema = ReminderDef.omit({ id: true }).extend({ _id: ReminderDef.shape.id, plannedThrough: z.string().nullable().optional() });
const OccurrenceDocSchema = Occurrence.omit({ key: true }).extend({ _id: Occurrence.shape.key });
const NudgeDocSchema = StoredNudge.omit({ key: true }).extend({ _id: StoredNudge.shape.key });

function toDef(doc: unknown): ReminderDef & { plannedThrough?: string } {
  const d = ReminderDocSchema.parse(doc);
  const { _id, plannedThrough, ...rest } = d;
  return { id: _id, ...rest, ...(plannedThrough ? { plannedThrough } : {}) };
}

function toOccurrence(doc: unknown): Occurrence {
  const { _id, snoozes, ...rest } = OccurrenceDocSchema.parse(doc);
  return { key: _id, ...rest, snoozes: Object.fromEntries(Object.entries(snoozes).map(([k, v]) => [unescapeKey(k), v])) };
}

function toNudge(doc: unknown): StoredNudge {
  const { _id, ...rest } = NudgeDocSchema.parse(doc);
  return { key: _id, ...rest };
}

/** Duplicate-key errors are the expected result of two instances inserting the same deterministic id. */
function ignoreDuplicates(error: unknown): void {
  const e = error as MongoBulkWriteError & { code?: number };
  if (e?.code === 11000) return;
  const writeErrors = (e as { writeErrors?: Array<{ code: number }> | { code: number } }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length > 0 && list.every((w) => w.code === 11000)) return;
  throw error;
}

export class ReminderRepository implements ReminderStore {
  readonly reminders: Collection<ReminderDoc>;
  readonly occurrences: Collection<OccurrenceDoc>;
  readonly nudges: Collection<NudgeDoc>;
  readonly locks: Collection<LockDoc>;

  constructor(db: Db) {
    this.reminders = db.collection<ReminderDoc>(REMINDERS);
    this.occurrences = db.collection<OccurrenceDoc>(OCCURRENCES);
    this.nudges = db.collection<NudgeDoc>(NUDGES);
    this.locks = db.collection<LockDoc>(LOCKS);
  }

  // ---- locks -----------------------------------------------------------------------------------------------

  /**
   * Take or renew the lease on a job (one conditional upsert): free, expired or already ours → ours until
   * `leaseMs` from now. False when another instance holds it. Leases run on real time, not on an injected clock.
   */
  async acquireLock(name: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    try {
      const r = await this.locks.updateOne(
        { _id: name, $or: [{ owner }, { until: { $lt: now } }] },
        { $set: { owner, until: new Date(now.getTime() + leaseMs) } },
        { upsert: true },
      );
      return r.matchedCount + r.upsertedCount === 1;
    } catch (error) {
      // The upsert found no free lock and tried to insert: the lock exists and somebody else holds it.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Let go of a lease we hold, so another instance need not wait for it to run out. */
  async releaseLock(name: string, owner: string): Promise<void> {
    await this.locks.updateOne({ _id: name, owner }, { $set: { until: new Date(0) } });
  }

  async ensureIndexes(): Promise<void> {
    await this.reminders.createIndex({ active: 1, plannedThrough: 1 });
    await this.reminders.createIndex({ caseId: 1 });
    await this.reminders.createIndex({ source: 1 });
    await this.occurrences.createIndex({ dueDate: 1, unit: 1 });
    await this.occurrences.createIndex({ reminderId: 1, status: 1 });
    await this.nudges.createIndex({ status: 1, fireAt: 1 });
    await this.nudges.createIndex({ status: 1, leaseUntil: 1 });
    await this.nudges.createIndex({ occurrenceKey: 1 });
    await this.nudges.createIndex({ urgent: 1, status: 1, fireAt: 1 });
  }

  // ---- reminders -------------------------------------------------------------------------------------------

  private reminderUpdate(def: ReminderDef, now: Date): AnyBulkWriteOperation<ReminderDoc> {
    const parsed = ReminderDef.parse(def);
    const { id, ...rest } = parsed;
    const unset: Record<string, ''> = {};
    for (const k of ['unit', 'note', 'caseId', 'assumption', 'action'] as const) if (rest[k] === undefined) unset[k] = '';
    return {
      updateOne: {
        filter: { _id: id },
        update: {
          // Re-planning is idempotent (occurrences and nudges are upserted by key), so any change simply replans.
          $set: { ...rest, plannedThrough: null, updatedAt: now },
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
          $setOnInsert: { createdAt: now },
        },
        upsert: true,
      },
    };
  }

  async upsertReminder(def: ReminderDef, now: Date): Promise<void> {
    await this.upsertReminders([def], now);
  }

  async upsertReminders(defs: ReminderDef[], now: Date): Promise<number> {
    if (defs.length === 0) return 0;
    const result = await this.reminders.bulkWrite(defs.map((d) => this.reminderUpdate(d, now)), { ordered: false });
    return result.upsertedCount + result.modifiedCount;
  }

  async startPlanningAfter(ids: string[], date: string): Promise<void> {
    if (ids.length) await this.reminders.updateMany({ _id: { $in: ids }, plannedThrough: null }, { $set: { plannedThrough: date } });
  }

  async getReminder(id: string): Promise<(ReminderDef & { plannedThrough?: string }) | undefined> {
    const doc = await this.reminders.findOne({ _id: id });
    return doc ? toDef(doc) : undefined;
  }

  async listReminders(filter: { source?: ReminderDef['source']; activeOnly?: boolean } = {}): Promise<ReminderDef[]> {
    const q: Filter<ReminderDoc> = {};
    if (filter.source) q.source = filter.source;
    if (filter.activeOnly) q.active = true;
    const docs = await this.reminders.find(q).sort({ _id: 1 }).toArray();
    return docs.map(toDef);
  }

  async deactivateReminders(filter: { ids?: string[]; caseId?: string }, now: Date): Promise<string[]> {
    const q: Filter<ReminderDoc> = { active: true };
    if (filter.ids) q._id = { $in: filter.ids };
    if (filter.caseId) q.caseId = filter.caseId;
    if (!filter.ids && !filter.caseId) return [];
    const ids = (await this.reminders.find(q, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
    if (ids.length) await this.reminders.updateMany({ _id: { $in: ids } }, { $set: { active: false, updatedAt: now } });
    return ids;
  }

  /** Reminders whose occurrences are not generated through `horizon` yet. */
  async remindersToPlan(horizon: string, limit: number): Promise<Array<ReminderDef & { plannedThrough?: string }>> {
    // Two simple queries instead of one $or, so each is a narrow range of the {active, plannedThrough} index (this
    // runs every tick): new or changed reminders first, then those whose plan ends before the horizon.
    const fresh = await this.reminders.find({ active: true, plannedThrough: null }).limit(limit).toArray();
    const behind =
      fresh.length < limit ? await this.reminders.find({ active: true, plannedThrough: { $lt: horizon } }).limit(limit - fresh.length).toArray() : [];
    return [...fresh, ...behind].map(toDef);
  }

  /**
   * Store generated occurrences and nudges (insert-if-absent), then advance `plannedThrough` — only if nobody
   * changed the reminder meanwhile, so an edit during planning is planned again on the next tick.
   */
  async savePlan(
    plans: Array<{ reminderId: string; previous: string | null; plannedThrough: string }>,
    occurrences: PlannedOccurrence[],
    nudges: PlannedNudge[],
    now: Date,
  ): Promise<void> {
    // insertMany of deterministic ids: a concurrent planner's copy is a duplicate-key error we ignore. Cheaper than
    // upserts on every server we support, and just as idempotent.
    if (occurrences.length) {
      const docs: OccurrenceDoc[] = occurrences.map((o) => {
        const { reminder: r } = o;
        return {
          _id: o.key,
          reminderId: r.id,
          source: r.source,
          title: r.title,
          ...(r.unit ? { unit: r.unit } : {}),
          ...(r.note ? { note: r.note } : {}),
          recipients: r.recipients,
          nominalDate: o.nominalDate,
          dueDate: o.dueDate,
          status: 'open',
          snoozes: {},
          notMine: [],
          createdAt: now,
        };
      });
      await this.occurrences.insertMany(docs, { ordered: false }).catch(ignoreDuplicates);
    }
    if (nudges.length) {
      const docs: NudgeDoc[] = nudges.map((n) => ({
        _id: n.key,
        occurrenceKey: n.occurrenceKey,
        stage: n.stage,
        fireAt: n.fireAt,
        ...(n.supersededAt ? { supersededAt: n.supersededAt } : {}),
        ...(n.urgent ? { urgent: true } : {}),
        dueDate: n.dueDate,
        status: 'pending',
        attempts: 0,
      }));
      await this.nudges.insertMany(docs, { ordered: false }).catch(ignoreDuplicates);
    }
    // Advance plannedThrough only where nobody changed the reminder meanwhile (upsert resets it to null).
    if (plans.length) {
      await this.reminders.bulkWrite(
        plans.map((p) => ({ updateOne: { filter: { _id: p.reminderId, plannedThrough: p.previous }, update: { $set: { plannedThrough: p.plannedThrough } } } })),
        { ordered: false },
      );
    }
  }

  // ---- occurrences -----------------------------------------------------------------------------------------

  async getOccurrence(key: string): Promise<Occurrence | undefined> {
    const doc = await this.occurrences.findOne({ _id: key });
    return doc ? toOccurrence(doc) : undefined;
  }

  async getOccurrences(keys: string[]): Promise<Map<string, Occurrence>> {
    const docs = await this.occurrences.find({ _id: { $in: keys } }).toArray();
    return new Map(docs.map((d) => [d._id, toOccurrence(d)]));
  }

  async cancelOpenOccurrences(reminderIds: string[], now: Date, exceptKeys: string[] = []): Promise<number> {
    if (reminderIds.length === 0) return 0;
    const r = await this.occurrences.updateMany(
      { reminderId: { $in: reminderIds }, status: 'open', ...(exceptKeys.length ? { _id: { $nin: exceptKeys } } : {}) },
      { $set: { status: 'cancelled', doneAt: now } },
    );
    return r.modifiedCount;
  }

  async markOccurrenceDone(key: string, by: string, at: Date, comment?: string, link?: string): Promise<Occurrence | undefined> {
    const doc = await this.occurrences.findOneAndUpdate(
      { _id: key, status: 'open' },
      { $set: { status: 'done', doneBy: by, doneAt: at, ...(comment ? { comment } : {}), ...(link ? { link } : {}) } },
      { returnDocument: 'after' },
    );
    return doc ? toOccurrence(doc) : undefined;
  }

  async addSnooze(key: string, personId: string, until: Date): Promise<Occurrence | undefined> {
    const doc = await this.occurrences.findOneAndUpdate(
      { _id: key, status: 'open' },
      { $set: { [`snoozes.${escapeKey(personId)}`]: until } },
      { returnDocument: 'after' },
    );
    return doc ? toOccurrence(doc) : undefined;
  }

  async addNotMine(key: string, personId: string): Promise<Occurrence | undefined> {
    const doc = await this.occurrences.findOneAndUpdate(
      { _id: key, status: 'open' },
      { $addToSet: { notMine: personId } },
      { returnDocument: 'after' },
    );
    return doc ? toOccurrence(doc) : undefined;
  }

  /** Occurrences due in [from, to] (Stockholm dates), in due order. */
  async listOccurrences(range: { from: string; to: string }): Promise<Occurrence[]> {
    const docs = await this.occurrences.find({ dueDate: { $gte: range.from, $lte: range.to } }).sort({ dueDate: 1, _id: 1 }).limit(5000).toArray();
    return docs.map(toOccurrence);
  }

  // ---- nudges ----------------------------------------------------------------------------------------------

  async insertNudge(n: PlannedNudge): Promise<boolean> {
    const r = await this.nudges.updateOne(
      { _id: n.key },
      { $setOnInsert: { occurrenceKey: n.occurrenceKey, stage: n.stage, fireAt: n.fireAt, dueDate: n.dueDate, status: 'pending', attempts: 0, ...(n.urgent ? { urgent: true } : {}) } },
      { upsert: true },
    ).catch((e: unknown) => (ignoreDuplicates(e), { upsertedCount: 0 }));
    return r.upsertedCount === 1;
  }

  /**
   * Nudges that may be claimed now: due and pending, or claimed by an instance whose lease ran out. Outside office
   * hours (`urgentOnly`) only urgent ones (lex deadlines), with filters of their own so the office-hours path keeps
   * its indexes.
   */
  async findClaimableNudges(now: Date, limit: number, options: { urgentOnly?: boolean } = {}): Promise<StoredNudge[]> {
    const urgent = options.urgentOnly ? { urgent: true } : {};
    // Two simple queries instead of one $or, so each can use its index; abandoned claims (rare) come first.
    const expired = await this.nudges.find({ status: 'claimed', ...urgent, leaseUntil: { $lt: now } }).limit(limit).toArray();
    const pending =
      expired.length < limit
        ? await this.nudges.find({ status: 'pending', ...urgent, fireAt: { $lte: now } }).sort({ fireAt: 1 }).limit(limit - expired.length).toArray()
        : [];
    return [...expired, ...pending].map(toNudge);
  }

  /** The fire time of the oldest nudge that is due but not handled yet (the reminder lag metric). */
  async oldestDueNudge(now: Date): Promise<Date | undefined> {
    const oldest = await this.nudges.find({ status: 'pending', fireAt: { $lte: now } }, { projection: { fireAt: 1 } }).sort({ fireAt: 1 }).limit(1).next();
    return oldest?.fireAt;
  }

  /**
   * Claim candidates (claimByToken): each nudge still claimable is won by exactly one instance, which holds it until
   * the lease ends. Returns the stored state after the claim.
   */
  async claimNudges(candidates: Array<Pick<StoredNudge, 'key' | 'status'>>, now: Date, owner: string, leaseMs: number): Promise<StoredNudge[]> {
    const ids = (status: NudgeStatus) => candidates.filter((c) => c.status === status).map((c) => c.key);
    const won = await claimByToken(
      this.nudges,
      [
        { ids: ids('pending'), claimable: { status: 'pending', fireAt: { $lte: now } } },
        { ids: ids('claimed'), claimable: { status: 'claimed', leaseUntil: { $lt: now } } },
      ],
      owner,
      { set: { status: 'claimed', leaseUntil: new Date(now.getTime() + leaseMs) } },
    );
    return won.map(toNudge);
  }

  /** Close many claimed nudges of this owner in one write. */
  async finishNudges(keys: string[], owner: string, status: Exclude<NudgeStatus, 'pending' | 'claimed'>, now: Date): Promise<number> {
    if (keys.length === 0) return 0;
    const r = await this.nudges.updateMany(
      { _id: { $in: keys }, status: 'claimed', leaseOwner: owner },
      { $set: { status, doneAt: now }, $unset: { leaseUntil: '' } },
    );
    return r.modifiedCount;
  }
}

/** Person ids become object keys in `snoozes`; keep them free of `.` and `$`. */
function escapeKey(id: string): string {
  return id.replace(/\./g, '\uff0e').replace(/^\$/, '\uff04');
}
function unescapeKey(id: string): string {
  return id.replace(/\uff0e/g, '.').replace(/^\uff04/, '$');
}
