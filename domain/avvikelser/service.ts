import type { MessageView } from '../view.js';
import { caseNotificationView, routingFallbackView } from '../cases/messaging.js';
import { receiptView, reporterStatusView, supplementRequestView, transitionResultView } from '../cases/messaging.js';
import { AppError } from '../errors.js';
import {
  auditEffect,
  CaseEngine,
  deadlineCancelEffect,
  deadlineUpsertEffect,
  isOverdue,
  nextDue,
  loadCaseOfKind,
  newCaseBase,
  parseCaseDoc,
  notifyEffects,
  type CaseEngineDeps,
} from '../cases/engine.js';
import { swedishWorkingCalendar } from '../cases/calendar.js';
import { casePrefixes, stockholmPeriod } from '../cases/numbering.js';
import type { WorkingCalendar } from '../cases/ports.js';
import { parseInput } from '../cases/input.js';
import { guardFreeText } from '../cases/free-text.js';
import { resolveUnitPath, routeRoles } from '../cases/routing.js';
import type { CaseSettings } from '../cases/settings.js';
import type { CaseSummary } from '../cases/summary.js';
import type { Actor, CaseDeadlines, CaseEffect, Person, NotifyOutcome, StoredCase } from '../cases/types.js';
import { lexStepView } from '../cases/messaging.js';
import { assessmentOf, decisionLabel, emptyLexState, isLex, lexAllowedActions, lexMissingForClose, lexRoles, lexStepLabel, rolesForAction, type LexRoleKey } from './lex.js';
import { auditIvoPacketExport, buildIvoPacket, type IvoPacket } from './ivo-packet.js';
import { avv } from './messages.js';
import { assessRisk } from './risk.js';
import {
  avvikelseDocSchema,
  avvikelseReportSchema,
  avvikelseTransitionSchema,
  type AvvikelseAction,
  type AvvikelseDetails,
  type AvvikelseDoc,
  type AvvikelseStatus,
  type AvvikelseType,
  type LexState,
} from './types.js';
import './errors.js';

export interface AvvikelseServiceDeps extends CaseEngineDeps {
  /** Defaults to the Swedish working calendar. */
  calendar?: WorkingCalendar;
  settings: CaseSettings;
}

export interface AvvikelseResult {
  case: AvvikelseDoc;
  summary: CaseSummary;
  /** What to show the acting user (receipt or new state). */
  view: MessageView;
  created: boolean;
  effectsPending: boolean;
}

const SYSTEM: Pick<Actor, 'id' | 'name'> = { id: 'system', name: 'Kvalitetsboten' };
const HOUR = 3_600_000;
/** Clocks on phones and servers differ a little; a report "now" must not be refused. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const lexTypes: AvvikelseType[] = ['lex_sarah', 'lex_maria'];
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
/** A step message to send once the new state is known. */
interface StepNote {
  kind: string;
  to: string[];
  message: { title: string; text: string };
  withActions: boolean;
  warning?: boolean;
}
type StepDeadline = 'order' | 'investigation' | 'decision' | 'ivo_report' | 'inform_patient' | 'follow_up';

/** Avvikelser, lex Sarah and lex Maria: report, route, handle to closure. */
export class AvvikelseService {
  readonly engine: CaseEngine;
  private readonly calendar: WorkingCalendar;
  constructor(private readonly deps: AvvikelseServiceDeps) {
    this.engine = new CaseEngine(deps);
    this.calendar = deps.calendar ?? swedishWorkingCalendar;
  }

  /** Roles that receive and may handle a case of this type (besides the stored handlers and admins). */
  handlerRoles(type: AvvikelseType): string[] {
    const r = this.deps.settings.roles;
    if (type === 'lex_sarah') return [r.enhetschef, r.lexSarahDecision];
    // The unit's manager and the MAS are both told (the form promises "din chef").
    if (type === 'lex_maria') return [r.enhetschef, r.mas];
    return [r.enhetschef];
  }

  /** A new report. Idempotent on (actor, token): a double click returns the same case. */
  async submit(actor: Actor, rawInput: unknown): Promise<AvvikelseResult> {
    const input = parseInput(avvikelseReportSchema, rawInput);
    const now = this.engine.now();
    if (input.occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new AppError('avvikelse.occurred_in_future');
    guardFreeText({ location: input.location, description: input.description, immediateActions: input.immediateActions, improvement: input.improvement });
    const repeat = await this.engine.repeatOf(actor.id, input.token);
    if (repeat) return this.afterWrite(repeat, 'receipt');

    const { unit, path } = await resolveUnitPath(this.deps.directory, input.unitId);
    const route = await routeRoles(this.deps.directory, unit.id, this.handlerRoles(input.type), [], this.deps.settings.roles.fallback);
    const handlerIds = route.handlers.map((p) => p.id);
    const escalateTo = lexTypes.includes(input.type) ? await this.nextLevel(route.handlers, unit.id) : [];
    const deadlines = this.initialDeadlines(input.type, now);
    const privateProvider = input.type === 'lex_sarah' && (await this.isPrivateProvider(path));
    const namnd = privateProvider ? await this.deps.directory.holdersOf(this.deps.settings.roles.namnd, unit.id) : [];

    const result = await this.engine.create({
      reporterId: actor.id,
      token: input.token,
      prefix: casePrefixes.avvikelse,
      now,
      build: (id, number) => {
        const doc: AvvikelseDoc = {
          _id: id,
          kind: 'avvikelse',
          number,
          type: input.type,
          ...newCaseBase({ unit, path, actor, token: input.token, now }),
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
            ? { lex: { ...emptyLexState(), privateProvider, namndInformed: namnd.length ? [{ at: now, what: 'rapport' }] : [] } }
            : {}),
        };
        const summary = this.summarize(doc, now, true);
        const effects: CaseEffect[] = [
          auditEffect(doc, 1, actor, now, 'created', {
            toStatus: 'ny',
            data: { type: doc.type, unitId: doc.unitId, riskScore: doc.risk.score, ...(input.linkedFrom ? { linkedFrom: input.linkedFrom.number } : {}) },
          }),
          ...notifyEffects(id, 1, 'case.new', handlerIds, caseNotificationView(summary, 'new')),
          ...(route.usedFallback
            ? notifyEffects(id, 1, 'case.routing_fallback', route.warnAdmins.map((p) => p.id), routingFallbackView(summary, route.missingRoles))
            : []),
          ...notifyEffects(id, 1, 'case.lex.namnd_private_provider', namnd.map((p) => p.id), lexStepView(this.summarize(doc, now, false), avv.stepMessages.private_provider(avv.types[doc.type], number), { withActions: false })),
          ...(deadlines.acknowledge ? [deadlineUpsertEffect(doc, 1, 'acknowledge', deadlines.acknowledge, handlerIds)] : []),
          ...(deadlines.escalate ? [deadlineUpsertEffect(doc, 1, 'escalate', deadlines.escalate, escalateTo.map((p) => p.id))] : []),
        ];
        doc.outbox = effects;
        return doc as StoredCase;
      },
    });
    return this.afterWrite(result, 'receipt');
  }

  /**
   * A handler's action on a stored case. Authorised from the stored case and the actor's roles; `expected` comes
   * from the card (status and/or version shown) and turns a click on an outdated card into `cases.stale`.
   */
  async transition(caseId: string, actor: Actor, rawInput: unknown, expected: { status?: string; version?: number } = {}): Promise<AvvikelseResult> {
    const input = parseInput(avvikelseTransitionSchema, rawInput);
    guardFreeText({
      measure: 'measure' in input ? input.measure : undefined,
      question: 'question' in input ? input.question : undefined,
      reference: 'reference' in input ? input.reference : undefined,
    });
    const doc = await this.load(caseId);
    if (doc.status === 'avslutad') throw new AppError('cases.closed', { number: doc.number });
    await this.requireMayAct(doc, actor, input.action);
    if ((expected.status !== undefined && expected.status !== doc.status) || (expected.version !== undefined && expected.version !== doc.version)) {
      throw new AppError('cases.stale', { number: doc.number, status: avv.statuses[doc.status] });
    }
    if (!this.allowedActions(doc).includes(input.action)) {
      throw new AppError('cases.transition_not_allowed', { number: doc.number, action: avv.actions[input.action], status: avv.statuses[doc.status] });
    }
    const now = this.engine.now();
    const v = doc.version + 1;
    const patch: Partial<AvvikelseDoc> & Record<string, unknown> = {};
    const effects: CaseEffect[] = [];
    let auditData: Record<string, string | number | boolean | null> | undefined;
    let reroutedTo: string[] = [];
    let toStatus: AvvikelseStatus = doc.status;
    const deadlines: CaseDeadlines = { ...doc.deadlines };
    // Only cases that carry the lex process state follow it; a case stored before it existed keeps the old steps.
    const lexType = isLex(doc.type) && doc.lex ? doc.type : undefined;
    const lex: LexState = { ...(doc.lex ?? emptyLexState()) };
    const by = { at: now, byId: actor.id, byName: actor.name };
    /** Step messages to send once `next` is known: to whom, which message, with or without actions. */
    const stepNotes: StepNote[] = [];
    const addHandlers = new Set<string>();
    const lexRole = async (key: LexRoleKey) => (lexType ? this.deps.directory.holdersOf(lexRoles(this.deps.settings, lexType)[key], doc.unitId) : []);
    const setStepDeadline = (kind: StepDeadline, due: Date, to: string[]) => {
      deadlines[kind] = due;
      effects.push(deadlineUpsertEffect(doc, v, kind, due, to));
    };
    const clearDeadline = (kind: StepDeadline) => {
      if (deadlines[kind]) effects.push(deadlineCancelEffect(doc._id, v, kind));
      delete deadlines[kind];
    };
    const stepDue = (kind: Exclude<StepDeadline, 'investigation'>) => this.calendar.addWorkingDays(now, this.deps.settings.avvikelse.lexStepWorkingDays[kind]);
    const typeLabel = avv.types[doc.type];
    const others = (ids: string[]) => ids.filter((id) => id !== actor.id);

    switch (input.action) {
      case 'acknowledge':
      case 'start_investigation': {
        toStatus = input.action === 'acknowledge' ? 'mottagen' : 'under_utredning';
        if (!doc.acknowledgedAt) Object.assign(patch, { acknowledgedAt: now, acknowledgedBy: actor.id });
        if (lexType === 'lex_sarah' && input.action === 'acknowledge') {
          // Received at once; the investigation is ordered next, by the role the matrix names.
          if (deadlines.acknowledge) effects.push(deadlineCancelEffect(doc._id, v, 'acknowledge'));
          if (deadlines.escalate) effects.push(deadlineCancelEffect(doc._id, v, 'escalate'));
          delete deadlines.acknowledge;
          delete deadlines.escalate;
          const orderers = (await lexRole('order')).map((p) => p.id);
          const to = orderers.length ? orderers : doc.handlerIds;
          to.forEach((id) => addHandlers.add(id));
          setStepDeadline('order', stepDue('order'), to);
          stepNotes.push({ kind: 'case.lex.order', to: others(to), message: avv.stepMessages.order(doc.number), withActions: true });
          break;
        }
        if (lexType === 'lex_maria') {
          const mas = (await lexRole('investigate')).map((p) => p.id);
          lex.investigatorIds = mas.length ? mas : [actor.id];
          if (input.action === 'acknowledge') {
            stepNotes.push({ kind: 'case.lex.investigate', to: others(lex.investigatorIds), message: avv.stepMessages.investigate(typeLabel, doc.number), withActions: true });
          }
        }
        const given = input.action === 'start_investigation' ? input.investigationDueAt : undefined;
        const investigation = given ?? deadlines.investigation ?? this.calendar.addWorkingDays(now, this.deps.settings.avvikelse.investigationWorkingDays[doc.type]);
        if (deadlines.acknowledge) effects.push(deadlineCancelEffect(doc._id, v, 'acknowledge'));
        if (deadlines.escalate) effects.push(deadlineCancelEffect(doc._id, v, 'escalate'));
        delete deadlines.acknowledge;
        delete deadlines.escalate;
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
        for (const k of Object.keys(deadlines) as Array<keyof CaseDeadlines>) delete deadlines[k];
        effects.push(deadlineCancelEffect(doc._id, v));
        break;
      }
      case 'request_supplement':
        patch.details = { ...doc.details, supplementRequests: [...doc.details.supplementRequests, { at: now, byName: actor.name, question: input.question }] };
        patch.supplementRequestedAt = now;
        break;
      case 'reclassify': {
        const type = input.type ?? doc.type;
        const { unit, path } = await resolveUnitPath(this.deps.directory, input.unitId ?? doc.unitId);
        const route = await routeRoles(this.deps.directory, unit.id, this.handlerRoles(type), [], this.deps.settings.roles.fallback);
        reroutedTo = route.handlers.map((p) => p.id).filter((id) => !doc.handlerIds.includes(id));
        Object.assign(patch, {
          type,
          unitId: unit.id,
          unitName: unit.name,
          unitPath: path,
          handlerIds: route.handlers.map((p) => p.id),
          routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
        });
        if (type !== 'avvikelse' && doc.type === 'avvikelse') patch.assessment = undefined;
        if (doc.status === 'ny') {
          const fresh = this.initialDeadlines(type, doc.createdAt);
          delete deadlines.acknowledge;
          delete deadlines.escalate;
          Object.assign(deadlines, fresh);
          effects.push(deadlineCancelEffect(doc._id, v, 'escalate'));
          if (fresh.acknowledge) effects.push(deadlineUpsertEffect(doc, v, 'acknowledge', fresh.acknowledge, route.handlers.map((p) => p.id)));
          if (fresh.escalate) {
            const up = await this.nextLevel(route.handlers, unit.id);
            effects.push({ ...deadlineUpsertEffect(doc, v, 'escalate', fresh.escalate, up.map((p) => p.id)), id: `${doc._id}:${v}:deadline:escalate-new` });
          }
        }
        auditData = { fromType: doc.type, toType: type, fromUnitId: doc.unitId, toUnitId: unit.id };
        if (route.usedFallback) {
          const s = this.summarize({ ...doc, ...patch } as AvvikelseDoc, now, true);
          effects.push(...notifyEffects(doc._id, v, 'case.routing_fallback', route.warnAdmins.map((p) => p.id), routingFallbackView(s, route.missingRoles)));
        }
        break;
      }
      case 'order_investigation': {
        toStatus = 'under_utredning';
        const utredare = (await lexRole('investigate')).map((p) => p.id);
        const investigators = utredare.length ? utredare : [actor.id];
        clearDeadline('order');
        const due = input.investigationDueAt ?? this.calendar.addWorkingDays(now, this.deps.settings.avvikelse.investigationWorkingDays[doc.type]);
        setStepDeadline('investigation', due, investigators);
        Object.assign(lex, { investigatorIds: investigators, ordered: by });
        investigators.forEach((id) => addHandlers.add(id));
        stepNotes.push({ kind: 'case.lex.investigate', to: others(investigators), message: avv.stepMessages.investigate(typeLabel, doc.number), withActions: true });
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
          const deciders = (await lexRole('decide')).map((p) => p.id);
          const to = deciders.length ? deciders : doc.handlerIds;
          to.forEach((id) => addHandlers.add(id));
          setStepDeadline('decision', stepDue('decision'), to);
          stepNotes.push({ kind: 'case.lex.decide', to: others(to), message: avv.stepMessages.decide(typeLabel, doc.number), withActions: true });
        }
        break;
      }
      case 'decide': {
        const serious = input.serious === 'ja' && input.finding !== 'inget';
        lex.decision = { ...by, finding: input.finding, serious };
        patch.assessment = assessmentOf(input.finding, serious);
        clearDeadline('decision');
        if (serious) {
          const reporters = (await lexRole('ivo')).map((p) => p.id);
          const to = reporters.length ? reporters : [actor.id];
          to.forEach((id) => addHandlers.add(id));
          setStepDeadline('ivo_report', stepDue('ivo_report'), to);
          stepNotes.push({ kind: 'case.lex.ivo', to: others(to), message: avv.stepMessages.ivo(typeLabel, doc.number), withActions: true, warning: true });
        } else {
          await this.startFollowUp(lexRole, setStepDeadline, stepDue, stepNotes, addHandlers, others, typeLabel, doc.number);
        }
        if (doc.type === 'lex_maria' && input.finding !== 'inget' && !lex.patientInformed) {
          const mas = (await lexRole('investigate')).map((p) => p.id);
          const to = mas.length ? mas : [actor.id];
          setStepDeadline('inform_patient', stepDue('inform_patient'), to);
          stepNotes.push({ kind: 'case.lex.inform_patient', to: others(to), message: avv.stepMessages.informPatient(doc.number), withActions: true });
        }
        auditData = { finding: input.finding, serious, assessment: patch.assessment as string };
        break;
      }
      case 'inform_patient': {
        if (input.informedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new AppError('avvikelse.date_in_future');
        lex.patientInformed = { ...by, informedAt: input.informedAt, how: input.how };
        clearDeadline('inform_patient');
        auditData = { informedAt: input.informedAt.toISOString(), how: input.how };
        break;
      }
      case 'record_ivo_decision': {
        if (input.decidedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new AppError('avvikelse.date_in_future');
        lex.ivoDecision = { ...by, decidedAt: input.decidedAt, outcome: input.outcome, ...(input.reference ? { reference: input.reference } : {}) };
        const outcome = avv.ivoOutcomes[input.outcome];
        const namnd = (await lexRole('namnd')).map((p) => p.id);
        if (namnd.length) lex.namndInformed = [...lex.namndInformed, { at: now, what: 'ivo_beslut' }];
        stepNotes.push({ kind: 'case.lex.namnd_ivo_decided', to: namnd, message: avv.stepMessages.namndIvoDecided(typeLabel, doc.number, outcome), withActions: false });
        const told = [...(await lexRole('decide')), ...(await lexRole('followUp'))].map((p) => p.id).filter((id) => !namnd.includes(id));
        stepNotes.push({ kind: 'case.lex.ivo_decided', to: others([...new Set(told)]), message: avv.stepMessages.ivoDecided(typeLabel, doc.number, outcome), withActions: true });
        auditData = { ivoDecidedAt: input.decidedAt.toISOString(), ivoOutcome: input.outcome, namndTold: namnd.join(',') };
        break;
      }
      case 'follow_up': {
        toStatus = 'atgardad';
        patch.details = { ...doc.details, followUp: input.note, ...(doc.details.measure ? {} : { measure: input.note }) };
        patch.measureRecorded = true;
        lex.followedUp = by;
        clearDeadline('follow_up');
        const deciders = (await lexRole('decide')).map((p) => p.id);
        stepNotes.push({ kind: 'case.lex.followed_up', to: others(deciders), message: avv.stepMessages.followedUp(typeLabel, doc.number), withActions: true });
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
        if (input.reportedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new AppError('avvikelse.date_in_future');
        patch.ivo = { reportedAt: input.reportedAt, reference: input.reference };
        auditData = { ivoReportedAt: input.reportedAt.toISOString(), ivoReference: input.reference };
        if (lexType) {
          clearDeadline('ivo_report');
          // The nämnd is informed of every IVO report (and, at a private provider, that is the utförare's duty too).
          const namnd = (await lexRole('namnd')).map((p) => p.id);
          if (namnd.length) lex.namndInformed = [...lex.namndInformed, { at: now, what: 'ivo_anmalan' }];
          stepNotes.push({ kind: 'case.lex.namnd_ivo_reported', to: namnd, message: avv.stepMessages.namndIvoReported(typeLabel, doc.number), withActions: false });
          if (!lex.followedUp && !deadlines.follow_up) await this.startFollowUp(lexRole, setStepDeadline, stepDue, stepNotes, addHandlers, others, typeLabel, doc.number);
          auditData.namndTold = namnd.join(',');
        }
        break;
    }

    patch.status = toStatus;
    patch.deadlines = deadlines;
    patch.nextDueAt = nextDue(deadlines);
    if (lexType) patch.lex = lex;
    // A case reclassified into lex Sarah / lex Maria starts the process at its current status.
    if (input.action === 'reclassify' && isLex(patch.type as AvvikelseType) && !doc.lex) patch.lex = emptyLexState();
    const newHandlers = [...addHandlers].filter((id) => !(patch.handlerIds as string[] | undefined ?? doc.handlerIds).includes(id));
    if (newHandlers.length) patch.handlerIds = [...((patch.handlerIds as string[] | undefined) ?? doc.handlerIds), ...newHandlers];
    const next = { ...doc, ...patch, version: v } as AvvikelseDoc;
    const nextSummary = this.summarize(next, now, true);
    for (const note of stepNotes) {
      const view = lexStepView(note.withActions ? nextSummary : this.summarize(next, now, false), note.message, { withActions: note.withActions, warning: note.warning ?? false });
      effects.push(...notifyEffects(doc._id, v, note.kind, note.to, view));
    }
    effects.unshift(auditEffect(doc, v, actor, now, `transition.${input.action}`, { fromStatus: doc.status, toStatus, ...(auditData ? { data: auditData } : {}) }));
    if (reroutedTo.length) effects.push(...notifyEffects(doc._id, v, 'case.rerouted', reroutedTo, caseNotificationView(nextSummary, 'rerouted')));
    if (doc.reporter.personId !== actor.id) {
      if (toStatus !== doc.status) {
        effects.push(...notifyEffects(doc._id, v, 'case.status', [doc.reporter.personId], reporterStatusView(this.summarize(next, now, false))));
      } else if (input.action === 'request_supplement') {
        effects.push(...notifyEffects(doc._id, v, 'case.supplement_request', [doc.reporter.personId], supplementRequestView(this.summarize(next, now, false))));
      }
    }
    const changed = await this.engine.change(doc as StoredCase, patch, () => effects, (s) => avv.statuses[s as AvvikelseStatus] ?? s);
    return this.afterWrite({ case: changed.case, created: false, effectsPending: changed.effectsPending }, 'result');
  }

  /** The reporter answers a "Begär komplettering". The text goes into the details, the handlers get a note. */
  async supplement(caseId: string, actor: Actor, text: string): Promise<AvvikelseResult> {
    const doc = await this.load(caseId);
    if (doc.status === 'avslutad') throw new AppError('cases.closed', { number: doc.number });
    if (doc.reporter.personId !== actor.id) throw new AppError('avvikelse.not_reporter', { number: doc.number });
    if (!doc.supplementRequestedAt) throw new AppError('avvikelse.no_supplement_requested', { number: doc.number });
    const clean = parseInput(avvikelseTransitionSchema.options[4].shape.question, text);
    guardFreeText({ supplement: clean });
    const now = this.engine.now();
    const v = doc.version + 1;
    const next = { ...doc, version: v, supplementRequestedAt: undefined } as AvvikelseDoc;
    const changed = await this.engine.change(
      doc as StoredCase,
      { details: { ...doc.details, supplements: [...doc.details.supplements, { at: now, text: clean }] }, supplementRequestedAt: undefined },
      () => [
        auditEffect(doc, v, actor, now, 'supplement.added', { fromStatus: doc.status, toStatus: doc.status }),
        ...notifyEffects(doc._id, v, 'case.supplement', doc.handlerIds, caseNotificationView(this.summarize(next, now, true), 'supplement')),
      ],
      (s) => avv.statuses[s as AvvikelseStatus] ?? s,
    );
    return this.afterWrite({ case: changed.case, created: false, effectsPending: changed.effectsPending }, 'result');
  }

  /**
   * Called by the reminder engine when a lex Sarah / lex Maria case's `escalate` deadline passes: if still not
   * acknowledged, the next level up becomes a handler and is told. Returns false when nothing was to be done.
   */
  async escalateIfUnacknowledged(caseId: string): Promise<boolean> {
    const doc = await this.load(caseId);
    if (doc.status !== 'ny' || doc.escalatedAt) return false;
    const now = this.engine.now();
    const handlers = await Promise.all(doc.handlerIds.map(async (id) => ({ id, name: '' }) as Person));
    let up = await this.nextLevel(handlers, doc.unitId);
    if (up.length === 0) {
      const fallback = await this.deps.directory.holdersOf(this.deps.settings.roles.fallback, doc.unitId);
      up = (fallback.length ? fallback : await this.deps.directory.admins()).filter((p) => !doc.handlerIds.includes(p.id));
    }
    const v = doc.version + 1;
    const deadlines = { ...doc.deadlines };
    delete deadlines.escalate;
    const upIds = up.map((p) => p.id);
    const next = { ...doc, version: v, handlerIds: [...doc.handlerIds, ...upIds] } as AvvikelseDoc;
    try {
      await this.engine.change(
        doc as StoredCase,
        { handlerIds: next.handlerIds, escalatedAt: now, deadlines, nextDueAt: nextDue(deadlines) },
        () => [
          auditEffect(doc, v, SYSTEM, now, 'escalated', { fromStatus: 'ny', toStatus: 'ny', data: { to: upIds.join(',') } }),
          deadlineCancelEffect(doc._id, v, 'escalate'),
          ...notifyEffects(doc._id, v, 'case.escalated', upIds, caseNotificationView(this.summarize(next, now, true), 'escalated')),
        ],
        (s) => avv.statuses[s as AvvikelseStatus] ?? s,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'cases.stale') return false;
      throw error;
    }
    return true;
  }

  /** Details (free text) for an authorised viewer; the view is audited first. */
  async viewDetails(caseId: string, actor: Actor): Promise<{ case: AvvikelseDoc; details: AvvikelseDetails; summary: CaseSummary }> {
    const stored = await this.deps.store.get(caseId);
    if (!stored || stored.kind !== 'avvikelse') throw new AppError('cases.not_found', { caseId });
    const type = this.parse(stored).type;
    const { case: raw } = await this.engine.viewDetails(caseId, actor, this.handlerRoles(type));
    const doc = this.parse(raw);
    const forHandler = await this.engine.mayHandle(raw, actor, this.handlerRoles(type));
    // The lex investigation record and the follow-up belong to those who handle the case, not to the reporter.
    const { investigation: _i, followUp: _f, ...own } = doc.details;
    const details = forHandler ? doc.details : own;
    return { case: doc, details, summary: this.summarize(doc, this.engine.now(), forHandler) };
  }

  /**
   * The IVO-ready packet of a lex case, for the person who decides or sends the report (or an admin). The export is
   * audited before the packet is returned.
   */
  async ivoPacket(caseId: string, actor: Actor): Promise<IvoPacket> {
    const doc = await this.load(caseId);
    if (!isLex(doc.type) || !doc.lex) throw new AppError('avvikelse.lex_only', { number: doc.number });
    try {
      await this.requireMayAct(doc, actor, 'report_ivo');
    } catch {
      await this.requireMayAct(doc, actor, 'decide');
    }
    const unitNames: string[] = [];
    for (const id of doc.unitPath) unitNames.push((await this.deps.directory.unitById(id))?.name ?? id);
    await auditIvoPacketExport(this.deps.audit, doc, actor, this.engine.now(), 'chat', this.engine.newId());
    return buildIvoPacket(doc, { unitNames, contact: actor.name, ...(doc.lex.decision ? { decidedBy: doc.lex.decision.byName } : {}) });
  }

  async get(caseId: string): Promise<AvvikelseDoc> {
    return this.load(caseId);
  }

  /** Actions the stored status allows. */
  allowedActions(doc: AvvikelseDoc): AvvikelseAction[] {
    // Lex cases follow their process (domain/avvikelser/lex.ts); a case stored before it existed keeps the old steps.
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

  /** The chat-safe summary of a stored case (for cards and lists). */
  summarize(stored: StoredCase | AvvikelseDoc, now: Date, forHandler: boolean): CaseSummary {
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
    const lexDue = lexType && doc.lex ? this.lexDueLabel(doc) : undefined;
    return {
      caseId: doc._id,
      kind: 'avvikelse',
      number: doc.number,
      version: doc.version,
      status: doc.status,
      statusLabel: avv.statuses[doc.status] ?? doc.status,
      typeLabel: avv.types[doc.type] ?? doc.type,
      unitName: doc.unitName,
      riskLabel: `${avv.riskLevels[doc.risk.level]} (${doc.risk.score})`,
      ...(extraFacts.length ? { extraFacts } : {}),
      createdAt: doc.createdAt,
      dueAt: doc.nextDueAt,
      ...(lexDue ? { dueLabel: lexDue } : dueKind ? { dueLabel: dueKind === 'acknowledge' ? avv.acknowledgeDue : avv.investigationDue } : {}),
      overdue: isOverdue(doc, now),
      closed: doc.status === 'avslutad',
      actions: forHandler ? this.allowedActions(doc).map((a) => ({ action: a, label: avv.actions[a], needsInput: needsInput[a] })) : [],
    };
  }

  /* ---------- internals ---------- */

  /** The label of the case's earliest deadline, for the chat card. */
  private lexDueLabel(doc: AvvikelseDoc): string | undefined {
    if (!doc.nextDueAt) return undefined;
    const kind = (Object.keys(doc.deadlines) as Array<keyof CaseDeadlines>).find((k) => doc.deadlines[k]?.getTime() === doc.nextDueAt!.getTime());
    if (kind === 'acknowledge') return avv.acknowledgeDue;
    return kind && kind in avv.stepDue ? avv.stepDue[kind as keyof typeof avv.stepDue] : undefined;
  }

  /** The follow-up of the decided measures goes to the role the matrix names (enhetschef), with its deadline. */
  private async startFollowUp(
    lexRole: (key: LexRoleKey) => Promise<Person[]>,
    setStepDeadline: (kind: StepDeadline, due: Date, to: string[]) => void,
    stepDue: (kind: Exclude<StepDeadline, 'investigation'>) => Date,
    stepNotes: StepNote[],
    addHandlers: Set<string>,
    others: (ids: string[]) => string[],
    typeLabel: string,
    number: string,
  ): Promise<void> {
    const to = (await lexRole('followUp')).map((p) => p.id);
    to.forEach((id) => addHandlers.add(id));
    if (to.length) setStepDeadline('follow_up', stepDue('follow_up'), to);
    stepNotes.push({ kind: 'case.lex.follow_up', to: others(to), message: avv.stepMessages.followUp(typeLabel, number), withActions: true });
  }

  /**
   * Authorisation of an action from stored data: a lex step belongs to the role the matrix names for it (holders
   * for the case's unit, nearest up the tree), the named investigators, or an admin; if nobody holds those roles
   * the case's handlers may act, so a gap in the matrix never locks a case. Everything else: the case's handlers.
   */
  private async requireMayAct(doc: AvvikelseDoc, actor: Actor, action: AvvikelseAction): Promise<void> {
    const lexType = isLex(doc.type) && doc.lex ? doc.type : undefined;
    const rule = lexType ? rolesForAction(lexType, action) : 'handlers';
    if (rule === 'handlers' || !lexType) return this.engine.requireHandler(doc as StoredCase, actor, this.handlerRoles(doc.type));
    if (rule.investigators && doc.lex!.investigatorIds.includes(actor.id)) return;
    const roles = lexRoles(this.deps.settings, lexType);
    let anyHolder = false;
    for (const key of rule.roles) {
      const holders = await this.deps.directory.holdersOf(roles[key], doc.unitId);
      if (holders.some((h) => h.id === actor.id)) return;
      anyHolder ||= holders.length > 0;
    }
    if (await this.deps.directory.isAdmin(actor)) return;
    if (!anyHolder && doc.handlerIds.includes(actor.id)) return;
    throw new AppError('avvikelse.lex_not_your_step', { number: doc.number, action: avv.actions[action], role: rule.roles.map((k) => roles[k]).join(' eller ') });
  }

  /** A unit (or one above it) is run by a private provider, per the case settings. */
  private async isPrivateProvider(path: string[]): Promise<boolean> {
    const ids = this.deps.settings.avvikelse.privateProviderUnitIds;
    return path.some((id) => ids.includes(id));
  }

  private initialDeadlines(type: AvvikelseType, from: Date): CaseDeadlines {
    const s = this.deps.settings.avvikelse;
    if (lexTypes.includes(type)) {
      return { acknowledge: new Date(from.getTime() + s.lexAcknowledgeHours * HOUR), escalate: new Date(from.getTime() + s.lexEscalateAfterHours * HOUR) };
    }
    return { acknowledge: this.calendar.addWorkingDays(from, s.acknowledgeWorkingDays) };
  }

  /** The next level up from the handlers (their managers), excluding the handlers themselves. */
  private async nextLevel(handlers: Pick<Person, 'id'>[], unitId: string): Promise<Person[]> {
    const out: Person[] = [];
    for (const h of handlers) {
      for (const m of await this.deps.directory.managerOf(h.id, unitId)) {
        if (!handlers.some((x) => x.id === m.id) && !out.some((x) => x.id === m.id)) out.push(m);
      }
    }
    return out;
  }

  private parse(stored: StoredCase): AvvikelseDoc {
    return parseCaseDoc(avvikelseDocSchema, stored);
  }

  private load(caseId: string): Promise<AvvikelseDoc> {
    return loadCaseOfKind(this.deps.store, caseId, 'avvikelse', avvikelseDocSchema);
  }

  private afterWrite(result: { case: StoredCase; created: boolean; effectsPending: boolean; notified?: NotifyOutcome[] }, view: 'receipt' | 'result'): AvvikelseResult {
    const doc = this.parse(result.case);
    const now = this.engine.now();
    const summary = this.summarize(doc, now, view === 'result');
    return {
      case: doc,
      summary,
      view: view === 'receipt' ? receiptView(summary, result.effectsPending, result.notified) : transitionResultView(summary),
      created: result.created,
      effectsPending: result.effectsPending,
    };
  }
}
