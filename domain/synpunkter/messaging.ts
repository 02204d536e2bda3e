/**
 * Synpunkter in the chat: the chat-safe summary of a case (number, unit, type, source, dates — never the description
 * or contact details) and the view of each message a decision asks for. Channel-neutral; cards/ renders them.
 */
import type { MessageView } from '../view.js';
import { toStockholmDate } from '../calendar/swedish-calendar.js';
import { caseNoticeView, caseSummary } from '../cases/messaging.js';
import type { CaseSummary } from '../cases/summary.js';
import type { CaseNoticeAbout, StoredCase } from '../cases/types.js';
import { syn } from './messages.js';
import type { SynpunktAction, SynpunktDoc } from './schema.js';
import { allowedActions } from './service.js';

/** Actions whose button opens a dialog (the rest run at once). */
const needsInput: Record<SynpunktAction, boolean> = { acknowledge: false, answer: true, forward: true, escalate: true, close: false };

/** The chat-safe summary of a stored synpunkt, with the handler's actions when `forHandler`. */
export function summarizeSynpunkt(stored: StoredCase | SynpunktDoc, now: Date, forHandler: boolean): CaseSummary {
  const doc = stored as SynpunktDoc;
  const extraFacts: Array<{ label: string; value: string }> = [
    { label: syn.source, value: syn.sources[doc.source] },
    { label: syn.received, value: `${toStockholmDate(doc.receivedAt)} (${syn.channels[doc.channel]})` },
  ];
  if (doc.answeredAt) extraFacts.push({ label: syn.answered, value: toStockholmDate(doc.answeredAt) });
  else if (!doc.wantsAnswer) extraFacts.push({ label: syn.answered, value: syn.noAnswerWanted });
  const kind = { kind: 'synpunkt' as const, typeLabel: syn.types[doc.type] ?? doc.type, statusLabels: syn.statuses, allowed: () => allowedActions(doc), actionLabels: syn.actions, needsInput };
  return caseSummary(doc, now, forHandler, kind, { extraFacts, ...(doc.deadlines.answer ? { dueLabel: syn.answerDue } : {}) });
}

/** The view of one message a decision asked for, made from the case as it stands after the change. */
export function synpunktNoticeView(about: CaseNoticeAbout, next: SynpunktDoc, now: Date): MessageView {
  return caseNoticeView(about, (forHandler) => summarizeSynpunkt(next, now, forHandler));
}
