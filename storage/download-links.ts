import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { DownloadLink, DownloadLinkStore } from '../domain/statistik/ports.js';

const LinkDoc = z.object({
  token: z.string(),
  personId: z.string(),
  year: z.number().int(),
  unitId: z.string().optional(),
  unitName: z.string().optional(),
  createdAt: z.date(),
  expiresAt: z.date(),
});

/** Short-lived workbook links (no TTL index: expiry is checked on use, see docs). */
export class MongoDownloadLinks implements DownloadLinkStore {
  private readonly col: Collection<DownloadLink>;
  constructor(db: Db) {
    this.col = db.collection<DownloadLink>('download_links');
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ token: 1 }, { unique: true });
  }

  async put(link: DownloadLink): Promise<void> {
    await this.col.insertOne({ ...LinkDoc.parse(link) });
  }

  async get(token: string): Promise<DownloadLink | undefined> {
    const doc = await this.col.findOne({ token }, { projection: { _id: 0 } });
    return doc ? (LinkDoc.parse(doc) as DownloadLink) : undefined;
  }
}
