import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { ManualClock } from '../../support/manual-clock.js';
import { AnsvarImportError } from '../../../domain/ansvarsmatris/import-error.js';
import { AppError } from '../../../domain/errors.js';
import { createAnsvarService, type AnsvarService } from '../../../storage/ansvarsmatris.js';
import { openTestDb } from '../../support/mongo.js';
import { generateMatrixCsv } from '../../fixtures/ansvarsmatris/generate.js';

let db: Db;
let close: () => Promise<void>;
let clock: ManualClock;
let service: AnsvarService;

beforeAll(async () => {
  ({ db, close } = await openTestDb('ansvar'));
  clock = new ManualClock(new Date('2025-03-03T08:00:00Z'));
  service = createAnsvarService({ db, clock });
  await service.ensureIndexes();
});
afterAll(async () => close());

describe('AnsvarService on MongoDB', () => {
  it('loads the example data when the database is empty, and only then', async () => {
    expect(await service.activeVersion()).toBeUndefined();
    const v = await service.ensureStarterData();
    expect(v).toBe(1);
    expect(await service.ensureStarterData()).toBeUndefined();
    const [info] = await service.versions();
    expect(info).toMatchObject({ version: 1, note: 'Exempeldata', counts: { units: 13, entries: 66 } });
    const answer = await service.ask('vem ansvarar för lex maria', { askerEmail: 'mia.medarbetare@exempel.se' });
    expect(answer.kind).toBe('activity');
    if (answer.kind === 'activity') {
      expect(answer.unit?.name).toBe('Solgården');
      expect(answer.best.roles[0]!.people.map((p) => p.name)).toEqual(['Maria Modell']);
    }
  });

  it('rejects a malformed file with line-level Swedish errors and keeps the previous data', async () => {
    const before = await service.exportCsv();
    const bad = 'område;aktivitet;ansvarig\nA;Något;Enhetschef\nB;;Enhetschef\nC;Annat;\n';
    const error = await service.importFiles([{ name: 'matris.csv', data: bad }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnsvarImportError);
    expect((error as AnsvarImportError).issues).toEqual([
      { file: 'matris.csv', line: 3, column: 'aktivitet', message: 'Värde saknas (obligatoriskt).' },
      { file: 'matris.csv', line: 4, column: 'ansvarig', message: 'Värde saknas (obligatoriskt).' },
    ]);
    expect(await service.activeVersion()).toBe(1);
    expect(await service.exportCsv()).toEqual(before);
    expect(await db.collection('ansvar_data').countDocuments({ version: { $ne: 1 } })).toBe(0);
  });

  it('imports a generated 10k-row matrix as a new version, keeping the organisation, and answers from it', async () => {
    const csv = generateMatrixCsv(10_000);
    const outcome = await service.importFiles([{ name: 'stor-matris.csv', data: csv }]);
    expect(outcome.version).toBe(2);
    expect(outcome.counts).toMatchObject({ entries: 10_000, units: 13, people: 22 });
    expect(outcome.replaced).toEqual(['matris']);
    const aktivitet = csv.split('\n')[4_321]!.split(';')[1]!;
    const answer = await service.ask(`vem ska ${aktivitet.toLowerCase()}?`);
    expect(answer.kind).toBe('activity');
    if (answer.kind === 'activity') expect(answer.best.aktivitet).toBe(aktivitet);
  }, 120_000);

  it('rolls back to the previous version, and refuses when there is none', async () => {
    expect(await service.rollback()).toEqual({ from: 2, to: 1 });
    expect((await service.directory()).entries()).toHaveLength(66);
    const err = await service.rollback().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ansvar.no_previous_version');
  });

  it('another instance sees a new active version within the refresh interval', async () => {
    const other = createAnsvarService({ db, clock, refreshMs: 3000 });
    expect((await other.directory()).version).toBe(1);
    const matrix = await readFile(new URL('../../../starter-data/ansvarsmatris.csv', import.meta.url));
    const outcome = await service.importFiles([{ name: 'ansvarsmatris.csv', data: matrix }]);
    // Cached until the interval passes; then reloaded.
    expect((await other.directory()).version).toBe(1);
    clock.advance(3001);
    expect((await other.directory()).version).toBe(outcome.version);
  });

  it('exports XLSX and imports it back as an identical version', async () => {
    const csvBefore = await service.exportCsv();
    const xlsx = await service.exportXlsx();
    await service.importFiles([xlsx]);
    expect(await service.exportCsv()).toEqual(csvBefore);
  }, 60_000);
});
