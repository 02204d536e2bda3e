/**
 * Benchmark of the ansvarsmatris question answering:
 * - top-1 accuracy and correct refusals per municipality, on the matrices and labelled questions written from the
 *   four seed documents (test/fixtures/ansvarsmatris/kommuner/), the held-out part separately; and on the example data;
 * - p50/p99 latency per question at 1k and 10k matrix rows, index build time, heap;
 * - the first "vem ansvarar" after a start of the real app with 10,000 matrix rows, from the
 *   Teams message to the reply at the (fake) connector.
 *
 *   npx tsx scripts/bench-ansvar.ts            (add --expose-gc via NODE_OPTIONS for steadier memory numbers)
 *   npx tsx scripts/bench-ansvar.ts --start-only   (only the first question after a start)
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { answerQuestion } from '../domain/ansvarsmatris/answer.js';
import { buildSnapshot } from '../domain/ansvarsmatris/build-snapshot.js';
import { buildDirectory } from '../domain/ansvarsmatris/directory.js';
import { readImportFiles } from '../domain/ansvarsmatris/import-files.js';
import type { AnsvarSnapshot } from '../domain/ansvarsmatris/schema.js';
import { buildSearchIndex } from '../domain/ansvarsmatris/search.js';
import { generateMatrixCsv } from '../test/fixtures/ansvarsmatris/generate.js';
import { evaluateAllKommuner, refusalRate, top1, type Score } from '../test/domain/ansvarsmatris/kommuner.js';
import { evaluate, loadQuestions, loadStarterSnapshot } from '../test/domain/ansvarsmatris/question-set.js';
import { TeamsUser } from '../test/support/teams-client.js';
import { startTestApp } from '../test/support/test-app.js';
import { benchmarkServer } from './lib/database.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function withRows(starter: AnsvarSnapshot, rows: number): Promise<AnsvarSnapshot> {
  const extra = rows - starter.entries.length;
  if (extra <= 0) return starter;
  const { tables } = await readImportFiles([{ name: 'gen.csv', data: generateMatrixCsv(extra) }]);
  const generated = buildSnapshot(tables, starter).snapshot;
  return { ...generated, entries: [...starter.entries, ...generated.entries] };
}

async function main() {
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}, ${os.platform()} ${os.release()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, gc ${gc ? 'exposed' : 'not exposed'}`);

  if (process.argv.includes('--start-only')) {
    await firstQuestionAfterStart(await loadStarterSnapshot());
    return;
  }
  const fmt = (x: number) => `${(x * 100).toFixed(1)} %`;
  const line = (label: string, sc: Score) =>
    `${label} top-1 ${fmt(top1(sc))} (${sc.correct}/${sc.answerable}), refused ${fmt(refusalRate(sc))} (${sc.refused}/${sc.refusable})`;
  console.log('labelled questions from the seed documents, each against the matrix built from that document:');
  for (const e of await evaluateAllKommuner()) {
    console.log(`  ${e.name.padEnd(13)} ${line('all:', e.all)}; ${line('held out:', e.holdout)}`);
    for (const f of e.failures) console.log(`      miss${f.holdout ? ' (held out)' : ''}: ${f.q} → ${f.got}`);
  }

  const questions = await loadQuestions();
  const starter = await loadStarterSnapshot();
  const base = evaluate(buildDirectory(starter, 1), buildSearchIndex(starter), questions);
  console.log(
    `accuracy on example data (${starter.entries.length} rows): ${(base.accuracy * 100).toFixed(1)} % top-1 ` +
      `(${base.correct}/${base.total}; answerable ${base.answerable.correct}/${base.answerable.total}, refused ${base.unanswerable.refused}/${base.unanswerable.total} unanswerable)`,
  );
  for (const f of base.failures) console.log(`  miss: ${f.q} → ${f.got}`);

  for (const rows of [1_000, 10_000]) {
    const snapshot = await withRows(starter, rows);
    const before = heapMb();
    const t0 = performance.now();
    const directory = buildDirectory(snapshot, 1);
    const search = buildSearchIndex(snapshot);
    const buildMs = performance.now() - t0;
    const after = heapMb();

    // Queries: the labelled set plus questions about generated rows (exact and with a typo).
    const generated = snapshot.entries.slice(starter.entries.length);
    const qs = [...questions.map((q) => q.q)];
    for (let i = 0; i < 100 && generated.length; i++) {
      const a = generated[(i * 37) % generated.length]!.aktivitet.toLowerCase();
      qs.push(i % 2 ? `vem ska ${a}` : a.replace(/e/, ''));
    }
    for (let i = 0; i < 200; i++) answerQuestion(directory, search, qs[i % qs.length]!); // warm-up
    // A directory and an index keep what they found for a question asked before: each round asks every question
    // of a fresh pair for the first time (what is timed), then once more ("asked before").
    const times: number[] = [];
    const cpu: number[] = [];
    const again: number[] = [];
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      const [d, idx] = [buildDirectory(snapshot, 1), buildSearchIndex(snapshot)];
      for (const q of qs) {
        const c = process.cpuUsage();
        const s = performance.now();
        answerQuestion(d, idx, q, { unitId: 'solgarden' });
        times.push(performance.now() - s);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        const s2 = performance.now();
        answerQuestion(d, idx, q, { unitId: 'solgarden' });
        again.push(performance.now() - s2);
      }
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    again.sort((a, b) => a - b);
    const acc = evaluate(directory, search, questions);
    console.log(
      `${rows.toLocaleString('sv-SE')} rows: ${times.length} queries, p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, ` +
        `max ${times.at(-1)!.toFixed(2)} ms (CPU time per question p50 ${pct(cpu, 50).toFixed(2)}, p99 ${pct(cpu, 99).toFixed(2)} ms); index build ${buildMs.toFixed(0)} ms; heap +${(after - before).toFixed(1)} MB (total ${after.toFixed(1)} MB); ` +
        `labelled-set accuracy among ${rows} rows ${(acc.accuracy * 100).toFixed(1)} %; asked before: p50 ${pct(again, 50).toFixed(3)} ms, p99 ${pct(again, 99).toFixed(3)} ms`,
    );
    for (const f of acc.failures) console.log(`  miss: ${f.q} → ${f.got}`);
  }

  // The real app on the same server as everything else (MONGODB_URI, else the development database).
  process.env.MONGODB_URI = (await benchmarkServer()).uri;
  await firstQuestionAfterStart(starter);
}

/**
 * Imports 10,000 rows, stops the app, starts it again on the same database and times the first question from the
 * Teams message to the reply: the index is built at start-up, so the question must not wait for it.
 */
async function firstQuestionAfterStart(starter: AnsvarSnapshot): Promise<void> {
  const rows = 10_000;
  const first = await startTestApp({ keepDb: true });
  // The example matrix plus generated rows: the example's activities stay answerable.
  const examples = await readFile(new URL('../starter-data/ansvarsmatris.csv', import.meta.url), 'utf8');
  const generated = generateMatrixCsv(rows - starter.entries.length).split('\n').slice(1).join('\n');
  await first.app.services.ansvar.importFiles([{ name: 'ansvarsmatris.csv', data: `${examples.trimEnd()}\n${generated}` }]);
  const dbName = first.dbName;
  await first.app.stop();
  await first.teams.stop();
  await first.slack.stop();

  const t0 = performance.now();
  const t = await startTestApp({ env: { MONGODB_DB: dbName } });
  const readyMs = performance.now() - t0;
  try {
    const user = new TeamsUser(t.baseUrl, t.teams, 'Vera Verksam', 'vera.verksam@exempel.se', '00000000-0000-4000-8000-0000000b0001');
    const ask = async (question: string) => {
      t.teams.clear();
      const s = performance.now();
      await user.say(question);
      const reply = await user.waitForCard(() => true);
      const ms = performance.now() - s;
      const title = /"text":"([^"]*)"/.exec(JSON.stringify(reply.attachments ?? []))?.[1] ?? '?';
      return { ms, title };
    };
    // The user's first turn resolves their chat identity (a member look-up); "hjälp" does that, then the question.
    const help = await ask('hjälp');
    const first = await ask('vem ansvarar för lex Maria?');
    const second = await ask('vem skriver patientsäkerhetsberättelsen?');
    const helpAgain = await ask('hjälp');
    // In-process as well: the service's answer (what used to wait for the index build on first use).
    const a0 = performance.now();
    const direct = await t.app.services.ansvar.ask('vem ansvarar för avvikelser?', { askerEmail: 'vera.verksam@exempel.se' });
    const directMs = performance.now() - a0;
    const firstMs = first.ms;
    const secondMs = second.ms;
    console.log(
      `  service.ask in process ${directMs.toFixed(1)} ms (${direct.kind === 'activity' ? direct.best.aktivitet : direct.kind}); ` +
        `Teams turns: "${first.title}", "${second.title}"; the user's first turn ("hjälp", incl. identity look-up) ${help.ms.toFixed(1)} ms, a later "hjälp" turn ${helpAgain.ms.toFixed(1)} ms (the turn's own cost)`,
    );
    const entries = (await t.app.services.ansvar.directory()).entries().length;
    console.log(
      `first "vem ansvarar" after a start with ${entries.toLocaleString('sv-SE')} matrix rows (Teams message → reply at the connector): ` +
        `${firstMs.toFixed(1)} ms (second question ${secondMs.toFixed(1)} ms; start until ready incl. the index build ${readyMs.toFixed(0)} ms); ` +
        `rss of this benchmark process (two apps, several indexes) ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  } finally {
    await t.stop();
  }
}

await main();
