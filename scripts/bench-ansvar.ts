/**
 * Benchmark of the ansvarsmatris question answering: p50/p99 latency at 1k and 10k matrix rows, index build time,
 * memory, and top-1 accuracy on the labelled question set (test/fixtures/ansvarsmatris/questions.json).
 * Pure in-process (the service answers from its in-memory index; MongoDB is only read on import/reload).
 *
 *   npx tsx scripts/bench-ansvar.ts            (add --expose-gc via NODE_OPTIONS for steadier memory numbers)
 */
import os from 'node:os';
import { answerQuestion } from '../domain/ansvarsmatris/answer.js';
import { buildSnapshot } from '../domain/ansvarsmatris/build-snapshot.js';
import { buildDirectory } from '../domain/ansvarsmatris/directory.js';
import { readImportFiles } from '../domain/ansvarsmatris/import-files.js';
import type { AnsvarSnapshot } from '../domain/ansvarsmatris/schema.js';
import { buildSearchIndex } from '../domain/ansvarsmatris/search.js';
import { generateMatrixCsv } from '../test/fixtures/ansvarsmatris/generate.js';
import { evaluate, loadQuestions, loadStarterSnapshot } from '../test/domain/ansvarsmatris/question-set.js';

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
    const times: number[] = [];
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      for (const q of qs) {
        const s = performance.now();
        answerQuestion(directory, search, q, { unitId: 'solgarden' });
        times.push(performance.now() - s);
      }
    }
    times.sort((a, b) => a - b);
    const acc = evaluate(directory, search, questions);
    console.log(
      `${rows.toLocaleString('sv-SE')} rows: ${times.length} queries, p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, ` +
        `max ${times.at(-1)!.toFixed(2)} ms; index build ${buildMs.toFixed(0)} ms; heap +${(after - before).toFixed(1)} MB (total ${after.toFixed(1)} MB); ` +
        `labelled-set accuracy among ${rows} rows ${(acc.accuracy * 100).toFixed(1)} %`,
    );
    for (const f of acc.failures) console.log(`  miss: ${f.q} → ${f.got}`);
  }
}

await main();
