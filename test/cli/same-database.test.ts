import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../app.js';
import { runCli } from '../../cli/main.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../ops/logger.js';
import { openTestDb } from '../support/mongo.js';
import { freePort } from '../support/processes.js';

/**
 * The app and the CLI read one configuration, so they always use the same server and database: with MONGODB_URI
 * (the database named in its path, or MONGODB_DB) and without it (the development database of a running `npm start`,
 * found through its data directory).
 */
const root = path.resolve(import.meta.dirname, '../..');
const tsx = createRequire(import.meta.url).resolve('tsx');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  // SIGTERM first, so that an app still running stops its development database too.
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of running) c.kill('SIGTERM');
  await Promise.all(running.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : (c.once('exit', r), setTimeout(r, 10_000))))));
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kb-samedb-'));
  dirs.push(dir);
  return dir;
}

/** A process of ours with nothing in its environment but PATH and HOME (and what the test names). */
function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', tsx, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('one database for the app and the CLI', () => {
  it('the CLI answers from the development database of a running npm start, with no variable set', async () => {
    const cwd = await tempDir();
    const port = await freePort();
    // PORT only so that parallel runs do not collide; nothing about the database is set.
    const app = run([path.join(root, 'app.ts')], cwd, { PORT: String(port) });
    const ready = await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 90_000);
    expect(ready, app.out() + app.err()).toBe(true);
    const state = JSON.parse(await readFile(path.join(cwd, 'data', 'server.json'), 'utf8')) as { kind: string; uri?: string };
    expect(state.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\//);
    // The log says which server, where the data is, and that it is for development.
    expect(app.out()).toMatch(/development database: .* data in .*data .*For development only/);

    const cli = run([path.join(root, 'cli', 'main.ts'), 'ask', 'vem ansvarar för lex Maria?', '--json'], cwd);
    expect(await cli.exited, cli.err()).toBe(0);
    const answer = JSON.parse(cli.out()) as { kind: string; answers: Array<{ roles: Array<{ roleName: string; people: unknown[] }> }> };
    expect(answer.kind).toBe('activity');
    // The example organisation the app loaded into its empty database: the MAS, with the person who holds it.
    expect(answer.answers[0]!.roles[0]!.roleName).toMatch(/MAS|Medicinskt ansvarig/);
    expect(answer.answers[0]!.roles[0]!.people.length).toBeGreaterThan(0);
    // The CLI used the app's server; it did not start one of its own.
    expect(cli.err()).toMatch(/already running on this data directory/);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const after = JSON.parse(await readFile(path.join(cwd, 'data', 'server.json'), 'utf8')) as { kind: string; uri?: string };
    expect(after).toEqual({ kind: state.kind, version: expect.any(String) });
  }, 180_000);

  it('with MONGODB_URI=…/<name> and no MONGODB_DB both use <name>; with MONGODB_DB both use that', async () => {
    const t = await openTestDb('samedb');
    const base = process.env.MONGODB_URI!;
    const withPath = base.replace(/\/(\?|$)/, `/${t.dbName}$1`);
    expect(withPath).toContain(`/${t.dbName}`);
    try {
      const env = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MONGODB_URI: withPath, SCHEDULER_ENABLED: 'false' };
      const app = await startApp({ config: loadConfig(env), logger: createLogger('silent') });
      try {
        expect(app.mongo.db.databaseName).toBe(t.dbName);
        await until(async () => app.isReady(), 30_000);
        // The CLI, given the same environment, imports into the database the app reads.
        const lines: string[] = [];
        const code = await runCli(['settings', 'set', 'svarstid', '21'], { env: { MONGODB_URI: withPath, USER: 'drift' }, out: (l) => lines.push(l), err: (l) => lines.push(l) });
        expect(code, lines.join('\n')).toBe(0);
        expect(await t.client.db(t.dbName).collection('settings').countDocuments()).toBeGreaterThan(0);
      } finally {
        await app.stop();
      }
      expect(loadConfig({ MONGODB_URI: 'mongodb://h/prod' }).mongo.dbName).toBe('prod');
      expect(loadConfig({ MONGODB_URI: 'mongodb://h/prod?retryWrites=true', MONGODB_DB: 'annan' }).mongo.dbName).toBe('annan');
      expect(loadConfig({ MONGODB_URI: 'mongodb://h/?directConnection=true' }).mongo.dbName).toBe('kvalitetsbot');
      const other = `${t.dbName}_b`;
      const code = await runCli(['settings', 'set', 'svarstid', '21'], { env: { MONGODB_URI: withPath, MONGODB_DB: other, USER: 'drift' }, out: () => undefined, err: () => undefined });
      expect(code).toBe(0);
      expect(await t.client.db(other).collection('settings').countDocuments()).toBeGreaterThan(0);
      await t.client.db(other).dropDatabase();
    } finally {
      await t.close();
    }
  }, 120_000);

  it('runs as an installed bin through a symlink (npm link, npm install -g) and prints the usage', async () => {
    const dir = await tempDir();
    const bin = path.join(dir, 'kvalitetsbot');
    await symlink(path.join(root, 'cli', 'main.ts'), bin);
    const p = run([bin, 'help'], dir);
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/^Användning: .*\n[\s\S]*Kommandon:[\s\S]*\bask\b/);
  }, 60_000);
});
