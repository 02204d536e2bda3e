import type { MessageView } from '../view.js';
import { caseNotificationView, routingFallbackView } from '../cases/messaging.js';
import { receiptView, reporterStatusView, transitionResultView } from '../cases/messaging.js';
import { toStockholmDate } from '../calendar/swedish-calendar.js';
import { swedishWorkingCalendar } from '../cases/calendar.js';
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
import { guardFreeText } from '../cases/free-text.js';
import { parseInput } from '../cases/input.js';
import { casePrefixes, stockholmPeriod } from '../cases/numbering.js';
import type { WorkingCalendar } from '../cases/ports.js';
import { resolveUnitPath, routeRoles } from '../cases/routing.js';
import type { CaseSettings } from '../cases/settings.js';
import type { CaseSummary } from '../cases/summary.js';
import type { Actor, CaseDeadlines, CaseEffect, NotifyOutcome, StoredCase } from '../cases/types.js';
import { AppError } from '../errors.js';
import { syn } from './messages.js';
import {
  synpunktDocSchema,
  synpunktRegistrationSchema,
  synpunktTransitionSchema,
  type SynpunktAction,
  type SynpunktDetails,
  type SynpunktDoc,
  type SynpunktStatus,
} from './types.js';
import './errors.js';

export interface SynpunktServiceDeps extends CaseEngineDeps {
  calendar?: WorkingCalendar;
  settings: CaseSettings;
}

export interface SynpunktResult {
  case: SynpunktDoc;
  summary: CaseSummary;
  view: MessageView;
  created: boolean;
  effectsPending: boolean;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const needsInput: Record<SynpunktAction, boolean> = { acknowledge: false, answer: true, forward: true, escalate: true, close: false };

/** Synpunkter och klagomål: register on anyone's behalf, route, answer in time. */
export class SynpunktService {
  readonly engine: CaseEngine;
  private readonly calendar: WorkingCalendar;
  constructor(private readonly deps: SynpunktServiceDeps) {
    this.engine = new CaseEngine(deps);
    this.calendar = deps.calendar ?? swedishWorkingCalendar;
  }

  /** Roles that handle a synpunkt (besides stored handlers and admins). */
  handlerRoles(): string[] {
    const r = this.deps.settings.roles;
    return [r.synpunktOwner ?? r.enhetschef, r.complaintDelegation];
  }

  /**
   * Answer due date: N calendar days after receipt (a due date on a non-working day moves to the previous working
   * day), or N working days.
   */
  answerDue(receivedAt: Date): Date {
    const rule = this.deps.settings.synpunkt.answerDue;
    if (rule.mode === 'working') return this.calendar.addWorkingDays(receivedAt, rule.days);
    let due = this.calendar.addCalendarDays(receivedAt, rule.days);
    for (let i = 0; i < 10 && !this.calendar.isWorkingDay(due); i++) due = this.calendar.addCalendarDays(due, -1);
    return due;
  }

  /**
   * Links the complaint to another case (e.g. the lex Sarah report it gave rise to): both stay what they are, the
   * complaint is still answered as a complaint. Idempotent; audited as `linked`.
   */
  async linkCase(caseId: string, otherCaseId: string, otherNumber: string, actor: Actor): Promise<SynpunktDoc> {
    const doc = parseCaseDoc(synpunktDocSchema, await this.engine.load(caseId));
    if ((doc.linkedCaseIds ?? []).includes(otherCaseId)) return doc;
    const now = this.engine.now();
    const v = doc.version + 1;
    const changed = await this.engine.change(
      doc as StoredCase,
      { linkedCaseIds: [...(doc.linkedCaseIds ?? []), otherCaseId] },
      () => [auditEffect(doc, v, actor, now, 'linked', { fromStatus: doc.status, toStatus: doc.status, data: { linkedCaseId: otherCaseId, linkedNumber: otherNumber } })],
      (st) => syn.statuses[st as keyof typeof syn.statuses] ?? st,
    );
    return parseCaseDoc(synpunktDocSchema, changed.case);
  }

  async register(actor: Actor, rawInput: unknown): Promise<SynpunktResult> {
    const input = parseInput(synpunktRegistrationSchema, rawInput);
    const now = this.engine.now();
    if (input.receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new AppError('synpunkt.received_in_future');
    guardFreeText({ description: input.description });
    guardFreeText({ ...input.contact }, 'contact');
    const repeat = await this.engine.repeatOf(actor.id, input.token);
    if (repeat) return this.afterWrite(repeat, 'receipt');

    const { unit, path } = await resolveUnitPath(this.deps.directory, input.unitId);
    const r = this.deps.settings.roles;
    const route = await routeRoles(this.deps.directory, unit.id, [r.synpunktOwner ?? r.enhetschef], [r.registrator], r.fallback);
    const handlerIds = route.handlers.map((p) => p.id);
    const watcherIds = route.watchers.map((p) => p.id);
    const answerDueAt = this.answerDue(input.receivedAt);
    const deadlines: CaseDeadlines = { answer: answerDueAt };

    const result = await this.engine.create({
      reporterId: actor.id,
      token: input.token,
      prefix: casePrefixes.synpunkt,
      now,
      build: (id, number) => {
        const doc: SynpunktDoc = {
          _id: id,
          kind: 'synpunkt',
          number,
          type: input.type,
          ...newCaseBase({ unit, path, actor, token: input.token, now }),
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
        const handlerView = caseNotificationView(this.summarize(doc, now, true), 'new');
        const watcherView = caseNotificationView(this.summarize(doc, now, false), 'new');
        doc.outbox = [
          auditEffect(doc, 1, actor, now, 'created', { toStatus: 'ny', data: { type: doc.type, source: doc.source, unitId: doc.unitId } }),
          ...notifyEffects(id, 1, 'case.new', handlerIds, handlerView),
          ...notifyEffects(id, 1, 'case.new.registrator', watcherIds, watcherView),
          ...(route.usedFallback
            ? notifyEffects(id, 1, 'case.routing_fallback', route.warnAdmins.map((p) => p.id), routingFallbackView(this.summarize(doc, now, false), route.missingRoles))
            : []),
          deadlineUpsertEffect(doc, 1, 'answer', answerDueAt, handlerIds),
        ];
        return doc as StoredCase;
      },
    });
    return this.afterWrite(result, 'receipt');
  }

  async transition(caseId: string, actor: Actor, rawInput: unknown, expected: { status?: string; version?: number } = {}): Promise<SynpunktResult> {
    const input = parseInput(synpunktTransitionSchema, rawInput);
    guardFreeText({ summary: 'summary' in input ? input.summary : undefined, note: 'note' in input ? input.note : undefined });
    const doc = await this.load(caseId);
    if (doc.status === 'avslutad') throw new AppError('cases.closed', { number: doc.number });
    await this.engine.requireHandler(doc, actor, this.handlerRoles());
    if ((expected.status !== undefined && expected.status !== doc.status) || (expected.version !== undefined && expected.version !== doc.version)) {
      throw new AppError('cases.stale', { number: doc.number, status: syn.statuses[doc.status] });
    }
    if (!this.allowedActions(doc).includes(input.action)) {
      throw new AppError('cases.transition_not_allowed', { number: doc.number, action: syn.actions[input.action], status: syn.statuses[doc.status] });
    }
    const now = this.engine.now();
    const v = doc.version + 1;
    const patch: Partial<SynpunktDoc> & Record<string, unknown> = {};
    const effects: CaseEffect[] = [];
    const deadlines: CaseDeadlines = { ...doc.deadlines };
    let toStatus: SynpunktStatus = doc.status;
    let auditData: Record<string, string | number | boolean | null> | undefined;
    let newHandlers: string[] = [];
    let reason: 'rerouted' | 'escalated' = 'rerouted';

    switch (input.action) {
      case 'acknowledge':
        toStatus = 'mottagen';
        patch.acknowledgedAt = now;
        break;
      case 'answer': {
        const day = toStockholmDate(input.answeredAt);
        if (day < toStockholmDate(doc.receivedAt) || input.answeredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
          throw new AppError('synpunkt.answer_date_invalid', { number: doc.number });
        }
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
        const { unit, path } = await resolveUnitPath(this.deps.directory, input.unitId);
        const r = this.deps.settings.roles;
        const route = await routeRoles(this.deps.directory, unit.id, [r.synpunktOwner ?? r.enhetschef], [], r.fallback);
        newHandlers = route.handlers.map((p) => p.id);
        Object.assign(patch, {
          unitId: unit.id,
          unitName: unit.name,
          unitPath: path,
          handlerIds: newHandlers,
          forwardedFrom: [...doc.forwardedFrom, doc.unitId],
          routing: { usedFallback: route.usedFallback, missingRoles: route.missingRoles },
        });
        toStatus = 'ny';
        newHandlers = newHandlers.filter((id) => !doc.handlerIds.includes(id));
        if (deadlines.answer) effects.push({ ...deadlineUpsertEffect(doc, v, 'answer', deadlines.answer, route.handlers.map((p) => p.id)) });
        auditData = { fromUnitId: doc.unitId, toUnitId: unit.id };
        break;
      }
      case 'escalate': {
        const delegation = await this.deps.directory.holdersOf(this.deps.settings.roles.complaintDelegation, doc.unitId);
        const fallback = delegation.length ? delegation : await this.deps.directory.holdersOf(this.deps.settings.roles.fallback, doc.unitId);
        const people = fallback.length ? fallback : await this.deps.directory.admins();
        newHandlers = people.map((p) => p.id).filter((id) => !doc.handlerIds.includes(id));
        reason = 'escalated';
        patch.handlerIds = [...doc.handlerIds, ...newHandlers];
        patch.escalatedAt = now;
        if (input.note) patch.details = { ...doc.details, escalationNotes: [...doc.details.escalationNotes, { at: now, byName: actor.name, note: input.note }] };
        if (doc.status === 'besvarad') {
          // The complainant is not satisfied: a new answer is due from the delegation.
          toStatus = 'mottagen';
          deadlines.answer = this.answerDue(now);
          patch.answerDueAt = deadlines.answer;
          patch.answeredAt = undefined;
          patch.answeredInTime = undefined;
        }
        if (deadlines.answer) effects.push(deadlineUpsertEffect(doc, v, 'answer', deadlines.answer, patch.handlerIds));
        auditData = { to: newHandlers.join(',') };
        break;
      }
      case 'close':
        if (!doc.answeredAt || !doc.details.answerSummary) throw new AppError('synpunkt.answer_required', { number: doc.number });
        toStatus = 'avslutad';
        patch.closedAt = now;
        for (const k of Object.keys(deadlines) as Array<keyof CaseDeadlines>) delete deadlines[k];
        effects.push(deadlineCancelEffect(doc._id, v));
        break;
    }

    patch.status = toStatus;
    patch.deadlines = deadlines;
    patch.nextDueAt = nextDue(deadlines);
    const next = { ...doc, ...patch, version: v } as SynpunktDoc;
    effects.unshift(auditEffect(doc, v, actor, now, `transition.${input.action}`, { fromStatus: doc.status, toStatus, ...(auditData ? { data: auditData } : {}) }));
    if (newHandlers.length) effects.push(...notifyEffects(doc._id, v, `case.${reason}`, newHandlers, caseNotificationView(this.summarize(next, now, true), reason)));
    if (toStatus !== doc.status && doc.reporter.personId !== actor.id) {
      effects.push(...notifyEffects(doc._id, v, 'case.status', [doc.reporter.personId], reporterStatusView(this.summarize(next, now, false))));
    }
    const changed = await this.engine.change(doc as StoredCase, patch, () => effects, (s) => syn.statuses[s as SynpunktStatus] ?? s);
    return this.afterWrite({ case: changed.case, created: false, effectsPending: changed.effectsPending }, 'result');
  }

  async viewDetails(caseId: string, actor: Actor): Promise<{ case: SynpunktDoc; details: SynpunktDetails; summary: CaseSummary }> {
    await this.load(caseId);
    const { case: raw } = await this.engine.viewDetails(caseId, actor, this.handlerRoles());
    const doc = this.parse(raw);
    const forHandler = await this.engine.mayHandle(raw, actor, this.handlerRoles());
    return { case: doc, details: doc.details, summary: this.summarize(doc, this.engine.now(), forHandler) };
  }

  async get(caseId: string): Promise<SynpunktDoc> {
    return this.load(caseId);
  }

  allowedActions(doc: SynpunktDoc): SynpunktAction[] {
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

  summarize(stored: StoredCase | SynpunktDoc, now: Date, forHandler: boolean): CaseSummary {
    const doc = stored as SynpunktDoc;
    const extraFacts: Array<{ label: string; value: string }> = [
      { label: syn.source, value: syn.sources[doc.source] },
      { label: syn.received, value: `${toStockholmDate(doc.receivedAt)} (${syn.channels[doc.channel]})` },
    ];
    if (doc.answeredAt) extraFacts.push({ label: syn.answered, value: toStockholmDate(doc.answeredAt) });
    else if (!doc.wantsAnswer) extraFacts.push({ label: syn.answered, value: syn.noAnswerWanted });
    return {
      caseId: doc._id,
      kind: 'synpunkt',
      number: doc.number,
      version: doc.version,
      status: doc.status,
      statusLabel: syn.statuses[doc.status] ?? doc.status,
      typeLabel: syn.types[doc.type] ?? doc.type,
      unitName: doc.unitName,
      extraFacts,
      createdAt: doc.createdAt,
      dueAt: doc.nextDueAt,
      ...(doc.deadlines.answer ? { dueLabel: syn.answerDue } : {}),
      overdue: isOverdue(doc, now),
      closed: doc.status === 'avslutad',
      actions: forHandler ? this.allowedActions(doc).map((a) => ({ action: a, label: syn.actions[a], needsInput: needsInput[a] })) : [],
    };
  }

  private parse(stored: StoredCase): SynpunktDoc {
    return parseCaseDoc(synpunktDocSchema, stored);
  }

  private load(caseId: string): Promise<SynpunktDoc> {
    return loadCaseOfKind(this.deps.store, caseId, 'synpunkt', synpunktDocSchema);
  }

  private afterWrite(result: { case: StoredCase; created: boolean; effectsPending: boolean; notified?: NotifyOutcome[] }, view: 'receipt' | 'result'): SynpunktResult {
    const doc = this.parse(result.case);
    const summary = this.summarize(doc, this.engine.now(), view === 'result');
    return {
      case: doc,
      summary,
      view: view === 'receipt' ? receiptView(summary, result.effectsPending, result.notified) : transitionResultView(summary),
      created: result.created,
      effectsPending: result.effectsPending,
    };
  }
}
