import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

/** A fresh database per test file on the shared test server; dropped by `close`. */
export async function openTestDb(label: string): Promise<{ client: MongoClient; db: Db; uri: string; dbName: string; close: () => Promise<void> }> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: the global test setup should have set it.');
  const dbName = `kbtest_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(dbName);
  return {
    client,
    db,
    uri,
    dbName,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
