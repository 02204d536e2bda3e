import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { STOCKHOLM } from '../calendar/swedish-calendar.js';
import { parseFrekvens } from './frekvens.js';
import { importTexts } from './messages.js';
import { INTERNKONTROLL_COLUMNS, InternkontrollRow, ReminderDef, RUTIN_COLUMNS, RutinRow, type RecipientSpec, type Schedule } from './schema.js';

/**
 * Imports of rutiner and the internkontrollplan from CSV (semicolon separated, UTF-8, optional BOM) or XLSX
 * (first sheet, first row = headers). All-or-nothing: any line error fails the whole file, with Swedish
 * line-numbered messages; warnings (e.g. an unreadable frekvens) never drop a line silently.
 */
export type ImportResult =
  | { ok: true; reminders: ReminderDef[]; warnings: string[]; /** reminder id → file line, for later checks. */ lines: Record<string, number> }
  | { ok: false; errors: string[] };

export type FileFormat = 'csv' | 'xlsx';

type Row = { line: number; cells: Record<string, string> };

function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_')
    .replace(/ä/g, 'a')
    .replace(/å/g, 'a')
    .replace(/ö/g, 'o');
}

/** Parse a CSV or XLSX buffer into rows keyed by normalised header (ä/å→a, ö→o). Line numbers are 1-based file lines. */
export async function readTable(data: Buffer | string, format: FileFormat): Promise<{ rows: Row[] } | { error: string }> {
  try {
    if (format === 'csv') {
      const text = typeof data === 'string' ? data : data.toString('utf8');
      const records = parseCsv(text, {
        delimiter: [';', '\t'],
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        info: true,
      }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
      const [head, ...body] = records;
      if (!head) return { rows: [] };
      const headers = head.record.map(normaliseHeader);
      return {
        rows: body.map((r) => ({
          line: r.info.lines,
          cells: Object.fromEntries(headers.map((h, i) => [h, (r.record[i] ?? '').trim()])),
        })),
      };
    }
    const { default: ExcelJS } = await import('exceljs'); // loaded on first use: ~30 MB only an import needs
    const wb = new ExcelJS.Workbook();
    const buffer = typeof data === 'string' ? Buffer.from(data, 'binary') : data;
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    if (!sheet) return { rows: [] };
    const headers: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
      headers[col - 1] = normaliseHeader(cellText(cell.value));
    });
    const rows: Row[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const cells: Record<string, string> = {};
      headers.forEach((h, i) => (cells[h] = cellText(row.getCell(i + 1).value).trim()));
      if (Object.values(cells).some((v) => v !== '')) rows.push({ line: n, cells });
    });
    return { rows };
  } catch (error) {
    return { error: importTexts.unreadable((error as Error).message) };
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Excel dates come back as JS Dates at UTC midnight of the calendar day.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return String(value);
}

function isValidDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: STOCKHOLM }).isValid;
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** "Enhetschef" → role; "person:abc123" → a named person (directory id); "MAS, Enhetschef" → two roles. */
export function parseAnsvarig(text: string, unit?: string): RecipientSpec[] {
  return text
    .split(/\s*(?:,|;|\boch\b|\/)\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) =>
      s.toLowerCase().startsWith('person:')
        ? { kind: 'person' as const, personId: s.slice(7).trim() }
        : { kind: 'role' as const, role: s, ...(unit ? { unit } : {}) },
    );
}

function requireColumns(rows: Row[], columns: readonly string[]): string[] {
  const first = rows[0];
  if (!first) return [importTexts.empty];
  return columns.filter((c) => !(c in first.cells)).map((c) => importTexts.missingColumn(c));
}

/** What one row gives: its reminder id, its errors, and (only called when there are none) the reminder. */
interface RowResult {
  id: string;
  errors: string[];
  /** The reminder, or a line error found while building it. */
  reminder: () => ReminderDef | string;
}

/**
 * The frame shared by the file imports: the required columns, then one reminder per row; every line's errors are
 * collected (all or nothing) and a row repeating an earlier row's id is refused with both line numbers.
 */
function remindersFromTable(rows: Row[], columns: readonly string[], fromRow: (row: Row, warnings: string[]) => RowResult): ImportResult {
  const errors = requireColumns(rows, columns);
  if (errors.length) return { ok: false, errors };
  const warnings: string[] = [];
  const reminders: ReminderDef[] = [];
  const seen = new Map<string, number>();
  const lines: Record<string, number> = {};
  for (const row of rows) {
    const r = fromRow(row, warnings);
    const lineErrors = [...r.errors];
    const dup = seen.get(r.id);
    if (dup !== undefined) lineErrors.push(importTexts.duplicate(row.line, dup));
    seen.set(r.id, row.line);
    if (lineErrors.length) errors.push(...lineErrors);
    else {
      const reminder = r.reminder();
      if (typeof reminder === 'string') errors.push(reminder);
      else {
        reminders.push(reminder);
        lines[reminder.id] = row.line;
      }
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, reminders, warnings, lines };
}

/** `rutin;enhet;ansvarig;senast_reviderad;intervall_månader` → review reminders (interval from last review). */
export function rutinerFromRows(rows: Row[], today: string): ImportResult {
  return remindersFromTable(rows, RUTIN_COLUMNS, ({ line, cells }, warnings) => {
    const { rutin, enhet, ansvarig, senast_reviderad: senast, intervall_manader: intervalText } = RutinRow.parse(cells);
    const errors: string[] = [];
    if (!rutin) errors.push(importTexts.missingValue(line, 'rutin'));
    if (!enhet) errors.push(importTexts.missingValue(line, 'enhet'));
    if (!ansvarig) errors.push(importTexts.missingValue(line, 'ansvarig'));
    if (!isValidDate(senast)) errors.push(importTexts.badDate(line, 'senast_reviderad', senast));
    const months = intervalText === '' ? 12 : Number(intervalText);
    if (!Number.isInteger(months) || months < 1 || months > 120) errors.push(importTexts.badInterval(line, intervalText));
    const id = `rutin:${slug(enhet)}:${slug(rutin)}`;
    return {
      id,
      errors,
      reminder: () => {
        let first = DateTime.fromISO(senast, { zone: STOCKHOLM }).plus({ months }).toISODate()!;
        if (first < today) {
          warnings.push(importTexts.overdue(line, first));
          first = today;
        }
        return ReminderDef.parse({
          id,
          source: 'rutin',
          title: `Översyn av rutin: ${rutin}`,
          unit: enhet,
          recipients: parseAnsvarig(ansvarig, enhet),
          schedule: { kind: 'interval', months, first },
          note: `Senast reviderad ${senast}; ses över var ${months}:e månad.`,
          active: true,
        });
      },
    };
  });
}

/**
 * `kontrollmoment;ansvarig;frekvens;rapporteras_till;nästa_datum[;enhet]` → internkontroll reminders. A frekvens that
 * cannot be read is refused with its line, unless `nästa_datum` gives the date (then it is a one-off).
 */
export function internkontrollFromRows(rows: Row[]): ImportResult {
  return remindersFromTable(rows, INTERNKONTROLL_COLUMNS, ({ line, cells }, warnings) => {
    const { kontrollmoment: moment, ansvarig, frekvens, rapporteras_till: rapporteras, nasta_datum: next, enhet } = InternkontrollRow.parse(cells);
    const errors: string[] = [];
    if (!moment) errors.push(importTexts.missingValue(line, 'kontrollmoment'));
    if (!ansvarig) errors.push(importTexts.missingValue(line, 'ansvarig'));
    if (next && !isValidDate(next)) errors.push(importTexts.badDate(line, 'nästa_datum', next));
    const id = enhet ? `internkontroll:${slug(enhet)}:${slug(moment)}` : `internkontroll:${slug(moment)}`;
    return {
      id,
      errors,
      reminder: () => {
        const parsed = parseFrekvens(frekvens);
        let schedule: Schedule;
        if (!parsed.ok) {
          if (!next) return importTexts.frekvens(line, parsed.warning);
          warnings.push(importTexts.frekvens(line, `${parsed.warning} Datumet i nästa_datum gäller en gång.`));
          schedule = { kind: 'once', date: next };
        } else if (parsed.schedule.kind === 'none') {
          warnings.push(importTexts.noReminder(line, frekvens));
          schedule = parsed.schedule;
        } else if (next && 12 % parsed.perYear === 0) {
          schedule = { kind: 'interval', months: 12 / parsed.perYear, first: next };
        } else {
          schedule = parsed.schedule;
        }
        return ReminderDef.parse({
          id,
          source: 'internkontroll',
          title: `Internkontroll: ${moment}`,
          ...(enhet ? { unit: enhet } : {}),
          recipients: parseAnsvarig(ansvarig, enhet || undefined),
          schedule,
          ...(parsed.ok && parsed.assumption && !next ? { assumption: `Frekvens "${frekvens}": ${parsed.assumption}` } : {}),
          ...(rapporteras ? { note: `Rapporteras till ${rapporteras}.` } : {}),
          active: true,
        });
      },
    };
  });
}

export async function importRutinerFile(data: Buffer | string, format: FileFormat, today: string): Promise<ImportResult> {
  const table = await readTable(data, format);
  if ('error' in table) return { ok: false, errors: [table.error] };
  return rutinerFromRows(table.rows, today);
}

export async function importInternkontrollFile(data: Buffer | string, format: FileFormat): Promise<ImportResult> {
  const table = await readTable(data, format);
  if ('error' in table) return { ok: false, errors: [table.error] };
  return internkontrollFromRows(table.rows);
}

/** Matrix duties → reminders; "Löpande" gives none, an unreadable frekvens gives `needs_schedule` + a warning. */
export function remindersFromDuties(
  duties: Array<{ id: string; aktivitet: string; ansvarig: string[]; frekvens: string; unit?: string; rapporterasTill?: string }>,
): { reminders: ReminderDef[]; warnings: string[] } {
  const reminders: ReminderDef[] = [];
  const warnings: string[] = [];
  for (const duty of duties) {
    const parsed = parseFrekvens(duty.frekvens);
    if (!parsed.ok) warnings.push(`${duty.aktivitet}: ${parsed.warning}`);
    if (parsed.ok && parsed.schedule.kind === 'none') continue;
    if (duty.ansvarig.length === 0) {
      warnings.push(`${duty.aktivitet}: ingen ansvarig roll angiven – påminnelsen kan inte skickas.`);
      continue;
    }
    reminders.push(
      ReminderDef.parse({
        id: `duty:${duty.id}`,
        source: 'duty',
        title: duty.aktivitet,
        ...(duty.unit ? { unit: duty.unit } : {}),
        recipients: duty.ansvarig.map((role) => ({ kind: 'role', role, ...(duty.unit ? { unit: duty.unit } : {}) })),
        schedule: parsed.schedule,
        ...(duty.rapporterasTill ? { note: `Rapporteras till ${duty.rapporterasTill}.` } : {}),
        ...(parsed.ok && parsed.assumption ? { assumption: `Frekvens "${duty.frekvens}": ${parsed.assumption}` } : {}),
        active: true,
      }),
    );
  }
  return { reminders, warnings };
}
