/**
 * Database commands per Slack avvikelse submission, end to end: the real app (in this process) behind signed Slack
 * requests, counted with the driver's command monitoring. The scheduler is off so the outbox sender's work is not
 * counted; what idles in the same time (settings refresh) is measured first and subtracted.
 *   npx tsx scripts/bench-save-commands.ts [submissions=30]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CommandStartedEvent } from 'mongodb';
import { dt, optionsOf, sel, SlackUser, txt } from '../test/support/slack-client.js';
import { startTestApp } from '../test/support/test-app.js';
import { benchmarkServer } from './lib/database.js';

const n = Number(process.argv[2] ?? 30);
const base = (await benchmarkServer()).uri;
const uri = `${base}${base.includes('?') ? '&' : '?'}monitorCommands=true`;

function values(view: any, i: number) {
  const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!;
  const v: Record<string, unknown> = {
    type: sel(i % 10 === 0 ? 'lex_sarah' : 'avvikelse'),
    unitId: sel(unit.value),
    occurredAt: dt(new Date(Date.now() - 3_600_000)),
    location: txt('Korridoren'),
    description: txt('Mätning: brukaren halkade.'),
    immediateActions: txt('Hjälpte upp.'),
    konsekvens: sel('2'),
    sannolikhet: sel('2'),
    informed: sel('ja'),
    improvement: txt('Halkskydd.'),
  };
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, { [k]: val }]));
}

async function main(): Promise<void> {
  const t = await startTestApp({ env: { MONGODB_URI: uri, SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'warn' } });
  const build = await t.app.mongo.db.admin().command({ buildInfo: 1 });
  const seen: Record<string, number> = {};
  let counting = false;
  t.app.mongo.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (!counting) return;
    seen[e.commandName] = (seen[e.commandName] ?? 0) + 1;
  });
  const mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
  await mia.dm('hjälp');
  await mia.waitForMessage((b) => b.includes('kvalitetsboten'));
  const views: any[] = [];
  for (let i = 0; i < n + 3; i++) {
    const { triggerId } = await mia.command('/avvikelse');
    views.push(await mia.openedView(triggerId));
  }
  for (let i = 0; i < 3; i++) await mia.submit(views.pop(), values(views[0], i)); // warm-up

  counting = true;
  const idleMs = 3000;
  await new Promise((r) => setTimeout(r, idleMs));
  counting = false;
  const idle = { ...seen };
  for (const k of Object.keys(seen)) delete seen[k];

  const latencies: number[] = [];
  counting = true;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = await mia.submit(views[i], values(views[i], i));
    if (r.body?.response_action) throw new Error(`submission ${i} not saved: ${JSON.stringify(r.body).slice(0, 300)}`);
    latencies.push(performance.now() - s);
  }
  const elapsed = performance.now() - t0;
  counting = false;

  const perIdleMs = (k: string) => (idle[k] ?? 0) / idleMs;
  const rows = Object.keys({ ...seen, ...idle })
    .sort()
    .map((k) => [k, Math.max(0, ((seen[k] ?? 0) - perIdleMs(k) * elapsed) / n)] as const)
    .filter(([, v]) => v > 0.005);
  const total = rows.reduce((s, [, v]) => s + v, 0);
  latencies.sort((a, b) => a - b);
  const cases = await t.app.mongo.db.collection('cases').countDocuments();
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(2)).join('/')}, node ${process.version}, server ${String(build.version)}${build.secantusVersion ? ` (SecantusDB ${String(build.secantusVersion)})` : ''}`,
  );
  console.log(`database commands per Slack avvikelse submission (n=${n}, idle subtracted): ${total.toFixed(1)}`);
  for (const [k, v] of rows) console.log(`  ${k}: ${v.toFixed(2)}`);
  console.log(`sequential submit → receipt shown: p50 ${latencies[Math.floor(n / 2)]!.toFixed(1)} ms, max ${latencies[n - 1]!.toFixed(1)} ms; cases stored ${cases}`);
  await t.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
