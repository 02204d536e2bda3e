import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { createLogger } from '../../ops/logger.js';
import { createRetentionJob, loadRetentionSettings } from '../../scheduler/retention-job.js';
import { RETENTION_RUNS } from '../../storage/retention-store.js';
import { openTestDb } from '../support/mongo.js';
import { caseWorld, CONTACT_NAME, people, PHONE, SENTINEL } from '../domain/retention/support.js';

// Many small round trips per case on a shared test server: generous, not a timing assertion.
vi.setConfig({ testTimeout: 90_000 });

let env: Awaited<ReturnType<typeof openTestDb>>;
let dir: string;
beforeAll(async () => {
  env = await openTestDb('retentionjob');
  dir = await mkdtemp(join(tmpdir(), 'kb-retention-'));
});
afterAll(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

describe('retention job', () => {
  it('runs once per Stockholm day across instances and logs JSON without personal data', async () => {
    const world = await caseWorld(env.db, new Date('2026-04-02T08:00:00Z'));
    const avv = await world.closedAvvikelse();
    const syn = await world.closedSynpunkt();
    const open = await world.openSynpunkt();
    // 03:30 in Stockholm on 2031-04-03 (summer time, UTC+2).
    const clock = new ManualClock(new Date('2031-04-03T01:30:00Z'));
    const lines: string[] = [];
    const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
    const a = createRetentionJob({ db: env.db, clock, logger: logger.child({ component: 'retention' }), instanceId: 'a' });
    const b = createRetentionJob({ db: env.db, clock, logger: logger.child({ component: 'retention' }), instanceId: 'b' });
    await Promise.all([a.start(), b.start()]);
    try {
      const [ra, rb] = await Promise.all([a.runNow(), b.runNow()]);
      expect([ra.status, rb.status].sort()).toEqual(['already_claimed', 'done']);
      const done = ra.status === 'done' ? ra : rb;
      expect(done.status === 'done' && done.report.cases.anonymised.sort()).toEqual([avv.number, syn.number].sort());
      expect(await env.db.collection<{ _id: string; state: string }>(RETENTION_RUNS).countDocuments({ _id: '2031-04-03', state: 'done' })).toBe(1);
      expect(await env.db.collection<{ _id: typeof open._id }>('cases').countDocuments({ _id: open._id, retention: { $exists: true } })).toBe(0);

      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const summary = parsed.find((l) => l.msg === 'retention run done')!;
      expect(summary).toMatchObject({ component: 'retention', date: '2031-04-03', state: 'done' });
      expect(JSON.stringify(summary)).toContain(avv.number);
      expect(parsed.some((l) => l.msg === 'retention already claimed for today by another instance; skipping')).toBe(true);
      const all = lines.join('\n');
      for (const secret of [SENTINEL, PHONE, CONTACT_NAME, people.mona.name, people.anna.name, avv._id]) expect(all).not.toContain(secret);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('the default schedule is a valid cron expression at night', async () => {
    const settings = await loadRetentionSettings({});
    expect(settings.cron).toBe('30 3 * * *');
    expect(cron.validate(settings.cron)).toBe(true);
  });
});

describe('loadRetentionSettings', () => {
  it('reads inline JSON and YAML files; defaults fill the rest', async () => {
    const inline = await loadRetentionSettings({ RETENTION_SETTINGS: '{"avvikelse":{"lex_maria":{"years":12}},"synpunkt":{"berom":{"action":"remove"}}}' });
    expect(inline.avvikelse.lex_maria).toEqual({ years: 12, action: 'anonymise' });
    expect(inline.synpunkt.berom).toEqual({ years: 2, action: 'remove' });
    expect(inline.avvikelse.avvikelse).toEqual({ years: 5, action: 'anonymise' });
    const file = join(dir, 'gallring.yaml');
    await writeFile(file, 'avvikelse:\n  avvikelse:\n    years: 3\nbatchSize: 50\n');
    const fromFile = await loadRetentionSettings({ RETENTION_SETTINGS_FILE: file });
    expect(fromFile.avvikelse.avvikelse.years).toBe(3);
    expect(fromFile.batchSize).toBe(50);
  });

  it('names the wrong field in Swedish', async () => {
    await expect(loadRetentionSettings({ RETENTION_SETTINGS: '{"synpunkt":{"klagomal":{"action":"burn"}}}' })).rejects.toMatchObject({
      code: 'retention.bad_settings',
      params: { where: 'RETENTION_SETTINGS: synpunkt.klagomal.action' },
    });
    await expect(loadRetentionSettings({ RETENTION_SETTINGS: '{nope' })).rejects.toMatchObject({ code: 'retention.bad_settings' });
    await expect(loadRetentionSettings({ RETENTION_SETTINGS_FILE: join(dir, 'missing.yaml') })).rejects.toMatchObject({ code: 'retention.bad_settings' });
  });
});
