/**
 * Benchmark of the reminder pipeline against MONGODB_URI:
 *  1. claim + enqueue: BENCH_N (default 10 000) due occurrences — plan (occurrences + nudges), then claim every due
 *     nudge and write its outbox message.
 *  2. delivery: messages to local fake Teams and Slack endpoints that enforce the platform limits (Teams 25/s per
 *     tenant, 7/s per conversation; Slack 1/s per channel) and answer 429 + Retry-After when exceeded.
 * Prints p50/p99 and the machine. Run: `npx tsx scripts/bench-reminders.ts` (BENCH_N=2000 for a quick run).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { MongoClient } from 'mongodb';
import { systemClock } from '../domain/clock.js';
import { toStockholmDate } from '../domain/calendar/swedish-calendar.js';
import { ReminderTick, type ReminderDirectory } from '../domain/paminnelser/flows.js';
import { reminderConfig } from '../domain/paminnelser/schema.js';
import { OutboxSender } from '../scheduler/outbox-sender.js';
import { MongoOutbox } from '../storage/outbox.js';
import { ReminderRepository } from '../storage/reminders.js';
import { FakeChatServer } from '../test/scheduler/support/fake-chat-server.js';
import { HttpChatDelivery } from '../test/scheduler/support/http-chat-delivery.js';
import { benchmarkServer } from './lib/database.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 300);
const SLACK = Number(process.env.BENCH_SLACK ?? 40);
const uri = (await benchmarkServer()).uri;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

const client = new MongoClient(uri);
await client.connect();
const db = client.db(`kbbench_${Date.now()}`);
const directory: ReminderDirectory = {
  async resolve(spec) {
    const n = spec.kind === 'role' ? spec.role : spec.personId;
    return [{ id: `p-${n}`, displayName: n, chat: { channel: 'slack', userId: `U-${n}` } }];
  },
  async managerOf() {
    return undefined;
  },
  async admins() {
    return [];
  },
};
try {
  console.log(`Machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
  console.log(`MongoDB: ${uri.replace(/\/\/[^@]*@/, '//***@')}`);

  // ---- 1. claim + enqueue ----------------------------------------------------------------------------------
  const repo = new ReminderRepository(db);
  const outbox = new MongoOutbox(db, systemClock);
  await Promise.all([repo.ensureIndexes(), outbox.ensureIndexes()]);
  const today = toStockholmDate(new Date());
  for (let i = 0; i < N; i += 1000) {
    await repo.upsertReminders(
      Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
        id: `bench:${i + k}`,
        source: 'case' as const,
        title: `Ärende ${i + k}`,
        recipients: [{ kind: 'role' as const, role: `r${i + k}` }],
        schedule: { kind: 'once' as const, date: today },
        active: true,
      })),
      new Date(),
    );
  }
  const config = reminderConfig({ officeHours: null, leadTimesDays: [0], escalateAfterWorkingDays: null, sendTime: '00:00' });
  const engine = new ReminderTick({ store: repo, outbox, directory, clock: systemClock, config, instanceId: 'bench' });
  let t = performance.now();
  const planned = await engine.plan();
  const planMs = performance.now() - t;
  t = performance.now();
  const processed = await engine.processDueNudges(N + 10);
  const claimMs = performance.now() - t;
  console.log(`\n1. ${N} due occurrences`);
  console.log(`   plan (occurrences + nudges): ${planMs.toFixed(0)} ms (${planned.occurrences} occurrences)`);
  console.log(`   claim + enqueue:             ${claimMs.toFixed(0)} ms (${processed.enqueued} messages, ${((processed.processed / claimMs) * 1000).toFixed(0)}/s)`);
  console.log(`   total:                       ${(planMs + claimMs).toFixed(0)} ms`);
  await outbox.col.deleteMany({});

  // ---- 2. delivery against rate-limited fakes ------------------------------------------------------------------
  const fake = new FakeChatServer({ limits: { teamsTenant: 25, teamsConversation: 7, slackChannel: 1 }, retryAfterSeconds: 1 });
  const url = await fake.start();
  const created = new Map<string, number>();
  const requests = [
    ...Array.from({ length: TEAMS }, (_, i) => ({
      dedupeKey: `t${i}`,
      recipient: { channel: 'teams' as const, conversationReference: { conversation: { id: `conv${i % 10}`, tenantId: 'tenant1' } } },
    })),
    ...Array.from({ length: SLACK }, (_, i) => ({ dedupeKey: `s${i}`, recipient: { channel: 'slack' as const, userId: `C${i % 10}` } })),
  ];
  const now = Date.now();
  for (const r of requests) created.set(r.dedupeKey, now);
  await outbox.enqueueMany(requests.map((r) => ({ ...r, message: { view: { title: 'Påminnelse' }, fallbackText: 'Påminnelse' } })));
  // Local limits set 20% above the platforms', so the fakes' 429s and Retry-After handling are exercised too.
  const sender = new OutboxSender(outbox, new HttpChatDelivery(url), directory, {
    instanceId: 'bench',
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
    idleMs: 50,
    rateLimits: {
      teamsTenant: { perSecond: 30, burst: 30 },
      teamsConversation: { perSecond: 8.4, burst: 8 },
      slackChannel: { perSecond: 1.2, burst: 1 },
    },
  });
  t = performance.now();
  sender.start();
  while (fake.counts().unique < requests.length && performance.now() - t < 300_000) await new Promise((r) => setTimeout(r, 100));
  const wall = performance.now() - t;
  await sender.stop();
  await fake.stop();
  const lat = (prefix: string) => fake.deliveries.filter((d) => d.dedupeKey.startsWith(prefix)).map((d) => d.at - created.get(d.dedupeKey)!);
  const teams = lat('t');
  const slack = lat('s');
  const c = fake.counts();
  console.log(`\n2. delivery of ${TEAMS} Teams messages (1 tenant, 10 conversations) + ${SLACK} Slack messages (10 channels)`);
  console.log(`   wall ${wall.toFixed(0)} ms, ${((c.unique / wall) * 1000).toFixed(1)} msg/s overall, 429 answers: ${fake.throttled}, duplicates: ${c.duplicates}`);
  console.log(`   Teams: ${teams.length} delivered, ${((teams.length / (Math.max(...teams) || 1)) * 1000).toFixed(1)} msg/s, latency p50 ${pct(teams, 50)} ms p99 ${pct(teams, 99)} ms`);
  console.log(`   Slack: ${slack.length} delivered, latency p50 ${pct(slack, 50)} ms p99 ${pct(slack, 99)} ms`);
} finally {
  await db.dropDatabase();
  await client.close();
}
