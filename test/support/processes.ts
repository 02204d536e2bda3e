import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The project's root, where `app.ts` and `cli/main.ts` are. */
export const projectRoot = path.resolve(import.meta.dirname, '../..');

/** A port nobody listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * The service as a process of its own (`node --import tsx app.ts`), with nothing in its environment but PATH and HOME
 * and what the test names. `children` collects it so the file's after-hook can stop what is left.
 */
export function runAppProcess(children: ChildProcess[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}
