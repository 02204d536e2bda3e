import type { Compilation, SectionStats } from './compile.js';
import { stat } from './messages.js';

interface FlatRow {
  section: string;
  dimension: string;
  category: string;
  count: string;
  previous: string;
  change: string;
}

/** The compilation as flat rows (the same for .csv and .xlsx). Suppressed cells keep their "<5". */
export function flattenCompilation(c: Compilation): FlatRow[] {
  const rows: FlatRow[] = [];
  const add = (name: string, s: SectionStats) => {
    rows.push({ section: name, dimension: stat.total, category: stat.total, count: s.totalDisplay, previous: s.previousTotalDisplay, change: s.change === null ? '' : String(s.change) });
    for (const b of s.breakdowns) {
      for (const cell of b.cells) {
        rows.push({
          section: name,
          dimension: b.title,
          category: cell.label,
          count: cell.display,
          previous: cell.previousDisplay,
          change: cell.change === null ? '' : String(cell.change),
        });
      }
    }
  };
  add(stat.synpunkter, c.synpunkter);
  const a = c.synpunkter.answers;
  // A small group of synpunkter gets no answer figures: they would describe the few cases one by one.
  const ans = (category: string, value: number | null, previous: number | null = null) =>
    rows.push({ section: stat.synpunkter, dimension: stat.answerSheet, category, count: value === null ? '' : String(value), previous: previous === null ? '' : String(previous), change: '' });
  if (!a.suppressed) {
    ans(stat.answered, a.answered);
    ans(`${stat.inTime} (%)`, a.shareInTimePct, a.previousShareInTimePct);
    ans(stat.median, a.medianDays, a.previousMedianDays);
    ans(stat.overdueOpen, a.openOverdue);
  }
  add(stat.avvikelser, c.avvikelser);
  return rows;
}

function csvField(v: string): string {
  return /[";\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Semicolon-separated with a UTF-8 BOM, which Swedish Excel opens correctly. */
export function compilationToCsv(c: Compilation): string {
  const lines = [stat.columns.map(csvField).join(';')];
  for (const r of flattenCompilation(c)) lines.push([r.section, r.dimension, r.category, r.count, r.previous, r.change].map(csvField).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A workbook for the kvalitetsberättelse: one sheet per section plus answer times. Numbers stay numbers. */
export async function compilationToXlsx(c: Compilation): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on first use: ~30 MB the bot needs only for a download
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kvalitetsbot';
  wb.created = new Date(Date.UTC(c.year, 0, 1));
  const rows = flattenCompilation(c);
  const sheets: Array<[string, string]> = [
    ['Synpunkter', stat.synpunkter],
    ['Avvikelser', stat.avvikelser],
  ];
  for (const [sheetName, section] of sheets) {
    const ws = wb.addWorksheet(sheetName);
    ws.addRow([stat.title(c.year, c.unitName)]).font = { bold: true, size: 14 };
    ws.addRow([stat.privacyNote(c.threshold)]);
    ws.addRow([]);
    const header = ws.addRow(stat.columns.slice(1));
    header.font = { bold: true };
    for (const r of rows.filter((x) => x.section === section)) {
      const num = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
      ws.addRow([r.dimension, r.category, num(r.count), num(r.previous), num(r.change)]);
    }
    ws.columns.forEach((col, i) => (col.width = i === 1 ? 40 : 18));
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
