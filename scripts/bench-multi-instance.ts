/**
 * The multi-instance exactly-once scenario at benchmark size: three worker processes, N due reminder occurrences
 * (3 000 by default), one worker SIGKILLed a quarter of the way; every occurrence delivered, at most one duplicate.
 * The suite runs the same test with 300; this runs it by hand and reports the wall time with the machine.
 *   npx tsx scripts/bench-multi-instance.ts [N]
 * Uses the same database as everything else (MONGODB_URI, else the development database).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const n = Number(process.argv[2] ?? 3000);
const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/scheduler/multi-instance.test.ts'], {
  cwd: root,
  env: { ...process.env, REMINDER_MI_N: String(n) },
  encoding: 'utf8',
});
const seconds = (Date.now() - started) / 1000;
const summary = /multi-instance: .*/.exec(`${run.stdout}\n${run.stderr}`)?.[0] ?? '(no summary line)';
console.log(summary);
console.log(
  `${run.status === 0 ? 'passed' : 'FAILED'}: ${n} occurrences in ${seconds.toFixed(1)} s (including vitest start and the database) on ` +
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
if (run.status !== 0) {
  console.log(run.stdout.slice(-4000));
  console.error(run.stderr.slice(-4000));
}
process.exit(run.status ?? 1);
