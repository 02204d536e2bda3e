import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { openTestDb } from '../support/mongo.js';

let env: Record<string, string>;
let close: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  const t = await openTestDb('cli');
  close = t.close;
  env = { MONGODB_URI: t.uri, MONGODB_DB: t.dbName };
  dir = await mkdtemp(join(tmpdir(), 'kb-cli-'));
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const starter = (name: string) => new URL(`../../starter-data/${name}`, import.meta.url).pathname;

describe('kvalitetsbot CLI', () => {
  it('imports files and reports counts and warnings in Swedish', async () => {
    const r = await cli('import', ...['organisation.csv', 'roller.csv', 'personer.csv', 'ansvarsmatris.csv', 'vokabular.csv'].map(starter));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Importerade version 1: 66 aktiviteter, 13 enheter');
    expect(r.out).toContain('Varning: ansvarsmatris.csv, rad');
  });

  it('ask --json lists ranked answers with role, aktivitet, score and resolved people', async () => {
    const r = await cli('ask', 'vem ansvarar för avvikelser?', '--unit', 'Solgården', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.kind).toBe('activity');
    expect(json.unit).toEqual({ id: 'solgarden', name: 'Solgården' });
    expect(json.answers.length).toBeGreaterThan(1);
    const first = json.answers[0];
    expect(first).toEqual(expect.objectContaining({ aktivitet: expect.any(String), score: expect.any(Number), confidence: expect.any(Number) }));
    expect(first.roles[0].people[0].unitName).toBe('Solgården');
  });

  it('ask prints the answer card as text, and exits 3 with an honest refusal', async () => {
    const ok = await cli('ask', 'vem är enhetschef på solgården');
    expect(ok.out).toContain('Olle Omsorg');
    const no = await cli('ask', 'vem lagar kaffemaskinen?', '--unit', 'Solgården');
    expect(no.code).toBe(3);
    expect(no.out).toContain('Jag hittar inget säkert svar');
    expect(no.out).toContain('Olle Omsorg (Enhetschef)');
    const badUnit = await cli('ask', 'lex maria', '--unit', 'Månstorp');
    expect(badUnit.code).toBe(2);
    expect(badUnit.err).toContain('Enheten "Månstorp" finns inte');
  });

  it('rejects a malformed file with line-level errors and changes nothing', async () => {
    const bad = join(dir, 'trasig.csv');
    await writeFile(bad, 'område;aktivitet;ansvarig\nA;;Enhetschef\n');
    const r = await cli('import', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Importen avvisades. Ingenting har ändrats.');
    expect(r.err).toContain('trasig.csv, rad 2, kolumn aktivitet: Värde saknas (obligatoriskt).');
  });

  it('exports CSV and XLSX, and rolls back', async () => {
    const csv = await cli('export', '--out', join(dir, 'csv'));
    expect(csv.code).toBe(0);
    expect((await readdir(join(dir, 'csv'))).sort()).toEqual(['matris.csv', 'organisation.csv', 'personer.csv', 'roller.csv', 'vokabular.csv']);
    expect((await cli('export', '--format', 'xlsx', '--out', join(dir, 'x'))).code).toBe(0);
    expect(await readdir(join(dir, 'x'))).toEqual(['ansvarsmatris.xlsx']);
    expect((await cli('import', join(dir, 'csv', 'matris.csv'))).code).toBe(0);
    const rb = await cli('rollback');
    expect(rb).toMatchObject({ code: 0, out: 'Återställde från version 2 till version 1.' });
  });

  it('says in Swedish when the database is unreachable', async () => {
    let text = '';
    const down = await runCli(['rollback'], { env: { MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500' }, out: () => undefined, err: (l) => (text += l) });
    expect(down).toBe(1);
    expect(text).toContain('Databasen svarar inte');
    expect(text).toContain('Kontrollera MONGODB_URI');
  });

  it('prints usage for unknown commands', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Okänt kommando "frobnicate"');
  });
});
