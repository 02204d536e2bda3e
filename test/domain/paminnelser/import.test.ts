import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importInternkontrollFile, importRutinerFile, remindersFromDuties } from '../../../domain/paminnelser/import.js';

const RUTINER = [
  'rutin;enhet;ansvarig;senast_reviderad;intervall_månader',
  'Rutin för avvikelsehantering;Hemtjänst Norr;Enhetschef;2026-09-15;12',
  'Rutin för läkemedel;Boende Solgläntan;MAS, Enhetschef;2026-03-01;',
].join('\n');

describe('rutiner import', () => {
  it('reads CSV with BOM into interval reminders from the last review', async () => {
    const r = await importRutinerFile('\uFEFF' + RUTINER, 'csv', '2026-10-01');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.reminders).toHaveLength(2);
    expect(r.reminders[0]).toMatchObject({
      id: 'rutin:hemtjanst-norr:rutin-for-avvikelsehantering',
      source: 'rutin',
      unit: 'Hemtjänst Norr',
      recipients: [{ kind: 'role', role: 'Enhetschef', unit: 'Hemtjänst Norr' }],
      schedule: { kind: 'interval', months: 12, first: '2027-09-15' },
    });
    expect(r.reminders[1]!.recipients).toHaveLength(2); // default interval 12
    expect(r.reminders[1]!.schedule).toEqual({ kind: 'interval', months: 12, first: '2027-03-01' });
    expect(r.warnings).toEqual([]);
  });

  it('is all-or-nothing with Swedish line-level errors', async () => {
    const bad = RUTINER + '\nRutin X;;Enhetschef;2026-13-01;abc\nRutin för avvikelsehantering;Hemtjänst Norr;Enhetschef;2026-01-01;12';
    const r = await importRutinerFile(bad, 'csv', '2026-10-01');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'Rad 4: "enhet" är tom.',
      'Rad 4: "senast_reviderad" ska vara ett datum ÅÅÅÅ-MM-DD, inte "2026-13-01".',
      'Rad 4: "intervall_månader" ska vara ett heltal 1–120, inte "abc".',
      'Rad 5: samma rad finns redan på rad 2.',
    ]);
  });

  it('warns about an overdue review and makes it due today', async () => {
    const r = await importRutinerFile(RUTINER, 'csv', '2027-05-01');
    expect(r.ok && r.warnings[0]).toContain('Rad 3: översynen skulle ha gjorts 2027-03-01');
    expect(r.ok && r.reminders[1]!.schedule).toEqual({ kind: 'interval', months: 12, first: '2027-05-01' });
  });

  it('reports a missing column', async () => {
    const r = await importRutinerFile('rutin;enhet;ansvarig\nA;B;C', 'csv', '2026-10-01');
    expect(r).toEqual({ ok: false, errors: ['Kolumnen "senast_reviderad" saknas i rubrikraden.'] });
  });
});

describe('internkontroll import', () => {
  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Plan');
    for (const row of rows) ws.addRow(row);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads XLSX, uses nästa_datum as the first date, keeps unreadable frekvens as a warning', async () => {
    const data = await xlsx([
      ['kontrollmoment', 'ansvarig', 'frekvens', 'rapporteras_till', 'nästa_datum'],
      ['Uppföljning av ej verkställda beslut', 'Avdelningschef', 'Kvartalsvis', 'Socialnämnden', new Date(Date.UTC(2027, 2, 31))],
      ['Kontroll av delegeringar', 'Förvaltningschef', '2 gånger/år (mars, augusti)', 'Socialnämnden', ''],
      ['Lex Sarah-rutinen', 'MAS', 'Vid behov', 'Socialnämnden', ''],
      ['Genomgång av klagomål', 'Enhetschef', 'När nämnden begär', '', '2027-06-15'],
    ]);
    const r = await importInternkontrollFile(data, 'xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byId = Object.fromEntries(r.reminders.map((x) => [x.id, x]));
    expect(byId['internkontroll:uppfoljning-av-ej-verkstallda-beslut']!.schedule).toEqual({ kind: 'interval', months: 3, first: '2027-03-31' });
    expect(byId['internkontroll:kontroll-av-delegeringar']!.schedule).toEqual({
      kind: 'yearly_dates',
      dates: [{ month: 3, day: 31 }, { month: 8, day: 31 }],
    });
    expect(byId['internkontroll:lex-sarah-rutinen']!.schedule.kind).toBe('none');
    expect(byId['internkontroll:genomgang-av-klagomal']!.schedule).toEqual({ kind: 'once', date: '2027-06-15' });
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings.join('\n')).toContain('Rad 5: Frekvensen "När nämnden begär" kunde inte tolkas');
  });

  it('refuses a frekvens it cannot read (and no date), with the line', async () => {
    const r = await importInternkontrollFile('kontrollmoment;ansvarig;frekvens\nA;MAS;Årligen\nB;MAS;Oregelbundet', 'csv');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join('\n')).toContain('Rad 3: Frekvensen "Oregelbundet" kunde inte tolkas');
  });

  it('rejects a whole file with a bad date', async () => {
    const r = await importInternkontrollFile(
      'kontrollmoment;ansvarig;frekvens;rapporteras_till;nästa_datum\nA;MAS;Årligen;;2027-02-30\nB;MAS;Årligen;;',
      'csv',
    );
    expect(r).toEqual({ ok: false, errors: ['Rad 2: "nästa_datum" ska vara ett datum ÅÅÅÅ-MM-DD, inte "2027-02-30".'] });
  });
});

describe('matrix duties', () => {
  it('skips Löpande, keeps unparseable with a warning', () => {
    const r = remindersFromDuties([
      { id: 'd1', aktivitet: 'Kvalitetsberättelse', ansvarig: ['Avdelningschef'], frekvens: 'Årligen senast 1 mars' },
      { id: 'd2', aktivitet: 'Ärendeberedning', ansvarig: ['Nämndkontoret'], frekvens: 'Löpande' },
      { id: 'd3', aktivitet: 'Samråd', ansvarig: ['Förvaltningschef'], frekvens: 'Efter överenskommelse' },
    ]);
    expect(r.reminders.map((x) => [x.id, x.schedule.kind])).toEqual([
      ['duty:d1', 'yearly_dates'],
      ['duty:d3', 'needs_schedule'],
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('Samråd');
  });
});
