import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../domain/clock.js';
import type { ChatAddress, OutgoingMessage } from '../../domain/outbox.js';
import type { ChatDelivery, DeliveryOutcome } from '../../scheduler/delivery.js';
import { OutboxSender } from '../../scheduler/outbox-sender.js';
import { MongoOutbox } from '../../storage/outbox.js';
import { openTestDb } from '../support/mongo.js';
import { FakeDirectory } from './support/fake-directory.js';
import { claimOldest, outboxItem } from './support/outbox.js';

/** Answers from a script per dedupe key, then ok; records every call. */
class ScriptedDelivery implements ChatDelivery {
  calls: Array<{ key: string; at: number }> = [];
  script = new Map<string, DeliveryOutcome[]>();
  async send(_a: ChatAddress, _m: OutgoingMessage, ctx: { dedupeKey: string }): Promise<DeliveryOutcome> {
    this.calls.push({ key: ctx.dedupeKey, at: Date.now() });
    return this.script.get(ctx.dedupeKey)?.shift() ?? { ok: true };
  }
}

let handle: Awaited<ReturnType<typeof openTestDb>>;
let outbox: MongoOutbox;
let delivery: ScriptedDelivery;
let dir: FakeDirectory;
const msg = { view: { title: 'Påminnelse' }, fallbackText: 'Påminnelse' };
const to = { channel: 'slack' as const, userId: 'U1' };

beforeAll(async () => {
  handle = await openTestDb('outboxsend');
  outbox = new MongoOutbox(handle.db, systemClock);
  await outbox.ensureIndexes();
});
afterAll(async () => handle.close());
beforeEach(async () => {
  await outbox.col.deleteMany({});
  delivery = new ScriptedDelivery();
  dir = new FakeDirectory();
  dir.addPerson('admin', { admin: true });
});

function sender(extra: Partial<ConstructorParameters<typeof OutboxSender>[3]> = {}) {
  const fast = { perSecond: 1000, burst: 1000 };
  return new OutboxSender(outbox, delivery, dir, {
    instanceId: 'test',
    backoffBaseMs: 10,
    backoffCapMs: 40,
    maxAttempts: 3,
    random: () => 0.5,
    rateLimits: { teamsTenant: fast, teamsConversation: fast, slackChannel: fast },
    ...extra,
  });
}

async function drainFor(s: OutboxSender, ms: number, done?: () => Promise<boolean>) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!(await s.sendOne())) {
      if (done && (await done())) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
const settled = (id: string, status: string) => async () => (await outboxItem(outbox, id))?.status === status;

describe('outbox + sender', () => {
  it('enqueue is idempotent per dedupe key', async () => {
    expect(await outbox.enqueue({ dedupeKey: 'k1', recipient: to, message: msg })).toEqual({ created: true });
    expect(await outbox.enqueue({ dedupeKey: 'k1', recipient: to, message: msg })).toEqual({ created: false });
    expect(await outbox.enqueueMany([{ dedupeKey: 'k1', recipient: to, message: msg }, { dedupeKey: 'k2', recipient: to, message: msg }])).toEqual({ created: 1 });
    expect(await outbox.col.countDocuments()).toBe(2);
  });

  it('honours notBefore', async () => {
    await outbox.enqueue({ dedupeKey: 'later', recipient: to, message: msg, notBefore: new Date(Date.now() + 60_000) });
    expect(await sender().drain()).toBe(0);
  });

  it('honours 429 Retry-After without counting an attempt', async () => {
    delivery.script.set('k', [{ ok: false, kind: 'retry_after', ms: 300 }]);
    await outbox.enqueue({ dedupeKey: 'k', recipient: to, message: msg });
    await drainFor(sender(), 900);
    expect(delivery.calls).toHaveLength(2);
    expect(delivery.calls[1]!.at - delivery.calls[0]!.at).toBeGreaterThanOrEqual(290);
    expect(await outboxItem(outbox, 'k')).toMatchObject({ status: 'sent', attempts: 1, throttled: 1 });
  });

  it('retries transient failures with backoff, then dead-letters and tells the admins', async () => {
    delivery.script.set('t', [{ ok: false, kind: 'transient', reason: 'HTTP 502' }, { ok: false, kind: 'transient' }, { ok: false, kind: 'transient', reason: 'HTTP 504' }]);
    await outbox.enqueue({ dedupeKey: 't', recipient: to, message: msg });
    await drainFor(sender(), 8000, settled('dead|t|admin:admin', 'sent'));
    expect(delivery.calls.filter((c) => c.key === 't')).toHaveLength(3);
    expect(await outboxItem(outbox, 't')).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 504' });
    const notice = await outboxItem(outbox, 'dead|t|admin:admin');
    expect(notice?.message.view.title).toBe('Meddelande kunde inte levereras');
    expect(notice?.status).toBe('sent'); // the notice itself went out
  });

  it('a transient failure followed by success is sent once', async () => {
    delivery.script.set('t2', [{ ok: false, kind: 'transient', reason: 'HTTP 412' }]);
    await outbox.enqueue({ dedupeKey: 't2', recipient: to, message: msg });
    await drainFor(sender(), 5000, settled('t2', 'sent'));
    expect(await outboxItem(outbox, 't2')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('never retries an unreachable recipient; records it and tells the admins', async () => {
    delivery.script.set('u', [{ ok: false, kind: 'unreachable', reason: 'blocked' }]);
    await outbox.enqueue({ dedupeKey: 'u', recipient: to, message: msg });
    await drainFor(sender(), 5000, settled('unreachable|u|admin:admin', 'sent'));
    expect(delivery.calls.filter((c) => c.key === 'u')).toHaveLength(1);
    expect(await outboxItem(outbox, 'u')).toMatchObject({ status: 'unreachable', lastError: 'blocked' });
    expect(await outboxItem(outbox, 'unreachable|u|admin:admin')).toBeDefined();
  });

  it('a permanent failure is dead at once; no notice about a failed admin notice (no loops)', async () => {
    delivery.script.set('n|admin:admin', [{ ok: false, kind: 'permanent', reason: 'HTTP 400' }]);
    await outbox.enqueue({ dedupeKey: 'n|admin:admin', recipient: to, message: { ...msg, meta: { kind: 'admin_notice' } } });
    await drainFor(sender(), 200);
    expect(await outboxItem(outbox, 'n|admin:admin')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(await outbox.col.countDocuments()).toBe(1);
  });

  it('takes over an item whose sender died (expired lease) exactly once', async () => {
    await outbox.enqueue({ dedupeKey: 'l', recipient: to, message: msg });
    const claimed = await claimOldest(outbox, 'dead-instance', 1500);
    expect(claimed?.status).toBe('sending');
    expect(await sender().drain()).toBe(0); // lease still valid
    await new Promise((r) => setTimeout(r, 1600));
    const [a, b] = await Promise.all([claimOldest(outbox, 'i1', 10_000), claimOldest(outbox, 'i2', 10_000)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await outbox.markSent('l', 'dead-instance')).toBe(false); // the old owner can no longer record
  });

  it('an idle sender looks for expired leases once a quarter lease, not on every poll, and still takes one over', async () => {
    const looks: boolean[] = [];
    const watched = Object.create(outbox) as MongoOutbox;
    watched.findClaimable = (limit, options) => {
      looks.push(options?.expiredLeases !== false);
      return outbox.findClaimable(limit, options);
    };
    const idle = new OutboxSender(watched, delivery, dir, { instanceId: 'idle', idleMs: 20, leaseMs: 800 });
    idle.start();
    await new Promise((r) => setTimeout(r, 500));
    await idle.stop();
    expect(looks.length).toBeGreaterThan(8); // it polled all the while
    expect(looks.filter(Boolean).length).toBeLessThanOrEqual(3); // at 0, 200 and 400 ms at most
    // An item left by a sender that died is sent once its lease is over: looked for again after a quarter lease.
    await outbox.enqueue({ dedupeKey: 'orphan', recipient: to, message: msg });
    expect((await claimOldest(outbox, 'dead-instance', 300))?.status).toBe('sending');
    const s = new OutboxSender(watched, delivery, dir, { instanceId: 'heir', idleMs: 20, leaseMs: 800 });
    s.start();
    const until = Date.now() + 5000;
    while (!delivery.calls.some((c) => c.key === 'orphan') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await s.stop();
    expect(delivery.calls.filter((c) => c.key === 'orphan')).toHaveLength(1);
  });

  it('claims a batch in one go, sends one at a time, and gives the unsent back on stop', async () => {
    await outbox.enqueueMany([1, 2, 3, 4, 5].map((i) => ({ dedupeKey: `h${i}`, recipient: to, message: msg })));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: ChatDelivery = {
      send: async (a, m, ctx) => {
        await gate;
        return delivery.send(a, m, ctx);
      },
    };
    const s = new OutboxSender(outbox, slow, dir, { instanceId: 'batch', claimBatch: 5, idleMs: 20 });
    s.start();
    const until = Date.now() + 10_000;
    while ((await outbox.col.countDocuments({ status: 'sending', leaseOwner: 'batch' })) < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(await outbox.col.countDocuments({ status: 'sending', leaseOwner: 'batch' })).toBe(5); // all five held at once
    const stopped = s.stop();
    release();
    await stopped;
    expect(delivery.calls).toHaveLength(1); // only the one in flight was sent
    const docs = await outbox.col.find({}).toArray();
    expect(docs.filter((d) => d.status === 'sent')).toHaveLength(1);
    const back = docs.filter((d) => d.status === 'pending');
    expect(back).toHaveLength(4);
    for (const d of back) expect(d).toMatchObject({ attempts: 0 }); // the claim's attempt was taken back
    expect(await sender().drain()).toBe(4); // and at once sendable elsewhere, without waiting for a lease
  });

  it('gives back a held item whose lease is nearly over instead of sending it late', async () => {
    await outbox.enqueueMany([1, 2, 3].map((i) => ({ dedupeKey: `g${i}`, recipient: to, message: msg })));
    const slow: ChatDelivery = {
      send: async (a, m, ctx) => {
        await new Promise((r) => setTimeout(r, 300));
        return delivery.send(a, m, ctx);
      },
    };
    const warnings: string[] = [];
    const logger = { info: () => {}, error: () => {}, warn: (_o: object, m?: string) => void warnings.push(m ?? '') };
    const s = new OutboxSender(outbox, slow, dir, { instanceId: 'late', claimBatch: 3, leaseMs: 500, logger });
    expect(await s.drain()).toBe(3);
    expect(delivery.calls.map((c) => c.key).sort()).toEqual(['g1', 'g2', 'g3']); // each once
    expect(warnings.some((w) => /waited too long/.test(w))).toBe(true);
    expect(await outbox.col.countDocuments({ status: 'sent' })).toBe(3);
  });

  it('does not take over an item an earlier build is still sending (lease end only in leaseUntil)', async () => {
    await outbox.enqueue({ dedupeKey: 'old', recipient: to, message: msg });
    // What an earlier build wrote when it claimed: status and lease, notBefore left at the send time.
    await outbox.col.updateOne({ _id: 'old' }, { $set: { status: 'sending', leaseOwner: 'old-build', leaseUntil: new Date(Date.now() + 60_000) }, $inc: { attempts: 1 } });
    expect(await sender().drain()).toBe(0);
    expect(delivery.calls).toHaveLength(0);
    await outbox.col.updateOne({ _id: 'old' }, { $set: { leaseUntil: new Date(Date.now() - 1) } }); // that lease ran out
    expect(await sender().drain()).toBe(1);
    expect(await outboxItem(outbox, 'old')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('rate-limits per Slack channel locally (1/s)', async () => {
    await outbox.enqueueMany([1, 2].map((i) => ({ dedupeKey: `r${i}`, recipient: to, message: msg })));
    await drainFor(sender({ rateLimits: { teamsTenant: { perSecond: 25, burst: 25 }, teamsConversation: { perSecond: 7, burst: 7 }, slackChannel: { perSecond: 1, burst: 1 } } }), 1300);
    const [c1, c2] = delivery.calls;
    expect(c2!.at - c1!.at).toBeGreaterThanOrEqual(900);
  });
});
