import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { AdminErrors } from '../domain/admin/errors.js';
import type { SettingsStore } from '../domain/admin/service.js';
import { AdminSettingValues, EMPTY_SETTINGS, type StoredSettings } from '../domain/admin/settings.js';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';

export const SETTINGS_COLLECTION = 'settings';
const DOC_ID = 'admin';

interface SettingsDoc {
  _id: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  values: AdminSettingValues;
}

const SettingsDocSchema = z.object({
  _id: z.literal(DOC_ID),
  version: z.number().int().min(1),
  updatedAt: z.date(),
  updatedBy: z.string(),
  values: AdminSettingValues,
});

function isDuplicate(error: unknown): boolean {
  return (error as { code?: number })?.code === 11000;
}

/**
 * The admin settings: one document (`settings/_id: 'admin'`) with the overrides, a version that grows by one on
 * each save, and who saved last. Saves are compare-and-set on the version (single-document atomic, no
 * transactions), so two admins saving at once cannot silently undo each other.
 */
export class MongoSettingsRepository implements SettingsStore {
  private readonly col: Collection<SettingsDoc>;
  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<SettingsDoc>(SETTINGS_COLLECTION);
  }

  async load(): Promise<StoredSettings> {
    const doc = await this.col.findOne({ _id: DOC_ID });
    if (!doc) return EMPTY_SETTINGS;
    const parsed = SettingsDocSchema.safeParse(doc);
    if (!parsed.success) throw new AppError(AdminErrors.settingsCorrupt);
    const { version, updatedAt, updatedBy, values } = parsed.data;
    return { version, updatedAt, updatedBy, values };
  }

  async save(values: AdminSettingValues, expectedVersion: number, by: string): Promise<StoredSettings | undefined> {
    const clean = AdminSettingValues.parse(values);
    const updatedAt = this.clock.now();
    if (expectedVersion === 0) {
      try {
        await this.col.insertOne({ _id: DOC_ID, version: 1, updatedAt, updatedBy: by, values: clean });
        return { version: 1, updatedAt, updatedBy: by, values: clean };
      } catch (error) {
        if (isDuplicate(error)) return undefined;
        throw error;
      }
    }
    const r = await this.col.updateOne({ _id: DOC_ID, version: expectedVersion }, { $set: { values: clean, updatedAt, updatedBy: by }, $inc: { version: 1 } });
    if (r.modifiedCount !== 1) return undefined;
    return { version: expectedVersion + 1, updatedAt, updatedBy: by, values: clean };
  }
}
