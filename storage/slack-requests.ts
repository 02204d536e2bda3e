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

  /** True the first time `key` is seen; false for every later delivery of it. */
  async firstTime(key: string): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.col.insertOne({ _id: key, at: now });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
    if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      void this.col.deleteMany({ at: { $lt: new Date(now.getTime() - KEEP_MS) } }).catch(() => undefined);
    }
    return true;
  }
}
