import type { MessageView } from './message.js';
import { summaryFacts, transitionActions, viewAction } from './case-common.js';
import { caseTexts } from '../domain/cases/messages.js';
import type { CaseSummary } from '../domain/cases/summary.js';

const t = caseTexts.sv;

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
