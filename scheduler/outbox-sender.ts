import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliveryNotices, notifyAdmins, type AdminList } from '../domain/outbox.js';
import type { MongoOutbox, OutboxDoc, WaitingFor } from '../storage/outbox.js';
import type { ChatAddress, ChatDelivery, DeliveryOutcome } from './delivery.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, rateKeys, type RateLimitConfig } from './rate-limiter.js';

/** Minimal logger shape (pino-compatible). */
export interface SenderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** An id unique per process, for leases: `${hostname}:${pid}:${random}`. */
export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export interface OutboxSenderOptions {
  instanceId: string;
  /** A `sending` item older than this is taken over by another instance (must exceed a send's timeout). */
  leaseMs?: number;
  /** Failed attempts (transient) before an item is dead-lettered. */
  maxAttempts?: number;
  /** 429 answers before giving up on an item. */
  maxThrottled?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /**
   * Sends in flight per instance. 1 (default) keeps the guarantee "at most one duplicate per crashed instance";
   * n allows up to n duplicates per crash.
   */
  concurrency?: number;
  /**
   * Items claimed per database round trip. They are held (leased) and sent one by one; a crash leaves the unsent
   * ones to be taken over after the lease, never sent twice. 1 claims item by item.
   */
  claimBatch?: number;
  /** Poll interval when the outbox is empty. */
  idleMs?: number;
  /** Waits longer than this give the item back (notBefore) instead of holding the lease. */
  maxInlineWaitMs?: number;
  rateLimits?: RateLimitConfig;
  random?: () => number;
  logger?: SenderLogger;
  /**
   * Looks again for the address of a person whose messages wait (`waiting_address`), e.g. a Slack user who joined
   * the workspace since. Most waiting messages are released the moment the person installs or writes; this sweep
   * catches the rest.
   */
  resolveWaiting?: (who: WaitingFor) => Promise<ChatAddress | undefined>;
  /** How often the sweep runs. */
  waitingSweepMs?: number;
}

/**
 * The sender of the outbox every subject writes to (storage/outbox.ts): built once by the app, shared by cases and
 * reminders. `instanceId` defaults to one per process.
 */
export function createOutboxSender(
  deps: { outbox: MongoOutbox; delivery: ChatDelivery; directory: AdminList } & Omit<OutboxSenderOptions, 'instanceId'> & { instanceId?: string },
): OutboxSender {
  const { outbox, delivery, directory, instanceId, ...options } = deps;
  return new OutboxSender(outbox, delivery, directory, { ...options, instanceId: instanceId ?? defaultInstanceId() });
}

/**
 * Sends outbox items one at a time per worker: claim (lease) → rate limit → `ChatDelivery.send` → record. Each item
 * fails alone; admins are told about dead letters and unreachable recipients (except about their own notices).
 */
export class OutboxSender {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly limiter = new RateLimiter();
  private readonly options: Required<Omit<OutboxSenderOptions, 'logger' | 'resolveWaiting'>> & Pick<OutboxSenderOptions, 'logger' | 'resolveWaiting'>;
  private wake?: () => void;
  /** When this sender last looked for items whose lease expired (ms since the epoch). */
  private expiredLookedAt = 0;
  private candidates: OutboxDoc[] = [];
  /** Claimed by us and not handled yet, in sending order, with when our lease ends by this process's clock. */
  private held: Array<{ item: OutboxDoc; leaseEnds: number }> = [];

  constructor(
    private readonly outbox: MongoOutbox,
    private readonly delivery: ChatDelivery,
    private readonly directory: AdminList,
    options: OutboxSenderOptions,
  ) {
    this.options = {
      leaseMs: 60_000,
      maxAttempts: 6,
      maxThrottled: 50,
      backoffBaseMs: 2_000,
      backoffCapMs: 10 * 60_000,
      concurrency: 1,
      claimBatch: 10,
      idleMs: 500,
      maxInlineWaitMs: 1_500,
      rateLimits: DEFAULT_RATE_LIMITS,
      random: Math.random,
      waitingSweepMs: 5 * 60_000,
      ...options,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, (_, i) => this.loop(i === 0));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.all(this.loops);
    await this.releaseHeld();
  }

  /** Give back what we claimed but did not send, so it goes out at once elsewhere instead of after the lease. */
  private async releaseHeld(): Promise<void> {
    const ids = this.held.splice(0).map((h) => h.item._id);
    try {
      await this.outbox.release(ids, this.options.instanceId);
    } catch (error) {
      this.options.logger?.warn({ err: error, items: ids.length }, 'Could not give back claimed outbox items; they are taken over when their lease ends');
    }
  }

  /** Ask the loops to look now (e.g. right after a tick enqueued messages). */
  poke(): void {
    this.wake?.();
  }

  private async loop(sweeps: boolean): Promise<void> {
    let pruneAt = Date.now() + 60_000;
    let sweepAt = Date.now() + this.options.waitingSweepMs;
    while (this.running) {
      if (sweeps && Date.now() > sweepAt) {
        sweepAt = Date.now() + this.options.waitingSweepMs;
        await this.sweepWaiting().catch((error) => this.options.logger?.warn({ err: error }, 'Sweep of messages waiting for an address failed; retried later'));
      }
      let worked = false;
      try {
        worked = await this.sendOne();
      } catch (error) {
        this.options.logger?.error({ err: error }, 'Outbox sender iteration failed; is MongoDB reachable?');
        await sleep(this.options.idleMs);
      }
      if (Date.now() > pruneAt) {
        this.limiter.prune();
        pruneAt = Date.now() + 60_000;
      }
      if (!worked && this.running) {
        const ac = new AbortController();
        this.wake = () => ac.abort();
        await sleep(this.options.idleMs, undefined, { signal: ac.signal }).catch(() => undefined);
      }
    }
  }

  /** Claim and handle one item; false when nothing was sendable. Public for tests and the benchmark. */
  async sendOne(): Promise<boolean> {
    // Ends: every pass sends, uses up a chunk of candidates, or reads new ones (at most twice).
    for (let reads = 0; ; ) {
      const item = await this.nextHeld();
      if (item) {
        await this.handle(item);
        return true;
      }
      if (this.candidates.length === 0) {
        if (reads++ === 2) return false;
        // Shuffled so that instances reading the same oldest items mostly claim different ones. Abandoned leases
        // (an instance died mid-send) are looked for at most every quarter lease, not on every poll: an idle outbox
        // costs one query per poll, and such an item waits at most a lease and a quarter.
        const expiredLeases = Date.now() - this.expiredLookedAt >= this.options.leaseMs / 4;
        if (expiredLeases) this.expiredLookedAt = Date.now();
        this.candidates = shuffle(await this.outbox.findClaimable(100, { expiredLeases }));
        if (this.candidates.length === 0) return false;
      }
      const chunk = this.candidates.splice(0, Math.max(1, this.options.claimBatch));
      const leaseEnds = Date.now() + this.options.leaseMs; // taken before the claim: errs on the safe side
      for (const item of await this.outbox.claimMany(chunk, this.options.instanceId, this.options.leaseMs)) this.held.push({ item, leaseEnds });
    }
  }

  /**
   * The next held item whose lease still leaves time to send and record it. Items held too long (slow rate-limited
   * sends ahead of them) are given back rather than sent late, when another instance may already be taking them over.
   */
  private async nextHeld(): Promise<OutboxDoc | undefined> {
    const margin = this.options.leaseMs / 2;
    const stale: OutboxDoc[] = [];
    let next: OutboxDoc | undefined;
    while (!next && this.held.length) {
      const { item, leaseEnds } = this.held.shift()!;
      if (leaseEnds - Date.now() > margin) next = item;
      else stale.push(item);
    }
    if (stale.length) {
      this.options.logger?.warn({ items: stale.length }, 'Claimed outbox items waited too long; giving them back');
      await this.outbox.release(stale.map((i) => i._id), this.options.instanceId);
    }
    return next;
  }

  /**
   * Messages waiting for an address whose person can be reached now become pending. One look-up per person, so a
   * person with many waiting messages costs the platforms' rate limits once. Returns how many were released.
   */
  async sweepWaiting(limit = 100): Promise<number> {
    if (!this.options.resolveWaiting) return 0;
    const byPerson = new Map<string, { who: WaitingFor; ids: string[] }>();
    for (const item of await this.outbox.listByStatus('waiting_address', limit)) {
      if (!item.waitingFor) continue;
      const entry = byPerson.get(item.waitingFor.personId) ?? { who: item.waitingFor, ids: [] };
      entry.ids.push(item._id);
      byPerson.set(item.waitingFor.personId, entry);
    }
    let released = 0;
    for (const { who, ids } of byPerson.values()) {
      const address = await this.options.resolveWaiting(who);
      if (address) released += await this.outbox.releaseWaiting(ids, address);
    }
    if (released) this.options.logger?.info({ released }, 'Messages that waited for an address are on their way');
    return released;
  }

  /** Send until the outbox has nothing sendable (tests, CLI). */
  async drain(max = 100_000): Promise<number> {
    let n = 0;
    while (n < max && (await this.sendOne())) n++;
    return n;
  }

  private backoff(attempts: number): number {
    const exp = Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(exp / 2 + this.options.random() * (exp / 2)); // "equal jitter"
  }

  private async handle(item: OutboxDoc): Promise<void> {
    const owner = this.options.instanceId;
    const keys = rateKeys(item.recipient, this.options.rateLimits);
    for (;;) {
      const wait = this.limiter.tryTake(keys);
      if (wait === 0) break;
      if (wait > this.options.maxInlineWaitMs) {
        await this.outbox.retryLater(item._id, owner, new Date(Date.now() + wait), 'rate limited locally', true);
        return;
      }
      await sleep(wait);
    }
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.send(item.recipient, item.message, { dedupeKey: item._id, attempt: item.attempts });
    } catch (error) {
      outcome = { ok: false, kind: 'transient', reason: (error as Error).message };
    }
    const now = Date.now();
    if (outcome.ok) {
      await this.outbox.markSent(item._id, owner);
      return;
    }
    switch (outcome.kind) {
      case 'retry_after': {
        this.limiter.pause(keys, outcome.ms);
        if ((item.throttled ?? 0) + 1 >= this.options.maxThrottled) {
          await this.deadLetter(item, `throttled ${this.options.maxThrottled} times`);
          return;
        }
        await this.outbox.retryLater(item._id, owner, new Date(now + outcome.ms), `429 retry after ${outcome.ms} ms`, true);
        return;
      }
      case 'transient': {
        if (item.attempts >= this.options.maxAttempts) {
          await this.deadLetter(item, outcome.reason ?? 'transient failures');
          return;
        }
        await this.outbox.retryLater(item._id, owner, new Date(now + this.backoff(item.attempts)), outcome.reason ?? 'transient');
        return;
      }
      case 'unreachable': {
        await this.outbox.markUnreachable(item._id, owner, outcome.reason ?? 'unreachable');
        this.options.logger?.warn({ item: item._id }, 'Recipient unreachable (blocked or removed the bot); not retried');
        if (item.message.meta?.kind !== 'admin_notice') {
          await notifyAdmins(this.directory, this.outbox, `unreachable|${item._id}`, deliveryNotices.title, deliveryNotices.withName(deliveryNotices.unreachable, item.recipientName));
        }
        return;
      }
      case 'permanent':
        await this.deadLetter(item, outcome.reason);
        return;
    }
  }

  private async deadLetter(item: OutboxDoc, reason: string): Promise<void> {
    await this.outbox.markDead(item._id, this.options.instanceId, reason);
    this.options.logger?.error({ item: item._id, reason }, 'Outbox item dead-lettered; requeue it after fixing the cause');
    if (item.message.meta?.kind === 'admin_notice') return; // never notify about a failed notice: no loops
    const notice = deliveryNotices.withName(deliveryNotices.dead(item.attempts, reason), item.recipientName);
    const n = await notifyAdmins(this.directory, this.outbox, `dead|${item._id}`, deliveryNotices.title, notice);
    if (n === 0) this.options.logger?.error({ item: item._id }, 'No reminder admin has a chat address: nobody was told about a dead letter');
  }
}

function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}
