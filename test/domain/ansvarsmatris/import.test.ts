import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../domain/ansvarsmatris/build-snapshot.js';
import { formatIssue } from '../../../domain/ansvarsmatris/errors.js';
import { exportCsvTables, exportXlsx } from '../../../domain/ansvarsmatris/export.js';
import { readImportFiles, type ImportFile } from '../../../domain/ansvarsmatris/import-files.js';
import { emptySnapshot } from '../../../domain/ansvarsmatris/schema.js';
import { loadStarterSnapshot } from './question-set.js';

const org = 'enhet;överordnad\nFörvaltningen;\nSolgården;Förvaltningen\n';
const people = 'namn;epost;roll;enhet\nOlle Omsorg;olle@exempel.se;Enhetschef;Solgården\nMaria Modell;maria@exempel.se;MAS;Förvaltningen\n';
const matrix = 'område;aktivitet;ansvarig;frekvens;rapporteras_till;källa\nAvvikelser;Utreda avvikelser;Enhetschef;Löpande;Avdelningschef;SOSFS 2011:9 5 kap.\nVård;Lex Maria;MAS, Enhetschef;;;\n';

async function build(files: ImportFile[]) {
  const read = await readImportFiles(files);
  const built = buildSnapshot(read.tables, emptySnapshot());
  return { ...built, issues: [...read.issues, ...built.issues] };
}

describe('import', () => {
  it('reads CSV as Swedish Excel writes it: semicolons, BOM, CRLF', async () => {
    const r = await build([
      { name: 'org.csv', data: '\uFEFF' + org.replace(/\n/g, '\r\n') },
      { name: 'personer.csv', data: people },
      { name: 'matris.csv', data: matrix },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.snapshot.units.map((u) => u.name)).toEqual(['Förvaltningen', 'Solgården']);
    expect(r.snapshot.units[1]!.parentId).toBe(r.snapshot.units[0]!.id);
    expect(r.snapshot.entries[1]!.ansvariga).toEqual(['mas', 'enhetschef']);
    expect(r.snapshot.entries[1]!.frekvens).toBe('');
  });

  it('accepts comma- and tab-separated files too', async () => {
    const comma = 'område,aktivitet,ansvarig\nA,"Utreda, åtgärda",Enhetschef\n';
    const tab = 'enhet\töverordnad\nFörvaltningen\t\n';
    const r = await build([
      { name: 'm.csv', data: comma },
      { name: 'o.tsv', data: tab },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.snapshot.entries[0]!.aktivitet).toBe('Utreda, åtgärda');
    expect(r.snapshot.units[0]!.name).toBe('Förvaltningen');
  });

  it('reads YAML and JSON with the same columns', async () => {
    const yaml = 'organisation:\n  - enhet: Förvaltningen\nmatris:\n  - område: Vård\n    aktivitet: Lex Maria\n    ansvarig: [MAS, Enhetschef]\n';
    const json = JSON.stringify({ vokabular: [{ term: 'IVO', synonymer: 'Inspektionen för vård och omsorg' }] });
    const r = await build([
      { name: 'data.yaml', data: yaml },
      { name: 'vokabular.json', data: json },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.snapshot.entries[0]!.ansvariga).toEqual(['mas', 'enhetschef']);
    expect(r.snapshot.vocabulary).toEqual([{ term: 'IVO', synonyms: ['Inspektionen för vård och omsorg'] }]);
  });

  it('reads XLSX, one table per sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('matris');
    sheet.addRow(['område', 'aktivitet', 'ansvarig']);
    sheet.addRow(['Avvikelser', 'Utreda avvikelser', 'Enhetschef']);
    const data = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const r = await build([{ name: 'matris.xlsx', data }]);
    expect(r.issues).toEqual([]);
    expect(r.snapshot.entries[0]!.aktivitet).toBe('Utreda avvikelser');
  });

  it('lists every error with file, line and column in Swedish', async () => {
    const badPeople = 'namn;epost;roll;enhet\nOlle;olle-at-exempel;Enhetschef;Solgården\n;maria@exempel.se;MAS;Månstorp\n';
    const badMatrix = 'område;aktivitet;ansvarig\nA;;Enhetschef\nB;Något;MAS,,Enhetschef\nC;Fler;MAS;extra;kolumner\n';
    const r = await build([
      { name: 'org.csv', data: org },
      { name: 'personer.csv', data: badPeople },
      { name: 'matris.csv', data: badMatrix },
    ]);
    const lines = r.issues.map(formatIssue);
    expect(lines).toEqual(
      expect.arrayContaining([
        'personer.csv, rad 2, kolumn epost: "olle-at-exempel" är ingen giltig e-postadress.',
        'personer.csv, rad 3, kolumn namn: Värde saknas (obligatoriskt).',
        'personer.csv, rad 3, kolumn enhet: Enheten "Månstorp" finns inte i organisationen.',
        'matris.csv, rad 2, kolumn aktivitet: Värde saknas (obligatoriskt).',
        'matris.csv, rad 3, kolumn ansvarig: En roll i listan är tom (två kommatecken i rad?).',
        'matris.csv, rad 4: Raden har 5 kolumner men rubrikraden har 3.',
      ]),
    );
    expect(r.issues).toHaveLength(6);
  });

  it('rejects unknown headers and formats, and organisation cycles', async () => {
    const r = await build([
      { name: 'x.csv', data: 'foo;bar\n1;2\n' },
      { name: 'x.pdf', data: '' },
      { name: 'org.csv', data: 'enhet;överordnad\nA;B\nB;A\n' },
    ]);
    const text = r.issues.map(formatIssue).join('\n');
    expect(text).toContain('x.csv, rad 1: Rubrikraden känns inte igen');
    expect(text).toContain('x.pdf: Okänt filformat ".pdf"');
    expect(text).toMatch(/org\.csv, rad \d, kolumn överordnad: Organisationen bildar en cirkel/);
  });

  it('warns, without failing, about a matrix role nobody holds', async () => {
    const r = await build([
      { name: 'org.csv', data: org },
      { name: 'personer.csv', data: people },
      { name: 'matris.csv', data: 'område;aktivitet;ansvarig\nA;Pensionärsrådet;Nämndsekreterare\n' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual(['matris.csv, rad 2: Rollen "Nämndsekreterare" finns i matrisen men ingen person har rollen.']);
  });

  it('exports to CSV and XLSX that import back to the same data', async () => {
    const snapshot = await loadStarterSnapshot();
    const csv = await readImportFiles(exportCsvTables(snapshot));
    expect(csv.issues).toEqual([]);
    expect(buildSnapshot(csv.tables, emptySnapshot()).snapshot).toEqual(snapshot);
    const xlsx = await readImportFiles([await exportXlsx(snapshot)]);
    expect(xlsx.issues).toEqual([]);
    expect(buildSnapshot(xlsx.tables, emptySnapshot()).snapshot).toEqual(snapshot);
  });
});
