/**
 * Avvikelser, lex Sarah and lex Maria: the decisions, pure. Each takes the stored case (or the new report), the facts
 * the flow looked up in the organisation and the time, and returns what changes (the patch), what is carried out
 * (audit entry, deadlines) and which messages go to whom (notices). No I/O and no views: `flows.ts` loads and saves,
 * `messaging.ts` makes the views.
 */
import { AppError } from '../errors.js';
import { casePrefixes, stockholmPeriod } from '../cases/numbering.js';
import type { WorkingCalendar } from '../cases/ports.js';
import type { Destination } from '../cases/routing.js';
import { auditEffect, clearAllDeadlines, deadlineCancelEffect, deadlineUpsertEffect, finishTransition, isInFuture, newCaseBase, nextDue, type CaseDecision, type NewCaseDecision, type NewCaseIds } from '../cases/service.js';
import type { CaseSettings } from '../cases/settings.js';
import type { Actor, CaseDeadlines, CaseEffect, CaseNotice, CaseNoticeAbout } from '../cases/types.js';
import { assessmentOf, emptyLexState, isLex, lexAllowedActions, lexMissingForClose, type LexRoleKey } from './lex.js';
import { assessRisk } from './risk.js';
import type { AvvikelseAction, AvvikelseDoc, AvvikelseStatus, AvvikelseTransition, AvvikelseType, IvoOutcome, LexState, ParsedAvvikelseReport } from './schema.js';
import './errors.js';

/** What every decision may consult besides the case: the time, the case settings, the working calendar. */
export interface AvvikelseContext {
  now: Date;
  settings: CaseSettings;
  calendar: WorkingCalendar;
}

/** The lex steps a message can be about; `messaging.ts` has their words. */
export type LexStep =
  | 'private_provider'
  | 'order'
  | 'investigate'
  | 'decide'
  | 'ivo'
  | 'informPatient'
  | 'followUp'
  | 'namndIvoReported'
  | 'namndIvoDecided'
  | 'ivoDecided'
  | 'followedUp';

/** What an avvikelse message is about: the shared ones, or a lex step (with or without the case's actions). */
export type AvvikelseNoticeAbout = CaseNoticeAbout | { view: 'lex_step'; step: LexStep; withActions: boolean; warning?: boolean; outcome?: IvoOutcome };
export type AvvikelseDecision = CaseDecision<AvvikelseNoticeAbout>;
type Notice = CaseNotice<AvvikelseNoticeAbout>;

const HOUR = 3_600_000;
const SYSTEM: Pick<Actor, 'id' | 'name'> = { id: 'system', name: 'Kvalitetsboten' };
const lexTypes: AvvikelseType[] = ['lex_sarah', 'lex_maria'];
type StepDeadline = 'order' | 'investigation' | 'decision' | 'ivo_report' | 'inform_patient' | 'follow_up';

export const AVVIKELSE_PREFIX = casePrefixes.avvikelse;

/** Roles that receive and may handle a case of this type (besides the stored handlers and admins). */
export function handlerRoles(settings: CaseSettings, type: AvvikelseType): string[] {
  const r = settings.roles;
  if (type === 'lex_sarah') return [r.enhetschef, r.lexSarahDecision];
  // The unit's manager and the MAS are both told (the form promises "din chef").
  if (type === 'lex_maria') return [r.enhetschef, r.mas];
  return [r.enhetschef];
}

/** Whether reports of this type start with an escalation deadline (the next level up is told if nobody acknowledges). */
export function escalates(type: AvvikelseType): boolean {
  return lexTypes.includes(type);
}

/** A unit (or one above it) is run by a private provider, per the case settings. */
export function isPrivateProvider(settings: CaseSettings, type: AvvikelseType, path: string[]): boolean {
  const ids = settings.avvikelse.privateProviderUnitIds;
  return type === 'lex_sarah' && path.some((id) => ids.includes(id));
}

/** Lex: acknowledge within hours and escalate after more; otherwise acknowledge within working days. */
export function initialDeadlines(ctx: Pick<AvvikelseContext, 'settings' | 'calendar'>, type: AvvikelseType, from: Date): CaseDeadlines {
  const s = ctx.settings.avvikelse;
  if (lexTypes.includes(type)) {
    return { acknowledge: new Date(from.getTime() + s.lexAcknowledgeHours * HOUR), escalate: new Date(from.getTime() + s.lexEscalateAfterHours * HOUR) };
  }
  return { acknowledge: ctx.calendar.addWorkingDays(from, s.acknowledgeWorkingDays) };
}

/** A report cannot be about the future (beyond a clock's tolerance). */
export function checkReport(input: Pick<ParsedAvvikelseReport, 'occurredAt'>, now: Date): void {
  if (isInFuture(input.occurredAt, now)) throw new AppError('avvikelse.occurred_in_future');
}

/** What a new report needs from the organisation, looked up by the flow. */
export interface ReportFacts extends Destination {
  /** Told when a lex report is not acknowledged in time: the handlers' managers. */
  escalateTo: string[];
  /** Told of a lex Sarah report from a private provider's unit, on the nämnd's behalf. */
  namnd: string[];
  privateProvider: boolean;
}

/**
 * A new report becomes a case at status Ny: routed to the unit's handlers, with its first deadlines, the audit
 * entry "created", and the messages to the handlers (and to the admins when routing fell back, to the nämnd when a
 * private provider's lex Sarah report came in).
 */
export function decideReport(
  ctx: AvvikelseContext,
  actor: Actor,
  input: ParsedAvvikelseReport,
  facts: ReportFacts,
  ids: NewCaseIds,
): NewCaseDecision<AvvikelseDoc, AvvikelseNoticeAbout> {
  const { now } = ctx;
  const { route } = facts;
  const handlerIds = route.handlers.map((p) => p.id);
  const deadlines = initialDeadlines(ctx, input.type, now);
  const doc: AvvikelseDoc = {
    _id: ids.id,
    kind: 'avvikelse',
    number: ids.number,
    type: input.type,
    ...newCaseBase({ unit: facts.unit, path: facts.path, actor, token: input.token, now }),
    handlerIds,
    watcherIds: [],
    period: stockholmPeriod(now),
    deadlines,
    nextDueAt: nextDue(deadlines),
    routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
    details: {
      location: input.location,
      description: input.description,
      immediateActions: input.immediateActions,
      improvement: input.improvement,
      supplementRequests: [],
      supplements: [],
    },
    outbox: [],
    occurredAt: input.occurredAt,
    risk: assessRisk(input.konsekvens, input.sannolikhet),
    informed: input.informed,
    measureRecorded: false,
    ...(input.linkedFrom ? { linkedCaseIds: [input.linkedFrom.caseId] } : {}),
    ...(lexTypes.includes(input.type)
      ? { lex: { ...emptyLexState(), privateProvider: facts.privateProvider, namndInformed: facts.namnd.length ? [{ at: now, what: 'rapport' }] : [] } }
      : {}),
  };
  const effects: CaseEffect[] = [
    auditEffect(doc, 1, actor, now, 'created', {
      toStatus: 'ny',
      data: { type: doc.type, unitId: doc.unitId, riskScore: doc.risk.score, ...(input.linkedFrom ? { linkedFrom: input.linkedFrom.number } : {}) },
    }),
    ...(deadlines.acknowledge ? [deadlineUpsertEffect(doc, 1, 'acknowledge', deadlines.acknowledge, handlerIds)] : []),
    ...(deadlines.escalate ? [deadlineUpsertEffect(doc, 1, 'escalate', deadlines.escalate, facts.escalateTo)] : []),
  ];
  const notices: Notice[] = [
    { kind: 'case.new', to: handlerIds, about: { view: 'handler', reason: 'new' } },
    ...(route.usedFallback ? [{ kind: 'case.routing_fallback', to: route.warnAdmins.map((p) => p.id), about: { view: 'routing_fallback' as const, missingRoles: route.missingRoles } }] : []),
    { kind: 'case.lex.namnd_private_provider', to: facts.namnd, about: { view: 'lex_step', step: 'private_provider', withActions: false } },
  ];
  return { doc, effects, notices };
}

/** Actions the stored state allows. */
export function allowedActions(doc: AvvikelseDoc): AvvikelseAction[] {
  // Lex cases follow their process (lex.ts); a case stored before it existed keeps the old steps.
  if (isLex(doc.type) && doc.lex) return lexAllowedActions(doc);
  const lex = lexTypes.includes(doc.type);
  const lexActions: AvvikelseAction[] = lex ? ['assess', ...(doc.assessment === 'allvarligt' && !doc.ivo ? (['report_ivo'] as const) : [])] : [];
  switch (doc.status) {
    case 'ny':
      return ['acknowledge', 'start_investigation', 'request_supplement', 'reclassify', ...lexActions];
    case 'mottagen':
      return ['start_investigation', 'resolve', 'close', 'request_supplement', 'reclassify', ...lexActions];
    case 'under_utredning':
      return ['resolve', 'close', 'request_supplement', 'reclassify', ...lexActions];
    case 'atgardad':
      return ['close', ...lexActions];
    case 'avslutad':
      return [];
  }
}

/** What a transition needs from the organisation, looked up by the flow. */
export interface TransitionFacts {
  /** Holders (ids) of each lex role for the case's unit; every list empty when the case does not follow the process. */
  lex: Record<LexRoleKey, string[]>;
  /** `reclassify`: the new type's unit, path and routing, and who is told if it is not acknowledged in time. */
  reroute?: Destination & { type: AvvikelseType; escalateTo: string[] };
}

/** The lex roles looked up for a case that does not follow the lex process: nobody. */
export const noLexHolders = (): Record<LexRoleKey, string[]> => ({ receive: [], order: [], investigate: [], decide: [], ivo: [], followUp: [], namnd: [] });

/**
 * A handler's action on a stored case, already authorised and checked against the allowed actions: the new status,
 * deadlines and lex state, and who is told what. Throws when the action's own preconditions are not met (a
 * measure to close, a serious assessment before an IVO report, dates not in the future).
 */
export function decideTransition(ctx: AvvikelseContext, doc: AvvikelseDoc, actor: Actor, input: AvvikelseTransition, facts: TransitionFacts): AvvikelseDecision {
  const { now, settings, calendar } = ctx;
  const v = doc.version + 1;
  const patch: Partial<AvvikelseDoc> & Record<string, unknown> = {};
  const effects: CaseEffect[] = [];
  const notices: Notice[] = [];
  let auditData: Record<string, string | number | boolean | null> | undefined;
  let toStatus: AvvikelseStatus = doc.status;
  const deadlines: CaseDeadlines = { ...doc.deadlines };
  // Only cases that carry the lex process state follow it; a case stored before it existed keeps the old steps.
  const lexType = isLex(doc.type) && doc.lex ? doc.type : undefined;
  const lex: LexState = { ...(doc.lex ?? emptyLexState()) };
  const by = { at: now, byId: actor.id, byName: actor.name };
  const addHandlers = new Set<string>();
  const holders = (key: LexRoleKey) => (lexType ? facts.lex[key] : []);
  const setStepDeadline = (kind: StepDeadline, due: Date, to: string[]) => {
    deadlines[kind] = due;
    effects.push(deadlineUpsertEffect(doc, v, kind, due, to));
  };
  const clearDeadline = (kind: StepDeadline | 'acknowledge' | 'escalate') => {
    if (deadlines[kind]) effects.push(deadlineCancelEffect(doc._id, v, kind));
    delete deadlines[kind];
  };
  const stepDue = (kind: Exclude<StepDeadline, 'investigation'>) => calendar.addWorkingDays(now, settings.avvikelse.lexStepWorkingDays[kind]);
  const others = (ids: string[]) => ids.filter((id) => id !== actor.id);
  const step = (kind: string, to: string[], lexStep: LexStep, options: { withActions: boolean; warning?: boolean; outcome?: IvoOutcome }) =>
    notices.push({ kind, to, about: { view: 'lex_step', step: lexStep, ...options } });
  /** The next step goes to the role's holders (or `otherwise`), who become handlers, with the step's deadline. */
  const handOver = (key: LexRoleKey, otherwise: string[]) => {
    const found = holders(key);
    const to = found.length ? found : otherwise;
    to.forEach((id) => addHandlers.add(id));
    return to;
  };
  /** The follow-up of the decided measures goes to the role the matrix names (enhetschef), with its deadline. */
  const startFollowUp = () => {
    const to = holders('followUp');
    to.forEach((id) => addHandlers.add(id));
    if (to.length) setStepDeadline('follow_up', stepDue('follow_up'), to);
    step('case.lex.follow_up', others(to), 'followUp', { withActions: true });
  };

  switch (input.action) {
    case 'acknowledge':
    case 'start_investigation': {
      toStatus = input.action === 'acknowledge' ? 'mottagen' : 'under_utredning';
      if (!doc.acknowledgedAt) Object.assign(patch, { acknowledgedAt: now, acknowledgedBy: actor.id });
      if (lexType === 'lex_sarah' && input.action === 'acknowledge') {
        // Received at once; the investigation is ordered next, by the role the matrix names.
        clearDeadline('acknowledge');
        clearDeadline('escalate');
        const to = handOver('order', doc.handlerIds);
        setStepDeadline('order', stepDue('order'), to);
        step('case.lex.order', others(to), 'order', { withActions: true });
        break;
      }
      if (lexType === 'lex_maria') {
        const mas = holders('investigate');
        lex.investigatorIds = mas.length ? mas : [actor.id];
        if (input.action === 'acknowledge') step('case.lex.investigate', others(lex.investigatorIds), 'investigate', { withActions: true });
      }
      const given = input.action === 'start_investigation' ? input.investigationDueAt : undefined;
      const investigation = given ?? deadlines.investigation ?? calendar.addWorkingDays(now, settings.avvikelse.investigationWorkingDays[doc.type]);
      clearDeadline('acknowledge');
      clearDeadline('escalate');
      deadlines.investigation = investigation;
      effects.push(deadlineUpsertEffect(doc, v, 'investigation', investigation, lexType ? lex.investigatorIds : doc.handlerIds));
      break;
    }
    case 'resolve':
      toStatus = 'atgardad';
      patch.details = { ...doc.details, measure: input.measure };
      patch.measureRecorded = true;
      delete deadlines.investigation;
      effects.push(deadlineCancelEffect(doc._id, v, 'investigation'));
      break;
    case 'close': {
      const measure = input.measure ?? doc.details.measure;
      if (!measure) throw new AppError('avvikelse.measure_required', { number: doc.number });
      if (lexType && doc.lex) {
        const missing = lexMissingForClose(doc);
        if (missing.length) throw new AppError('avvikelse.lex_incomplete', { number: doc.number, missing: missing.join(', ') });
      }
      if (lexTypes.includes(doc.type) && !doc.assessment) throw new AppError('avvikelse.assessment_required', { number: doc.number });
      toStatus = 'avslutad';
      if (input.measure) patch.details = { ...doc.details, measure: input.measure };
      patch.measureRecorded = true;
      patch.closedAt = now;
      clearAllDeadlines(doc, v, deadlines, effects);
      break;
    }
    case 'request_supplement':
      patch.details = { ...doc.details, supplementRequests: [...doc.details.supplementRequests, { at: now, byName: actor.name, question: input.question }] };
      patch.supplementRequestedAt = now;
      if (doc.reporter.personId !== actor.id) notices.push({ kind: 'case.supplement_request', to: [doc.reporter.personId], about: { view: 'supplement_request' } });
      break;
    case 'reclassify': {
      const { type, unit, path, route, escalateTo } = facts.reroute!;
      const routed = route.handlers.map((p) => p.id);
      Object.assign(patch, {
        type,
        unitId: unit.id,
        unitName: unit.name,
        unitPath: path,
        handlerIds: routed,
        routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
      });
      if (type !== 'avvikelse' && doc.type === 'avvikelse') patch.assessment = undefined;
      if (doc.status === 'ny') {
        const fresh = initialDeadlines(ctx, type, doc.createdAt);
        delete deadlines.acknowledge;
        delete deadlines.escalate;
        Object.assign(deadlines, fresh);
        effects.push(deadlineCancelEffect(doc._id, v, 'escalate'));
        if (fresh.acknowledge) effects.push(deadlineUpsertEffect(doc, v, 'acknowledge', fresh.acknowledge, routed));
        if (fresh.escalate) effects.push({ ...deadlineUpsertEffect(doc, v, 'escalate', fresh.escalate, escalateTo), id: `${doc._id}:${v}:deadline:escalate-new` });
      }
      auditData = { fromType: doc.type, toType: type, fromUnitId: doc.unitId, toUnitId: unit.id };
      if (route.usedFallback) notices.push({ kind: 'case.routing_fallback', to: route.warnAdmins.map((p) => p.id), about: { view: 'routing_fallback', missingRoles: route.missingRoles } });
      const reroutedTo = routed.filter((id) => !doc.handlerIds.includes(id));
      if (reroutedTo.length) notices.push({ kind: 'case.rerouted', to: reroutedTo, about: { view: 'handler', reason: 'rerouted' } });
      break;
    }
    case 'order_investigation': {
      toStatus = 'under_utredning';
      const utredare = holders('investigate');
      const investigators = utredare.length ? utredare : [actor.id];
      clearDeadline('order');
      const due = input.investigationDueAt ?? calendar.addWorkingDays(now, settings.avvikelse.investigationWorkingDays[doc.type]);
      setStepDeadline('investigation', due, investigators);
      Object.assign(lex, { investigatorIds: investigators, ordered: by });
      investigators.forEach((id) => addHandlers.add(id));
      step('case.lex.investigate', others(investigators), 'investigate', { withActions: true });
      auditData = { investigators: investigators.join(','), investigationDueAt: due.toISOString() };
      break;
    }
    case 'record_investigation': {
      toStatus = 'under_utredning';
      const { action: _a, ...record } = input;
      patch.details = { ...doc.details, investigation: { ...record, measuresPlanned: record.measuresPlanned ?? '' } };
      const first = !lex.investigated;
      lex.investigated = by;
      if (first) {
        clearDeadline('investigation');
        const to = handOver('decide', doc.handlerIds);
        setStepDeadline('decision', stepDue('decision'), to);
        step('case.lex.decide', others(to), 'decide', { withActions: true });
      }
      break;
    }
    case 'decide': {
      const serious = input.serious === 'ja' && input.finding !== 'inget';
      lex.decision = { ...by, finding: input.finding, serious };
      patch.assessment = assessmentOf(input.finding, serious);
      clearDeadline('decision');
      if (serious) {
        const to = handOver('ivo', [actor.id]);
        setStepDeadline('ivo_report', stepDue('ivo_report'), to);
        step('case.lex.ivo', others(to), 'ivo', { withActions: true, warning: true });
      } else {
        startFollowUp();
      }
      if (doc.type === 'lex_maria' && input.finding !== 'inget' && !lex.patientInformed) {
        const mas = holders('investigate');
        const to = mas.length ? mas : [actor.id];
        setStepDeadline('inform_patient', stepDue('inform_patient'), to);
        step('case.lex.inform_patient', others(to), 'informPatient', { withActions: true });
      }
      auditData = { finding: input.finding, serious, assessment: patch.assessment as string };
      break;
    }
    case 'inform_patient': {
      if (isInFuture(input.informedAt, now)) throw new AppError('avvikelse.date_in_future');
      lex.patientInformed = { ...by, informedAt: input.informedAt, how: input.how };
      clearDeadline('inform_patient');
      auditData = { informedAt: input.informedAt.toISOString(), how: input.how };
      break;
    }
    case 'record_ivo_decision': {
      if (isInFuture(input.decidedAt, now)) throw new AppError('avvikelse.date_in_future');
      lex.ivoDecision = { ...by, decidedAt: input.decidedAt, outcome: input.outcome, ...(input.reference ? { reference: input.reference } : {}) };
      const namnd = holders('namnd');
      if (namnd.length) lex.namndInformed = [...lex.namndInformed, { at: now, what: 'ivo_beslut' }];
      step('case.lex.namnd_ivo_decided', namnd, 'namndIvoDecided', { withActions: false, outcome: input.outcome });
      const told = [...holders('decide'), ...holders('followUp')].filter((id) => !namnd.includes(id));
      step('case.lex.ivo_decided', others([...new Set(told)]), 'ivoDecided', { withActions: true, outcome: input.outcome });
      auditData = { ivoDecidedAt: input.decidedAt.toISOString(), ivoOutcome: input.outcome, namndTold: namnd.join(',') };
      break;
    }
    case 'follow_up': {
      toStatus = 'atgardad';
      patch.details = { ...doc.details, followUp: input.note, ...(doc.details.measure ? {} : { measure: input.note }) };
      patch.measureRecorded = true;
      lex.followedUp = by;
      clearDeadline('follow_up');
      step('case.lex.followed_up', others(holders('decide')), 'followedUp', { withActions: true });
      break;
    }
    case 'assess':
      if (!lexTypes.includes(doc.type)) throw new AppError('avvikelse.lex_only', { number: doc.number });
      patch.assessment = input.assessment;
      auditData = { assessment: input.assessment };
      break;
    case 'report_ivo':
      if (!lexTypes.includes(doc.type)) throw new AppError('avvikelse.lex_only', { number: doc.number });
      if (doc.assessment !== 'allvarligt') throw new AppError('avvikelse.ivo_requires_serious', { number: doc.number });
      if (isInFuture(input.reportedAt, now)) throw new AppError('avvikelse.date_in_future');
      patch.ivo = { reportedAt: input.reportedAt, reference: input.reference };
      auditData = { ivoReportedAt: input.reportedAt.toISOString(), ivoReference: input.reference };
      if (lexType) {
        clearDeadline('ivo_report');
        // The nämnd is informed of every IVO report (and, at a private provider, that is the utförare's duty too).
        const namnd = holders('namnd');
        if (namnd.length) lex.namndInformed = [...lex.namndInformed, { at: now, what: 'ivo_anmalan' }];
        step('case.lex.namnd_ivo_reported', namnd, 'namndIvoReported', { withActions: false });
        if (!lex.followedUp && !deadlines.follow_up) startFollowUp();
        auditData.namndTold = namnd.join(',');
      }
      break;
  }

  if (lexType) patch.lex = lex;
  // A case reclassified into lex Sarah / lex Maria starts the process at its current status.
  if (input.action === 'reclassify' && isLex(patch.type as AvvikelseType) && !doc.lex) patch.lex = emptyLexState();
  const handlerIds = (patch.handlerIds as string[] | undefined) ?? doc.handlerIds;
  const newHandlers = [...addHandlers].filter((id) => !handlerIds.includes(id));
  if (newHandlers.length) patch.handlerIds = [...handlerIds, ...newHandlers];
  return finishTransition(doc, { actor, now, action: input.action, toStatus, deadlines, auditData }, { patch, effects, notices });
}

/** Refuses a supplement the stored case does not wait for: only the reporter answers, and only what was asked. */
export function checkSupplement(doc: AvvikelseDoc, actor: Actor): void {
  if (doc.status === 'avslutad') throw new AppError('cases.closed', { number: doc.number });
  if (doc.reporter.personId !== actor.id) throw new AppError('avvikelse.not_reporter', { number: doc.number });
  if (!doc.supplementRequestedAt) throw new AppError('avvikelse.no_supplement_requested', { number: doc.number });
}

/** The reporter's answer goes into the details; the handlers are told (the text itself stays in the case). */
export function decideSupplement(doc: AvvikelseDoc, actor: Actor, text: string, now: Date): AvvikelseDecision {
  const v = doc.version + 1;
  return {
    patch: { details: { ...doc.details, supplements: [...doc.details.supplements, { at: now, text }] }, supplementRequestedAt: undefined },
    effects: [auditEffect(doc, v, actor, now, 'supplement.added', { fromStatus: doc.status, toStatus: doc.status })],
    notices: [{ kind: 'case.supplement', to: doc.handlerIds, about: { view: 'handler', reason: 'supplement' } }],
  };
}

/** Whether an unacknowledged lex case is still to be escalated (once, while it is Ny). */
export function awaitsEscalation(doc: AvvikelseDoc): boolean {
  return doc.status === 'ny' && !doc.escalatedAt;
}

/** Not acknowledged in time: the next level up (`up`) becomes a handler and is told; the escalation deadline goes. */
export function decideEscalation(doc: AvvikelseDoc, up: string[], now: Date): AvvikelseDecision {
  const v = doc.version + 1;
  const deadlines = { ...doc.deadlines };
  delete deadlines.escalate;
  return {
    patch: { handlerIds: [...doc.handlerIds, ...up], escalatedAt: now, deadlines, nextDueAt: nextDue(deadlines) },
    effects: [auditEffect(doc, v, SYSTEM, now, 'escalated', { fromStatus: 'ny', toStatus: 'ny', data: { to: up.join(',') } }), deadlineCancelEffect(doc._id, v, 'escalate')],
    notices: [{ kind: 'case.escalated', to: up, about: { view: 'handler', reason: 'escalated' } }],
  };
}

// The use cases (the class `AvvikelseService`) are in ./flows.ts. This re-export serves the callers of other owners
// (app.ts, bot/conversation/features/, scripts/bench-cases.ts) until they import ./flows.ts; then it goes.
export { AvvikelseService } from './flows.js';
