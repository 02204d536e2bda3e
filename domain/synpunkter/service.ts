/**
 * Synpunkter och klagomål: the decisions, pure. Each takes the stored case (or the new registration), the facts the
 * flow looked up in the organisation and the time, and returns the patch, the effects and the notices. No I/O and
 * no views: `flows.ts` loads and saves, `messaging.ts` makes the views.
 */
import { toStockholmDate } from '../calendar/swedish-calendar.js';
import { AppError } from '../errors.js';
import { casePrefixes, stockholmPeriod } from '../cases/numbering.js';
import type { WorkingCalendar } from '../cases/ports.js';
import type { Destination } from '../cases/routing.js';
import { auditEffect, clearAllDeadlines, deadlineCancelEffect, deadlineUpsertEffect, finishTransition, isInFuture, newCaseBase, nextDue, type CaseDecision, type NewCaseDecision, type NewCaseIds } from '../cases/service.js';
import type { CaseSettings } from '../cases/settings.js';
import type { Actor, CaseDeadlines, CaseEffect, CaseNotice, CaseNoticeAbout } from '../cases/types.js';
import type { ParsedSynpunktRegistration, SynpunktAction, SynpunktDoc, SynpunktStatus, SynpunktTransition } from './schema.js';

export type SynpunktDecision = CaseDecision<CaseNoticeAbout>;

export const SYNPUNKT_PREFIX = casePrefixes.synpunkt;

/** Roles that handle a synpunkt (besides stored handlers and admins). */
export function handlerRoles(settings: CaseSettings): string[] {
  const r = settings.roles;
  return [r.synpunktOwner ?? r.enhetschef, r.complaintDelegation];
}

/** The role a synpunkt is routed to in its unit. */
export function ownerRole(settings: CaseSettings): string {
  return settings.roles.synpunktOwner ?? settings.roles.enhetschef;
}

/**
 * Answer due date: N calendar days after receipt (a due date on a non-working day moves to the previous working
 * day), or N working days.
 */
export function answerDue(settings: CaseSettings, calendar: WorkingCalendar, receivedAt: Date): Date {
  const rule = settings.synpunkt.answerDue;
  if (rule.mode === 'working') return calendar.addWorkingDays(receivedAt, rule.days);
  let due = calendar.addCalendarDays(receivedAt, rule.days);
  for (let i = 0; i < 10 && !calendar.isWorkingDay(due); i++) due = calendar.addCalendarDays(due, -1);
  return due;
}

/** A synpunkt cannot have been received in the future (beyond a clock's tolerance). */
export function checkRegistration(input: Pick<ParsedSynpunktRegistration, 'receivedAt'>, now: Date): void {
  if (isInFuture(input.receivedAt, now)) throw new AppError('synpunkt.received_in_future');
}

/** Where a new synpunkt goes, looked up by the flow. */
export interface RegistrationFacts extends Destination {
  answerDueAt: Date;
}

/** A new synpunkt at status Ny: to its handlers and the registrator, with its answer deadline. */
export function decideRegistration(
  now: Date,
  actor: Actor,
  input: ParsedSynpunktRegistration,
  facts: RegistrationFacts,
  ids: NewCaseIds,
): NewCaseDecision<SynpunktDoc, CaseNoticeAbout> {
  const { route, answerDueAt } = facts;
  const handlerIds = route.handlers.map((p) => p.id);
  const watcherIds = route.watchers.map((p) => p.id);
  const deadlines: CaseDeadlines = { answer: answerDueAt };
  const doc: SynpunktDoc = {
    _id: ids.id,
    kind: 'synpunkt',
    number: ids.number,
    type: input.type,
    ...newCaseBase({ unit: facts.unit, path: facts.path, actor, token: input.token, now }),
    handlerIds,
    watcherIds,
    period: stockholmPeriod(input.receivedAt),
    deadlines,
    nextDueAt: nextDue(deadlines),
    routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
    details: { description: input.description, contact: input.contact, escalationNotes: [] },
    outbox: [],
    source: input.source,
    channel: input.channel,
    receivedAt: input.receivedAt,
    topic: input.topic,
    wantsAnswer: input.wantsAnswer,
    ...(input.answerMethod ? { answerMethod: input.answerMethod } : {}),
    answerDueAt,
    forwardedFrom: [],
  };
  const effects: CaseEffect[] = [
    auditEffect(doc, 1, actor, now, 'created', { toStatus: 'ny', data: { type: doc.type, source: doc.source, unitId: doc.unitId } }),
    deadlineUpsertEffect(doc, 1, 'answer', answerDueAt, handlerIds),
  ];
  const notices: Array<CaseNotice<CaseNoticeAbout>> = [
    { kind: 'case.new', to: handlerIds, about: { view: 'handler', reason: 'new' } },
    { kind: 'case.new.registrator', to: watcherIds, about: { view: 'watcher', reason: 'new' } },
    ...(route.usedFallback ? [{ kind: 'case.routing_fallback', to: route.warnAdmins.map((p) => p.id), about: { view: 'routing_fallback' as const, missingRoles: route.missingRoles } }] : []),
  ];
  return { doc, effects, notices };
}

export function allowedActions(doc: SynpunktDoc): SynpunktAction[] {
  switch (doc.status) {
    case 'ny':
      return ['acknowledge', 'answer', 'forward', 'escalate'];
    case 'mottagen':
      return ['answer', 'forward', 'escalate'];
    case 'besvarad':
      return ['close', 'escalate'];
    case 'avslutad':
      return [];
  }
}

/** What a transition needs from the organisation, looked up by the flow. */
export interface SynpunktTransitionFacts {
  /** `forward`: the new unit and its routing. */
  forward?: Destination;
  /** `escalate`: who takes the complaint over (the delegation, else the fallback role, else the admins). */
  escalateTo?: string[];
  /** `escalate` of an answered complaint: the new answer's due date. */
  newAnswerDue?: Date;
}

/** A handler's action on a stored synpunkt, already authorised and checked against the allowed actions. */
export function decideTransition(now: Date, doc: SynpunktDoc, actor: Actor, input: SynpunktTransition, facts: SynpunktTransitionFacts): SynpunktDecision {
  const v = doc.version + 1;
  const patch: Partial<SynpunktDoc> & Record<string, unknown> = {};
  const effects: CaseEffect[] = [];
  const notices: Array<CaseNotice<CaseNoticeAbout>> = [];
  const deadlines: CaseDeadlines = { ...doc.deadlines };
  let toStatus: SynpunktStatus = doc.status;
  let auditData: Record<string, string | number | boolean | null> | undefined;

  switch (input.action) {
    case 'acknowledge':
      toStatus = 'mottagen';
      patch.acknowledgedAt = now;
      break;
    case 'answer': {
      const day = toStockholmDate(input.answeredAt);
      if (day < toStockholmDate(doc.receivedAt) || isInFuture(input.answeredAt, now)) throw new AppError('synpunkt.answer_date_invalid', { number: doc.number });
      toStatus = 'besvarad';
      patch.answeredAt = input.answeredAt;
      patch.answeredInTime = day <= toStockholmDate(doc.answerDueAt);
      patch.details = { ...doc.details, answerSummary: input.summary };
      delete deadlines.answer;
      effects.push(deadlineCancelEffect(doc._id, v, 'answer'));
      auditData = { answeredAt: input.answeredAt.toISOString(), answeredInTime: patch.answeredInTime };
      break;
    }
    case 'forward': {
      if (input.unitId === doc.unitId) throw new AppError('synpunkt.same_unit', { number: doc.number });
      const { unit, path, route } = facts.forward!;
      const routed = route.handlers.map((p) => p.id);
      Object.assign(patch, {
        unitId: unit.id,
        unitName: unit.name,
        unitPath: path,
        handlerIds: routed,
        forwardedFrom: [...doc.forwardedFrom, doc.unitId],
        routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
      });
      toStatus = 'ny';
      if (deadlines.answer) effects.push(deadlineUpsertEffect(doc, v, 'answer', deadlines.answer, routed));
      auditData = { fromUnitId: doc.unitId, toUnitId: unit.id };
      const rerouted = routed.filter((id) => !doc.handlerIds.includes(id));
      if (rerouted.length) notices.push({ kind: 'case.rerouted', to: rerouted, about: { view: 'handler', reason: 'rerouted' } });
      break;
    }
    case 'escalate': {
      const added = facts.escalateTo!.filter((id) => !doc.handlerIds.includes(id));
      patch.handlerIds = [...doc.handlerIds, ...added];
      patch.escalatedAt = now;
      if (input.note) patch.details = { ...doc.details, escalationNotes: [...doc.details.escalationNotes, { at: now, byName: actor.name, note: input.note }] };
      if (doc.status === 'besvarad') {
        // The complainant is not satisfied: a new answer is due from the delegation.
        toStatus = 'mottagen';
        deadlines.answer = facts.newAnswerDue!;
        patch.answerDueAt = deadlines.answer;
        patch.answeredAt = undefined;
        patch.answeredInTime = undefined;
      }
      if (deadlines.answer) effects.push(deadlineUpsertEffect(doc, v, 'answer', deadlines.answer, patch.handlerIds));
      auditData = { to: added.join(',') };
      if (added.length) notices.push({ kind: 'case.escalated', to: added, about: { view: 'handler', reason: 'escalated' } });
      break;
    }
    case 'close':
      if (!doc.answeredAt || !doc.details.answerSummary) throw new AppError('synpunkt.answer_required', { number: doc.number });
      toStatus = 'avslutad';
      patch.closedAt = now;
      clearAllDeadlines(doc, v, deadlines, effects);
      break;
  }
  return finishTransition(doc, { actor, now, action: input.action, toStatus, deadlines, auditData }, { patch, effects, notices });
}

/** Links the complaint to another case (e.g. the lex report it gave rise to); audited as `linked`. */
export function decideLink(doc: SynpunktDoc, other: { caseId: string; number: string }, actor: Actor, now: Date): SynpunktDecision {
  return {
    patch: { linkedCaseIds: [...(doc.linkedCaseIds ?? []), other.caseId] },
    effects: [auditEffect(doc, doc.version + 1, actor, now, 'linked', { fromStatus: doc.status, toStatus: doc.status, data: { linkedCaseId: other.caseId, linkedNumber: other.number } })],
    notices: [],
  };
}
