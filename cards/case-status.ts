import type { MessageView } from './message.js';
import { supplementAnswerAction, summaryFacts, transitionActions, viewAction } from './case-common.js';
import { caseTexts } from '../domain/cases/messages.js';
import type { CaseSummary } from '../domain/cases/summary.js';
import type { NotifyOutcome } from '../domain/cases/types.js';

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
  const actions = s.kind === 'avvikelse' ? [supplementAnswerAction(s), viewAction(s)] : [viewAction(s)];
  return { title: t.supplementRequestTitle(s.number), text: [t.supplementRequestText], facts: summaryFacts(s), actions };
}

/** "Olle Omsorg", "Olle Omsorg och Eva Exempelsson", "A, B och C". */
export function nameList(names: string[]): string {
  const unique = [...new Set(names)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} och ${unique.at(-1)}`;
}

/** The receipt's lines about who was told and who will be told — only what the outbox actually said. */
export function receiptLines(notified: NotifyOutcome[], effectsPending: boolean): string[] {
  const about = notified.filter((n) => n.kind.startsWith('case.new'));
  const told = about.filter((n) => n.state === 'addressed').map((n) => n.name);
  const waiting = about.filter((n) => n.state === 'waiting').map((n) => n.name);
  const lines: string[] = [];
  if (told.length) lines.push(t.receiptTold(nameList(told)));
  if (waiting.length) lines.push(t.receiptWillBeTold(nameList(waiting)));
  if (effectsPending) lines.push(t.receiptPending);
  else if (!about.length) lines.push(t.receiptAlreadyRegistered);
  lines.push(t.receiptUpdates);
  return lines;
}

/** Shown to the reporter right after submitting: the number, and exactly who was told and who will be told. */
export function receiptView(s: CaseSummary, effectsPending: boolean, notified: NotifyOutcome[] = []): MessageView {
  return {
    title: t.receiptTitle(s.number),
    text: receiptLines(notified, effectsPending),
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
