import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import type { AppConfig } from '../config/env.js';
import type { Logger } from '../ops/logger.js';

export interface MongoHandle {
  client: MongoClient;
  db: Db;
  /** Set when we started our own mongod (no MONGODB_URI). */
  embedded?: { uri: string; stop: () => Promise<void> };
  /** True after the last ping answered. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects to MONGODB_URI, or starts an embedded real mongod (mongodb-memory-server) with a persistent data directory
 * when none is given. The driver connects lazily and reconnects on its own, so an unreachable server does not stop
 * the process: `/readyz` says 503 and the start-up tasks retry (see `app.ts`).
 */
export async function openMongo(config: AppConfig, logger: Logger): Promise<MongoHandle> {
  let uri = config.env.MONGODB_URI;
  let embedded: MongoHandle['embedded'];
  if (!uri) {
    const dbPath = path.resolve(config.env.MONGODB_DATA_DIR);
    await mkdir(dbPath, { recursive: true });
    logger.info({ dbPath, version: config.env.MONGODB_EMBEDDED_VERSION }, 'MONGODB_URI not set: starting an embedded mongod with a persistent data directory');
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    let server: InstanceType<typeof MongoMemoryServer>;
    try {
      server = await MongoMemoryServer.create({
        instance: { ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger' },
        binary: { version: config.env.MONGODB_EMBEDDED_VERSION },
      });
    } catch (error) {
      throw new Error(
        `Could not start the embedded mongod (${(error as Error).message}). The first start downloads MongoDB ${config.env.MONGODB_EMBEDDED_VERSION}; ` +
          'without internet access set MONGODB_URI to a running MongoDB-compatible server instead (see README, "Databas").',
        { cause: error },
      );
    }
    uri = server.getUri();
    embedded = { uri, stop: async () => void (await server.stop({ doCleanup: false, force: false })) };
  }
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: config.env.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
    appName: 'kvalitetsbot',
  });
  const db = client.db(config.env.MONGODB_DB);
  return {
    client,
    db,
    embedded,
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
      await embedded?.stop();
    },
  };
}

/** True for errors that mean "the database is not there right now" rather than a bug or a constraint. */
export function isMongoUnavailable(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return /MongoServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoTopologyClosedError|MongoNotConnectedError|MongoOperationTimeoutError|PoolClearedError/.test(name);
}
