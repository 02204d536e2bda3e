import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsView } from '../../../domain/statistik/messaging.js';
import { renderMessageAdaptive, renderMessageBlocks } from '../../../cards/render-message.js';
import { stockholmPeriod } from '../../../domain/cases/numbering.js';
import { compileStatistics, median, type Compilation } from '../../../domain/statistik/compile.js';
import { compilationToCsv, compilationToXlsx } from '../../../domain/statistik/export.js';
import { synpunktSources, synpunktTopics, synpunktTypes } from '../../../domain/synpunkter/schema.js';
import { avvikelseTypes } from '../../../domain/avvikelser/schema.js';
import { riskLevel } from '../../../domain/avvikelser/risk.js';
import { SynpunktService } from '../../../domain/synpunkter/flows.js';
import { ensureCaseIndexes } from '../../../storage/cases.js';
import { MongoStatistikSource } from '../../../storage/statistik-store.js';
import { validateAdaptiveCard } from '../../cards/support/fixtures.js';
import { openTestDb } from '../../support/mongo.js';
import { caseDeps, people, units } from '../cases/support.js';

/** Deterministic PRNG so a failure is reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const leafUnits = units.filter((u) => ['boende-a', 'boende-b', 'ifo'].includes(u.id));
const pathOf: Record<string, string[]> = { 'boende-a': ['kommun', 'vof', 'boende-a'], 'boende-b': ['kommun', 'vof', 'boende-b'], ifo: ['kommun', 'ifo'] };

interface Gen {
  kind: 'avvikelse' | 'synpunkt';
  type: string;
  unitId: string;
  month: number;
  year: number;
  source?: string;
  topic?: string;
  risk?: string;
  answeredInTime?: boolean;
  answerDays?: number;
}

/** Builds stored-case-shaped documents directly (a few thousand through the service would be slow on 2 cores). */
function generate(year: number, count: number, seed: number): { docs: Record<string, unknown>[]; gens: Gen[] } {
  const r = rng(seed);
  const pickW = <T,>(items: readonly T[], weights: number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = r() * total;
    for (let i = 0; i < items.length; i++) if ((x -= weights[i]!) < 0) return items[i]!;
    return items[items.length - 1]!;
  };
  const docs: Record<string, unknown>[] = [];
  const gens: Gen[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r() < 0.45 ? 'synpunkt' : 'avvikelse';
    const unit = pickW(leafUnits, [6, 3, 2]);
    // Dates spread over the year, in Stockholm time for the period.
    const received = new Date(Date.UTC(year, 0, 1, 9) + Math.floor(r() * 364) * 86_400_000);
    const period = stockholmPeriod(received);
    const base = {
      _id: `g${year}-${i}`,
      kind,
      number: `${kind === 'synpunkt' ? 'SYN' : 'AVV'}-${year}-${String(i + 1).padStart(4, '0')}`,
      status: 'avslutad',
      version: 3,
      unitId: unit.id,
      unitName: unit.name,
      unitPath: pathOf[unit.id],
      reporter: { personId: 'mona', name: 'Mona' },
      idempotencyToken: `gen-${year}-${i}`,
      handlerIds: ['anna'],
      watcherIds: [],
      createdAt: received,
      updatedAt: received,
      closedAt: received,
      period,
      deadlines: {},
      nextDueAt: null,
      routing: { usedFallback: false, missingRoles: [] },
      outbox: [],
    };
    if (kind === 'synpunkt') {
      const type = pickW(synpunktTypes, [5, 3, 1, 2]);
      // "myndighet" is deliberately rare, so small-group protection must kick in.
      const source = pickW(synpunktSources, [30, 25, 8, 3, 2, 2, 0.12, 2, 6]);
      const topic = pickW(synpunktTopics, [8, 5, 6, 3, 3, 4, 2, 2, 3]);
      const answered = r() < 0.9;
      const days = Math.floor(r() * 25);
      const due = new Date(received.getTime() + 14 * 86_400_000);
      const answeredAt = new Date(received.getTime() + days * 86_400_000);
      docs.push({
        ...base,
        type,
        source,
        channel: 'telefon',
        receivedAt: received,
        topic,
        wantsAnswer: true,
        answerDueAt: due,
        ...(answered ? { answeredAt, answeredInTime: days <= 14 } : {}),
        details: { description: 'x', contact: {}, escalationNotes: [] },
      });
      gens.push({ kind, type, unitId: unit.id, month: period.month, year: period.year, source, topic, ...(answered ? { answeredInTime: days <= 14, answerDays: days } : {}) });
    } else {
      const type = pickW(avvikelseTypes, [20, 2, 1.5]);
      const k = 1 + Math.floor(r() * 4);
      const s = 1 + Math.floor(r() * 4);
      docs.push({
        ...base,
        type,
        occurredAt: received,
        risk: { konsekvens: k, sannolikhet: s, score: k * s, level: riskLevel(k * s) },
        informed: 'ja',
        measureRecorded: true,
        details: { location: '', description: 'x', immediateActions: '', improvement: '', supplementRequests: [], supplements: [] },
      });
      gens.push({ kind, type, unitId: unit.id, month: period.month, year: period.year, risk: riskLevel(k * s) });
    }
  }
  return { docs, gens };
}

let env: Awaited<ReturnType<typeof openTestDb>>;
let gens: Gen[];
let compilation: Compilation;
const NOW = new Date('2026-12-31T12:00:00Z');

function independentCount(filter: (g: Gen) => boolean): number {
  return gens.filter(filter).length;
}

beforeAll(async () => {
  env = await openTestDb('statistik');
  await ensureCaseIndexes(env.db);
  const cur = generate(2026, 2400, 42);
  const prev = generate(2025, 1000, 7);
  gens = [...cur.gens, ...prev.gens];
  await env.db.collection('cases').insertMany([...cur.docs, ...prev.docs]);
  compilation = await compileStatistics(new MongoStatistikSource(env.db), { year: 2026, threshold: 5, now: NOW });
}, 240_000);
afterAll(async () => env.close());

describe('sammanställning over a generated year', () => {
  it('totals and every shown cell match an independent count; hidden cells are really small', () => {
    const y = (g: Gen) => g.year === 2026;
    expect(compilation.synpunkter.total).toBe(independentCount((g) => y(g) && g.kind === 'synpunkt'));
    expect(compilation.avvikelser.total).toBe(independentCount((g) => y(g) && g.kind === 'avvikelse'));
    expect(compilation.synpunkter.previousTotal).toBe(independentCount((g) => g.year === 2025 && g.kind === 'synpunkt'));
    const field: Record<string, (g: Gen) => string | undefined> = {
      type: (g) => g.type,
      source: (g) => g.source,
      unit: (g) => g.unitId,
      month: (g) => String(g.month),
      topic: (g) => g.topic,
      risk: (g) => g.risk,
    };
    let checked = 0;
    for (const [kind, section] of [['synpunkt', compilation.synpunkter], ['avvikelse', compilation.avvikelser]] as const) {
      for (const b of section.breakdowns) {
        let sum = 0;
        for (const cell of b.cells) {
          const keys = cell.merged ?? [cell.key];
          const truth = independentCount((g) => y(g) && g.kind === kind && keys.includes(field[b.dimension]!(g) ?? ''));
          const truthPrev = independentCount((g) => g.year === 2025 && g.kind === kind && keys.includes(field[b.dimension]!(g) ?? ''));
          if (cell.count === null) {
            expect(truth).toBeGreaterThan(0);
            expect(truth).toBeLessThan(5);
            expect(cell.display).toBe('<5');
          } else {
            expect(cell.count).toBe(truth);
            if (cell.count > 0) expect(cell.count).toBeGreaterThanOrEqual(5);
          }
          if (cell.previous !== null) expect(cell.previous).toBe(truthPrev);
          if (cell.merged) expect(cell.merged.length).toBeGreaterThanOrEqual(2);
          sum += truth;
          checked += 1;
        }
        expect(sum).toBe(section.total);
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('protects the rare source: "Myndighet" is not shown alone', () => {
    const sources = compilation.synpunkter.breakdowns.find((b) => b.dimension === 'source')!;
    const rare = independentCount((g) => g.year === 2026 && g.source === 'myndighet');
    expect(rare).toBeGreaterThan(0);
    expect(rare).toBeLessThan(5);
    expect(sources.cells.find((c) => c.key === 'myndighet')).toBeUndefined();
    expect(sources.cells.find((c) => c.key === 'ovriga')?.merged).toContain('myndighet');
  });

  it('answer times: share answered in time and median days match the generated data', () => {
    const answered = gens.filter((g) => g.year === 2026 && g.kind === 'synpunkt' && g.answerDays !== undefined);
    const inTime = answered.filter((g) => g.answeredInTime).length;
    const a = compilation.synpunkter.answers;
    expect(a.answered).toBe(answered.length);
    expect(a.answeredInTime).toBe(inTime);
    expect(a.shareInTimePct).toBe(Math.round((inTime / answered.length) * 1000) / 10);
    expect(a.medianDays).toBe(median(answered.map((g) => g.answerDays!)));
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('a unit filter includes sub-units', async () => {
    const vof = await compileStatistics(new MongoStatistikSource(env.db), { year: 2026, unitId: 'vof', unitName: 'Vård och omsorg', threshold: 5, now: NOW });
    expect(vof.avvikelser.total).toBe(independentCount((g) => g.year === 2026 && g.kind === 'avvikelse' && g.unitId !== 'ifo'));
    expect(vof.avvikelser.breakdowns.find((b) => b.dimension === 'unit')!.cells.map((c) => c.key).sort()).toEqual(['boende-a', 'boende-b']);
  });

  it('renders a valid Adaptive Card and a Slack message; chart data lines up with the tables', () => {
    const view = statisticsView(compilation);
    const validation = validateAdaptiveCard(renderMessageAdaptive(view));
    expect(validation.messages).toEqual([]);
    const slack = renderMessageBlocks(view);
    expect(JSON.stringify(slack)).toContain('Per avsändare');
    const monthChart = compilation.charts.find((c) => c.id === 'synpunkter.month')!;
    expect(monthChart.labels).toHaveLength(12);
    expect(monthChart.values.reduce<number>((s, v) => s + (v ?? 0), 0)).toBeLessThanOrEqual(compilation.synpunkter.total);
  });

  it('exports a workbook that opens with the same numbers, and a CSV', async () => {
    const buffer = await compilationToXlsx(compilation);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(buffer).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Synpunkter', 'Avvikelser']);
    const sheet = wb.getWorksheet('Avvikelser')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const totalRow = rows.find((r) => r[0] === 'Totalt')!;
    expect(totalRow[2]).toBe(compilation.avvikelser.total);
    const lexSarah = compilation.avvikelser.breakdowns.find((b) => b.dimension === 'type')!.cells.find((c) => c.key === 'lex_sarah')!;
    expect(rows.find((r) => r[1] === 'Lex Sarah')?.[2]).toBe(lexSarah.count ?? '<5');
    const csv = compilationToCsv(compilation);
    expect(csv.startsWith('\uFEFFAvsnitt;Indelning;Kategori;Antal')).toBe(true);
    expect(csv).toContain(`Synpunkter och klagomål;Totalt;Totalt;${compilation.synpunkter.total};`);
  });

  it('counts cases registered through the service (real document shape)', async () => {
    const db = (await openTestDb('statistik2'));
    try {
      const deps = await caseDeps(db.db, new Date('2026-03-10T09:00:00Z'));
      const service = new SynpunktService(deps);
      for (let i = 0; i < 6; i++) {
        await service.register(people.mona, {
          token: `real-${i}-token`, type: 'berom', source: 'narstaende', channel: 'brev', receivedAt: new Date('2026-03-09T09:00:00Z'),
          unitId: 'boende-a', topic: 'mat_maltider', description: 'Tack för god mat', wantsAnswer: false,
        });
      }
      const c = await compileStatistics(new MongoStatistikSource(db.db), { year: 2026, threshold: 5, now: new Date('2026-03-10T09:00:00Z') });
      expect(c.synpunkter.breakdowns.find((b) => b.dimension === 'type')!.cells.find((x) => x.key === 'berom')?.count).toBe(6);
      expect(c.synpunkter.breakdowns.find((b) => b.dimension === 'month')!.cells[2]!.count).toBe(6);
    } finally {
      await db.close();
    }
  });
});
