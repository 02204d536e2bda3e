import { ActionIds } from './ids.js';
import type { MessageAction, MessageFact } from './message.js';
import { caseTexts } from '../domain/cases/messages.js';
import { formatDate } from '../domain/cases/numbering.js';
import type { CaseSummary } from '../domain/cases/summary.js';

const t = caseTexts.sv;

/** The facts a case message may carry: number, unit, type, risk, status, dates. */
export function summaryFacts(s: CaseSummary): MessageFact[] {
  const facts: MessageFact[] = [
    { label: t.number, value: s.number },
    { label: t.type, value: s.typeLabel },
    { label: t.unit, value: s.unitName },
  ];
  if (s.riskLabel) facts.push({ label: t.risk, value: s.riskLabel });
  for (const f of s.extraFacts ?? []) facts.push(f);
  facts.push({ label: t.status, value: s.statusLabel });
  facts.push({ label: t.created, value: formatDate(s.createdAt) });
  if (s.dueAt) facts.push({ label: s.dueLabel ?? t.due, value: `${formatDate(s.dueAt)}${s.overdue ? ` (${t.overdue})` : ''}` });
  return facts;
}

/** "Visa detaljer": opens a dialog; the server fetches and authorises at that moment. */
export function viewAction(s: CaseSummary): MessageAction {
  return {
    kind: 'submit',
    id: s.kind === 'avvikelse' ? ActionIds.avvikelseView : ActionIds.synpunktView,
    label: t.viewDetails,
    data: { caseId: s.caseId },
    opensDialog: true,
  };
}

/** One button per action the stored status allows; `s` lets the server refuse a click on an outdated card. */
export function transitionActions(s: CaseSummary): MessageAction[] {
  return s.actions.map((a, i) => ({
    kind: 'submit' as const,
    id: s.kind === 'avvikelse' ? ActionIds.avvikelseTransition : ActionIds.synpunktTransition,
    label: a.label,
    data: { caseId: s.caseId, action: a.action, s: s.status },
    ...(a.needsInput ? { opensDialog: true } : {}),
    ...(i === 0 ? { style: 'primary' as const } : {}),
  }));
}

/** The reporter's answer to "Begär komplettering": opens the answer dialog. Avvikelser only. */
export function supplementAnswerAction(s: Pick<CaseSummary, 'caseId'>): MessageAction {
  return { kind: 'submit', id: ActionIds.avvikelseSupplement, label: t.answerSupplement, data: { caseId: s.caseId }, style: 'primary', opensDialog: true };
}
