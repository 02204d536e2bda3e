import { describe, expect, it } from 'vitest';
import { compileStatistics, type SectionStats } from '../../../domain/statistik/compile.js';
import type { AnswerRow, StatistikSource, StatRow } from '../../../domain/statistik/ports.js';

const T = 5;

function source(rows: Record<number, StatRow[]>): StatistikSource {
  return { groupCounts: async (year) => rows[year] ?? [], answerRows: async (): Promise<AnswerRow[]> => [] };
}

function row(kind: StatRow['kind'], type: string, month: number, count: number, riskLevel: string | null = null): StatRow {
  return { kind, type, unitId: 'u1', unitName: 'Solgården', month, source: kind === 'synpunkt' ? 'brukare' : null, topic: null, riskLevel, count };
}

/** No hidden number can be worked out from the total and the shown cells of the same breakdown. */
function assertNotUndoable(s: SectionStats, rowsCount: (dimension: string, key: string) => number): void {
  const totalShown = s.totalDisplay === String(s.total);
  for (const b of s.breakdowns) {
    const hidden = b.cells.filter((c) => c.count === null);
    if (!hidden.length || !totalShown) continue;
    const hiddenSum = s.total - b.cells.reduce((sum, c) => sum + (c.count ?? 0), 0);
    if (b.dimension === 'month') {
      const nonZero = hidden.filter((c) => rowsCount('month', c.key) > 0);
      expect(nonZero.length, `${b.title}: a single hidden month would be the difference`).toBeGreaterThanOrEqual(2);
      expect(hiddenSum, `${b.title}: hidden months sum to a small group`).toBeGreaterThanOrEqual(T);
    } else {
      // The merged "Övriga" cell is the only hidden one: shown as "<t" it could be read off the total.
      expect(hidden.map((c) => c.key), `${b.title}: "Övriga" hidden next to a shown total`).toEqual([]);
    }
  }
}

describe('small-group protection cannot be undone by subtraction', () => {
  it('three cases of one type: the total is hidden too, not "Övriga <5" next to zeros and a total of 3', async () => {
    const c = await compileStatistics(source({ 2026: [row('avvikelse', 'avvikelse', 3, 3, 'medel')] }), { year: 2026, threshold: T, now: new Date('2026-12-01T10:00:00Z') });
    expect(c.avvikelser.totalDisplay).toBe('<5');
    expect(c.avvikelser.change).toBeNull();
    const type = c.avvikelser.breakdowns.find((b) => b.dimension === 'type')!;
    expect(type.cells.find((x) => x.key === 'ovriga')?.display).toBe('<5');
  });

  it('one small type next to a large one: they are merged, so the small one cannot be read off', async () => {
    const c = await compileStatistics(
      source({ 2026: [row('avvikelse', 'avvikelse', 1, 12, 'lag'), row('avvikelse', 'lex_sarah', 2, 2, 'hog')] }),
      { year: 2026, threshold: T, now: new Date('2026-12-01T10:00:00Z') },
    );
    const type = c.avvikelser.breakdowns.find((b) => b.dimension === 'type')!;
    const ovriga = type.cells.find((x) => x.key === 'ovriga')!;
    expect(ovriga.merged).toEqual(expect.arrayContaining(['lex_sarah', 'avvikelse']));
    expect(ovriga.count).toBe(14);
  });

  it('two small months summing under the threshold: a third month is hidden as "dold"', async () => {
    const c = await compileStatistics(
      source({ 2026: [row('avvikelse', 'avvikelse', 1, 1), row('avvikelse', 'avvikelse', 2, 1), row('avvikelse', 'avvikelse', 3, 9), row('avvikelse', 'avvikelse', 4, 20)] }),
      { year: 2026, threshold: T, now: new Date('2026-12-01T10:00:00Z') },
    );
    const month = c.avvikelser.breakdowns.find((b) => b.dimension === 'month')!;
    expect(month.cells.slice(0, 4).map((x) => x.display)).toEqual(['<5', '<5', 'dold', '20']);
  });

  it('random small data sets: no breakdown gives a hidden number away', async () => {
    let seed = 7;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const types = ['avvikelse', 'lex_sarah', 'lex_maria'];
    const risks = ['lag', 'medel', 'hog', 'mycket_hog'];
    for (let n = 0; n < 200; n++) {
      const rows: StatRow[] = [];
      const groups = 1 + Math.floor(r() * 6);
      for (let g = 0; g < groups; g++) rows.push(row('avvikelse', types[Math.floor(r() * 3)]!, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * (r() < 0.5 ? 4 : 12)), risks[Math.floor(r() * 4)]!));
      const c = await compileStatistics(source({ 2026: rows }), { year: 2026, threshold: T, now: new Date('2026-12-01T10:00:00Z') });
      const count = (dimension: string, key: string) =>
        rows.filter((x) => (dimension === 'month' ? String(x.month) === key : false)).reduce((s, x) => s + x.count, 0);
      assertNotUndoable(c.avvikelser, count);
    }
  });
});
