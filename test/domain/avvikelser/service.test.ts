/**
 * The avvikelse decisions are pure: the stored case, the facts from the organisation and the time in, the patch,
 * effects and notices out — no database, no directory, no views. These tests call them directly.
 */
import { describe, expect, it } from 'vitest';
import { swedishWorkingCalendar } from '../../../domain/cases/calendar.js';
import { caseSettings } from '../../../domain/cases/settings.js';
import type { Actor, CaseEffect } from '../../../domain/cases/types.js';
import { avvikelseReportSchema, type AvvikelseDoc } from '../../../domain/avvikelser/schema.js';
import { avvikelseNoticeView } from '../../../domain/avvikelser/messaging.js';
import { decideEscalation, decideReport, decideTransition, noLexHolders, type AvvikelseContext, type ReportFacts } from '../../../domain/avvikelser/service.js';
import { isAppError } from '../../../domain/errors.js';

const NOW = new Date('2026-03-16T08:00:00Z'); // a Monday
const ctx: AvvikelseContext = { now: NOW, settings: caseSettings(), calendar: swedishWorkingCalendar };
const mona: Actor = { id: 'mona', name: 'Mona Medarbetare' };
const anna: Actor = { id: 'anna', name: 'Anna Enhetschef' };
const person = (id: string) => ({ id, name: id });

function facts(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    unit: { id: 'boende-a', name: 'Solgården' },
    path: ['kommun', 'boende-a'],
    route: { handlers: [person('anna'), person('frida')], watchers: [], usedFallback: false, missingRoles: [], warnAdmins: [] },
    escalateTo: ['ava'],
    namnd: [],
    privateProvider: false,
    ...overrides,
  };
}

const report = (type: 'avvikelse' | 'lex_sarah') =>
  avvikelseReportSchema.parse({ token: 'token-12345', type, unitId: 'boende-a', occurredAt: new Date('2026-03-16T07:00:00Z'), description: 'Fallolycka', konsekvens: 3, sannolikhet: 3, informed: 'ja', immediateActions: 'Tillsyn' });

const kinds = (effects: CaseEffect[]) => effects.map((e) => (e.type === 'audit' ? `audit:${e.entry.action}` : e.type === 'deadline.upsert' ? `upsert:${e.deadline.kind}` : e.type));

describe('avvikelse decisions (pure)', () => {
  it('a lex Sarah report: status Ny, acknowledge within hours, escalate to the next level, the handlers told', () => {
    const { doc, effects, notices } = decideReport(ctx, mona, report('lex_sarah'), facts(), { id: 'c1', number: 'AVV-2026-0001' });
    expect(doc).toMatchObject({ status: 'ny', version: 1, handlerIds: ['anna', 'frida'], risk: { score: 9, level: 'hog' }, lex: { investigatorIds: [] } });
    expect(doc.deadlines.acknowledge).toEqual(new Date(NOW.getTime() + 4 * 3_600_000));
    expect(doc.nextDueAt).toEqual(doc.deadlines.acknowledge);
    expect(kinds(effects)).toEqual(['audit:created', 'upsert:acknowledge', 'upsert:escalate']);
    const escalate = effects.find((e) => e.type === 'deadline.upsert' && e.deadline.kind === 'escalate');
    expect(escalate).toMatchObject({ deadline: { recipients: ['ava'] } });
    expect(notices.find((n) => n.kind === 'case.new')).toEqual({ kind: 'case.new', to: ['anna', 'frida'], about: { view: 'handler', reason: 'new' } });
    // The decision names the message; the view is made from the case by messaging.ts and carries no free text.
    const view = avvikelseNoticeView(notices[0]!.about, doc, NOW);
    expect(view.title).toBe('Nytt ärende: Lex Sarah AVV-2026-0001');
    expect(JSON.stringify(view)).not.toContain('Fallolycka');
  });

  it('routing that fell back warns the admins; a plain avvikelse gets no escalation deadline', () => {
    const fallback = facts({ route: { handlers: [person('kalle')], watchers: [], usedFallback: true, missingRoles: ['enhetschef'], warnAdmins: [person('adam')] }, escalateTo: [] });
    const { effects, notices } = decideReport(ctx, mona, report('avvikelse'), fallback, { id: 'c2', number: 'AVV-2026-0002' });
    expect(kinds(effects)).toEqual(['audit:created', 'upsert:acknowledge']);
    expect(notices).toContainEqual({ kind: 'case.routing_fallback', to: ['adam'], about: { view: 'routing_fallback', missingRoles: ['enhetschef'] } });
  });

  it('acknowledging a lex Sarah case hands the order to the role the matrix names, with its deadline, and tells the reporter', () => {
    const { doc } = decideReport(ctx, mona, report('lex_sarah'), facts(), { id: 'c3', number: 'AVV-2026-0003' });
    const lex = { ...noLexHolders(), order: ['ava'] };
    const decision = decideTransition(ctx, doc, anna, { action: 'acknowledge' }, { lex });
    expect(decision.patch).toMatchObject({ status: 'mottagen', acknowledgedBy: 'anna', handlerIds: ['anna', 'frida', 'ava'] });
    expect((decision.patch.deadlines as AvvikelseDoc['deadlines']).order).toBeInstanceOf(Date);
    expect(kinds(decision.effects)).toEqual(['audit:transition.acknowledge', 'deadline.cancel', 'deadline.cancel', 'upsert:order']);
    expect(decision.notices).toEqual([
      { kind: 'case.lex.order', to: ['ava'], about: { view: 'lex_step', step: 'order', withActions: true } },
      { kind: 'case.status', to: ['mona'], about: { view: 'reporter_status' } },
    ]);
  });

  it('refuses to close without a measure, and an IVO date in the future', () => {
    const { doc } = decideReport(ctx, mona, report('avvikelse'), facts(), { id: 'c4', number: 'AVV-2026-0004' });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isAppError(error) ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => decideTransition(ctx, { ...doc, status: 'mottagen' }, anna, { action: 'close' }, { lex: noLexHolders() }))).toBe('avvikelse.measure_required');
    const serious = { ...doc, type: 'lex_sarah' as const, status: 'under_utredning' as const, assessment: 'allvarligt' as const };
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    expect(code(() => decideTransition(ctx, serious, anna, { action: 'report_ivo', reportedAt: tomorrow, reference: 'x' }, { lex: noLexHolders() }))).toBe('avvikelse.date_in_future');
  });

  it('escalation makes the next level a handler, drops the escalation deadline and tells them', () => {
    const { doc } = decideReport(ctx, mona, report('lex_sarah'), facts(), { id: 'c5', number: 'AVV-2026-0005' });
    const later = new Date(NOW.getTime() + 9 * 3_600_000);
    const decision = decideEscalation(doc, ['ava'], later);
    expect(decision.patch).toMatchObject({ handlerIds: ['anna', 'frida', 'ava'], escalatedAt: later, nextDueAt: doc.deadlines.acknowledge });
    expect((decision.patch.deadlines as AvvikelseDoc['deadlines']).escalate).toBeUndefined();
    expect(decision.notices).toEqual([{ kind: 'case.escalated', to: ['ava'], about: { view: 'handler', reason: 'escalated' } }]);
  });
});

describe('the decisions stay pure', () => {
  it('no service.ts of the cases imports the flows, the engine, the views, the driver or the clock', async () => {
    const { readFileSync } = await import('node:fs');
    const root = new URL('../../../', import.meta.url);
    for (const file of ['domain/avvikelser/service.ts', 'domain/synpunkter/service.ts', 'domain/cases/service.ts']) {
      const text = readFileSync(new URL(file, root), 'utf8');
      // Imports only: the re-export of the class from flows.ts (for callers that have not moved yet) is no dependency.
      const imports = [...text.matchAll(/^import[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
      expect(imports.length).toBeGreaterThan(1);
      expect(imports.filter((i) => /flows|engine|messaging|view|storage|mongodb|clock|node:/.test(i)), file).toEqual([]);
    }
  });
});
