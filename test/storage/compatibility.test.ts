import { MongoCaseStore } from '../../storage/cases.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoServerError, type Db } from 'mongodb';
import { openTestDb } from '../support/mongo.js';

/**
 * Every MongoDB feature kvalitetsbot relies on, checked against whatever server MONGODB_URI points at (MongoDB,
 * Atlas, Cosmos DB vCore, FerretDB, SecantusDB). If this file passes, the product's storage works there.
 */
describe('MongoDB compatibility', () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let db: Db;
  beforeAll(async () => {
    t = await openTestDb('compat');
    db = t.db;
  });
  afterAll(async () => t?.close());

  it('answers ping and lists created indexes', async () => {
    expect((await db.command({ ping: 1 })).ok).toBe(1);
    const c = db.collection('idx');
    await c.createIndexes([{ key: { a: 1 }, name: 'a_unique', unique: true }, { key: { b: 1, c: -1 }, name: 'b_c' }]);
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', 'a_unique', 'b_c']));
    // Creating the same indexes again is a no-op (start-up runs it every time).
    await c.createIndexes([{ key: { a: 1 }, name: 'a_unique', unique: true }]);
  });

  it('enforces unique and compound unique indexes with duplicate-key code 11000', async () => {
    const c = db.collection('uniq');
    await c.createIndex({ reporter: 1, token: 1 }, { unique: true });
    await c.insertOne({ reporter: 'r1', token: 't1' });
    await c.insertOne({ reporter: 'r2', token: 't1' });
    const error = await c.insertOne({ reporter: 'r1', token: 't1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(11000);
    expect(await c.countDocuments()).toBe(2);
  });

  it('increments an existing counter atomically under concurrency (case numbers)', async () => {
    // Concurrent *upserts* of one new document may race on some servers (MongoDB itself can raise E11000), so the
    // product creates a counter with $setOnInsert first and then only increments it.
    const c = db.collection<{ _id: string; seq: number }>('counters');
    await c.updateOne({ _id: 'AVV-2026' }, { $setOnInsert: { seq: 0 } }, { upsert: true });
    await c.updateOne({ _id: 'AVV-2026' }, { $setOnInsert: { seq: 0 } }, { upsert: true });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => c.findOneAndUpdate({ _id: 'AVV-2026' }, { $inc: { seq: 1 } }, { returnDocument: 'after' })),
    );
    const seqs = results.map((r) => r!.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('hands out unique case numbers when 40 first calls of a year race on a new counter (the product\'s nextSequence)', async () => {
    // A plain $inc, and for the first number of a year $setOnInsert then $inc: an *upserting* $inc raced on a new
    // counter loses increments on SecantusDB (1, 9, 10, …), so the product never relies on it.
    const store = new MongoCaseStore(db);
    const seqs = (await Promise.all(Array.from({ length: 40 }, () => store.nextSequence('SYN', 2026)))).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const again = await Promise.all(Array.from({ length: 10 }, () => store.nextSequence('SYN', 2026)));
    expect(again.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 41));
  });

  it('loses no update and returns the true "after" document when 200 findOneAndUpdate calls hit one document at once', async () => {
    // What told servers apart: some lose increments or hand back a stale document under this load, which would give
    // two reports one case number.
    const c = db.collection<{ _id: string; seq: number; log: number[] }>('hot');
    await c.insertOne({ _id: 'hot', seq: 0, log: [] });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => c.findOneAndUpdate({ _id: 'hot' }, { $inc: { seq: 1 }, $push: { log: i } }, { returnDocument: 'after' })),
    );
    const seqs = results.map((r) => r!.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Each "after" document holds exactly as many pushes as its counter says: none stale, none torn.
    expect(results.every((r) => r!.log.length === r!.seq)).toBe(true);
    const final = await c.findOne({ _id: 'hot' });
    expect({ seq: final!.seq, pushes: final!.log.length }).toEqual({ seq: 200, pushes: 200 });
  });

  it('enqueues one message once when many writers upsert the same key with $setOnInsert at the same moment', async () => {
    // The reminder nudges and the outbox rely on this: a duplicate-key answer is "already there", never a second copy.
    const c = db.collection<{ _id: string; writer: number; status: string }>('nudges');
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, writer) =>
        c
          .updateOne({ _id: 'occ-1|lead-3' }, { $setOnInsert: { writer, status: 'pending' } }, { upsert: true })
          .then((r) => (r.upsertedCount === 1 ? 'created' : 'existed'))
          .catch((e: MongoServerError) => (e.code === 11000 ? 'existed' : Promise.reject(e))),
      ),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    const docs = await c.find({}).toArray();
    expect(docs).toHaveLength(1);
    // The first writer's fields stay; later upserts changed nothing.
    expect(docs[0]!.status).toBe('pending');
  });

  it('claims one document at a time with a conditional findOneAndUpdate and sort (leases)', async () => {
    const c = db.collection('leases');
    const now = new Date('2026-01-01T10:00:00Z');
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ key: `o${i}`, dueAt: new Date(now.getTime() - i * 1000), leaseUntil: null, state: 'due' })));
    const claim = (owner: string) =>
      c.findOneAndUpdate(
        { state: 'due', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }], dueAt: { $lte: now } },
        { $set: { leaseUntil: new Date(now.getTime() + 60_000), owner } },
        { sort: { dueAt: 1 }, returnDocument: 'after' },
      );
    const claimed = await Promise.all(Array.from({ length: 40 }, (_, i) => claim(`w${i % 3}`)));
    const keys = claimed.filter(Boolean).map((d) => d!.key);
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    expect(claimed.filter((d) => d === null)).toHaveLength(10);
  });

  it('claims batches with concurrent conditional updateMany + claim token: every document has exactly one winner', async () => {
    const c = db.collection<{ _id: string; status: string; notBefore: Date; attempts: number; claimToken?: string }>('batchclaims');
    const now = new Date('2026-01-01T10:00:00Z');
    await c.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: `b${i}`, status: 'pending', notBefore: new Date(now.getTime() - i), attempts: 0 })));
    // Six claimers race over overlapping windows of 30 ids each.
    const claim = async (n: number) => {
      const ids = Array.from({ length: 30 }, (_, k) => `b${(n * 10 + k) % 60}`);
      const token = `t${n}`;
      await c.updateMany({ _id: { $in: ids }, status: 'pending', notBefore: { $lte: now } }, { $set: { status: 'sending', claimToken: token }, $inc: { attempts: 1 } });
      return (await c.find({ _id: { $in: ids }, claimToken: token }).toArray()).map((d) => String(d._id));
    };
    const won = await Promise.all(Array.from({ length: 6 }, (_, n) => claim(n)));
    const all = won.flat();
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
    expect(await c.countDocuments({ attempts: 1 })).toBe(60);
  });

  it('takes a named lease with a conditional upsert; a held lease answers duplicate key (planner lock)', async () => {
    const c = db.collection<{ _id: string; owner: string; until: Date }>('locks');
    const take = (owner: string, now: Date) =>
      c
        .updateOne({ _id: 'job', $or: [{ owner }, { until: { $lt: now } }] }, { $set: { owner, until: new Date(now.getTime() + 1000) } }, { upsert: true })
        .then((r) => r.matchedCount + r.upsertedCount === 1)
        .catch((e: MongoServerError) => (e.code === 11000 ? false : Promise.reject(e)));
    const t0 = new Date('2026-01-01T10:00:00Z');
    const first = await Promise.all(['a', 'b', 'c'].map((o) => take(o, t0)));
    expect(first.filter(Boolean)).toHaveLength(1);
    const holder = ['a', 'b', 'c'][first.indexOf(true)]!;
    expect(await take(holder, t0)).toBe(true); // renewing
    expect(await take(holder === 'a' ? 'b' : 'a', new Date(t0.getTime() + 500))).toBe(false);
    expect(await take(holder === 'a' ? 'b' : 'a', new Date(t0.getTime() + 5000))).toBe(true); // expired: taken over
  });

  it('guards state transitions with an expected version (optimistic concurrency)', async () => {
    const c = db.collection<{ _id: string; status: string; version: number; history?: Array<{ to: string }> }>('cases');
    await c.insertOne({ _id: 'x', status: 'ny', version: 1 });
    const move = (from: string, to: string, v: number) =>
      c.findOneAndUpdate({ _id: 'x', status: from, version: v }, { $set: { status: to }, $inc: { version: 1 }, $push: { history: { to } } }, { returnDocument: 'after' });
    const [a, b] = await Promise.all([move('ny', 'mottagen', 1), move('ny', 'avslutad', 1)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await c.findOne({ _id: 'x' }))!.version).toBe(2);
  });

  it('inserts with $setOnInsert upserts and bulk writes (idempotent enqueue)', async () => {
    const c = db.collection('outbox');
    await c.createIndex({ dedupeKey: 1 }, { unique: true });
    const op = (k: string) => ({ updateOne: { filter: { dedupeKey: k }, update: { $setOnInsert: { dedupeKey: k, state: 'pending', createdAt: new Date() } }, upsert: true } });
    const first = await c.bulkWrite([op('a'), op('b'), op('c')], { ordered: false });
    const again = await c.bulkWrite([op('a'), op('b'), op('d')], { ordered: false });
    expect(first.upsertedCount).toBe(3);
    expect(again.upsertedCount).toBe(1);
    expect(await c.countDocuments()).toBe(4);
  });

  it('round-trips dates, nested documents and arrays, and queries them by array member, dotted path, $in/$nin, $exists, ranges and sort/skip/limit', async () => {
    const c = db.collection('docs');
    const when = new Date('2026-03-01T08:30:00.123Z');
    await c.insertMany(
      Array.from({ length: 12 }, (_, i) => ({
        n: i,
        at: new Date(when.getTime() + i * 86_400_000),
        reporter: { personId: `p${i % 3}` },
        handlerIds: [`h${i % 2}`, 'h9'],
        ...(i % 4 === 0 ? { closedAt: when } : {}),
        outbox: i % 5 === 0 ? [{ id: 'e1' }] : [],
      })),
    );
    const one = await c.findOne({ n: 0 });
    expect(one!.at).toBeInstanceOf(Date);
    expect((one!.at as Date).toISOString()).toBe(when.toISOString());
    expect(await c.countDocuments({ n: { $in: [1, 2, 3] } })).toBe(3);
    expect(await c.countDocuments({ n: { $nin: [1, 2, 3] } })).toBe(9);
    expect(await c.countDocuments({ handlerIds: 'h1' })).toBe(6);
    expect(await c.countDocuments({ 'reporter.personId': 'p2' })).toBe(4);
    expect(await c.countDocuments({ $or: [{ 'reporter.personId': 'p0' }, { handlerIds: 'h1' }] })).toBe(8);
    expect(await c.countDocuments({ closedAt: { $exists: false } })).toBe(9);
    expect(await c.countDocuments({ 'outbox.0': { $exists: true } })).toBe(3);
    const page = await c.find({ at: { $gte: new Date(when.getTime() + 86_400_000) } }).sort({ n: -1 }).skip(1).limit(3).project({ n: 1, _id: 0 }).toArray();
    expect(page.map((d) => d.n)).toEqual([10, 9, 8]);
  });

  it('changes arrays in place: $push with $each, $pull by $in, $addToSet; replaces a document by a filter', async () => {
    const c = db.collection<{ _id: string; outbox?: Array<{ id: string }>; notMine?: string[]; version: number; anonymised?: boolean }>('arrays');
    await c.insertOne({ _id: 'a', outbox: [{ id: 'e1' }], notMine: [], version: 1 });
    await c.updateOne({ _id: 'a' }, { $push: { outbox: { $each: [{ id: 'e2' }, { id: 'e3' }] } } });
    await c.updateOne({ _id: 'a' }, { $pull: { outbox: { id: { $in: ['e1', 'e3'] } } } });
    await c.updateOne({ _id: 'a' }, { $addToSet: { notMine: 'p1' } });
    await c.updateOne({ _id: 'a' }, { $addToSet: { notMine: 'p1' } });
    const doc = await c.findOne({ _id: 'a' });
    expect(doc!.outbox).toEqual([{ id: 'e2' }]);
    expect(doc!.notMine).toEqual(['p1']);
    const stale = await c.replaceOne({ _id: 'a', version: 0 }, { version: 2, anonymised: true });
    expect(stale.matchedCount).toBe(0);
    const fresh = await c.replaceOne({ _id: 'a', version: 1 }, { version: 2, anonymised: true });
    expect(fresh.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 'a' })).toEqual({ _id: 'a', version: 2, anonymised: true });
  });

  it('aggregates with $match and $group on nested fields and $sum (statistics)', async () => {
    const c = db.collection('stats');
    await c.insertMany([
      { kind: 'synpunkt', type: 'klagomål', unitId: 'A', period: { year: 2026, month: 1 }, risk: { level: 'lag' } },
      { kind: 'synpunkt', type: 'klagomål', unitId: 'A', period: { year: 2026, month: 2 }, risk: { level: 'lag' } },
      { kind: 'synpunkt', type: 'beröm', unitId: 'B', period: { year: 2026, month: 2 } },
      { kind: 'avvikelse', type: 'avvikelse', unitId: 'B', period: { year: 2025, month: 12 } },
    ]);
    const rows = await c
      .aggregate([{ $match: { 'period.year': 2026, unitId: { $in: ['A', 'B'] } } }, { $group: { _id: { type: '$type', month: '$period.month', level: '$risk.level' }, n: { $sum: 1 } } }])
      .toArray();
    const byKey = Object.fromEntries(rows.map((r) => [`${r._id.type}/${r._id.month}/${r._id.level ?? '-'}`, r.n]));
    expect(byKey).toEqual({ 'klagomål/1/lag': 1, 'klagomål/2/lag': 1, 'beröm/2/-': 1 });
  });

  it('deletes and updates many by filter (retention jobs expire data without TTL indexes)', async () => {
    const c = db.collection('expiring');
    await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ i, closedAt: new Date(2020 + i, 0, 1) })));
    const res = await c.deleteMany({ closedAt: { $lt: new Date(2025, 0, 1) } });
    expect(res.deletedCount).toBe(5);
    const upd = await c.updateMany({}, { $set: { anonymised: true }, $unset: { secret: '' } });
    expect(upd.modifiedCount).toBe(5);
  });
});
