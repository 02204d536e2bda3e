import { avv } from '../avvikelser/messages.js';
import { syn } from '../synpunkter/messages.js';
import type { AnswerRow, StatistikSource, StatRow } from './ports.js';
import { stat } from './messages.js';

/** One table cell. `count`/`previous` are null when suppressed (shown as "<5"). */
export interface StatCell {
  key: string;
  label: string;
  count: number | null;
  display: string;
  previous: number | null;
  previousDisplay: string;
  /** count − previous, when both are shown. */
  change: number | null;
  /** Categories merged into this cell (small-group protection). */
  merged?: string[];
}

export interface Breakdown {
  dimension: 'type' | 'source' | 'unit' | 'month' | 'topic' | 'risk';
  title: string;
  cells: StatCell[];
}

export interface SectionStats {
  total: number;
  previousTotal: number;
  /** The totals as shown: "<t" when a total is itself a small group (else the exact small cell could be worked out). */
  totalDisplay: string;
  previousTotalDisplay: string;
  /** total − previousTotal, when both are shown. */
  change: number | null;
  /** Percent change, null when the previous period had none or a total is not shown. */
  changePct: number | null;
  breakdowns: Breakdown[];
}

export interface AnswerStats {
  /** True when the synpunkter of the period are a small group: then no answer figures are shown at all. */
  suppressed: boolean;
  total: number;
  answered: number;
  answeredInTime: number;
  /** 0–100, one decimal; null when nothing was answered. */
  shareInTimePct: number | null;
  medianDays: number | null;
  openOverdue: number;
  previousShareInTimePct: number | null;
  previousMedianDays: number | null;
}

/** Ready for an Adaptive Card chart (bar/line) or a table. */
export interface ChartSeries {
  id: string;
  title: string;
  type: 'bar' | 'line';
  labels: string[];
  values: Array<number | null>;
  previous: Array<number | null>;
}

export interface Compilation {
  year: number;
  unitId?: string;
  unitName?: string;
  threshold: number;
  synpunkter: SectionStats & { answers: AnswerStats };
  avvikelser: SectionStats;
  charts: ChartSeries[];
}

type Counts = Map<string, number>;

function countBy(rows: StatRow[], key: (r: StatRow) => string | null): Counts {
  const out: Counts = new Map();
  for (const r of rows) {
    const k = key(r) ?? 'okand';
    out.set(k, (out.get(k) ?? 0) + r.count);
  }
  return out;
}

const isSmall = (n: number, t: number) => n > 0 && n < t;

/**
 * Small-group protection for categories: every non-zero cell under the threshold is merged into "Övriga". The
 * shown cells and the total must not give a hidden number away by subtraction, so while "Övriga" would hold a single
 * category or still be a small group, the smallest shown non-zero cell joins it (complementary suppression). When
 * every non-zero cell has joined and "Övriga" is still small, the section total is small too and is hidden as well
 * (see `section`).
 */
function protectCategories(keys: string[], current: Counts, previous: Counts, label: (k: string) => string, t: number): StatCell[] {
  const small = keys.filter((k) => isSmall(current.get(k) ?? 0, t) || isSmall(previous.get(k) ?? 0, t));
  const shown = keys.filter((k) => !small.includes(k));
  const sum = (m: Counts) => small.reduce((s, k) => s + (m.get(k) ?? 0), 0);
  const nonZero = (k: string) => (current.get(k) ?? 0) + (previous.get(k) ?? 0) > 0;
  const needsMore = () => small.length > 0 && (small.filter(nonZero).length < 2 || isSmall(sum(current), t) || isSmall(sum(previous), t));
  while (needsMore()) {
    const candidate = shown.filter(nonZero).sort((a, b) => (current.get(a) ?? 0) + (previous.get(a) ?? 0) - ((current.get(b) ?? 0) + (previous.get(b) ?? 0)))[0];
    if (!candidate) break;
    small.push(candidate);
    shown.splice(shown.indexOf(candidate), 1);
  }
  const cells = shown.map((k) => cell(k, label(k), current.get(k) ?? 0, previous.get(k) ?? 0, t));
  if (small.length) {
    cells.push({ ...cell('ovriga', stat.other(t), sum(current), sum(previous), t), merged: small });
  }
  return cells;
}

/**
 * Months keep their place; a small month is shown as "<t". The hidden months together must not be worked out from
 * the total: while they are a single month or sum to a small group, the next smallest month is hidden too.
 */
function protectMonths(current: Counts, previous: Counts, t: number): StatCell[] {
  const keys = Array.from({ length: 12 }, (_, i) => String(i + 1));
  const hide = (m: Counts) => {
    const hidden = new Set(keys.filter((k) => isSmall(m.get(k) ?? 0, t)));
    const hiddenSum = () => [...hidden].reduce((s, k) => s + (m.get(k) ?? 0), 0);
    while (hidden.size > 0 && (hidden.size < 2 || isSmall(hiddenSum(), t))) {
      const next = keys.filter((k) => !hidden.has(k) && (m.get(k) ?? 0) > 0).sort((a, b) => (m.get(a) ?? 0) - (m.get(b) ?? 0))[0];
      if (!next) break;
      hidden.add(next);
    }
    return hidden;
  };
  const hc = hide(current);
  const hp = hide(previous);
  // A month hidden only to protect another is not a small group: say "dold", not "<t".
  const shownAs = (n: number) => (isSmall(n, t) ? stat.small(t) : stat.hidden);
  return keys.map((k, i) => {
    const c = current.get(k) ?? 0;
    const p = previous.get(k) ?? 0;
    const count = hc.has(k) ? null : c;
    const prev = hp.has(k) ? null : p;
    return {
      key: k,
      label: stat.months[i]!,
      count,
      display: count === null ? shownAs(c) : String(count),
      previous: prev,
      previousDisplay: prev === null ? shownAs(p) : String(prev),
      change: count !== null && prev !== null ? count - prev : null,
    };
  });
}

function cell(key: string, label: string, c: number, p: number, t: number): StatCell {
  const count = isSmall(c, t) ? null : c;
  const previous = isSmall(p, t) ? null : p;
  return {
    key,
    label,
    count,
    display: count === null ? stat.small(t) : String(count),
    previous,
    previousDisplay: previous === null ? stat.small(t) : String(previous),
    change: count !== null && previous !== null ? count - previous : null,
  };
}

function section(
  rows: StatRow[],
  prevRows: StatRow[],
  dims: Array<{ dimension: Breakdown['dimension']; key: (r: StatRow) => string | null; keys?: string[]; label: (k: string) => string }>,
  t: number,
): SectionStats {
  const total = rows.reduce((s, r) => s + r.count, 0);
  const previousTotal = prevRows.reduce((s, r) => s + r.count, 0);
  const breakdowns: Breakdown[] = dims.map((d) => {
    const cur = countBy(rows, d.key);
    const prev = countBy(prevRows, d.key);
    const cells =
      d.dimension === 'month'
        ? protectMonths(cur, prev, t)
        : protectCategories(d.keys ?? [...new Set([...cur.keys(), ...prev.keys()])].sort((a, b) => (cur.get(b) ?? 0) - (cur.get(a) ?? 0)), cur, prev, d.label, t);
    return { dimension: d.dimension, title: stat.dims[d.dimension], cells };
  });
  const totalShown = !isSmall(total, t);
  const previousShown = !isSmall(previousTotal, t);
  const both = totalShown && previousShown;
  return {
    total,
    previousTotal,
    totalDisplay: totalShown ? String(total) : stat.small(t),
    previousTotalDisplay: previousShown ? String(previousTotal) : stat.small(t),
    change: both ? total - previousTotal : null,
    changePct: both && previousTotal > 0 ? Math.round(((total - previousTotal) / previousTotal) * 1000) / 10 : null,
    breakdowns,
  };
}

const DAY = 86_400_000;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function answers(rows: AnswerRow[], prevRows: AnswerRow[], now: Date, t: number): AnswerStats {
  const summarise = (rs: AnswerRow[]) => {
    const answered = rs.filter((r) => r.answeredAt);
    const inTime = answered.filter((r) => r.answeredInTime).length;
    const days = answered.map((r) => Math.round(((r.answeredAt!.getTime() - r.receivedAt.getTime()) / DAY) * 10) / 10);
    return {
      answered: answered.length,
      inTime,
      share: answered.length ? Math.round((inTime / answered.length) * 1000) / 10 : null,
      median: median(days),
    };
  };
  const cur = summarise(rows);
  const prev = summarise(prevRows);
  return {
    suppressed: isSmall(rows.length, t),
    total: rows.length,
    answered: cur.answered,
    answeredInTime: cur.inTime,
    shareInTimePct: cur.share,
    medianDays: cur.median,
    openOverdue: rows.filter((r) => !r.answeredAt && r.answerDueAt.getTime() < now.getTime()).length,
    previousShareInTimePct: prev.share,
    previousMedianDays: prev.median,
  };
}

const synKeys = {
  type: Object.keys(syn.types),
  source: Object.keys(syn.sources),
  topic: Object.keys(syn.topics),
};

/**
 * The yearly compilation (SOSFS 2011:9 5 kap. 6 §) for the whole organisation or a unit (with its sub-units):
 * synpunkter by type, source, unit, month and topic with answer times; avvikelser by type, unit, risk level and
 * month; each against the previous year, small groups protected.
 */
export async function compileStatistics(
  source: StatistikSource,
  options: { year: number; unitId?: string; unitName?: string; threshold: number; now: Date },
): Promise<Compilation> {
  const { year, unitId, threshold: t } = options;
  const [rows, prevRows, ans, prevAns] = await Promise.all([
    source.groupCounts(year, unitId),
    source.groupCounts(year - 1, unitId),
    source.answerRows(year, unitId),
    source.answerRows(year - 1, unitId),
  ]);
  const unitNames = new Map<string, string>();
  for (const r of [...prevRows, ...rows]) unitNames.set(r.unitId, r.unitName);
  const unitLabel = (k: string) => unitNames.get(k) ?? k;
  const pick = (rs: StatRow[], kind: StatRow['kind']) => rs.filter((r) => r.kind === kind);

  const synpunkter = section(
    pick(rows, 'synpunkt'),
    pick(prevRows, 'synpunkt'),
    [
      { dimension: 'type', key: (r) => r.type, keys: synKeys.type, label: (k) => syn.types[k as keyof typeof syn.types] ?? k },
      { dimension: 'source', key: (r) => r.source, keys: synKeys.source, label: (k) => syn.sources[k as keyof typeof syn.sources] ?? k },
      { dimension: 'unit', key: (r) => r.unitId, label: unitLabel },
      { dimension: 'month', key: (r) => String(r.month), label: (k) => k },
      { dimension: 'topic', key: (r) => r.topic, keys: synKeys.topic, label: (k) => syn.topics[k as keyof typeof syn.topics] ?? k },
    ],
    t,
  );
  const avvikelser = section(
    pick(rows, 'avvikelse'),
    pick(prevRows, 'avvikelse'),
    [
      { dimension: 'type', key: (r) => r.type, keys: Object.keys(avv.types), label: (k) => avv.types[k as keyof typeof avv.types] ?? k },
      { dimension: 'unit', key: (r) => r.unitId, label: unitLabel },
      { dimension: 'risk', key: (r) => r.riskLevel, keys: Object.keys(avv.riskLevels), label: (k) => avv.riskLevels[k as keyof typeof avv.riskLevels] ?? k },
      { dimension: 'month', key: (r) => String(r.month), label: (k) => k },
    ],
    t,
  );
  const chart = (id: string, title: string, b: Breakdown | undefined, type: 'bar' | 'line'): ChartSeries => ({
    id,
    title,
    type,
    labels: (b?.cells ?? []).map((c) => c.label),
    values: (b?.cells ?? []).map((c) => c.count),
    previous: (b?.cells ?? []).map((c) => c.previous),
  });
  const find = (s: SectionStats, d: Breakdown['dimension']) => s.breakdowns.find((b) => b.dimension === d);
  return {
    year,
    ...(unitId ? { unitId } : {}),
    ...(options.unitName ? { unitName: options.unitName } : {}),
    threshold: t,
    synpunkter: { ...synpunkter, answers: answers(ans, prevAns, options.now, t) },
    avvikelser,
    charts: [
      chart('synpunkter.month', `${stat.synpunkter}: ${stat.dims.month.toLowerCase()}`, find(synpunkter, 'month'), 'line'),
      chart('synpunkter.type', `${stat.synpunkter}: ${stat.dims.type.toLowerCase()}`, find(synpunkter, 'type'), 'bar'),
      chart('synpunkter.source', `${stat.synpunkter}: ${stat.dims.source.toLowerCase()}`, find(synpunkter, 'source'), 'bar'),
      chart('avvikelser.type', `${stat.avvikelser}: ${stat.dims.type.toLowerCase()}`, find(avvikelser, 'type'), 'bar'),
      chart('avvikelser.risk', `${stat.avvikelser}: ${stat.dims.risk.toLowerCase()}`, find(avvikelser, 'risk'), 'bar'),
      chart('avvikelser.month', `${stat.avvikelser}: ${stat.dims.month.toLowerCase()}`, find(avvikelser, 'month'), 'line'),
    ],
  };
}
