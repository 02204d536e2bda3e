import { ActionIds } from '../action-ids.js';
import { type MessageAction, type MessageFact, type MessageView, type MessageListItem } from '../view.js';
import { caseTexts } from './messages.js';
import { formatDate } from './numbering.js';
import { type CaseSummary } from './summary.js';
import { isOverdue } from './service.js';
import { type CaseNoticeAbout, type NotifyOutcome, type StoredCase } from './types.js';
import { type MyCases } from './my-cases.js';

const t = caseTexts.sv;

/**
 * The chat-safe summary of a stored case: what every kind shows (number, unit, status, dates) and the kind's own
 * labels and short facts; with the actions the stored state allows when the viewer handles the case.
 */
export function caseSummary<A extends string>(
  doc: StoredCase,
  now: Date,
  forHandler: boolean,
  kind: {
    kind: CaseSummary['kind'];
    typeLabel: string;
    statusLabels: Readonly<Record<string, string>>;
    allowed: () => A[];
    actionLabels: Readonly<Record<A, string>>;
    needsInput: Readonly<Record<A, boolean>>;
  },
  own: Pick<CaseSummary, 'riskLabel' | 'extraFacts' | 'dueLabel'>,
): CaseSummary {
  return {
    caseId: doc._id,
    kind: kind.kind,
    number: doc.number,
    version: doc.version,
    status: doc.status,
    statusLabel: kind.statusLabels[doc.status] ?? doc.status,
    typeLabel: kind.typeLabel,
    unitName: doc.unitName,
    ...own,
    createdAt: doc.createdAt,
    dueAt: doc.nextDueAt,
    overdue: isOverdue(doc, now),
    closed: doc.status === 'avslutad',
    actions: forHandler ? kind.allowed().map((a) => ({ action: a, label: kind.actionLabels[a], needsInput: kind.needsInput[a] })) : [],
  };
}

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


export type NotificationReason = 'new' | 'rerouted' | 'escalated' | 'supplement';

/** Direct message to a handler: the case summary and the actions. No free text from the report. */
export function caseNotificationView(s: CaseSummary, reason: NotificationReason): MessageView {
  const title =
    reason === 'new'
      ? t.newCase(s.typeLabel, s.number)
      : reason === 'rerouted'
        ? t.rerouted(s.typeLabel, s.number)
        : reason === 'escalated'
          ? t.escalated(s.number)
          : t.supplementIn(s.number);
  return {
    title,
    text: [reason === 'escalated' ? t.escalatedText : t.newCaseText],
    facts: summaryFacts(s),
    actions: [viewAction(s), ...transitionActions(s)],
    footnote: t.privacyNote,
    tone: reason === 'escalated' || s.overdue ? 'warning' : 'default',
  };
}

/** Warning to admins: a routing role had no holder and the fallback got the case. */
export function routingFallbackView(s: CaseSummary, missingRoles: string[]): MessageView {
  return {
    title: t.fallbackWarningTitle(s.number),
    text: [t.fallbackWarningText(missingRoles.join(', '), s.unitName)],
    facts: summaryFacts(s),
    tone: 'warning',
  };
}


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

/**
 * The view of a message a decision asked for. `summary(forHandler)` is the case as it stands after the change: with
 * the handler's actions, or without them for the reporter and for people told for information.
 */
export function caseNoticeView(about: CaseNoticeAbout, summary: (forHandler: boolean) => CaseSummary): MessageView {
  switch (about.view) {
    case 'handler':
      return caseNotificationView(summary(true), about.reason);
    case 'watcher':
      return caseNotificationView(summary(false), about.reason);
    case 'routing_fallback':
      return routingFallbackView(summary(true), about.missingRoles);
    case 'reporter_status':
      return reporterStatusView(summary(false));
    case 'supplement_request':
      return supplementRequestView(summary(false));
  }
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
