/**
 * Submit-to-notification latency and throughput of avvikelser against a real MongoDB.
 *   npx tsx scripts/bench-cases.ts [count] [concurrency]
 * The notifier writes to a MongoDB collection keyed by dedupe key (as the outbox will), so every submit pays for:
 * token lookup, counter $inc, case insert, audit insert, notification insert, deadline write, outbox $pull.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { AvvikelseService } from '../domain/avvikelser/flows.js';
import { systemClock } from '../domain/clock.js';
import type { DeadlineSink, CaseDirectory, Notifier } from '../domain/cases/ports.js';
import { caseSettings } from '../domain/cases/settings.js';
import type { CasePerson, Unit } from '../domain/cases/types.js';
import { ensureCaseIndexes, isDuplicateKey, MongoAuditStore, MongoCaseStore } from '../storage/cases.js';
import { benchmarkServer } from './lib/database.js';

const count = Number(process.argv[2] ?? 300);
const concurrency = Number(process.argv[3] ?? 8);
const uri = (await benchmarkServer()).uri;

const unit: Unit = { id: 'u1', name: 'Bänkboendet', parentId: null };
const chef: CasePerson = { id: 'chef', name: 'Enhetschef' };
const directory: CaseDirectory = {
  holdersOf: async (role) => (role === 'enhetschef' ? [chef] : []),
  managerOf: async () => [],
  findPersonByEmail: async () => null,
  unitById: async (id) => (id === unit.id ? unit : null),
  isAdmin: async () => false,
  admins: async () => [],
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const client = new MongoClient(uri!, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(`kbbench_cases_${Date.now()}`);
  await ensureCaseIndexes(db);
  const outbox = db.collection<{ _id: string; at: Date }>('bench_outbox');
  const deadlineCol = db.collection<{ _id: string; dueAt: Date }>('bench_deadlines');
  const enqueuedAt = new Map<string, number>();
  const notifier: Notifier = {
    enqueue: async (req) => {
      try {
        await outbox.insertOne({ _id: req.dedupeKey, at: new Date() });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const caseId = req.dedupeKey.split(':')[1]!;
      if (!enqueuedAt.has(caseId)) enqueuedAt.set(caseId, performance.now());
    },
  };
  const deadlines: DeadlineSink = {
    upsertCaseDeadline: async (d) => void (await deadlineCol.updateOne({ _id: `${d.caseId}:${d.kind}` }, { $set: { dueAt: d.dueAt } }, { upsert: true })),
    cancelCaseDeadline: async (caseId, kind) => void (await deadlineCol.deleteMany({ _id: kind ? `${caseId}:${kind}` : { $regex: `^${caseId}:` } })),
  };
  const service = new AvvikelseService({
    store: new MongoCaseStore(db, { notifier, deadlines }),
    audit: new MongoAuditStore(db),
    directory,
    clock: systemClock,
    settings: caseSettings(),
  });
  const submit = async (i: number) => {
    const t0 = performance.now();
    const r = await service.submit(
      { id: `reporter-${i % 20}`, name: 'Medarbetare' },
      {
        token: `bench-token-${i}`,
        type: i % 10 === 0 ? 'lex_sarah' : 'avvikelse',
        unitId: unit.id,
        occurredAt: new Date(Date.now() - 3_600_000),
        description: 'Benchmark-händelse utan personuppgifter',
        konsekvens: 1 + (i % 4),
        sannolikhet: 1 + ((i >> 2) % 4),
        informed: 'ja',
      },
    );
    return enqueuedAt.get(r.case._id)! - t0;
  };

  for (let i = 0; i < 10; i++) await submit(1_000_000 + i); // warm-up
  const sequential: number[] = [];
  for (let i = 0; i < count; i++) sequential.push(await submit(i));

  const parallel: number[] = [];
  let next = count;
  const end = count * 2;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) parallel.push(await submit(next++));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  const numbers = await db.collection('cases').distinct('number');
  const build = await db.admin().command({ buildInfo: 1 }).catch(() => ({ version: 'unknown' }));
  const report = (name: string, xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${name}: n=${s.length} p50=${pct(s, 50).toFixed(1)} ms p99=${pct(s, 99).toFixed(1)} ms max=${s[s.length - 1]!.toFixed(1)} ms`;
  };
  console.log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join('/')}, node ${process.version}, server ${String((build as { version?: string }).version)}`);
  console.log(report('submit → notification enqueued, sequential', sequential));
  console.log(report(`submit → notification enqueued, concurrency ${concurrency}`, parallel));
  console.log(`throughput at concurrency ${concurrency}: ${(count / elapsed).toFixed(1)} cases/s; unique case numbers: ${numbers.length} of ${count * 2 + 10}`);
  await db.dropDatabase();
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
