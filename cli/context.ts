import type { Db } from 'mongodb';
import { loadConfig } from '../config/env.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { AnsvarErrors } from '../domain/ansvarsmatris/errors.js';
import { AppError } from '../domain/errors.js';
import { createLogger } from '../ops/logger.js';
import type { AnsvarService } from '../domain/ansvarsmatris/service.js';
import { buildServices, type Services } from '../services.js';
import { openMongo, type MongoHandle } from '../storage/mongo.js';

/** What a command gets: output channels, the environment and lazily opened services. */
export interface CliContext {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  clock: Clock;
  /**
   * Connects on first use to the same database as the app (`loadConfig`: MONGODB_URI and MONGODB_DB, else the
   * development database of a running `npm start`, else one started for this command); throws AppError with a
   * Swedish text when it cannot.
   */
  db(): Promise<Db>;
  /** The app's services (services.ts) on the same database, without channels: nothing is sent from the CLI. */
  services(): Promise<Services>;
  ansvar(): Promise<AnsvarService>;
  close(): Promise<void>;
}

export function createCliContext(options: { env: Record<string, string | undefined>; out: (l: string) => void; err: (l: string) => void; clock?: Clock }): CliContext {
  let mongo: MongoHandle | undefined;
  let configUsed: ReturnType<typeof loadConfig> | undefined;
  let db: Db | undefined;
  let services: Services | undefined;
  let indexed = false;
  const clock = options.clock ?? systemClock;
  const ctx: CliContext = {
    ...options,
    clock,
    async db() {
      if (db) return db;
      // The app's own configuration, so the CLI can never write to another database than the app reads.
      const config = loadConfig(options.env as NodeJS.ProcessEnv);
      configUsed = config;
      // Which database, and the progress of a first-time build of the development database, go to stderr as plain
      // lines; stdout stays the command's own output.
      const logger = createLogger('warn', process.stderr);
      try {
        mongo = await openMongo(config, logger, { info: (m) => options.err(m), warn: (m) => options.err(m) });
        await mongo.db.command({ ping: 1 });
        db = mongo.db;
      } catch (error) {
        await mongo?.close().catch(() => undefined);
        mongo = undefined;
        throw new AppError(AnsvarErrors.cliUnreachable, { reason: (error as Error).message.split('\n')[0]!.slice(0, 200) });
      }
      return db;
    },
    async services() {
      if (!services) {
        const db = await ctx.db();
        services = buildServices(configUsed!, { db, logger: createLogger('warn', process.stderr), clock });
        // No delivery: the reminder service plans and records, the app's sender delivers.
        services.connect({});
      }
      return services;
    },
    async ansvar() {
      const { ansvar } = await ctx.services();
      if (!indexed) {
        await ansvar.ensureIndexes();
        indexed = true;
      }
      return ansvar;
    },
    async close() {
      await mongo?.close();
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
