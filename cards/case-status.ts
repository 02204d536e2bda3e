import type { MessageView } from './message.js';
import { summaryFacts, transitionActions, viewAction } from './case-common.js';
import { caseTexts } from '../domain/cases/messages.js';
import type { CaseSummary } from '../domain/cases/summary.js';

const t = caseTexts.sv;

/** Short update to the reporter on each status change: number, unit, type, status, dates — nothing else. */
export function reporterStatusView(s: CaseSummary): MessageView {
  return {
    title: t.statusUpdateTitle(s.number),
    text: [t.statusUpdateText(s.statusLabel)],
    facts: summaryFacts(s).filter((f) => f.label !== t.risk),
    tone: s.closed ? 'good' : 'default',
  };
}

/** To the reporter: the handler asked for more; the question itself is only shown in the details dialog. */
export function supplementRequestView(s: CaseSummary): MessageView {
  return { title: t.supplementRequestTitle(s.number), text: [t.supplementRequestText], facts: summaryFacts(s), actions: [viewAction(s)] };
}

/** Shown to the reporter right after submitting. */
export function receiptView(s: CaseSummary, effectsPending: boolean): MessageView {
  return {
    title: t.receiptTitle(s.number),
    text: [effectsPending ? t.receiptPending : t.receiptText],
    facts: summaryFacts(s).filter((f) => f.label !== t.risk),
    tone: 'good',
  };
}

/** Shown to the handler after an action: the new state and what can be done next. */
export function transitionResultView(s: CaseSummary): MessageView {
  return {
    title: t.resultTitle(s.number, s.statusLabel),
    facts: summaryFacts(s),
    actions: s.closed ? [viewAction(s)] : [viewAction(s), ...transitionActions(s)],
    tone: s.closed ? 'good' : s.overdue ? 'warning' : 'default',
  };
}
