import { MongoClient, type Db } from 'mongodb';
import type { AppConfig } from '../config/env.js';
import { startDevDatabase, type DevDatabase, type DevLog } from '../ops/dev-database.js';
import type { Logger } from '../ops/logger.js';

export interface MongoHandle {
  client: MongoClient;
  db: Db;
  /** Set when no MONGODB_URI was given and the development database serves instead. */
  dev?: DevDatabase;
  /** True after the last ping answered. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

function devLog(logger: Logger): DevLog {
  return { info: (message, fields) => logger.info(fields ?? {}, message), warn: (message, fields) => logger.warn(fields ?? {}, message) };
}

/**
 * Which server: MONGODB_URI when set; otherwise the development database on MONGODB_DATA_DIR (one already running
 * there, e.g. that of an `npm start`, or one started now and owned by the caller). The app and the CLI both come
 * through here, so they always use the same server and database (`config.mongo`).
 */
export async function resolveMongoUri(config: AppConfig, logger: Logger, log: DevLog): Promise<{ uri: string; dev?: DevDatabase }> {
  if (config.mongo.uri) return { uri: config.mongo.uri };
  logger.info({ dataDir: config.mongo.dataDir }, 'MONGODB_URI not set: using the development database (for development only; set MONGODB_URI in production)');
  const dev = await startDevDatabase({ dataDir: config.mongo.dataDir, log, prefer: config.mongo.devServer });
  return { uri: dev.uri, dev };
}

/**
 * Connects to MONGODB_URI, or to the development database when none is given. The driver connects lazily and
 * reconnects on its own, so an unreachable server does not stop the process: `/readyz` says 503 and the start-up
 * tasks retry (see `app.ts`).
 */
export async function openMongo(config: AppConfig, logger: Logger, log: DevLog = devLog(logger)): Promise<MongoHandle> {
  let resolved: { uri: string; dev?: DevDatabase };
  try {
    resolved = await resolveMongoUri(config, logger, log);
  } catch (error) {
    throw new Error(
      `Could not start the development database (${(error as Error).message}). Set MONGODB_URI to a running MongoDB-compatible server instead (see README, "Database").`,
      { cause: error },
    );
  }
  const client = new MongoClient(resolved.uri, {
    serverSelectionTimeoutMS: config.env.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
    appName: 'kvalitetsbot',
  });
  const db = client.db(config.mongo.dbName);
  return {
    client,
    db,
    ...(resolved.dev ? { dev: resolved.dev } : {}),
    async ping(timeoutMs = 2000) {
      try {
        await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await client.close();
      if (resolved.dev?.owned) await resolved.dev.stop();
    },
  };
}
