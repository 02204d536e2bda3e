import { supplementAnswerAction, summaryFacts, transitionActions, viewAction } from './case-common.js';
import { ActionIds } from './ids.js';
import type { MessageListItem, MessageView } from './message.js';
import { caseTexts } from '../domain/cases/messages.js';
import { formatDate } from '../domain/cases/numbering.js';
import type { MyCases } from '../domain/cases/my-cases.js';
import type { CaseSummary } from '../domain/cases/summary.js';

const t = caseTexts.sv;

function item(s: CaseSummary): MessageListItem {
  const due = s.dueAt ? ` · ${t.due.toLowerCase()} ${formatDate(s.dueAt)}` : '';
  return {
    title: `${s.overdue ? `⚠ ${t.overdue}: ` : ''}${s.number} · ${s.typeLabel}`,
    detail: `${s.unitName} · ${s.statusLabel}${s.riskLabel ? ` · ${s.riskLabel}` : ''}${due}`,
    // A button per row that opens the case in its details dialog, where the handler's actions are.
    action: {
      kind: 'submit',
      id: s.kind === 'avvikelse' ? ActionIds.avvikelseView : ActionIds.synpunktView,
      label: t.openCase,
      data: { caseId: s.caseId },
      opensDialog: true,
    },
  };
}

/** "Mina ärenden": cases handled first (overdue on top), then own reports. */
export function myCasesView(cases: MyCases): MessageView {
  if (cases.handling.length === 0 && cases.reported.length === 0) return { title: t.myCasesTitle, text: [t.myCasesEmpty] };
  const list: MessageListItem[] = [];
  const text: string[] = [];
  if (cases.handling.length) list.push({ title: t.handlingHeading }, ...cases.handling.map(item));
  if (cases.reported.length) list.push({ title: t.reportedHeading }, ...cases.reported.map(item));
  const overdue = cases.handling.filter((c) => c.overdue).length;
  if (overdue) text.push(`${overdue} försenade ärenden.`);
  return { title: t.myCasesTitle, ...(text.length ? { text } : {}), list, footnote: t.privacyNote, tone: overdue ? 'warning' : 'default' };
}

/**
 * A case opened by typing its number: the chat-safe summary, "Visa detaljer", and what this person may do next (the
 * handler's actions; the reporter's answer to a requested supplement).
 */
export function caseCardView(s: CaseSummary, options: { canAnswerSupplement?: boolean } = {}): MessageView {
  return {
    title: t.caseCardTitle(s.typeLabel, s.number),
    facts: summaryFacts(s),
    actions: [viewAction(s), ...(options.canAnswerSupplement ? [supplementAnswerAction(s)] : []), ...(s.closed ? [] : transitionActions(s))],
    footnote: t.privacyNote,
    tone: s.overdue ? 'warning' : s.closed ? 'good' : 'default',
  };
}
