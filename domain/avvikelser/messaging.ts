/**
 * Avvikelser in the chat: the chat-safe summary of a case (number, unit, type, risk, status, lex step, dates — never
 * free text) and the view of each message a decision asks for. Channel-neutral; cards/ renders them.
 */
import type { MessageView } from '../view.js';
import { caseNoticeView, caseSummary, summaryFacts, transitionActions, viewAction } from '../cases/messaging.js';
import { caseTexts } from '../cases/messages.js';
import type { CaseSummary } from '../cases/summary.js';
import type { CaseDeadlines, StoredCase } from '../cases/types.js';
import { decisionLabel, isLex, lexStepLabel } from './lex.js';
import { avv } from './messages.js';
import type { AvvikelseAction, AvvikelseDoc } from './schema.js';
import { allowedActions, type AvvikelseNoticeAbout, type LexStep } from './service.js';

/** Actions whose button opens a dialog (the rest run at once). */
const needsInput: Record<AvvikelseAction, boolean> = {
  acknowledge: false,
  start_investigation: false,
  resolve: true,
  close: true,
  request_supplement: true,
  reclassify: true,
  assess: true,
  report_ivo: true,
  order_investigation: true,
  record_investigation: true,
  decide: true,
  inform_patient: true,
  record_ivo_decision: true,
  follow_up: true,
};

/** The label of the case's earliest deadline, for the chat card. */
function lexDueLabel(doc: AvvikelseDoc): string | undefined {
  if (!doc.nextDueAt) return undefined;
  const kind = (Object.keys(doc.deadlines) as Array<keyof CaseDeadlines>).find((k) => doc.deadlines[k]?.getTime() === doc.nextDueAt!.getTime());
  if (kind === 'acknowledge') return avv.acknowledgeDue;
  return kind && kind in avv.stepDue ? avv.stepDue[kind as keyof typeof avv.stepDue] : undefined;
}

/** The chat-safe summary of a stored avvikelse, with the handler's actions when `forHandler`. */
export function summarizeAvvikelse(stored: StoredCase | AvvikelseDoc, now: Date, forHandler: boolean): CaseSummary {
  const doc = stored as AvvikelseDoc;
  const dueKind = doc.deadlines.acknowledge ? 'acknowledge' : doc.deadlines.investigation ? 'investigation' : undefined;
  const extraFacts: Array<{ label: string; value: string }> = [];
  const lexType = isLex(doc.type) ? doc.type : undefined;
  if (lexType && doc.lex) {
    extraFacts.push({ label: avv.step, value: lexStepLabel(doc) });
    if (doc.lex.decision) extraFacts.push({ label: avv.decision, value: decisionLabel(lexType, doc.lex.decision) });
    if (doc.ivo) extraFacts.push({ label: avv.ivo, value: `${doc.ivo.reportedAt.toISOString().slice(0, 10)} (${doc.ivo.reference})` });
    if (doc.lex.ivoDecision) extraFacts.push({ label: avv.ivoDecision, value: avv.ivoOutcomes[doc.lex.ivoDecision.outcome] });
    if (doc.lex.patientInformed) extraFacts.push({ label: avv.patientInformed, value: doc.lex.patientInformed.informedAt.toISOString().slice(0, 10) });
  } else if (doc.assessment) {
    const labels = doc.type === 'lex_maria' ? avv.lexMariaAssessments : avv.assessments;
    extraFacts.push({ label: avv.assessment, value: labels[doc.assessment] });
  }
  if (doc.ivo && !(lexType && doc.lex)) extraFacts.push({ label: avv.ivo, value: `${doc.ivo.reportedAt.toISOString().slice(0, 10)} (${doc.ivo.reference})` });
  const lexDue = lexType && doc.lex ? lexDueLabel(doc) : undefined;
  const dueLabel = lexDue ?? (dueKind ? (dueKind === 'acknowledge' ? avv.acknowledgeDue : avv.investigationDue) : undefined);
  const kind = { kind: 'avvikelse' as const, typeLabel: avv.types[doc.type] ?? doc.type, statusLabels: avv.statuses, allowed: () => allowedActions(doc), actionLabels: avv.actions, needsInput };
  return caseSummary(doc, now, forHandler, kind, {
    riskLabel: `${avv.riskLevels[doc.risk.level]} (${doc.risk.score})`,
    ...(extraFacts.length ? { extraFacts } : {}),
    ...(dueLabel ? { dueLabel } : {}),
  });
}

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

/** The words of a lex step message about `doc`. */
function lexStepMessage(step: LexStep, doc: AvvikelseDoc, outcome: string): { title: string; text: string } {
  const m = avv.stepMessages;
  const type = avv.types[doc.type];
  switch (step) {
    case 'private_provider':
      return m.private_provider(type, doc.number);
    case 'order':
      return m.order(doc.number);
    case 'informPatient':
      return m.informPatient(doc.number);
    case 'namndIvoDecided':
      return m.namndIvoDecided(type, doc.number, outcome);
    case 'ivoDecided':
      return m.ivoDecided(type, doc.number, outcome);
    default:
      return m[step](type, doc.number);
  }
}

/** The view of one message a decision asked for, made from the case as it stands after the change. */
export function avvikelseNoticeView(about: AvvikelseNoticeAbout, next: AvvikelseDoc, now: Date): MessageView {
  const summary = (forHandler: boolean) => summarizeAvvikelse(next, now, forHandler);
  if (about.view !== 'lex_step') return caseNoticeView(about, summary);
  const message = lexStepMessage(about.step, next, about.outcome ? avv.ivoOutcomes[about.outcome] : '');
  return lexStepView(summary(about.withActions), message, { withActions: about.withActions, warning: about.warning ?? false });
}
