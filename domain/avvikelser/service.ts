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
 * measure to close, a serious assessment before an IVO report, dates not in the future). Each action is one step
 * below; they all write to the same draft of the change.
 */
export function decideTransition(ctx: AvvikelseContext, doc: AvvikelseDoc, actor: Actor, input: AvvikelseTransition, facts: TransitionFacts): AvvikelseDecision {
  const d = new Draft(ctx, doc, actor, facts);
  (steps[input.action] as (draft: Draft, input: AvvikelseTransition) => void)(d, input);
  const patch: Record<string, unknown> = d.patch;
  if (d.lexType) patch.lex = d.lex;
  // A case reclassified into lex Sarah / lex Maria starts the process at its current status.
  if (input.action === 'reclassify' && isLex(patch.type as AvvikelseType) && !doc.lex) patch.lex = emptyLexState();
  const handlerIds = (patch.handlerIds as string[] | undefined) ?? doc.handlerIds;
  const newHandlers = [...d.addHandlers].filter((id) => !handlerIds.includes(id));
  if (newHandlers.length) patch.handlerIds = [...handlerIds, ...newHandlers];
  return finishTransition(doc, { actor, now: d.now, action: input.action, toStatus: d.toStatus, deadlines: d.deadlines, auditData: d.auditData }, d);
}

type Input<A extends AvvikelseAction> = Extract<AvvikelseTransition, { action: A }>;

/** The change a transition builds: what every step reads (case, actor, facts, time) and writes (patch, deadlines, …). */
class Draft {
  readonly now: Date;
  readonly v: number;
  /** Only cases that carry the lex process state follow it; a case stored before it existed keeps the old steps. */
  readonly lexType: 'lex_sarah' | 'lex_maria' | undefined;
  readonly by: { at: Date; byId: string; byName: string };
  readonly patch: Partial<AvvikelseDoc> & Record<string, unknown> = {};
  readonly effects: CaseEffect[] = [];
  readonly notices: Notice[] = [];
  readonly deadlines: CaseDeadlines;
  readonly lex: LexState;
  readonly addHandlers = new Set<string>();
  toStatus: AvvikelseStatus;
  auditData: Record<string, string | number | boolean | null> | undefined;

  constructor(
    readonly ctx: AvvikelseContext,
    readonly doc: AvvikelseDoc,
    readonly actor: Actor,
    readonly facts: TransitionFacts,
  ) {
    this.now = ctx.now;
    this.v = doc.version + 1;
    this.lexType = isLex(doc.type) && doc.lex ? doc.type : undefined;
    this.by = { at: ctx.now, byId: actor.id, byName: actor.name };
    this.deadlines = { ...doc.deadlines };
    this.lex = { ...(doc.lex ?? emptyLexState()) };
    this.toStatus = doc.status;
  }

  /** The holders of a lex role for the case's unit (none when the case does not follow the process). */
  holders(key: LexRoleKey): string[] {
    return this.lexType ? this.facts.lex[key] : [];
  }

  /** Everyone in `ids` but the one acting (who needs no message about their own step). */
  others(ids: string[]): string[] {
    return ids.filter((id) => id !== this.actor.id);
  }

  setDeadline(kind: StepDeadline | 'investigation', due: Date, to: string[]): void {
    this.deadlines[kind] = due;
    this.effects.push(deadlineUpsertEffect(this.doc, this.v, kind, due, to));
  }

  clearDeadline(kind: StepDeadline | 'acknowledge' | 'escalate' | 'investigation'): void {
    if (this.deadlines[kind]) this.effects.push(deadlineCancelEffect(this.doc._id, this.v, kind));
    delete this.deadlines[kind];
  }

  /** A lex step's target date: steps without a fixed legal time get the settings' working days. */
  stepDue(kind: Exclude<StepDeadline, 'investigation'>): Date {
    return this.ctx.calendar.addWorkingDays(this.now, this.ctx.settings.avvikelse.lexStepWorkingDays[kind]);
  }

  investigationDue(given?: Date): Date {
    return given ?? this.ctx.calendar.addWorkingDays(this.now, this.ctx.settings.avvikelse.investigationWorkingDays[this.doc.type]);
  }

  /** A lex step message to `to`. */
  tell(kind: string, to: string[], step: LexStep, options: { withActions: boolean; warning?: boolean; outcome?: IvoOutcome }): void {
    this.notices.push({ kind, to, about: { view: 'lex_step', step, ...options } });
  }

  /** The next step goes to the role's holders (or `otherwise`), who become handlers of the case. */
  handOver(key: LexRoleKey, otherwise: string[]): string[] {
    const found = this.holders(key);
    const to = found.length ? found : otherwise;
    to.forEach((id) => this.addHandlers.add(id));
    return to;
  }

  /** The follow-up of the decided measures goes to the role the matrix names (enhetschef), with its deadline. */
  startFollowUp(): void {
    const to = this.holders('followUp');
    to.forEach((id) => this.addHandlers.add(id));
    if (to.length) this.setDeadline('follow_up', this.stepDue('follow_up'), to);
    this.tell('case.lex.follow_up', this.others(to), 'followUp', { withActions: true });
  }

  /** Lex Sarah and lex Maria only (a plain avvikelse has no assessment or IVO report). */
  requireLexType(): void {
    if (!lexTypes.includes(this.doc.type)) throw new AppError('avvikelse.lex_only', { number: this.doc.number });
  }

  notInFuture(date: Date): void {
    if (isInFuture(date, this.now)) throw new AppError('avvikelse.date_in_future');
  }
}

/** Mottagen / Starta utredning. Lex Sarah: received at once, the investigation is ordered next by the matrix's role. */
function receive(d: Draft, input: Input<'acknowledge' | 'start_investigation'>): void {
  const { doc, actor } = d;
  d.toStatus = input.action === 'acknowledge' ? 'mottagen' : 'under_utredning';
  if (!doc.acknowledgedAt) Object.assign(d.patch, { acknowledgedAt: d.now, acknowledgedBy: actor.id });
  d.clearDeadline('acknowledge');
  d.clearDeadline('escalate');
  if (d.lexType === 'lex_sarah' && input.action === 'acknowledge') {
    const to = d.handOver('order', doc.handlerIds);
    d.setDeadline('order', d.stepDue('order'), to);
    d.tell('case.lex.order', d.others(to), 'order', { withActions: true });
    return;
  }
  if (d.lexType === 'lex_maria') {
    const mas = d.holders('investigate');
    d.lex.investigatorIds = mas.length ? mas : [actor.id];
    if (input.action === 'acknowledge') d.tell('case.lex.investigate', d.others(d.lex.investigatorIds), 'investigate', { withActions: true });
  }
  const given = input.action === 'start_investigation' ? input.investigationDueAt : undefined;
  d.setDeadline('investigation', given ?? d.deadlines.investigation ?? d.investigationDue(), d.lexType ? d.lex.investigatorIds : doc.handlerIds);
}

/** Åtgärdad: the measure taken is recorded; the investigation deadline goes. */
function resolve(d: Draft, input: Input<'resolve'>): void {
  d.toStatus = 'atgardad';
  d.patch.details = { ...d.doc.details, measure: input.measure };
  d.patch.measureRecorded = true;
  delete d.deadlines.investigation;
  d.effects.push(deadlineCancelEffect(d.doc._id, d.v, 'investigation'));
}

/** Avsluta: only with a measure, a lex case only when every step is done; all deadlines go. */
function close(d: Draft, input: Input<'close'>): void {
  const { doc } = d;
  if (!(input.measure ?? doc.details.measure)) throw new AppError('avvikelse.measure_required', { number: doc.number });
  if (d.lexType) {
    const missing = lexMissingForClose(doc);
    if (missing.length) throw new AppError('avvikelse.lex_incomplete', { number: doc.number, missing: missing.join(', ') });
  }
  if (lexTypes.includes(doc.type) && !doc.assessment) throw new AppError('avvikelse.assessment_required', { number: doc.number });
  d.toStatus = 'avslutad';
  if (input.measure) d.patch.details = { ...doc.details, measure: input.measure };
  d.patch.measureRecorded = true;
  d.patch.closedAt = d.now;
  clearAllDeadlines(doc, d.v, d.deadlines, d.effects);
}

/** Begär komplettering: the question goes into the details; the reporter is asked to open them. */
function requestSupplement(d: Draft, input: Input<'request_supplement'>): void {
  const { doc, actor } = d;
  d.patch.details = { ...doc.details, supplementRequests: [...doc.details.supplementRequests, { at: d.now, byName: actor.name, question: input.question }] };
  d.patch.supplementRequestedAt = d.now;
  if (doc.reporter.personId !== actor.id) d.notices.push({ kind: 'case.supplement_request', to: [doc.reporter.personId], about: { view: 'supplement_request' } });
}

/** Omklassificera: another type and/or unit; routed anew, a case still Ny gets the new type's first deadlines. */
function reclassify(d: Draft): void {
  const { doc, v } = d;
  const { type, unit, path, route, escalateTo } = d.facts.reroute!;
  const routed = route.handlers.map((p) => p.id);
  Object.assign(d.patch, {
    type,
    unitId: unit.id,
    unitName: unit.name,
    unitPath: path,
    handlerIds: routed,
    routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
  });
  if (type !== 'avvikelse' && doc.type === 'avvikelse') d.patch.assessment = undefined;
  if (doc.status === 'ny') {
    const fresh = initialDeadlines(d.ctx, type, doc.createdAt);
    delete d.deadlines.acknowledge;
    delete d.deadlines.escalate;
    Object.assign(d.deadlines, fresh);
    d.effects.push(deadlineCancelEffect(doc._id, v, 'escalate'));
    if (fresh.acknowledge) d.effects.push(deadlineUpsertEffect(doc, v, 'acknowledge', fresh.acknowledge, routed));
    if (fresh.escalate) d.effects.push({ ...deadlineUpsertEffect(doc, v, 'escalate', fresh.escalate, escalateTo), id: `${doc._id}:${v}:deadline:escalate-new` });
  }
  d.auditData = { fromType: doc.type, toType: type, fromUnitId: doc.unitId, toUnitId: unit.id };
  if (route.usedFallback) d.notices.push({ kind: 'case.routing_fallback', to: route.warnAdmins.map((p) => p.id), about: { view: 'routing_fallback', missingRoles: route.missingRoles } });
  const reroutedTo = routed.filter((id) => !doc.handlerIds.includes(id));
  if (reroutedTo.length) d.notices.push({ kind: 'case.rerouted', to: reroutedTo, about: { view: 'handler', reason: 'rerouted' } });
}

/** Lex Sarah: the investigation is ordered and the utredare named (the matrix's role, else the one ordering). */
function orderInvestigation(d: Draft, input: Input<'order_investigation'>): void {
  d.toStatus = 'under_utredning';
  const utredare = d.holders('investigate');
  const investigators = utredare.length ? utredare : [d.actor.id];
  d.clearDeadline('order');
  const due = d.investigationDue(input.investigationDueAt);
  d.setDeadline('investigation', due, investigators);
  Object.assign(d.lex, { investigatorIds: investigators, ordered: d.by });
  investigators.forEach((id) => d.addHandlers.add(id));
  d.tell('case.lex.investigate', d.others(investigators), 'investigate', { withActions: true });
  d.auditData = { investigators: investigators.join(','), investigationDueAt: due.toISOString() };
}

/** The investigation record (SOSFS 2011:5 content); the first one sends the case on to the decision. */
function recordInvestigation(d: Draft, input: Input<'record_investigation'>): void {
  d.toStatus = 'under_utredning';
  const { action: _a, ...record } = input;
  d.patch.details = { ...d.doc.details, investigation: { ...record, measuresPlanned: record.measuresPlanned ?? '' } };
  const first = !d.lex.investigated;
  d.lex.investigated = d.by;
  if (!first) return;
  d.clearDeadline('investigation');
  const to = d.handOver('decide', d.doc.handlerIds);
  d.setDeadline('decision', d.stepDue('decision'), to);
  d.tell('case.lex.decide', d.others(to), 'decide', { withActions: true });
}

/** Beslut: serious → the IVO report is due snarast; otherwise the follow-up. Lex Maria: the patient is to be told. */
function decide(d: Draft, input: Input<'decide'>): void {
  const { doc, actor } = d;
  const serious = input.serious === 'ja' && input.finding !== 'inget';
  d.lex.decision = { ...d.by, finding: input.finding, serious };
  const assessment = assessmentOf(input.finding, serious);
  d.patch.assessment = assessment;
  d.clearDeadline('decision');
  if (serious) {
    const to = d.handOver('ivo', [actor.id]);
    d.setDeadline('ivo_report', d.stepDue('ivo_report'), to);
    d.tell('case.lex.ivo', d.others(to), 'ivo', { withActions: true, warning: true });
  } else {
    d.startFollowUp();
  }
  if (doc.type === 'lex_maria' && input.finding !== 'inget' && !d.lex.patientInformed) {
    const mas = d.holders('investigate');
    const to = mas.length ? mas : [actor.id];
    d.setDeadline('inform_patient', d.stepDue('inform_patient'), to);
    d.tell('case.lex.inform_patient', d.others(to), 'informPatient', { withActions: true });
  }
  d.auditData = { finding: input.finding, serious, assessment };
}

/** Lex Maria: when and how the patient was informed (the duty is cited in messages.ts, `psl-3-8`). */
function informPatient(d: Draft, input: Input<'inform_patient'>): void {
  d.notInFuture(input.informedAt);
  d.lex.patientInformed = { ...d.by, informedAt: input.informedAt, how: input.how };
  d.clearDeadline('inform_patient');
  d.auditData = { informedAt: input.informedAt.toISOString(), how: input.how };
}

/** IVO:s beslut: recorded; the nämnd and those who decide and follow up are told. */
function recordIvoDecision(d: Draft, input: Input<'record_ivo_decision'>): void {
  d.notInFuture(input.decidedAt);
  d.lex.ivoDecision = { ...d.by, decidedAt: input.decidedAt, outcome: input.outcome, ...(input.reference ? { reference: input.reference } : {}) };
  const namnd = d.holders('namnd');
  if (namnd.length) d.lex.namndInformed = [...d.lex.namndInformed, { at: d.now, what: 'ivo_beslut' }];
  d.tell('case.lex.namnd_ivo_decided', namnd, 'namndIvoDecided', { withActions: false, outcome: input.outcome });
  const told = [...d.holders('decide'), ...d.holders('followUp')].filter((id) => !namnd.includes(id));
  d.tell('case.lex.ivo_decided', d.others([...new Set(told)]), 'ivoDecided', { withActions: true, outcome: input.outcome });
  d.auditData = { ivoDecidedAt: input.decidedAt.toISOString(), ivoOutcome: input.outcome, namndTold: namnd.join(',') };
}

/** Åtgärder uppföljda: the follow-up is recorded (and is the measure if none was); the decider is told. */
function followUp(d: Draft, input: Input<'follow_up'>): void {
  d.toStatus = 'atgardad';
  d.patch.details = { ...d.doc.details, followUp: input.note, ...(d.doc.details.measure ? {} : { measure: input.note }) };
  d.patch.measureRecorded = true;
  d.lex.followedUp = d.by;
  d.clearDeadline('follow_up');
  d.tell('case.lex.followed_up', d.others(d.holders('decide')), 'followedUp', { withActions: true });
}

/** Bedömning (cases stored before the lex process): the assessment only. */
function assess(d: Draft, input: Input<'assess'>): void {
  d.requireLexType();
  d.patch.assessment = input.assessment;
  d.auditData = { assessment: input.assessment };
}

/** Anmäld till IVO: only after a serious assessment; the nämnd is informed of every IVO report. */
function reportIvo(d: Draft, input: Input<'report_ivo'>): void {
  d.requireLexType();
  if (d.doc.assessment !== 'allvarligt') throw new AppError('avvikelse.ivo_requires_serious', { number: d.doc.number });
  d.notInFuture(input.reportedAt);
  d.patch.ivo = { reportedAt: input.reportedAt, reference: input.reference };
  const auditData: Record<string, string> = { ivoReportedAt: input.reportedAt.toISOString(), ivoReference: input.reference };
  d.auditData = auditData;
  if (!d.lexType) return;
  d.clearDeadline('ivo_report');
  // At a private provider informing the nämnd is the utförare's duty too.
  const namnd = d.holders('namnd');
  if (namnd.length) d.lex.namndInformed = [...d.lex.namndInformed, { at: d.now, what: 'ivo_anmalan' }];
  d.tell('case.lex.namnd_ivo_reported', namnd, 'namndIvoReported', { withActions: false });
  if (!d.lex.followedUp && !d.deadlines.follow_up) d.startFollowUp();
  auditData.namndTold = namnd.join(',');
}

const steps: { [A in AvvikelseAction]: (d: Draft, input: Input<A>) => void } = {
  acknowledge: receive,
  start_investigation: receive,
  resolve,
  close,
  request_supplement: requestSupplement,
  reclassify,
  order_investigation: orderInvestigation,
  record_investigation: recordInvestigation,
  decide,
  inform_patient: informPatient,
  record_ivo_decision: recordIvoDecision,
  follow_up: followUp,
  assess,
  report_ivo: reportIvo,
};

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
