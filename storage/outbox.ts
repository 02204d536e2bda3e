import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { ChatAddress, EnqueueRequest, Outbox, OutgoingMessage } from '../domain/outbox.js';
import { claimByToken } from './claims.js';

/**
 * The generic outbox: every proactive chat message (reminders, case notifications, admin notices) is first stored
 * here under a unique `dedupeKey`, then sent by the sender loop (scheduler/outbox-sender.ts).
 *
 * Life of an item: pending → sending (lease) → sent | unreachable | dead; transient failures go back to pending with
 * a later `notBefore`. A `sending` item whose lease ran out was held by an instance that died: it is taken over,
 * which is the one case where a message can be delivered twice (sent, but the instance died before recording).
 *
 * A message for someone no channel can reach yet is stored as `waiting_address` with `waitingFor` (who) and no
 * recipient; it becomes pending the moment that person's address is known (`releaseWaiting`). The sender never
 * claims it, and admins see it in the dead-letter listing.
 */
export const OUTBOX = 'outbox';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'unreachable' | 'dead' | 'waiting_address';

/** Who a waiting message is for: the person and the keys their chat identities are found by. */
export interface WaitingFor {
  personId: string;
  name: string;
  email?: string;
  aadObjectId?: string;
  slackUserId?: string;
}

export interface OutboxDoc {
  _id: string;
  /** Always set except while `waiting_address` (the sender only claims pending and sending items). */
  recipient: ChatAddress;
  waitingFor?: WaitingFor;
  /** The recipient's name, for admin notices about a message that could not be delivered. */
  recipientName?: string;
  message: OutgoingMessage;
  status: OutboxStatus;
  /**
   * When the item may next be picked up: its send time while pending, the end of the lease while sending (so one
   * index, {status, notBefore}, finds both kinds of claimable work and claims write one index less).
   */
  notBefore: Date;
  attempts: number;
  createdAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  /** Stamped by the claim that won the item (claimMany). */
  claimToken?: string;
  lastError?: string;
  sentAt?: Date;
  /** Number of 429 Retry-After answers; not counted as failed attempts. */
  throttled?: number;
}

const ChatAddressSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('teams'), conversationReference: z.unknown() }),
  z.object({ channel: z.literal('slack'), userId: z.string().min(1), teamId: z.string().optional() }),
]);

const WaitingForSchema = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string().optional(),
  aadObjectId: z.string().optional(),
  slackUserId: z.string().optional(),
});

const OutboxDocSchema = z.object({
  _id: z.string(),
  recipient: ChatAddressSchema.optional(),
  waitingFor: WaitingForSchema.optional(),
  recipientName: z.string().optional(),
  message: z.object({
    view: z.object({ title: z.string() }).passthrough(),
    fallbackText: z.string(),
    locale: z.enum(['sv', 'en']).optional(),
    meta: z.object({ kind: z.string(), ref: z.string().optional() }).optional(),
  }),
  status: z.enum(['pending', 'sending', 'sent', 'unreachable', 'dead', 'waiting_address']),
  notBefore: z.date(),
  attempts: z.number(),
  createdAt: z.date(),
  leaseOwner: z.string().optional(),
  leaseUntil: z.date().optional(),
  claimToken: z.string().optional(),
  lastError: z.string().optional(),
  sentAt: z.date().optional(),
  throttled: z.number().optional(),
});

function parseDoc(doc: unknown): OutboxDoc {
  return OutboxDocSchema.parse(doc) as unknown as OutboxDoc;
}

function isDuplicate(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: Array<{ code: number }> | { code: number } };
  if (e?.code === 11000) return true;
  const list = Array.isArray(e?.writeErrors) ? e.writeErrors : e?.writeErrors ? [e.writeErrors] : [];
  return list.length > 0 && list.every((w) => w.code === 11000);
}

export class MongoOutbox implements Outbox {
  readonly col: Collection<OutboxDoc>;
  constructor(
    db: Db,
    private readonly clock: { now(): Date },
  ) {
    this.col = db.collection<OutboxDoc>(OUTBOX);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ status: 1, notBefore: 1 });
    // Earlier builds also indexed {status, leaseUntil}; notBefore carries the lease end now, and every extra
    // index makes each claim and each "sent" slower.
    await this.col.dropIndex('status_1_leaseUntil_1').catch(() => undefined);
  }

  private toDoc(r: EnqueueRequest): OutboxDoc {
    const now = this.clock.now();
    return {
      _id: r.dedupeKey,
      recipient: ChatAddressSchema.parse(r.recipient) as ChatAddress,
      message: r.message,
      status: 'pending',
      notBefore: r.notBefore ?? now,
      attempts: 0,
      createdAt: now,
      ...(r.recipientName ? { recipientName: r.recipientName } : {}),
    };
  }

  /**
   * Store a message for someone who cannot be reached yet, once per `dedupeKey`. It is sent when `releaseWaiting`
   * learns their address. `created: false` when the key exists (waiting, or already on its way).
   */
  async enqueueWaiting(request: { dedupeKey: string; waitingFor: WaitingFor; message: OutgoingMessage }): Promise<{ created: boolean; status: OutboxStatus }> {
    const now = this.clock.now();
    const doc = {
      _id: request.dedupeKey,
      waitingFor: WaitingForSchema.parse(request.waitingFor),
      recipientName: request.waitingFor.name,
      message: request.message,
      status: 'waiting_address' as const,
      notBefore: now,
      attempts: 0,
      createdAt: now,
    };
    try {
      await this.col.insertOne(doc as unknown as OutboxDoc);
      return { created: true, status: 'waiting_address' };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const existing = await this.col.findOne({ _id: request.dedupeKey }, { projection: { status: 1 } });
      return { created: false, status: existing?.status ?? 'waiting_address' };
    }
  }

  /** Waiting messages for a person, found by any of their keys (person id, e-mail, AAD object id, Slack id). */
  async findWaiting(keys: { personId?: string; email?: string; aadObjectId?: string; slackUserId?: string }, limit = 500): Promise<OutboxDoc[]> {
    const or: Record<string, unknown>[] = [];
    if (keys.personId) or.push({ 'waitingFor.personId': keys.personId });
    if (keys.email) or.push({ 'waitingFor.email': keys.email.toLowerCase() });
    if (keys.aadObjectId) or.push({ 'waitingFor.aadObjectId': keys.aadObjectId });
    if (keys.slackUserId) or.push({ 'waitingFor.slackUserId': keys.slackUserId });
    if (!or.length) return [];
    return (await this.col.find({ status: 'waiting_address', $or: or }).sort({ createdAt: 1 }).limit(limit).toArray()).map(parseDoc);
  }

  /** The address of a waiting message's person is known now: it becomes an ordinary pending item. */
  async releaseWaiting(ids: string[], recipient: ChatAddress): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.col.updateMany(
      { _id: { $in: ids }, status: 'waiting_address' },
      { $set: { status: 'pending', recipient: ChatAddressSchema.parse(recipient) as ChatAddress, notBefore: this.clock.now() }, $unset: { waitingFor: '' } },
    );
    return r.modifiedCount;
  }

  /** Store a message once per `dedupeKey`; enqueueing the same key again is a no-op (`created: false`). */
  async enqueue(request: EnqueueRequest): Promise<{ created: boolean }> {
    try {
      await this.col.insertOne(this.toDoc(request));
      return { created: true };
    } catch (error) {
      if (isDuplicate(error)) return { created: false };
      throw error;
    }
  }

  async enqueueMany(requests: EnqueueRequest[]): Promise<{ created: number }> {
    if (requests.length === 0) return { created: 0 };
    try {
      const r = await this.col.insertMany(requests.map((q) => this.toDoc(q)), { ordered: false });
      return { created: r.insertedCount };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const e = error as { result?: { insertedCount?: number }; insertedCount?: number };
      return { created: e.result?.insertedCount ?? e.insertedCount ?? 0 };
    }
  }

  /**
   * Items that may be claimed now (oldest first): pending and due, or `sending` with an expired lease. With
   * `expiredLeases: false` only the pending ones: a caller that polls often looks for abandoned leases (rare) less
   * often than for new items.
   */
  async findClaimable(limit: number, options: { expiredLeases?: boolean } = {}): Promise<OutboxDoc[]> {
    const now = this.clock.now();
    // Two simple ranges of the {status, notBefore} index instead of one $or; abandoned leases come first.
    const expired = options.expiredLeases === false ? [] : await this.col.find({ status: 'sending', notBefore: { $lt: now } }).limit(limit).toArray();
    const pending =
      expired.length < limit
        ? await this.col.find({ status: 'pending', notBefore: { $lte: now } }).sort({ notBefore: 1 }).limit(limit - expired.length).toArray()
        : [];
    return [...expired, ...pending].map(parseDoc);
  }

  /**
   * Claim several candidates at once (claimByToken): each item still claimable is won by exactly one instance, which
   * holds a lease until `leaseMs` from now. Returns the stored state after the claim, in the candidates' order.
   */
  async claimMany(candidates: Array<Pick<OutboxDoc, '_id' | 'status'>>, owner: string, leaseMs: number): Promise<OutboxDoc[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const ids = (status: OutboxStatus) => candidates.filter((c) => c.status === status).map((c) => c._id);
    const won = await claimByToken(
      this.col,
      [
        { ids: ids('pending'), claimable: { status: 'pending', notBefore: { $lte: now } } },
        // leaseUntil too: an item claimed by an earlier build (which did not move notBefore) is not taken mid-send.
        { ids: ids('sending'), claimable: { status: 'sending', notBefore: { $lt: now }, leaseUntil: { $lt: now } } },
      ],
      owner,
      { set: { status: 'sending', leaseUntil, notBefore: leaseUntil } },
    );
    return won.map(parseDoc);
  }

  /**
   * Give claimed but unsent items back (graceful stop), so nobody waits for their lease to run out. The claim's
   * attempt is taken back: nothing was tried.
   */
  async release(ids: string[], owner: string): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.col.updateMany(
      { _id: { $in: ids }, status: 'sending', leaseOwner: owner },
      { $set: { status: 'pending', notBefore: this.clock.now() }, $unset: { leaseUntil: '', leaseOwner: '', claimToken: '' }, $inc: { attempts: -1 } },
    );
    return r.modifiedCount;
  }

  private async finish(id: string, owner: string, set: Partial<OutboxDoc>, inc?: Partial<Record<'attempts' | 'throttled', number>>): Promise<boolean> {
    const r = await this.col.updateOne(
      { _id: id, status: 'sending', leaseOwner: owner },
      { $set: set, $unset: { leaseUntil: '' }, ...(inc ? { $inc: inc } : {}) },
    );
    return r.modifiedCount === 1;
  }

  markSent(id: string, owner: string): Promise<boolean> {
    return this.finish(id, owner, { status: 'sent', sentAt: this.clock.now() });
  }
  markUnreachable(id: string, owner: string, reason: string): Promise<boolean> {
    return this.finish(id, owner, { status: 'unreachable', lastError: reason });
  }
  markDead(id: string, owner: string, reason: string): Promise<boolean> {
    return this.finish(id, owner, { status: 'dead', lastError: reason });
  }
  /** Back to pending for a later attempt. A 429 does not count as a failed attempt. */
  retryLater(id: string, owner: string, notBefore: Date, reason: string, throttled = false): Promise<boolean> {
    return this.finish(id, owner, { status: 'pending', notBefore, lastError: reason }, throttled ? { attempts: -1, throttled: 1 } : undefined);
  }

  async listByStatus(status: OutboxStatus, limit = 200): Promise<OutboxDoc[]> {
    return (await this.col.find({ status }).sort({ createdAt: 1 }).limit(limit).toArray()).map(parseDoc);
  }

  /** An admin re-queues a dead letter after fixing the cause. */
  async requeue(id: string): Promise<boolean> {
    const r = await this.col.updateOne(
      { _id: id, status: { $in: ['dead', 'unreachable'] } },
      { $set: { status: 'pending', notBefore: this.clock.now(), attempts: 0 } },
    );
    return r.modifiedCount === 1;
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, unreachable: 0, dead: 0, waiting_address: 0 };
    for (const s of Object.keys(out) as OutboxStatus[]) out[s] = await this.col.countDocuments({ status: s });
    return out;
  }
}
