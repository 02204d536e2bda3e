import type { ChatAddress } from '../domain/outbox.js';

/**
 * Token buckets per key (a Teams tenant, a Teams conversation, a Slack channel). In-process: with N instances the
 * effective rate is up to N× — set the limits per instance accordingly (see docs/paminnelser.md). A 429 pauses the
 * key for its Retry-After, so the platform's own answer is always honoured.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimitConfig {
  teamsTenant: RateLimit;
  teamsConversation: RateLimit;
  slackChannel: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  teamsTenant: { perSecond: 25, burst: 25 },
  teamsConversation: { perSecond: 7, burst: 7 },
  slackChannel: { perSecond: 1, burst: 1 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
  pausedUntil: number;
  limit: RateLimit;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The rate-limit keys of an address with their limits. */
export function rateKeys(address: ChatAddress, config: RateLimitConfig): Array<{ key: string; limit: RateLimit }> {
  if (address.channel === 'slack') {
    return [{ key: `slack:${address.teamId ?? '-'}:${address.userId}`, limit: config.slackChannel }];
  }
  const ref = (address.conversationReference ?? {}) as Record<string, unknown>;
  const conversation = (ref.conversation ?? {}) as Record<string, unknown>;
  const tenant = str(conversation.tenantId) ?? str(ref.tenantId) ?? '-';
  const conv = str(conversation.id) ?? '-';
  return [
    { key: `teams:tenant:${tenant}`, limit: config.teamsTenant },
    { key: `teams:conv:${conv}`, limit: config.teamsConversation },
  ];
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = Date.now) {}

  private bucket(key: string, limit: RateLimit): Bucket {
    let b = this.buckets.get(key);
    const t = this.now();
    if (!b) {
      b = { tokens: limit.burst, updatedAt: t, pausedUntil: 0, limit };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(b.limit.burst, b.tokens + ((t - b.updatedAt) / 1000) * b.limit.perSecond);
    b.updatedAt = t;
    return b;
  }

  /**
   * Take one token from every key if all have one and none is paused; returns 0. Otherwise takes nothing and
   * returns how many ms to wait before trying again.
   */
  tryTake(keys: Array<{ key: string; limit: RateLimit }>): number {
    const t = this.now();
    let wait = 0;
    const buckets = keys.map((k) => this.bucket(k.key, k.limit));
    for (const b of buckets) {
      if (b.pausedUntil > t) wait = Math.max(wait, b.pausedUntil - t);
      if (b.tokens < 1) wait = Math.max(wait, Math.ceil(((1 - b.tokens) / b.limit.perSecond) * 1000));
    }
    if (wait > 0) return wait;
    for (const b of buckets) b.tokens -= 1;
    return 0;
  }

  /** Honour a 429: nothing goes to these keys for `ms`. */
  pause(keys: Array<{ key: string; limit: RateLimit }>, ms: number): void {
    const t = this.now();
    for (const k of keys) {
      const b = this.bucket(k.key, k.limit);
      b.pausedUntil = Math.max(b.pausedUntil, t + ms);
      b.tokens = 0;
    }
  }

  /** Forget idle buckets (called now and then so the map does not grow without bound). */
  prune(idleMs = 10 * 60_000): void {
    const t = this.now();
    for (const [k, b] of this.buckets) if (t - b.updatedAt > idleMs && b.pausedUntil < t) this.buckets.delete(k);
  }
}
