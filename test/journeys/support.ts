import { createCliContext } from '../../cli/context.js';
import { commands } from '../../cli/commands/index.js';
import type { Clock } from '../../domain/clock.js';
import type { TestApp } from '../support/test-app.js';

/** Runs a CLI command in-process against the test app's database, as `npm run cli -- …` would. */
export async function runCli(t: TestApp, clock: Clock, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx = createCliContext({
    env: { MONGODB_URI: process.env.MONGODB_URI!, MONGODB_DB: t.dbName, USER: 'test', ...env },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock,
  });
  try {
    const [name, ...rest] = args;
    const code = await commands[name!]!.run(rest, ctx);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    await ctx.close();
  }
}

/** Waits until the outbox has nothing left to send (the sender loop runs on real timers). */
export async function drainOutbox(t: TestApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const outbox = t.app.mongo.db.collection('outbox');
  for (;;) {
    const left = await outbox.findOne({ status: { $in: ['pending', 'sending'] } }, { projection: { _id: 1 } });
    if (!left) return;
    if (Date.now() > deadline) throw new Error('outbox not drained');
    t.app.services.reminders().sender?.poke();
    await new Promise((r) => setTimeout(r, 20));
  }
}
