import type { MessageView } from '../view.js';
import type { Breakdown, Compilation, SectionStats } from './compile.js';
import { stat } from './messages.js';

function signed(n: number | null): string {
  if (n === null) return '';
  return n > 0 ? ` (+${n})` : n < 0 ? ` (${n})` : ' (±0)';
}

/** "Klagomål 34 (+5) · Synpunkt 12 (−2) · …" — a readable text row for Slack and the Teams table fallback. */
export function breakdownLine(b: Breakdown): string {
  return b.cells
    .filter((c) => c.count !== 0 || (c.previous ?? 0) !== 0)
    .map((c) => `${c.label} ${c.display}${signed(c.change)}`)
    .join(' · ');
}

function sectionItems(name: string, s: SectionStats, year: number) {
  return [
    { title: `${name}: ${s.totalDisplay} ${signed(s.change).trim()}`.trim(), detail: `${stat.previous(year - 1)}: ${s.previousTotalDisplay}${s.changePct === null ? '' : ` (${s.changePct > 0 ? '+' : ''}${s.changePct} %)`}` },
    ...s.breakdowns.map((b) => ({ title: b.title, detail: breakdownLine(b) || stat.none })),
  ];
}

/**
 * The sammanställning as a chat message (no free text, small groups already protected). The Teams handler may add
 * an Adaptive Card chart from `compilation.charts`; this view is its table fallback and the Slack rendering.
 */
export function statisticsView(c: Compilation): MessageView {
  const a = c.synpunkter.answers;
  const pct = (v: number | null) => (v === null ? '–' : `${v} %`);
  return {
    title: stat.title(c.year, c.unitName),
    facts: [
      { label: stat.synpunkter, value: `${c.synpunkter.totalDisplay}${signed(c.synpunkter.change)}` },
      { label: stat.avvikelser, value: `${c.avvikelser.totalDisplay}${signed(c.avvikelser.change)}` },
      // A small group of synpunkter gets no answer figures: they would describe the few cases one by one.
      ...(a.suppressed
        ? []
        : [
            { label: stat.answered, value: `${a.answered} av ${a.total}` },
            { label: stat.inTime, value: `${pct(a.shareInTimePct)} (${c.year - 1}: ${pct(a.previousShareInTimePct)})` },
            { label: stat.median, value: `${a.medianDays ?? '–'} (${c.year - 1}: ${a.previousMedianDays ?? '–'})` },
            { label: stat.overdueOpen, value: String(a.openOverdue) },
          ]),
    ],
    list: [...sectionItems(stat.synpunkter, c.synpunkter, c.year), ...sectionItems(stat.avvikelser, c.avvikelser, c.year)],
    footnote: stat.privacyNote(c.threshold),
  };
}
