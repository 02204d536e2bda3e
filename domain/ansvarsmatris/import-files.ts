import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ImportIssue } from './errors.js';
import { importText } from './messages.js';
import type { TableKind } from './schema.js';
import { fold } from './text.js';

/**
 * Reading import files into plain tables: CSV as Swedish Excel writes it (`;`, also `,` and tab; with or without
 * BOM), XLSX (one table per sheet) and YAML/JSON. No validation of content here, only shape.
 */
export interface ImportFile {
  name: string;
  data: Uint8Array | string;
}

export interface RawRow {
  /** 1-based line (CSV/YAML) or row number (XLSX); the header is line 1 in CSV. */
  line: number;
  /** Keyed by canonical column name (see COLUMN_ALIASES). */
  values: Record<string, string>;
}

export interface RawTable {
  file: string;
  kind: TableKind;
  /** Canonical column name → the header as written, for error messages. */
  headers: Record<string, string>;
  rows: RawRow[];
}

/** Header as written (folded, no spaces/underscores/hyphens) → canonical column name. */
const COLUMN_ALIASES: Record<string, string> = {
  id: 'id',
  omrade: 'omrade',
  aktivitet: 'aktivitet',
  ansvarig: 'ansvarig',
  ansvariga: 'ansvarig',
  ansvar: 'ansvarig',
  ansvarigroll: 'ansvarig',
  frekvens: 'frekvens',
  rapporterastill: 'rapporteras_till',
  kalla: 'kalla',
  nyckelord: 'nyckelord',
  sokord: 'nyckelord',
  keywords: 'nyckelord',
  enhet: 'enhet',
  overordnad: 'overordnad',
  overordnadenhet: 'overordnad',
  kortnamn: 'kortnamn',
  alias: 'alias',
  typ: 'typ',
  namn: 'namn',
  epost: 'epost',
  email: 'epost',
  mejl: 'epost',
  mail: 'epost',
  roll: 'roll',
  teamsid: 'teams_id',
  aadobjectid: 'teams_id',
  teamsaadobjectid: 'teams_id',
  slackid: 'slack_id',
  slackuserid: 'slack_id',
  chefsroll: 'chefsroll',
  chef: 'chefsroll',
  term: 'term',
  synonymer: 'synonymer',
  synonym: 'synonymer',
};

export function canonicalColumn(header: string): string | undefined {
  return COLUMN_ALIASES[fold(header).replace(/[^a-z0-9]/g, '')];
}

export const REQUIRED_COLUMNS: Record<TableKind, string[]> = {
  matris: ['aktivitet', 'ansvarig'],
  organisation: ['enhet'],
  personer: ['namn', 'epost'],
  roller: ['roll'],
  vokabular: ['term', 'synonymer'],
};

/** Which table a header row describes. */
export function detectKind(columns: Set<string>, hint?: string): TableKind | undefined {
  if (columns.has('aktivitet')) return 'matris';
  if (columns.has('epost')) return 'personer';
  if (columns.has('term') || columns.has('synonymer')) return 'vokabular';
  if (columns.has('overordnad')) return 'organisation';
  if (columns.has('roll')) return 'roller';
  if (columns.has('enhet')) return 'organisation';
  return hint ? kindFromName(hint) : undefined;
}

function kindFromName(name: string): TableKind | undefined {
  const n = fold(name);
  if (/matris|aktivitet/.test(n)) return 'matris';
  if (/person|anvandare|personal/.test(n)) return 'personer';
  if (/roll/.test(n)) return 'roller';
  if (/vokabul|synonym|ordlista/.test(n)) return 'vokabular';
  if (/organisation|enhet/.test(n)) return 'organisation';
  return undefined;
}

function textOf(data: Uint8Array | string): string {
  return typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data);
}

function extensionOf(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** Pick the separator that splits the header line into the most columns (outside quotes). */
export function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ';';
}

function tableFromRows(file: string, headerRow: string[], body: Array<{ line: number; cells: string[] }>, issues: ImportIssue[], hint?: string): RawTable | undefined {
  const headers: Record<string, string> = {};
  const order: Array<string | undefined> = headerRow.map((h) => {
    const c = canonicalColumn(h);
    if (c && !(c in headers)) headers[c] = h.trim();
    return c;
  });
  const kind = detectKind(new Set(Object.keys(headers)), hint);
  if (!kind) {
    issues.push({ file, line: 1, message: importText.unknownHeader(headerRow.join(';')) });
    return undefined;
  }
  let ok = true;
  for (const col of REQUIRED_COLUMNS[kind]) {
    if (!(col in headers)) {
      issues.push({ file, line: 1, column: col, message: importText.missingColumn(col) });
      ok = false;
    }
  }
  if (!ok) return undefined;
  const rows: RawRow[] = [];
  for (const { line, cells } of body) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length > headerRow.length && cells.slice(headerRow.length).some((c) => c.trim() !== '')) {
      issues.push({ file, line, message: importText.columnCount(cells.length, headerRow.length) });
      continue;
    }
    const values: Record<string, string> = {};
    order.forEach((c, i) => {
      if (c && values[c] === undefined) values[c] = (cells[i] ?? '').trim();
    });
    rows.push({ line, values });
  }
  return { file, kind, headers, rows };
}

function readCsv(file: string, text: string, issues: ImportIssue[]): RawTable[] {
  const delimiter = detectDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    issues.push({ file, ...(e.lines ? { line: e.lines } : {}), message: importText.unreadable(e.message) });
    return [];
  }
  const [header, ...body] = records;
  if (!header) {
    issues.push({ file, message: importText.emptyFile });
    return [];
  }
  const table = tableFromRows(file, header.record, body.map((r) => ({ line: r.info.lines, cells: r.record })), issues, file);
  return table ? [table] : [];
}

async function readXlsx(file: string, data: Uint8Array, issues: ImportIssue[]): Promise<RawTable[]> {
  // Loaded lazily: exceljs is large and only admins import spreadsheets.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    issues.push({ file, message: importText.unreadable((error as Error).message) });
    return [];
  }
  const tables: RawTable[] = [];
  workbook.eachSheet((sheet) => {
    const rows: Array<{ line: number; cells: string[] }> = [];
    let header: string[] | undefined;
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).text ?? '');
      if (!header) header = cells;
      else rows.push({ line: rowNumber, cells });
    });
    if (!header) return;
    const t = tableFromRows(`${file} (${sheet.name})`, header, rows, issues, sheet.name);
    if (t) tables.push(t);
  });
  if (!tables.length && !issues.some((i) => i.file.startsWith(file))) issues.push({ file, message: importText.emptyFile });
  return tables;
}

const YAML_KEYS: Record<string, TableKind> = {
  matris: 'matris',
  ansvarsmatris: 'matris',
  aktiviteter: 'matris',
  organisation: 'organisation',
  enheter: 'organisation',
  personer: 'personer',
  roller: 'roller',
  vokabular: 'vokabular',
  synonymer: 'vokabular',
};

function scalarText(node: unknown): string {
  if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value);
  if (isSeq(node)) return node.items.map(scalarText).join(', ');
  return '';
}

function readYaml(file: string, text: string, issues: ImportIssue[]): RawTable[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) issues.push({ file, line: e.linePos?.[0]?.line, message: importText.unreadable(e.message) });
    return [];
  }
  const lineOf = (node: Node) => (node.range ? lineCounter.linePos(node.range[0]).line : 0);
  const tableOf = (seq: unknown, hint?: string): RawTable | undefined => {
    if (!isSeq(seq)) {
      issues.push({ file, message: importText.emptyFile });
      return undefined;
    }
    const allKeys = new Set<string>();
    const items: Array<{ line: number; map: Record<string, string> }> = [];
    for (const item of seq.items) {
      if (!isMap(item)) continue;
      const map: Record<string, string> = {};
      for (const pair of item.items) {
        const key = scalarText(pair.key);
        allKeys.add(key);
        map[key] = scalarText(pair.value);
      }
      items.push({ line: lineOf(item as Node), map });
    }
    const header = [...allKeys];
    return tableFromRows(file, header, items.map((it) => ({ line: it.line, cells: header.map((h) => it.map[h] ?? '') })), issues, hint);
  };
  const root = doc.contents;
  if (isSeq(root)) {
    const t = tableOf(root, file);
    return t ? [t] : [];
  }
  if (isMap(root)) {
    const tables: RawTable[] = [];
    for (const pair of root.items) {
      const key = fold(scalarText(pair.key));
      const kind = YAML_KEYS[key];
      if (!kind) {
        issues.push({ file, line: lineOf(pair.key as Node), message: importText.unknownHeader(key) });
        continue;
      }
      const t = tableOf(pair.value, key);
      if (t) tables.push(t);
    }
    return tables;
  }
  issues.push({ file, message: importText.emptyFile });
  return [];
}

/** Read all files; never throws for bad content, it reports issues instead. */
export async function readImportFiles(files: ImportFile[]): Promise<{ tables: RawTable[]; issues: ImportIssue[] }> {
  const tables: RawTable[] = [];
  const issues: ImportIssue[] = [];
  for (const f of files) {
    const ext = extensionOf(f.name);
    if (ext === 'csv' || ext === 'txt' || ext === 'tsv') tables.push(...readCsv(f.name, textOf(f.data), issues));
    else if (ext === 'xlsx') tables.push(...(await readXlsx(f.name, typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data, issues)));
    else if (ext === 'yaml' || ext === 'yml' || ext === 'json') tables.push(...readYaml(f.name, textOf(f.data), issues));
    else issues.push({ file: f.name, message: importText.unknownFormat(ext ? `.${ext}` : f.name) });
  }
  return { tables, issues };
}
