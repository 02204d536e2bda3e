import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The database for development and tests when no MONGODB_URI is given: a real mongod (mongodb-memory-server) where
 * its binary can be had, else SecantusDB's Rust server built once from crates.io into a cache folder, else its
 * Python server from PyPI. Never for production (see README, "Database").
 *
 * A data directory remembers which server wrote it (`server.json`), so a laptop that went offline keeps its data;
 * while a server runs, `server.json` also carries its address, which is how the CLI finds the database of a running
 * `npm start`.
 */

export type DevServerKind = 'mongod' | 'secantus-rs' | 'secantus-py';

/** Pinned versions. Bump only together with a green `test/storage/compatibility.test.ts` on the new version. */
export const DevServers = {
  mongod: { version: '8.0.4' },
  'secantus-rs': { crate: 'secantus-mdb', version: '0.5.3-beta.196', bin: 'secantusd-rs' },
  'secantus-py': { package: 'secantusdb', version: '0.7.0b3', bin: 'secantusd-py' },
} as const;

export interface DevDatabase {
  uri: string;
  kind: DevServerKind;
  version: string;
  dataDir: string;
  /** Process id of the server, when it is a process of its own. */
  pid?: number;
  /** False when another process (an `npm start`, a test run) started it and owns its life. */
  owned: boolean;
  stop(): Promise<void>;
}

/** Progress and facts for a person waiting at a terminal; the app passes its logger, scripts print. */
export interface DevLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

interface StateFile {
  kind: DevServerKind;
  version: string;
  uri?: string;
  pid?: number;
  ownerPid?: number;
  startedAt?: string;
}

type Env = Record<string, string | undefined>;

/** Where built servers live: outside the work tree, shared by every clone on the machine. */
export function cacheDir(env: Env = process.env): string {
  if (env.KVALITETSBOT_CACHE_DIR) return path.resolve(env.KVALITETSBOT_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'kvalitetsbot');
}

function stateFile(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

async function readState(dataDir: string): Promise<StateFile | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(dataDir), 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAnswers(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function portOf(uri: string): number {
  return Number(/:(\d+)\//.exec(uri)?.[1] ?? 0);
}

/**
 * The address of a server that some process started on this data directory and that still answers, else undefined.
 * Used by the CLI and by a second `npm start` on the same checkout.
 */
export async function runningDevDatabase(dataDir: string): Promise<{ uri: string; kind: DevServerKind; version: string } | undefined> {
  const state = await readState(path.resolve(dataDir));
  if (!state?.uri || !alive(state.pid ?? state.ownerPid)) return undefined;
  if (!(await portAnswers(portOf(state.uri)))) return undefined;
  return { uri: state.uri, kind: state.kind, version: state.version };
}

function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
}

/** Path of the Rust server's binary in the cache (whether or not it is built). */
function rustServerPath(env: Env = process.env): string {
  const s = DevServers['secantus-rs'];
  return path.join(cacheDir(env), `${s.crate}-${s.version}`, 'bin', s.bin);
}

function pythonServerPath(env: Env = process.env): string {
  const s = DevServers['secantus-py'];
  return path.join(cacheDir(env), `${s.package}-${s.version}`, 'venv', 'bin', s.bin);
}

/** Runs a build step, showing its progress every few seconds and its last lines when it fails. */
function runStep(command: string, args: string[], log: DevLog, what: string, progressLine: (line: string) => string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const tail: string[] = [];
    let latest = '';
    let steps = 0;
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        const step = progressLine(line);
        if (step) {
          steps++;
          latest = step;
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(() => {
      log.info(`${what}: ${Math.round((Date.now() - started) / 1000)} s, ${steps} steps done${latest ? `, now ${latest}` : ''}`);
    }, 15_000);
    child.once('error', (error) => {
      clearInterval(timer);
      reject(new Error(`${what}: could not run ${command} (${error.message})`));
    });
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code === 0) {
        log.info(`${what}: done in ${Math.round((Date.now() - started) / 1000)} s`);
        resolve();
      } else reject(new Error(`${what} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}

/** Builds SecantusDB's Rust server into the cache once (4–8 minutes on two cores); later calls return at once. */
async function installRustServer(log: DevLog, env: Env = process.env): Promise<string> {
  const bin = rustServerPath(env);
  if (existsSync(bin)) return bin;
  const s = DevServers['secantus-rs'];
  const root = path.dirname(path.dirname(bin));
  await mkdir(root, { recursive: true });
  log.info(`building SecantusDB's Rust server ${s.version} from crates.io into ${root} (only once; takes 4–8 minutes on two cores)`);
  // The crate declares a newer rust-version than the stable toolchains here; it builds and passes on 1.95.
  await runStep(
    'cargo',
    ['install', s.crate, '--version', s.version, '--locked', '--ignore-rust-version', '--root', root, '-j', String(Math.max(1, Math.min(os.availableParallelism(), 4)))],
    log,
    'building the development database',
    (line) => /^\s*(Compiling|Downloaded)\s+(\S+)/.exec(line)?.[2],
  );
  if (!existsSync(bin)) throw new Error(`cargo install finished but ${bin} is missing`);
  return bin;
}

/** Installs SecantusDB's Python server into a virtualenv in the cache once; later calls return at once. */
async function installPythonServer(log: DevLog, env: Env = process.env): Promise<string> {
  const bin = pythonServerPath(env);
  if (existsSync(bin)) return bin;
  const s = DevServers['secantus-py'];
  const venv = path.dirname(path.dirname(bin));
  await mkdir(path.dirname(venv), { recursive: true });
  log.info(`installing SecantusDB's Python server ${s.version} from PyPI into ${venv} (only once)`);
  await runStep('python3', ['-m', 'venv', venv], log, 'creating the virtualenv', () => undefined);
  await runStep(path.join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', `${s.package}==${s.version}`], log, 'installing the development database', (line) =>
    /^(Collecting|Downloading|Installing)\s+(\S+)/.exec(line)?.[2],
  );
  return bin;
}

/** True when the embedded mongod can start without a long wait: its binary is cached, or its download host resolves. */
async function mongodAvailable(version: string): Promise<boolean> {
  try {
    const { DryMongoBinary } = await import('mongodb-memory-server-core');
    if (await DryMongoBinary.locateBinary({ version })) return true;
  } catch {
    // An older or newer package layout: fall through to the network check.
  }
  try {
    await Promise.race([lookup('fastdl.mongodb.org'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500).unref())]);
    return true;
  } catch {
    return false;
  }
}

async function waitForPort(port: number, pid: number | undefined, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portAnswers(port)) return;
    if (pid && !alive(pid)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(`the development database did not start on 127.0.0.1:${port}; its log (${logFile}):\n${log.split('\n').slice(-20).join('\n')}`);
}

async function startProcessServer(kind: 'secantus-rs' | 'secantus-py', bin: string, dataDir: string): Promise<{ uri: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const storage = path.join(dataDir, kind);
  await mkdir(storage, { recursive: true });
  const args = ['--host', '127.0.0.1', '--port', String(port), '--storage-path', storage, '--log-level', 'WARNING'];
  // The Rust server's default cache is 4 GB; 1 GB is plenty for development and leaves room on a small machine.
  if (kind === 'secantus-rs') args.push('--cache-size', '1G');
  const logFile = path.join(dataDir, `${kind}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  await new Promise((resolve) => out.once('open', resolve));
  const child = spawn(bin, args, { stdio: ['ignore', out, out] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the owner ends without stopping it (process.exit, an uncaught error), the server goes too.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  try {
    await waitForPort(port, child.pid, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killed);
      }
      out.end();
    },
  };
}

async function startMongod(version: string, dataDir: string): Promise<{ uri: string; pid?: number; stop: () => Promise<void> }> {
  const dbPath = path.join(dataDir, 'mongo');
  await mkdir(dbPath, { recursive: true });
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger' }, binary: { version } });
  return {
    uri: server.getUri(),
    ...(server.instanceInfo?.instance.mongodProcess?.pid ? { pid: server.instanceInfo.instance.mongodProcess.pid } : {}),
    stop: async () => void (await server.stop({ doCleanup: false, force: false })),
  };
}

/** The Rust server where it is built or can be (cargo on PATH), else the Python server. */
export function secantusKind(env: Env = process.env): 'secantus-rs' | 'secantus-py' {
  return existsSync(rustServerPath(env)) || hasCommand('cargo') ? 'secantus-rs' : 'secantus-py';
}

/** Builds or installs a SecantusDB server into the cache once; returns the path of its binary. */
export function installSecantus(kind: 'secantus-rs' | 'secantus-py', log: DevLog, env: Env = process.env): Promise<string> {
  return kind === 'secantus-rs' ? installRustServer(log, env) : installPythonServer(log, env);
}

async function startSecantus(kind: 'secantus-rs' | 'secantus-py', dataDir: string, log: DevLog, env: Env) {
  return startProcessServer(kind, await installSecantus(kind, log, env), dataDir);
}

export interface StartDevDatabaseOptions {
  dataDir: string;
  log: DevLog;
  /** 'auto' (default): the server that wrote the data directory, else mongod where available, else Rust, else Python. */
  prefer?: DevServerKind | 'auto';
  env?: Env;
}

/**
 * Finds the development server running on `dataDir`, or starts one. The caller owns (and must stop) what it started;
 * a server found running belongs to whoever started it.
 */
export async function startDevDatabase(options: StartDevDatabaseOptions): Promise<DevDatabase> {
  const env = options.env ?? process.env;
  const dataDir = path.resolve(options.dataDir);
  const { log } = options;
  await mkdir(dataDir, { recursive: true });
  const running = await runningDevDatabase(dataDir);
  if (running) {
    log.info(`using the development database already running on this data directory: ${running.kind} ${running.version}`, { uri: running.uri, dataDir });
    return { ...running, dataDir, owned: false, stop: async () => undefined };
  }

  const previous = await readState(dataDir);
  const prefer = options.prefer && options.prefer !== 'auto' ? options.prefer : previous?.kind;
  const fallback = secantusKind(env);
  let kind: DevServerKind = prefer ?? ((await mongodAvailable(DevServers.mongod.version)) ? 'mongod' : fallback);
  let started: { uri: string; pid?: number; stop: () => Promise<void> };
  if (kind === 'mongod') {
    try {
      started = await startMongod(DevServers.mongod.version, dataDir);
    } catch (error) {
      // Chosen by 'auto' and not to be had after all (a proxy, a blocked download): the development server serves.
      if (prefer) throw error;
      log.warn(`the embedded mongod could not start (${(error as Error).message.split('\n')[0]}); using SecantusDB instead`);
      kind = fallback;
      started = await startSecantus(kind, dataDir, log, env);
    }
  } else started = await startSecantus(kind, dataDir, log, env);
  const version = DevServers[kind].version;
  try {
    const state: StateFile = { kind, version, uri: started.uri, ownerPid: process.pid, startedAt: new Date().toISOString(), ...(started.pid ? { pid: started.pid } : {}) };
    await writeFile(stateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`);
    const label = kind === 'mongod' ? `MongoDB ${version} (embedded mongod)` : `SecantusDB ${version} (${kind === 'secantus-rs' ? 'Rust' : 'Python'} server)`;
    log.info(`development database: ${label} on ${started.uri}, data in ${dataDir} (kept across restarts). For development only; use MongoDB or Atlas in production (set MONGODB_URI).`, {
      kind,
      version,
      dataDir,
    });
  } catch (error) {
    // Never leave a server behind that nobody knows about.
    await started.stop();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    uri: started.uri,
    kind,
    version,
    dataDir,
    ...(started.pid ? { pid: started.pid } : {}),
    owned: true,
    stop() {
      stopped ??= (async () => {
        await started.stop();
        // Keep which server wrote the data; forget the address, it no longer answers.
        await writeFile(stateFile(dataDir), `${JSON.stringify({ kind, version }, null, 2)}\n`).catch(() => undefined);
      })();
      return stopped;
    },
  };
}
