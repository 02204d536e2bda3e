import { MongoClient, type Db } from 'mongodb';
import { systemClock, type Clock } from '../domain/clock.js';
import { AnsvarErrors } from '../domain/ansvarsmatris/errors.js';
import { AppError } from '../domain/errors.js';
import { createAnsvarService, type AnsvarService } from '../storage/ansvarsmatris.js';

/** What a command gets: output channels, the environment and lazily opened services. */
export interface CliContext {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  clock: Clock;
  /** Connects on first use (MONGODB_URI, MONGODB_DB); throws AppError with a Swedish text when it cannot. */
  db(): Promise<Db>;
  ansvar(): Promise<AnsvarService>;
  close(): Promise<void>;
}

export function databaseName(uri: string, env: Record<string, string | undefined>): string {
  if (env.MONGODB_DB) return env.MONGODB_DB;
  const m = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return m?.[1] ? decodeURIComponent(m[1]) : 'kvalitetsbot';
}

export function createCliContext(options: { env: Record<string, string | undefined>; out: (l: string) => void; err: (l: string) => void; clock?: Clock }): CliContext {
  let client: MongoClient | undefined;
  let db: Db | undefined;
  let ansvar: AnsvarService | undefined;
  const clock = options.clock ?? systemClock;
  const ctx: CliContext = {
    ...options,
    clock,
    async db() {
      if (db) return db;
      const uri = options.env.MONGODB_URI;
      if (!uri) throw new AppError(AnsvarErrors.cliNoUri);
      client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.connect();
        db = client.db(databaseName(uri, options.env));
        await db.command({ ping: 1 });
      } catch (error) {
        await client.close().catch(() => undefined);
        client = undefined;
        db = undefined;
        throw new AppError(AnsvarErrors.cliUnreachable, { reason: (error as Error).message.split('\n')[0]!.slice(0, 200) });
      }
      return db;
    },
    async ansvar() {
      if (!ansvar) {
        ansvar = createAnsvarService({ db: await ctx.db(), clock });
        await ansvar.ensureIndexes();
      }
      return ansvar;
    },
    async close() {
      await client?.close();
    },
  };
  return ctx;
}

/** `--name value` and `--flag` options; everything else is positional. */
export function parseArgs(args: string[], flags: string[] = []): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) options[name] = inline;
      else if (flags.includes(name) || i + 1 >= args.length || args[i + 1]!.startsWith('--')) options[name] = true;
      else options[name] = args[++i]!;
    } else positional.push(a);
  }
  return { positional, options };
}
