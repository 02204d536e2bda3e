import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { openTestDb } from '../support/mongo.js';

describe('cli sammanstallning', () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const env = () => ({ MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: t.dbName });
  beforeAll(async () => {
    t = await openTestDb('clistat');
    expect(await runCli(['import', 'starter-data/organisation.csv', 'starter-data/roller.csv', 'starter-data/personer.csv'], { env: env(), out: () => undefined, err: () => undefined })).toBe(0);
  });
  afterAll(async () => t?.close());

  it('writes a workbook that opens, and refuses an unknown unit', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kb-stat-'));
    const out: string[] = [];
    const file = path.join(dir, 's.xlsx');
    expect(await runCli(['sammanstallning', '2026', '--out', file], { env: env(), out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await readFile(file)).buffer);
    expect(wb.worksheets.length).toBeGreaterThan(0);
    expect(out.join('\n')).toMatch(/0 synpunkter, 0 avvikelser/);
    const err: string[] = [];
    expect(await runCli(['sammanstallning', '2026', '--enhet', 'Månbasen'], { env: env(), out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/Hittar ingen enhet/);
  });

  it('lists every command in the help', async () => {
    const out: string[] = [];
    await runCli(['help'], { out: (l) => out.push(l) });
    for (const name of ['import', 'ask', 'export', 'rollback', 'reminders', 'retention', 'export-case', 'settings', 'dead-letters', 'sammanstallning']) {
      expect(out.join('\n')).toContain(`  ${name}`);
    }
  });
});
