/**
 * Avvikelser, lex Sarah and lex Maria: the use cases, each read top to bottom — parse the input, load the case,
 * authorise from stored data, look up what the decision needs in the organisation, decide (`service.ts`, pure), save
 * the case with its effects in one write, which the case store carries out (storage/cases.ts: audit entry,
 * notifications into the outbox, deadlines). The views of the messages come from `messaging.ts`.
 */
import { AppError } from '../errors.js';
import { caseKind, CaseFlows, type CaseFlowDeps, type CaseResult } from '../cases/engine.js';
import { guardFreeText } from '../cases/free-text.js';
import { parseInput } from '../cases/input.js';
import { routeCase, unitChoices } from '../cases/routing.js';
import type { ChatPeople, FormFlow } from '../chat.js';
import { requireAllowed, requireCurrent, requireOpen } from '../cases/service.js';
import type { CaseSummary } from '../cases/summary.js';
import type { Actor } from '../cases/types.js';
import { auditIvoPacketExport, buildIvoPacket, type IvoPacket } from './ivo-packet.js';
import { isLex, lexRoles, rolesForAction, type LexRoleKey } from './lex.js';
import { avv } from './messages.js';
import { avvikelseNoticeView, summarizeAvvikelse } from './messaging.js';
import {
  avvikelseDocSchema,
  avvikelseReportSchema,
  avvikelseTransitionSchema,
  supplementTextSchema,
  type AvvikelseAction,
  type AvvikelseDetails,
  type AvvikelseDoc,
  type AvvikelseTransition,
  type AvvikelseType,
  type ParsedAvvikelseReport,
} from './schema.js';
import {
  allowedActions,
  AVVIKELSE_PREFIX,
  awaitsEscalation,
  checkReport,
  checkSupplement,
  decideEscalation,
  decideReport,
  decideSupplement,
  decideTransition,
  escalates,
  handlerRoles,
  initialDeadlines,
  isPrivateProvider,
  noLexHolders,
  type AvvikelseContext,
  type AvvikelseNoticeAbout,
  type ReportFacts,
  type TransitionFacts,
} from './service.js';

export type AvvikelseResult = CaseResult<AvvikelseDoc>;

/** Avvikelser, lex Sarah and lex Maria: report, route, handle to closure. */
export class AvvikelseService extends CaseFlows<AvvikelseDoc, AvvikelseNoticeAbout, AvvikelseAction> {
  constructor(deps: CaseFlowDeps) {
    super(deps, caseKind('avvikelse', avvikelseDocSchema, allowedActions, { summarize: summarizeAvvikelse, noticeView: avvikelseNoticeView, statusLabels: avv.statuses }));
  }

  /** Roles that receive and may handle a case of this type (besides the stored handlers and admins). */
  handlerRoles(type: AvvikelseType): string[] {
    return handlerRoles(this.deps.settings, type);
  }

  /** A new report. Idempotent on (actor, token): a double click returns the same case. */
  async submit(actor: Actor, rawInput: unknown): Promise<AvvikelseResult> {
    const input = parseInput(avvikelseReportSchema, rawInput);
    const ctx = this.context();
    checkReport(input, ctx.now);
    guardFreeText({ location: input.location, description: input.description, immediateActions: input.immediateActions, improvement: input.improvement });
    const seen = await this.repeatOr(actor.id, input.token, () => this.reportFacts(input));
    if ('repeat' in seen) return seen.repeat;
    // Numbered and stored with its effects in its outbox; storage carries them out (audit entry, notifications,
    // deadlines), and the receipt says who was told and whose message waits for an address.
    const written = await this.deps.store.create({ prefix: AVVIKELSE_PREFIX, now: ctx.now, build: (ids) => this.withEffects(decideReport(ctx, actor, input, seen.facts, ids), ctx.now) });
    return this.receipt(written);
  }

  /**
   * The report form, paired by its id with its definition (cards/forms/avvikelse.ts): the units to choose from,
   * then the report, made by the person behind the chat user.
   */
  reportForm(people: ChatPeople): FormFlow<unknown> {
    return {
      context: (user) => unitChoices(people, user, this.engine.now()),
      submit: async (report, _meta, user) => {
        const result = await this.submit(await people.actorFor(user), report);
        return { view: result.view, summary: avv.savedAs(result.case.number) };
      },
    };
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
    requireOpen(doc);
    await this.requireMayAct(doc, actor, input.action);
    requireCurrent(doc, expected, avv.statuses[doc.status]);
    requireAllowed(doc, input.action, allowedActions(doc), { action: avv.actions[input.action], status: avv.statuses[doc.status] });
    const facts = await this.transitionFacts(doc, input);
    const ctx = this.context();
    return this.save(doc, decideTransition(ctx, doc, actor, input, facts), ctx.now);
  }

  /** The reporter answers a "Begär komplettering". The text goes into the details, the handlers get a note. */
  async supplement(caseId: string, actor: Actor, text: string): Promise<AvvikelseResult> {
    const doc = await this.load(caseId);
    checkSupplement(doc, actor);
    const clean = parseInput(supplementTextSchema, text);
    guardFreeText({ supplement: clean });
    const now = this.engine.now();
    return this.save(doc, decideSupplement(doc, actor, clean, now), now);
  }

  /**
   * Called by the reminder engine when a lex Sarah / lex Maria case's `escalate` deadline passes: if still not
   * acknowledged, the next level up becomes a handler and is told. Returns false when nothing was to be done.
   */
  async escalateIfUnacknowledged(caseId: string): Promise<boolean> {
    const doc = await this.load(caseId);
    if (!awaitsEscalation(doc)) return false;
    let up = await this.nextLevel(doc.handlerIds, doc.unitId);
    if (up.length === 0) {
      const fallback = await this.deps.directory.holdersOf(this.deps.settings.roles.fallback, doc.unitId);
      up = (fallback.length ? fallback : await this.deps.directory.admins()).map((p) => p.id).filter((id) => !doc.handlerIds.includes(id));
    }
    const now = this.engine.now();
    try {
      await this.save(doc, decideEscalation(doc, up, now), now);
    } catch (error) {
      if (error instanceof AppError && error.code === 'cases.stale') return false;
      throw error;
    }
    return true;
  }

  /** Details (free text) for an authorised viewer; the view is audited first. */
  async viewDetails(caseId: string, actor: Actor): Promise<{ case: AvvikelseDoc; details: AvvikelseDetails; summary: CaseSummary }> {
    const { doc, forHandler, summary } = await this.openDetails(caseId, actor, (stored) => this.handlerRoles(stored.type));
    // The lex investigation record and the follow-up belong to those who handle the case, not to the reporter.
    const { investigation: _i, followUp: _f, ...own } = doc.details;
    return { case: doc, details: forHandler ? doc.details : own, summary };
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

  /* ---------- what the decisions need from the organisation ---------- */

  private context(): AvvikelseContext {
    return { now: this.engine.now(), settings: this.deps.settings, calendar: this.calendar };
  }

  /** Where a new report goes: the unit, its handlers, who is told if nobody acknowledges, the nämnd if it must know. */
  private async reportFacts(input: ParsedAvvikelseReport): Promise<ReportFacts> {
    const { directory, settings } = this.deps;
    const to = await routeCase(directory, input.unitId, { handlers: this.handlerRoles(input.type), fallback: settings.roles.fallback });
    const escalateTo = escalates(input.type) ? await this.nextLevel(to.route.handlers.map((p) => p.id), to.unit.id) : [];
    const privateProvider = isPrivateProvider(settings, input.type, to.path);
    const namnd = privateProvider ? (await directory.holdersOf(settings.roles.namnd, to.unit.id)).map((p) => p.id) : [];
    return { ...to, escalateTo, namnd, privateProvider };
  }

  /** The lex roles' holders for the case's unit, and for `reclassify` where the case goes. */
  private async transitionFacts(doc: AvvikelseDoc, input: AvvikelseTransition): Promise<TransitionFacts> {
    const { directory, settings } = this.deps;
    const lexType = isLex(doc.type) && doc.lex ? doc.type : undefined;
    const lex = noLexHolders();
    if (lexType) {
      const roles = lexRoles(settings, lexType);
      await Promise.all(
        (Object.keys(roles) as LexRoleKey[]).map(async (key) => {
          lex[key] = (await directory.holdersOf(roles[key], doc.unitId)).map((p) => p.id);
        }),
      );
    }
    if (input.action !== 'reclassify') return { lex };
    const type = input.type ?? doc.type;
    const to = await routeCase(directory, input.unitId ?? doc.unitId, { handlers: this.handlerRoles(type), fallback: settings.roles.fallback });
    const fresh = doc.status === 'ny' ? initialDeadlines(this.context(), type, doc.createdAt) : {};
    const escalateTo = fresh.escalate ? await this.nextLevel(to.route.handlers.map((p) => p.id), to.unit.id) : [];
    return { lex, reroute: { ...to, type, escalateTo } };
  }

  /**
   * Authorisation of an action from stored data: a lex step belongs to the role the matrix names for it (holders
   * for the case's unit, nearest up the tree), the named investigators, or an admin; if nobody holds those roles
   * the case's handlers may act, so a gap in the matrix never locks a case. Everything else: the case's handlers.
   */
  private async requireMayAct(doc: AvvikelseDoc, actor: Actor, action: AvvikelseAction): Promise<void> {
    const lexType = isLex(doc.type) && doc.lex ? doc.type : undefined;
    const rule = lexType ? rolesForAction(lexType, action) : 'handlers';
    if (rule === 'handlers' || !lexType) return this.engine.requireHandler(doc, actor, this.handlerRoles(doc.type));
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

  /** The next level up from the handlers (their managers), excluding the handlers themselves. */
  private async nextLevel(handlerIds: string[], unitId: string): Promise<string[]> {
    const out: string[] = [];
    for (const h of handlerIds) {
      for (const m of await this.deps.directory.managerOf(h, unitId)) {
        if (!handlerIds.includes(m.id) && !out.includes(m.id)) out.push(m.id);
      }
    }
    return out;
  }
}
