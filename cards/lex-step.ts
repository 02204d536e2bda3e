import type { MessageView } from './message.js';
import { summaryFacts, transitionActions, viewAction } from './case-common.js';
import { caseTexts } from '../domain/cases/messages.js';
import type { CaseSummary } from '../domain/cases/summary.js';

/**
 * A lex Sarah / lex Maria step sent to the person whose turn it is (or, for information, to the nämnd): what is
 * asked of them, the case summary, and — for those who handle it — the actions. No free text from the case.
 */
export function lexStepView(s: CaseSummary, message: { title: string; text: string }, options: { withActions: boolean; warning?: boolean }): MessageView {
  return {
    title: message.title,
    text: [message.text],
    facts: summaryFacts(s),
    ...(options.withActions ? { actions: [viewAction(s), ...transitionActions(s)] } : {}),
    footnote: caseTexts.sv.privacyNote,
    tone: options.warning || s.overdue ? 'warning' : 'default',
  };
}
