/**
 * What one Teams turn costs the product, end to end: the real app (in this process) behind Teams activities,
 * sequentially, counting database commands with the driver's command monitoring (what idles in the same time is
 * measured first and subtracted), the process's CPU time per turn and the size of the reply.
 *   npx tsx scripts/bench-teams-turn.ts [turns=200]        BENCH_SCHEDULER=true to run the scheduler beside them
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CommandStartedEvent } from 'mongodb';
import { teamsActivity } from '../test/support/fake-teams-connector.js';
import { startTestApp } from '../test/support/test-app.js';
import { benchmarkServer } from './lib/database.js';

const n = Number(process.argv[2] ?? 200);
const base = (await benchmarkServer()).uri;
const uri = `${base}${base.includes('?') ? '&' : '?'}monitorCommands=true`;

async function main(): Promise<void> {
  // BENCH_SCHEDULER=true runs the reminder scheduler and outbox sender beside the turns, as the product does.
  const t = await startTestApp({ env: { MONGODB_URI: uri, SCHEDULER_ENABLED: process.env.BENCH_SCHEDULER ?? 'false', LOG_LEVEL: 'warn' } });
  const build = await t.app.mongo.db.admin().command({ buildInfo: 1 });
  const email = 'mia.medarbetare@exempel.se';
  t.teams.members.set('29:aad-mia', { id: '29:aad-mia', aadObjectId: 'aad-mia', name: 'Mia', email, userPrincipalName: email });
  const seen: Record<string, number> = {};
  let counting = false;
  t.app.mongo.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (!counting) return;
    const what = e.commandName === 'find' || e.commandName === 'update' || e.commandName === 'insert' ? `${e.commandName} ${String(e.command[e.commandName])}` : e.commandName;
    seen[what] = (seen[what] ?? 0) + 1;
  });
  let seq = 0;
  const say = async (text: string) => {
    const activity = teamsActivity(t.teams.url, {
      id: `turn-${++seq}`,
      text,
      from: { id: '29:aad-mia', name: 'Mia', aadObjectId: 'aad-mia' },
      conversation: { id: 'a:personal-mia', conversationType: 'personal', tenantId: 'tenant-1' },
    });
    const res = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`turn answered ${res.status}`);
  };
  for (let i = 0; i < 20; i++) await say(i % 2 ? 'hjälp' : 'vem ansvarar för lex Maria?'); // warm-up

  counting = true;
  const idleMs = 3000;
  await new Promise((r) => setTimeout(r, idleMs));
  counting = false;
  const idle = { ...seen };
  const idleRows = Object.entries(idle).sort();
  console.log(`idle, per second: ${idleRows.map(([k, v]) => `${k} ${((v * 1000) / idleMs).toFixed(2)}`).join(', ') || 'nothing'}`);
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(2)).join('/')}, node ${process.version}, server ${String(build.version)}${build.secantusVersion ? ` (SecantusDB ${String(build.secantusVersion)})` : ''}`,
  );

  for (const text of ['hjälp', 'vem ansvarar för lex Maria?']) {
    for (const k of Object.keys(seen)) delete seen[k];
    const latencies: number[] = [];
    const replyBytes: number[] = [];
    const from = t.teams.requests.length;
    counting = true;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await say(text);
      latencies.push(performance.now() - s);
    }
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    counting = false;
    for (const r of t.teams.requests.slice(from)) if (r.method === 'POST' && /\/activities/.test(r.path)) replyBytes.push(JSON.stringify(r.body).length);
    const rows = Object.keys({ ...seen, ...idle })
      .sort()
      .map((k) => [k, Math.max(0, ((seen[k] ?? 0) - ((idle[k] ?? 0) / idleMs) * elapsed) / n)] as const)
      .filter(([, v]) => v > 0.005);
    const total = rows.reduce((s, [, v]) => s + v, 0);
    latencies.sort((a, b) => a - b);
    console.log(
      `"${text}": ${n} turns, database commands per turn (idle subtracted) ${total.toFixed(2)}${rows.length ? ` (${rows.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')})` : ''}; ` +
        `CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per turn (app and fake connector in this process); ` +
        `turn p50 ${latencies[Math.floor(n / 2)]!.toFixed(1)} ms, p99 ${latencies[Math.ceil(n * 0.99) - 1]!.toFixed(1)} ms; reply ${Math.round(replyBytes.reduce((a, b) => a + b, 0) / Math.max(1, replyBytes.length))} bytes`,
    );
  }
  await t.stop();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
