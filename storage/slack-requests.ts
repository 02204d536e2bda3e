import type { Collection, Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';

interface SeenRequest {
  _id: string;
  at: Date;
}

/** Slack retries an event for up to about an hour; a signed replay is only valid for five minutes. Keep a day. */
const KEEP_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
/**
 * How long a key waits for others to share its insert. Each database command costs the bot a socket write and a
 * read (about a millisecond of CPU each on a busy machine, as much as the rest of a slash command); the claim is
 * made after Slack's acknowledgement, so this delays only the work after it, by at most this much.
 */
export const LEDGER_BATCH_MS = 10;

/**
 * Which Slack deliveries were already taken in (by event_id, or by the request signature for everything else), so
 * a retry or a replay is acknowledged without being processed twice — across every instance, through the unique
 * `_id`. Old entries are pruned by the instances themselves (no TTL index: not every supported server has them).
 */
export class SlackRequestLedger {
  private readonly col: Collection<SeenRequest>;
  private lastPrune = 0;

  constructor(db: Db, private readonly clock: Clock) {
    this.col = db.collection<SeenRequest>('slack_requests');
  }

  private pending: Array<{ key: string; settle: (first: boolean | Error) => void }> = [];

  /**
   * True the first time `key` is seen; false for every later delivery of it. The keys asked for within
   * `LEDGER_BATCH_MS` go to the database together (one unordered insert; a duplicate key fails alone), so a burst
   * of requests costs one round trip, not one each.
   */
  firstTime(key: string, urgent = false): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ key, settle: (first) => (first instanceof Error ? reject(first) : resolve(first)) });
      // Urgent (something waits for it before it can answer or save): sent at the end of this event-loop turn.
      if (urgent && !this.immediate) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.immediate = setImmediate(() => void this.flush());
      } else if (!this.timer && !this.immediate) this.timer = setTimeout(() => void this.flush(), LEDGER_BATCH_MS);
    });
  }

  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    const batch = this.pending;
    this.pending = [];
    const now = this.clock.now();
    // The same key twice in one batch: the first one is the delivery, the others are seen before.
    const docs: SeenRequest[] = [];
    const indexOf = new Map<string, number>();
    for (const { key } of batch) if (!indexOf.has(key)) indexOf.set(key, docs.push({ _id: key, at: now }) - 1);
    const outcome = new Map<number, boolean | Error>();
    try {
      await this.col.insertMany(docs, { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const failed = writeErrors === undefined ? undefined : ([] as Array<{ index: number; code?: number }>).concat(writeErrors as never);
      for (let i = 0; i < docs.length; i++) {
        const own = failed?.find((w) => w.index === i);
        // Without per-document errors nothing is known about any of them (the caller decides what that means).
        if (!failed) outcome.set(i, error as Error);
        else if (own) outcome.set(i, own.code === 11000 ? false : (error as Error));
      }
    }
    const firstOf = new Set<number>();
    for (const { key, settle } of batch) {
      const i = indexOf.get(key)!;
      const result = outcome.get(i) ?? true;
      if (firstOf.has(i)) settle(result instanceof Error ? result : false);
      else {
        firstOf.add(i);
        settle(result);
      }
    }
    if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      void this.col.deleteMany({ at: { $lt: new Date(now.getTime() - KEEP_MS) } }).catch(() => undefined);
    }
  }
}
