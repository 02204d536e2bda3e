import type { AnsvarSnapshot } from './schema.js';

/**
 * The current data back as the same tables the import reads: `;`-separated UTF-8 CSV with BOM (opens directly in
 * Swedish Excel) or one XLSX workbook with a sheet per table. Export → import gives the same data.
 */
export interface ExportedFile {
  name: string;
  data: Uint8Array;
}

type Table = { name: string; header: string[]; rows: string[][] };

export function snapshotTables(s: AnsvarSnapshot): Table[] {
  const unitName = new Map(s.units.map((u) => [u.id, u.name]));
  const roleName = new Map(s.roles.map((r) => [r.id, r.name]));
  return [
    {
      name: 'organisation',
      header: ['enhet', 'överordnad', 'kortnamn', 'alias', 'typ'],
      rows: s.units.map((u) => [u.name, u.parentId ? (unitName.get(u.parentId) ?? '') : '', u.shortName ?? '', u.aliases.join(', '), u.kind ?? '']),
    },
    {
      name: 'roller',
      header: ['roll', 'alias', 'chefsroll'],
      rows: s.roles.map((r) => [r.name, r.aliases.join(', '), r.manager ? 'ja' : 'nej']),
    },
    {
      name: 'personer',
      header: ['namn', 'epost', 'roll', 'enhet', 'teams_id', 'slack_id'],
      rows: s.people.flatMap((p) => {
        const ids = [p.teamsAadObjectId ?? '', p.slackUserId ?? ''];
        if (!p.assignments.length) return [[p.name, p.email, '', '', ...ids]];
        return p.assignments.map((a) => [p.name, p.email, roleName.get(a.roleId) ?? a.roleId, unitName.get(a.unitId) ?? a.unitId, ...ids]);
      }),
    },
    {
      name: 'matris',
      header: ['område', 'aktivitet', 'ansvarig', 'frekvens', 'rapporteras_till', 'källa', 'nyckelord'],
      rows: s.entries.map((e) => [
        e.omrade,
        e.aktivitet,
        e.ansvariga.map((r) => roleName.get(r) ?? r).join(', '),
        e.frekvens,
        e.rapporterasTill,
        e.kalla,
        e.keywords.join(', '),
      ]),
    },
    {
      name: 'vokabular',
      header: ['term', 'synonymer', 'typ'],
      rows: s.vocabulary.map((g) => [g.term, g.synonyms.join(', '), g.kind ?? '']),
    },
  ];
}

function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function exportCsvTables(s: AnsvarSnapshot): ExportedFile[] {
  const encoder = new TextEncoder();
  return snapshotTables(s).map((t) => ({
    name: `${t.name}.csv`,
    data: encoder.encode('\uFEFF' + [t.header, ...t.rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n'),
  }));
}

export async function exportXlsx(s: AnsvarSnapshot): Promise<ExportedFile> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const t of snapshotTables(s)) {
    const sheet = workbook.addWorksheet(t.name);
    sheet.addRow(t.header).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r);
    sheet.columns.forEach((c) => {
      c.width = 24;
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return { name: 'ansvarsmatris.xlsx', data: new Uint8Array(buffer as ArrayBuffer) };
}
