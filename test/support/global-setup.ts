import { MongoClient } from 'mongodb';

/**
 * Every suite runs against a real MongoDB-wire server. MONGODB_URI wins; without it we try an embedded mongod
 * (needs the MongoDB binary download, so only on machines with internet). No server is a red run, never a skip.
 */
let stopEmbedded: (() => Promise<unknown>) | undefined;

export async function setup(): Promise<void> {
  if (!process.env.MONGODB_URI) {
    try {
      const { MongoMemoryServer } = await import('mongodb-memory-server-core');
      const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
      process.env.MONGODB_URI = server.getUri();
      stopEmbedded = () => server.stop();
    } catch (error) {
      throw new Error(
        'No MongoDB for the tests: MONGODB_URI is not set and the embedded mongod could not start ' +
          `(${(error as Error).message}). Start one with "bash scripts/dev-mongo.sh start" and export the URI it prints, ` +
          'or point MONGODB_URI at any MongoDB-compatible server.',
      );
    }
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
  await stopEmbedded?.();
}
