/**
 * Open-loop load against the product (`node dist/app.js`, or app.ts through tsx when there is no build) beside the
 * bare SDKs (scripts/bench-bare.ts) in the same run, everything on 127.0.0.1 with a local fake Slack Web API and
 * Teams connector. Requests are sent at fixed rates whatever the answers do; latency is measured from the moment a
 * request was due, so a slow server cannot hide its queue. Each phase prints p50/p99, the p99 ratio with a 95 %
 * interval (see ratioInterval), the error rate, the product's RSS and the machine's load.
 *   npx tsx scripts/bench-load.ts            BENCH_SECONDS=20 (per rate) BENCH_ROUNDS=2 BENCH_WARMUP_SECONDS=1 BENCH_SUBMIT_SECONDS=20
 * Before each measured phase both targets get the same traffic at the same rate for BENCH_WARMUP_SECONDS, not
 * counted: what is measured is the steady state at that rate, not the first second of it.
 * Phases: Slack slash command and block_actions acks at 50/100/200 rps; an avvikelse view_submission at 50 rps;
 * Teams "hjälp", "vem ansvarar för lex Maria?" and "vem ansvarar …" with a new question each time (made from the
 * example matrix and organisation) at 25/50/100 rps; RSS after all phases; SIGTERM during a 100 rps submission
 * overload (a fresh product process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { FakeSlackApi, SLACK_TEST_SECRET, slackSignature, slashCommandFields } from '../test/support/fake-slack-api.js';
import { FakeTeamsConnector, teamsActivity } from '../test/support/fake-teams-connector.js';
import { dt, isSavingView, optionsOf, sel, SlackUser, txt } from '../test/support/slack-client.js';
import { benchmarkServer } from './lib/database.js';

const root = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const SUBMIT_SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 20);
const SUBMIT_RATE = 50;
const SHUTDOWN_TIMEOUT_MS = 5000;
/**
 * BENCH_PHASES=slack,submit,teams,sigterm (default all); submit needs slack (its forms come from there); `slash` or
 * `block` instead of `slack` runs only that kind of Slack request.
 */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'slack,submit,teams,sigterm').split(','));
/** BENCH_TEAMS_RATES=100 (default 25,50,100) and BENCH_SLACK_RATES=200 (default 50,100,200) run only those rates. */
const rates = (name: string, fallback: number[]) => (process.env[name] ? process.env[name].split(',').map(Number) : fallback);
const TEAMS_RATES = rates('BENCH_TEAMS_RATES', [25, 50, 100]);
const SLACK_RATES = rates('BENCH_SLACK_RATES', [50, 100, 200]);
const REQUEST_TIMEOUT_MS = 10_000;
const uri = (await benchmarkServer()).uri;

const machine = () => `load ${os.loadavg().map((l) => l.toFixed(2)).join('/')}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (10 ms ticks). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * The whole machine's CPU ticks so far, busy and all (from /proc/stat), to see what else ran beside a target;
 * `stolen`: time the hypervisor gave this virtual machine's cores to someone else (counted in `busy` too).
 */
function machineTicks(): { busy: number; all: number; stolen: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const all = f.reduce((a, b) => a + b, 0);
  return { busy: all - (f[3] ?? 0) - (f[4] ?? 0), all, stolen: f[7] ?? 0 };
}

/** Live JS heap of the product (prom-client's default metrics), to tell retained memory from a grown RSS. */
async function heapMb(baseUrl: string): Promise<number> {
  const text = await fetch(`${baseUrl}/metrics`).then((r) => r.text(), () => '');
  const m = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

/** Where the product's RSS is: the V8 heap reserved and used, memory outside it (buffers), and the rest (code, malloc). */
async function memoryBreakdown(t: Target): Promise<string> {
  const text = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text(), () => '');
  const metric = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)`, 'm').exec(text);
    return m ? Number(m[1]) / 2 ** 20 : NaN;
  };
  const rss = rssMb(t.child.pid);
  const total = metric('nodejs_heap_size_total_bytes');
  const external = metric('nodejs_external_memory_bytes');
  return `RSS ${rss.toFixed(0)} MB = V8 heap ${total.toFixed(0)} MB reserved (${metric('nodejs_heap_size_used_bytes').toFixed(0)} MB used) + external ${external.toFixed(0)} MB + other ${(rss - total - external).toFixed(0)} MB (code, stacks, allocator)`;
}

interface Target {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function waitUntil(url: string, ok: (status: number) => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (ok(status)) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every process this run started, so an error never leaves one running. */
const started: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** The node options of the production start command (`npm start`), so the product runs here as people run it. */
const START_FLAGS = (() => {
  const start = String((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start);
  const flags = /^node\s+(.*?)\s*dist\/app\.js$/.exec(start.trim())?.[1];
  return flags ? flags.split(/\s+/) : [];
})();

async function startProduct(name: string, env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const built = existsSync(path.join(root, 'dist/app.js'));
  // BENCH_NODE_ARGS e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the product under the same load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...START_FLAGS, ...nodeArgs, ...(built ? ['dist/app.js'] : ['--import', 'tsx', 'app.ts'])];
  const log = openSync(path.join(os.tmpdir(), `bench-load-${name}-${port}.log`), 'w');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', log, log],
  });
  started.push(child);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(`${baseUrl}/readyz`, (s) => s === 200);
  return { name: `${name} (${built ? `node ${[...START_FLAGS, 'dist/app.js'].join(' ')}` : 'tsx app.ts'})`, baseUrl, child, exited };
}

async function startBare(env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  // BENCH_BARE_NODE_ARGS: node options for the bare apps too (e.g. the same profiling flags as the product).
  const nodeArgs = (process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'scripts/bench-bare.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), ...env },
    stdio: ['ignore', openSync(path.join(os.tmpdir(), `bench-load-bare-${port}.log`), 'w'), 'inherit'],
  });
  started.push(child);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(`${baseUrl}/healthz`, (s) => s > 0);
  return { name: 'bare SDKs', baseUrl, child, exited };
}

interface Result {
  /** Each request's latency, in the order they were due (slices one after another when pooled). */
  latencies: number[];
  errors: number;
  sent: number;
  /** CPU ms the target used per request during the phase (and until its answers were in). */
  cpuPerRequest?: number;
  /** CPU ms this process (the load generator with the fake Slack API and Teams connector) used per request. */
  generatorCpuPerRequest?: number;
  /** How busy the machine's cores were during the phase, 0–1 (every process: target, database server, generator). */
  machineBusy?: number;
  /** The part of the machine's core time taken by the hypervisor during the phase (steal), 0–1. */
  machineStolen?: number;
  /** The longest event-loop delay of this process (the load generator) during the phase. */
  generatorDelayMs: number;
  /** The target's own longest event-loop delay during the phase (the product's, read from its metrics). */
  loopDelayMs?: number;
}

/** openLoop against one target, with its CPU time per request, the generator's own, and how busy the machine was. */
async function measured(t: Target, run: () => Promise<Result>): Promise<Result> {
  const before = cpuMs(t.child.pid);
  const own = process.cpuUsage();
  const ticks = machineTicks();
  const result = await run();
  const ownUsed = process.cpuUsage(own);
  const ticksAfter = machineTicks();
  return {
    ...result,
    cpuPerRequest: (cpuMs(t.child.pid) - before) / result.sent,
    generatorCpuPerRequest: (ownUsed.user + ownUsed.system) / 1000 / result.sent,
    machineBusy: (ticksAfter.busy - ticks.busy) / Math.max(1, ticksAfter.all - ticks.all),
    machineStolen: (ticksAfter.stolen - ticks.stolen) / Math.max(1, ticksAfter.all - ticks.all),
  };
}

/**
 * BENCH_ROUNDS (default 2): each phase's SECONDS are measured in this many slices, taking turns between bare and
 * product, so that a slow stretch of the machine (another process, the database server's own work) falls on both
 * rather than on whichever came second. The slices of one target are pooled.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));

/** The slices of one target as one result: their requests together, their CPU and busy figures weighted by requests. */
function pooled(rs: Result[]): Result {
  const sent = rs.reduce((n, r) => n + r.sent, 0);
  // A figure of the slices (CPU per request, cores busy), weighted by their requests (absent when a slice lacks it).
  const weighted = (key: 'cpuPerRequest' | 'generatorCpuPerRequest' | 'machineBusy' | 'machineStolen') =>
    rs.every((r) => r[key] !== undefined) ? { [key]: rs.reduce((n, r) => n + r[key]! * r.sent, 0) / sent } : {};
  const delays = rs.flatMap((r) => (r.loopDelayMs === undefined ? [] : [r.loopDelayMs]));
  return {
    latencies: rs.flatMap((r) => r.latencies),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    sent,
    generatorDelayMs: Math.max(...rs.map((r) => r.generatorDelayMs)),
    ...weighted('cpuPerRequest'),
    ...weighted('generatorCpuPerRequest'),
    ...weighted('machineBusy'),
    ...weighted('machineStolen'),
    ...(delays.length ? { loopDelayMs: Math.max(...delays) } : {}),
  };
}

/** ROUNDS slices of each target, bare first in the first round, product first in the second, and so on; pooled per target. */
async function alternating(product: () => Promise<Result>, bare: () => Promise<Result>): Promise<[Result, Result]> {
  const p: Result[] = [];
  const b: Result[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      b.push(await bare());
      p.push(await product());
    } else {
      p.push(await product());
      b.push(await bare());
    }
  }
  return [pooled(p), pooled(b)];
}

/** Waits until the target answers /healthz quickly again, so one phase's backlog is not billed to the next. */
async function settle(t: Target): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let quick = 0; quick < 3 && Date.now() < deadline; ) {
    const s = performance.now();
    await fetch(`${t.baseUrl}/healthz`).then((r) => r.arrayBuffer(), () => undefined);
    quick = performance.now() - s < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sends `rate` requests a second for `seconds`, each due at a fixed time; `send(i)` resolves true on success. */
async function openLoop(rate: number, seconds: number, send: (i: number) => Promise<boolean>): Promise<Result> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const start = performance.now() + 20;
  const inflight: Array<Promise<void>> = [];
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      send(i).then(
        (ok) => {
          latencies[i] = performance.now() - due;
          if (!ok) {
            errors++;
            errorKinds.set('refused (status)', (errorKinds.get('refused (status)') ?? 0) + 1);
          }
        },
        (error: unknown) => {
          latencies[i] = performance.now() - due;
          errors++;
          const kind = String((error as { code?: string }).code ?? (error as Error).name ?? 'error');
          errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
        },
      ),
    );
  }
  await Promise.all(inflight);
  delay.disable();
  if (errors) console.log(`  errors: ${[...errorKinds].map(([k, n]) => `${n} × ${k}`).join(', ')}`);
  return { latencies, errors, sent: total, generatorDelayMs: delay.max / 1e6 };
}

/** Where the p-th percentile (nearest rank) sits among `n` sorted values. */
function rank(n: number, p: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[rank(s.length, p)] ?? NaN;
}

/** A small seeded generator (mulberry32), so the same latencies always give the same interval. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How far the p99 ratio of one run can be trusted: a 95 % interval from a block bootstrap. Each target's latencies
 * are cut into blocks of one second of requests (a pause holds up every request around it, so single requests are
 * not independent), and 2 000 times a same-sized sample of blocks is drawn with replacement from each target and the
 * ratio of their p99s taken; the interval is the middle 95 % of those ratios. It says how much of a ratio is the luck
 * of which stretches of the run the slow requests fell in, not what a run on another day would give.
 */
function ratioInterval(product: number[], bare: number[], block: number, draws = 2000): [number, number] {
  const random = seeded(product.length * 31 + bare.length);
  const p99Of = (xs: number[]) => {
    const blocks = Math.max(1, Math.floor(xs.length / block));
    const sample = new Float64Array(blocks * block);
    for (let b = 0; b < blocks; b++) {
      const from = Math.floor(random() * blocks) * block;
      sample.set(xs.slice(from, from + block), b * block);
    }
    sample.sort();
    return sample[rank(sample.length, 99)]!;
  };
  const ratios = Array.from({ length: draws }, () => p99Of(product) / p99Of(bare)).sort((a, b) => a - b);
  return [ratios[Math.floor(0.025 * draws)]!, ratios[Math.ceil(0.975 * draws) - 1]!];
}

function report(what: string, rate: number, product: Result, bare: Result | undefined, rss: number): void {
  const p = (r: Result) => `${pct(r.latencies, 50).toFixed(1)} / ${pct(r.latencies, 99).toFixed(1)}`;
  const interval = bare ? ratioInterval(product.latencies, bare.latencies, rate) : undefined;
  const ratio = bare ? `${(pct(product.latencies, 99) / pct(bare.latencies, 99)).toFixed(2)} (${interval![0].toFixed(2)}–${interval![1].toFixed(2)})` : '—';
  const err = (r: Result) => `${((r.errors / r.sent) * 100).toFixed(1)} %`;
  console.log(`| ${what} | ${rate} rps | ${p(product)} ms | ${bare ? `${p(bare)} ms` : '—'} | ${ratio} | ${err(product)}${bare ? ` (bare ${err(bare)})` : ''} | ${rss.toFixed(0)} MB | ${os.loadavg()[0]!.toFixed(2)} |`);
  // One figure beside each target, when the product's result has it (bare's is left out when it lacks it).
  const beside = (label: string, figure: (r: Result) => string | undefined) => {
    const own = figure(product);
    const other = bare ? figure(bare) : undefined;
    if (own !== undefined) console.log(`  ${label}: ${own} beside the product${other !== undefined ? `, ${other} beside bare` : ''}`);
  };
  beside("the load generator's longest event-loop delay", (r) => `${r.generatorDelayMs.toFixed(0)} ms`);
  if (product.cpuPerRequest !== undefined) console.log(`  CPU per request: product ${product.cpuPerRequest.toFixed(2)} ms${bare?.cpuPerRequest !== undefined ? `, bare ${bare.cpuPerRequest.toFixed(2)} ms` : ''}`);
  beside("the load generator's CPU per request", (r) => (r.generatorCpuPerRequest === undefined ? undefined : `${r.generatorCpuPerRequest.toFixed(2)} ms`));
  beside("the machine's cores busy", (r) => (r.machineBusy === undefined ? undefined : `${(r.machineBusy * 100).toFixed(0)} %`));
  beside('of that, taken by the hypervisor (steal)', (r) => (r.machineStolen === undefined ? undefined : `${(r.machineStolen * 100).toFixed(1)} %`));
}

/**
 * The requests of the measured phases go through node's HTTP client on kept-alive connections, the same for product
 * and bare. `fetch` (web streams, a cloned body) allocated several times more per request in this process, and its
 * collections paused the sending and timing of the requests.
 */
// A connection idle for the servers' keep-alive timeout (node's default, 5 s) may be closed by the server just as it
// is reused: the agent drops connections idle for 4 s first, so such a race is not counted as a server's error.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, timeout: 4000 });
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
/** A signed Slack request (form-encoded, as Slack sends slash commands and interactions). */
const postSlack = (baseUrl: string, raw: string) => post(`${baseUrl}/slack/events`, { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(raw) }, raw);

function reportValues(view: any, i: number) {
  const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården') ?? optionsOf(view, 'unitId')[0]!;
  const v: Record<string, unknown> = {
    type: sel('avvikelse'),
    unitId: sel(unit.value),
    occurredAt: dt(new Date(Date.now() - 3_600_000)),
    location: txt('Korridoren'),
    description: txt(`Mätning ${i}: brukaren halkade.`),
    immediateActions: txt('Hjälpte upp.'),
    konsekvens: sel('2'),
    sannolikhet: sel('2'),
    informed: sel('ja'),
    improvement: txt('Halkskydd.'),
  };
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, { [k]: val }]));
}

/** Waits for the views.update of each early-acknowledged submission (a hook on the fake, no polling). */
class ViewUpdates {
  private readonly waiting = new Map<string, (view: any) => void>();
  private readonly seen = new Map<string, any>();
  constructor(slack: FakeSlackApi) {
    slack.use((req) => {
      if (req.path.startsWith('/api/views.update')) {
        const body = req.body as { view_id?: string; view?: unknown };
        const id = String(body.view_id);
        const w = this.waiting.get(id);
        if (w) w(body.view);
        else this.seen.set(id, body.view);
      }
      return undefined;
    });
  }
  wait(viewId: string, ms: number): Promise<any> {
    const known = this.seen.get(viewId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      this.waiting.set(viewId, (view) => {
        clearTimeout(timer);
        this.waiting.delete(viewId);
        resolve(view);
      });
    });
  }
}

/** The handlers open the bot once, so their notifications have a chat address; the reporter says "hjälp". */
async function introduce(t: Target, slack: FakeSlackApi): Promise<void> {
  const keep = slack.keep;
  slack.keep = (r) => r.path.startsWith('/api/chat.postMessage') || keep(r);
  try {
    for (const [id, mail] of [
      ['U_OLLE', 'olle.omsorg@exempel.se'],
      ['U_EVA', 'eva.exempelsson@exempel.se'],
      ['U_MARIA', 'maria.modell@exempel.se'],
      ['U_MIA', 'mia.medarbetare@exempel.se'],
    ] as const) {
      const person = new SlackUser(t.baseUrl, slack, id, id.slice(2).toLowerCase(), mail);
      const from = slack.requests.length;
      await (await person.dm('hjälp')).arrayBuffer();
      const deadline = Date.now() + 60_000;
      while (!slack.requests.slice(from).some((r) => r.path.startsWith('/api/chat.postMessage')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    slack.keep = keep;
  }
}

/** Different "vem ansvarar" questions from the example matrix and organisation (starter-data/), in a fixed shuffle. */
function questionsFromStarterData(): string[] {
  const rows = (file: string) =>
    readFileSync(path.join(root, 'starter-data', file), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => l.split(';'));
  const topics = new Set<string>();
  for (const [, aktivitet, , , , , keywords] of rows('ansvarsmatris.csv')) {
    if (aktivitet) topics.add(aktivitet.charAt(0).toLowerCase() + aktivitet.slice(1));
    for (const k of (keywords ?? '').split(',')) if (k.trim()) topics.add(k.trim());
  }
  const units = rows('organisation.csv').map(([name]) => name!).filter(Boolean);
  const leads = ['vem ansvarar för %?', 'Vem har hand om %', 'vem sköter % hos oss?', 'vem ska jag fråga om %?', 'Vem är ansvarig för %?', 'who is responsible for %?'];
  const out: string[] = [];
  for (const topic of topics) {
    for (const lead of leads) {
      for (const unit of ['', ...units]) out.push(lead.replace('%', unit ? `${topic} på ${unit}` : topic));
    }
  }
  // A fixed shuffle (a small linear congruential generator), so runs ask the same questions in the same order.
  let x = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function main(): Promise<void> {
  const slack = await new FakeSlackApi().start();
  const teams = await new FakeTeamsConnector().start();
  const updates = new ViewUpdates(slack);
  // Only what the run reads again is recorded: the opened report forms (as many as the submissions need) and the
  // handlers' first messages. Recording every request grew this process by hundreds of MB over the Slack phases,
  // and its collections landed on whatever target was being measured.
  const formsWanted = { n: PHASES.has('submit') ? SUBMIT_RATE * SUBMIT_SECONDS + 10 : 0 };
  slack.keep = (r) => {
    if (!r.path.startsWith('/api/views.open') || formsWanted.n <= 0) return false;
    if ((r.body as { view?: { callback_id?: string } } | undefined)?.view?.callback_id !== 'avvikelse.report.modal') return false;
    formsWanted.n--;
    return true;
  };
  teams.keep = () => false;
  const email = 'mia.medarbetare@exempel.se';
  teams.members.set('29:aad-mia', { id: '29:aad-mia', aadObjectId: 'aad-mia', name: 'Mia', email, userPrincipalName: email });
  const dbName = `kbbench_load_${Date.now()}`;
  const env = {
    MONGODB_URI: uri!,
    MONGODB_DB: dbName,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SLACK_TEST_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  };
  const client = await MongoClient.connect(uri!);
  const build = await client.db('admin').command({ buildInfo: 1 });
  console.log(`server: MongoDB wire ${String(build.version)}${build.secantusVersion ? `, SecantusDB ${String(build.secantusVersion)}` : ''}${build.buildEnvironment?.cc ? ` (${String(build.buildEnvironment.cc)})` : ''}; node ${process.version}; ${machine()}`);

  const product = await startProduct('product', env);
  const bare = await startBare({ SLACK_SIGNING_SECRET: SLACK_TEST_SECRET, SLACK_API_URL: slack.apiUrl });
  console.log(`product: ${product.name}`);
  console.log(`product RSS idle ${rssMb(product.child.pid).toFixed(0)} MB, heap used ${(await heapMb(product.baseUrl)).toFixed(0)} MB; ${machine()}`);
  console.log(`  ${await memoryBreakdown(product)}`);
  console.log('| what | rate | product p50 / p99 | bare p50 / p99 | p99 ratio (95 % interval) | errors | product RSS | load |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');

  // The handlers open the bot once (so their notifications have an address), and the reporter says "hjälp" in
  // Teams too, as people would; then both targets are warmed up.
  await introduce(product, slack);
  await fetch(`${product.baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamsActivity(teams.url, { text: 'hjälp', from: { id: '29:aad-mia', name: 'Mia', aadObjectId: 'aad-mia' }, conversation: { id: 'a:personal-mia', conversationType: 'personal', tenantId: 'tenant-1' } })),
  });

  let seq = 0;
  const slash = (t: Target) => async () => {
    const res = await postSlack(t.baseUrl, new URLSearchParams(slashCommandFields(`${slack.url}/response/${++seq}`, '/avvikelse', '', 'U_MIA')).toString());
    return res.status === 200;
  };
  const action = (t: Target) => async () => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: 'U_MIA', username: 'mia', name: 'mia', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-a${++seq}`,
      container: { type: 'message', channel_id: 'D-U_MIA', message_ts: '1.1' },
      channel: { id: 'D-U_MIA', name: 'directmessage' },
      message: { ts: '1.1', text: '' },
      actions: [{ type: 'button', action_id: 'avvikelse.report.open', block_id: 'b', value: '{}', action_ts: `${Date.now() / 1000}` }],
    };
    const res = await postSlack(t.baseUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    return res.status === 200;
  };
  for (const t of [product, bare]) for (let i = 0; i < 20; i++) await slash(t)();

  for (const [what, make, kind] of [
    ['Slack /avvikelse ack', slash, 'slash'],
    ['Slack block_actions ack', action, 'block'],
  ] as const) {
    for (const rate of SLACK_RATES) {
      if (!PHASES.has('slack') && !PHASES.has(kind) && !(PHASES.has('submit') && kind === 'slash' && rate === 200)) continue;
      const slice = async (t: Target) => {
        await openLoop(rate, WARMUP_SECONDS, make(t));
        await settle(t);
        return measured(t, () => openLoop(rate, SECONDS / ROUNDS, make(t)));
      };
      const [p, b] = await alternating(() => slice(product), () => slice(bare));
      report(what, rate, p, b, rssMb(product.child.pid));
    }
  }

  // Every /avvikelse above opened a real form with its own submission key; submit them.
  const openedForms = (from = 0) =>
    slack
      .calls('views.open')
      .slice(from)
      .map((c) => c.body.view)
      .filter((v: any) => v?.callback_id === 'avvikelse.report.modal');
  const forms = openedForms();
  const submitTo = (t: Target, outcomes?: Map<string, 'saved' | 'not confirmed'>, pool: any[] = forms) => async (i: number) => {
    const view = pool[i % pool.length];
    const viewId = `VB-${t.name.slice(0, 4)}-${++seq}`;
    const payload = {
      type: 'view_submission',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: 'U_MIA', username: 'mia', name: 'mia', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-v${seq}`,
      view: { ...view, id: viewId, team_id: 'T1', state: { values: reportValues(view, i) }, hash: 'h', app_id: 'A1', bot_id: 'BBOT' },
    };
    const res = await postSlack(t.baseUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    const text = res.text;
    if (res.status !== 200) return false;
    if (!outcomes) return true;
    const ack = text ? JSON.parse(text) : undefined;
    const token = JSON.parse(view.private_metadata).t as string;
    if (!ack) outcomes.set(token, 'saved');
    else if (isSavingView(ack)) {
      // Counted when the modal shows the outcome (the ack's latency is what is measured).
      void updates.wait(viewId, 30_000).then((shown) => {
        outcomes.set(token, shown?.blocks?.some((b: any) => b.block_id === 'form__saved') ? 'saved' : 'not confirmed');
      });
    } else outcomes.set(token, 'not confirmed');
    return true;
  };
  const submitRate = SUBMIT_RATE;
  const needed = PHASES.has('submit') ? submitRate * SUBMIT_SECONDS : 0;
  if (forms.length < needed) throw new Error(`only ${forms.length} forms opened, need ${needed}`);
  const outcomes = new Map<string, 'saved' | 'not confirmed'>();
  if (PHASES.has('submit')) {
  // Warm-up, as for the other phases: the first saves after a start create collections and compile the save path.
  for (let i = 0; i < 10; i++) await submitTo(product, undefined, forms.slice(needed))(i);
  await settle(bare);
  const bSub = await measured(bare, () => openLoop(submitRate, Math.min(SECONDS, SUBMIT_SECONDS), submitTo(bare)));
  await new Promise((r) => setTimeout(r, 3000)); // the form openings of the phases above finish
  await settle(product);
  const pSub = await measured(product, () => openLoop(submitRate, SUBMIT_SECONDS, submitTo(product, outcomes)));
  const settleBy = Date.now() + 35_000;
  while (outcomes.size < needed && Date.now() < settleBy) await new Promise((r) => setTimeout(r, 200));
  report('Slack avvikelse view_submission ack', submitRate, pSub, bSub, rssMb(product.child.pid));
  const cases = client.db(dbName).collection('cases');
  const tokens = forms.slice(0, needed).map((v: any) => JSON.parse(v.private_metadata).t as string);
  const stored = await cases.aggregate<{ _id: string; n: number }>([{ $match: { idempotencyToken: { $in: tokens } } }, { $group: { _id: '$idempotencyToken', n: { $sum: 1 } } }]).toArray();
  const notConfirmed = [...outcomes.values()].filter((o) => o === 'not confirmed').length;
  const savedTold = [...outcomes.entries()].filter(([, o]) => o === 'saved').map(([t]) => t);
  const storedSet = new Map(stored.map((s) => [s._id, s.n]));
  console.log(
    `  submissions: ${needed} sent, ${savedTold.length} told saved, ${notConfirmed} "not confirmed", ${needed - outcomes.size} without an answer; stored ${stored.length}, stored twice ${stored.filter((s) => s.n > 1).length}, told saved but missing ${savedTold.filter((t) => storedSet.get(t) !== 1).length}`,
  );
  }

  const say = (t: Target, text: string | (() => string)) => async (i: number) => {
    const res = await post(
      `${t.baseUrl}/api/messages`,
      { 'content-type': 'application/json' },
      JSON.stringify(
        teamsActivity(teams.url, { id: `act-${i}-${++seq}`, text: typeof text === 'string' ? text : text(), from: { id: '29:aad-mia', name: 'Mia', aadObjectId: 'aad-mia' }, conversation: { id: 'a:personal-mia', conversationType: 'personal', tenantId: 'tenant-1' } }),
      ),
    );
    return res.status >= 200 && res.status < 300;
  };
  /** The product's longest event-loop delay since the last scrape (prom-client resets it on each). */
  const loopDelayMaxMs = async (t: Target) => {
    const text = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text(), () => '');
    const m = /^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text);
    return m ? Number(m[1]) * 1000 : NaN;
  };
  /** One open-loop phase, with the CPU time the target spent on it per request (the code's own cost). */
  const phase = async (t: Target, rate: number, text: string | (() => string)) => {
    await openLoop(rate, WARMUP_SECONDS, say(t, text));
    await settle(t);
    if (t === product) await loopDelayMaxMs(t);
    const result = await measured(t, () => openLoop(rate, SECONDS / ROUNDS, say(t, text)));
    return t === product ? { ...result, loopDelayMs: await loopDelayMaxMs(t) } : result;
  };
  // Questions as people write them, none asked twice in a run: a lead, a topic from the example matrix (an activity
  // or one of its keywords), and now and then a unit. The product keeps what it found for a question it was asked
  // before, so the fixed question above is mostly that; these are each read and searched anew.
  const variedQuestions = questionsFromStarterData();
  let nextQuestion = 0;
  const nextVaried = () => variedQuestions[nextQuestion++ % variedQuestions.length]!;
  if (PHASES.has('teams')) {
    // What the product does besides the turns (the scheduler, the outbox sender, earlier phases' follow-ups) is in
    // its CPU per turn too: measured here while no request comes.
    await settle(product);
    const idle0 = cpuMs(product.child.pid);
    await new Promise((r) => setTimeout(r, 3000));
    console.log(`  product's CPU with no requests, before the Teams phases: ${((cpuMs(product.child.pid) - idle0) / 3).toFixed(0)} ms per second`);
  }
  for (const rate of PHASES.has('teams') ? TEAMS_RATES : []) {
    for (const [what, text] of [
      ['Teams "hjälp"', 'hjälp'],
      ['Teams "vem ansvarar för lex Maria?"', 'vem ansvarar för lex Maria?'],
      [`Teams "vem ansvarar …", a new question each time (${variedQuestions.length} different)`, nextVaried],
    ] as const) {
      const [turn, echo] = await alternating(() => phase(product, rate, text), () => phase(bare, rate, text));
      report(what, rate, turn, echo, rssMb(product.child.pid));
      console.log(`  the product's longest event-loop delay ${(turn.loopDelayMs ?? NaN).toFixed(0)} ms`);
    }
  }
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`product RSS after all phases: ${rssMb(product.child.pid).toFixed(0)} MB, heap used ${(await heapMb(product.baseUrl)).toFixed(0)} MB; ${machine()}`);
  console.log(`  ${await memoryBreakdown(product)}`);
  product.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
  await Promise.all([product.exited, bare.exited]);

  // SIGTERM during a 100 rps submission overload, on a fresh process.
  if (PHASES.has('sigterm')) {
  const victim = await startProduct('sigterm', { ...env, MONGODB_DB: `${dbName}_sigterm` });
  await introduce(victim, slack);
  const before = slack.calls('views.open').length;
  formsWanted.n = 100 * 4;
  await openLoop(100, 4, slash(victim));
  await new Promise((r) => setTimeout(r, 2000));
  const victimForms = openedForms(before);
  const told = new Map<string, 'saved' | 'not confirmed'>();
  let signalledAt = 0;
  const exit = victim.exited.then((code) => ({ code, ms: performance.now() - signalledAt }));
  const overload = openLoop(100, 4, async (i) => {
    if (i === 150) {
      signalledAt = performance.now();
      victim.child.kill('SIGTERM');
    }
    return submitTo(victim, told, victimForms)(i).catch(() => false);
  });
  const [{ code, ms }] = await Promise.all([exit, overload]);
  await new Promise((r) => setTimeout(r, 1000));
  const victimCases = client.db(`${dbName}_sigterm`).collection('cases');
  const toldSaved = [...told.entries()].filter(([, o]) => o === 'saved').map(([t]) => t);
  const counts = await victimCases.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$idempotencyToken', n: { $sum: 1 } } }]).toArray();
  const byToken = new Map(counts.map((c) => [c._id, c.n]));
  console.log(
    `SIGTERM during 100 rps submissions: exit code ${code} after ${ms.toFixed(0)} ms (SHUTDOWN_TIMEOUT_MS ${SHUTDOWN_TIMEOUT_MS}); told saved ${toldSaved.length}, of them in the database once ${toldSaved.filter((t) => byToken.get(t) === 1).length}; stored twice ${counts.filter((c) => c.n > 1).length}; ${machine()}`,
  );

  await client.db(`${dbName}_sigterm`).dropDatabase();
  }
  await client.db(dbName).dropDatabase();
  await client.close();
  await slack.stop();
  await teams.stop();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
