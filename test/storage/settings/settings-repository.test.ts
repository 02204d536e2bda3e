import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userText } from '../../../domain/error-text.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MongoSettingsRepository, SETTINGS_COLLECTION } from '../../../storage/settings-repository.js';
import { openTestDb } from '../../support/mongo.js';

let db: Db;
let close: () => Promise<void>;
const clock = new ManualClock(new Date('2027-01-15T09:00:00Z'));

beforeAll(async () => {
  const t = await openTestDb('settings_repo');
  db = t.db;
  close = t.close;
});
afterAll(async () => close());

describe('MongoSettingsRepository', () => {
  it('starts empty, then versions each save with who and when', async () => {
    const repo = new MongoSettingsRepository(db, clock);
    expect(await repo.load()).toEqual({ version: 0, values: {} });
    const first = await repo.save({ synpunktAnswerDays: 10 }, 0, 'kim@exempel.se');
    expect(first).toMatchObject({ version: 1, updatedBy: 'kim@exempel.se' });
    clock.advance(60_000);
    const second = await repo.save({ synpunktAnswerDays: 10, officeHours: { start: '07:00', end: '16:00' } }, 1, 'cli:drift');
    expect(second?.version).toBe(2);
    const loaded = await repo.load();
    expect(loaded).toEqual({
      version: 2,
      updatedAt: new Date('2027-01-15T09:01:00Z'),
      updatedBy: 'cli:drift',
      values: { synpunktAnswerDays: 10, officeHours: { start: '07:00', end: '16:00' } },
    });
  });

  it('is compare-and-set: a save on a stale version changes nothing', async () => {
    const repo = new MongoSettingsRepository(db, clock);
    const current = await repo.load();
    expect(await repo.save({ synpunktAnswerDays: 30 }, current.version - 1, 'late')).toBeUndefined();
    expect(await repo.save({ synpunktAnswerDays: 30 }, 0, 'late')).toBeUndefined(); // the first insert raced too
    const [a, b] = await Promise.all([
      repo.save({ synpunktAnswerDays: 11 }, current.version, 'a'),
      repo.save({ synpunktAnswerDays: 12 }, current.version, 'b'),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await repo.load()).version).toBe(current.version + 1);
  });

  it('refuses to write invalid values', async () => {
    const repo = new MongoSettingsRepository(db, clock);
    const v = (await repo.load()).version;
    await expect(repo.save({ synpunktAnswerDays: -1 }, v, 'x')).rejects.toThrow();
    expect((await repo.load()).version).toBe(v);
  });

  it('validates what it reads back and says so in Swedish', async () => {
    await db.collection<{ _id: string; values: Record<string, unknown> }>(SETTINGS_COLLECTION).updateOne({ _id: 'admin' }, { $set: { 'values.synpunktAnswerDays': 'fjorton' } });
    const repo = new MongoSettingsRepository(db, clock);
    const error = await repo.load().catch((e: unknown) => e);
    expect(userText(error)).toContain('De sparade inställningarna kunde inte läsas');
  });
});
