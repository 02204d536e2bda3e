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
    action: {
      kind: 'submit',
      id: s.kind === 'avvikelse' ? ActionIds.avvikelseView : ActionIds.synpunktView,
      label: t.viewDetails,
      data: { caseId: s.caseId },
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
