import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startDevDatabase, type DevDatabase } from '../../ops/dev-database.js';

/**
 * Every suite runs against a real MongoDB-wire server. MONGODB_URI wins; without it the suite starts the same
 * development database as `npm start` (embedded mongod where it can be had, else SecantusDB's Rust server from the
 * cache, built once, else its Python server) on a throw-away data directory, and stops it by its PID at the end.
 * No server is a red run, never a skip.
 */
let dev: DevDatabase | undefined;

export async function setup(): Promise<void> {
  if (!process.env.MONGODB_URI) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kvalitetsbot-test-db-'));
    const log = { info: (m: string) => console.log(`[test database] ${m}`), warn: (m: string) => console.warn(`[test database] ${m}`) };
    try {
      dev = await startDevDatabase({ dataDir, log, prefer: (process.env.MONGODB_DEV_SERVER as DevDatabase['kind'] | 'auto' | undefined) ?? 'auto' });
    } catch (error) {
      throw new Error(
        `No MongoDB for the tests: MONGODB_URI is not set and the development database could not start (${(error as Error).message}). ` +
          'Point MONGODB_URI at any MongoDB-compatible server, or see README, "Database".',
      );
    }
    process.env.MONGODB_URI = dev.uri;
  }
  const client = new MongoClient(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    throw new Error(`MongoDB at MONGODB_URI did not answer a ping: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

export async function teardown(): Promise<void> {
  if (!dev) return;
  await dev.stop();
  await rm(dev.dataDir, { recursive: true, force: true });
}
