/**
 * Synpunkter och klagomål: the use cases, each read top to bottom — parse the input, load the case, authorise from
 * stored data, look up what the decision needs in the organisation, decide (`service.ts`, pure), save the case with
 * its effects in one write, which the case store carries out (storage/cases.ts). The views come from `messaging.ts`.
 */
import { caseKind, CaseFlows, type CaseFlowDeps, type CaseResult } from '../cases/engine.js';
import { guardFreeText } from '../cases/free-text.js';
import { parseInput } from '../cases/input.js';
import { routeCase, unitChoices } from '../cases/routing.js';
import type { AvvikelseService } from '../avvikelser/flows.js';
import type { ChatPeople, FormFlow } from '../chat.js';
import { registerComplaintWithLexReport, type LexKind } from './lex-link.js';
import { requireAllowed, requireCurrent, requireOpen } from '../cases/service.js';
import type { CaseSummary } from '../cases/summary.js';
import type { Actor, CaseNoticeAbout } from '../cases/types.js';
import { syn } from './messages.js';
import { summarizeSynpunkt, synpunktNoticeView } from './messaging.js';
import {
  synpunktDocSchema,
  synpunktRegistrationSchema,
  synpunktTransitionSchema,
  type ParsedSynpunktRegistration,
  type SynpunktAction,
  type SynpunktDetails,
  type SynpunktDoc,
  type SynpunktRegistration,
  type SynpunktTransition,
} from './schema.js';
import {
  allowedActions,
  answerDue,
  checkRegistration,
  decideLink,
  decideRegistration,
  decideTransition,
  handlerRoles,
  ownerRole,
  SYNPUNKT_PREFIX,
  type RegistrationFacts,
  type SynpunktTransitionFacts,
} from './service.js';

export type SynpunktResult = CaseResult<SynpunktDoc>;

/** Synpunkter och klagomål: register on anyone's behalf, route, answer in time. */
export class SynpunktService extends CaseFlows<SynpunktDoc, CaseNoticeAbout, SynpunktAction> {
  constructor(deps: CaseFlowDeps) {
    super(deps, caseKind('synpunkt', synpunktDocSchema, allowedActions, { summarize: summarizeSynpunkt, noticeView: synpunktNoticeView, statusLabels: syn.statuses }));
  }

  /** Roles that handle a synpunkt (besides stored handlers and admins). */
  handlerRoles(): string[] {
    return handlerRoles(this.deps.settings);
  }

  /** The answer's due date for a synpunkt received at `receivedAt` (the case settings' rule). */
  answerDue(receivedAt: Date): Date {
    return answerDue(this.deps.settings, this.calendar, receivedAt);
  }

  /** A new synpunkt, registered by staff on anyone's behalf. Idempotent on (actor, token). */
  async register(actor: Actor, rawInput: unknown): Promise<SynpunktResult> {
    const input = parseInput(synpunktRegistrationSchema, rawInput);
    const now = this.engine.now();
    checkRegistration(input, now);
    guardFreeText({ description: input.description });
    guardFreeText({ ...input.contact }, 'contact');
    const seen = await this.repeatOr(actor.id, input.token, () => this.registrationFacts(input));
    if ('repeat' in seen) return seen.repeat;
    const written = await this.deps.store.create({ prefix: SYNPUNKT_PREFIX, now, build: (ids) => this.withEffects(decideRegistration(now, actor, input, seen.facts, ids), now) });
    return this.receipt(written);
  }

  /**
   * The registration form, paired by its id with its definition (cards/forms/synpunkt.ts). A synpunkt that describes
   * a missförhållande (vårdskada) is registered and answered as a complaint AND reported under lex Sarah (lex
   * Maria): the first submit says so, the second registers both, linked.
   */
  registrationForm(deps: {
    people: ChatPeople;
    avvikelser: AvvikelseService;
    /** "This complaint sounds like lex Sarah/Maria": the kind and the notice, or undefined. */
    lexSignal: (text: string) => { kind: LexKind; notice: string } | undefined;
  }): FormFlow<SynpunktRegistration> {
    return {
      context: (user) => unitChoices(deps.people, user, this.engine.now()),
      review: async (registration, meta) => {
        if (meta.context.lexAck === '1') return undefined;
        const signal = deps.lexSignal(registration.description);
        if (!signal) return undefined;
        return { notice: signal.notice, context: { ...meta.context, lexAck: '1', lexKind: signal.kind } };
      },
      submit: async (registration, meta, user) => {
        const actor = await deps.people.actorFor(user);
        const kind = meta.context.lexKind === 'lex_sarah' || meta.context.lexKind === 'lex_maria' ? meta.context.lexKind : undefined;
        if (kind) {
          const both = await registerComplaintWithLexReport({ synpunkter: this, avvikelser: deps.avvikelser }, actor, registration, kind);
          const view = { ...both.synpunkt.view, text: [...(both.synpunkt.view.text ?? []), both.receiptLine] };
          return { view, summary: syn.savedWithLexAs(both.synpunkt.case.number, both.lex.case.number) };
        }
        const result = await this.register(actor, registration);
        return { view: result.view, summary: syn.savedAs(result.case.number) };
      },
    };
  }

  async transition(caseId: string, actor: Actor, rawInput: unknown, expected: { status?: string; version?: number } = {}): Promise<SynpunktResult> {
    const input = parseInput(synpunktTransitionSchema, rawInput);
    guardFreeText({ summary: 'summary' in input ? input.summary : undefined, note: 'note' in input ? input.note : undefined });
    const doc = await this.load(caseId);
    requireOpen(doc);
    await this.engine.requireHandler(doc, actor, this.handlerRoles());
    requireCurrent(doc, expected, syn.statuses[doc.status]);
    requireAllowed(doc, input.action, allowedActions(doc), { action: syn.actions[input.action], status: syn.statuses[doc.status] });
    const now = this.engine.now();
    const facts = await this.transitionFacts(doc, input, now);
    return this.save(doc, decideTransition(now, doc, actor, input, facts), now);
  }

  /**
   * Links the complaint to another case (e.g. the lex Sarah report it gave rise to): both stay what they are, the
   * complaint is still answered as a complaint. Idempotent; audited as `linked`.
   */
  async linkCase(caseId: string, otherCaseId: string, otherNumber: string, actor: Actor): Promise<SynpunktDoc> {
    const doc = await this.load(caseId);
    if ((doc.linkedCaseIds ?? []).includes(otherCaseId)) return doc;
    const now = this.engine.now();
    return (await this.save(doc, decideLink(doc, { caseId: otherCaseId, number: otherNumber }, actor, now), now)).case;
  }

  async viewDetails(caseId: string, actor: Actor): Promise<{ case: SynpunktDoc; details: SynpunktDetails; summary: CaseSummary }> {
    const { doc, summary } = await this.openDetails(caseId, actor, () => this.handlerRoles());
    return { case: doc, details: doc.details, summary };
  }

  /* ---------- what the decisions need from the organisation ---------- */

  private async registrationFacts(input: ParsedSynpunktRegistration): Promise<RegistrationFacts> {
    const { directory, settings } = this.deps;
    const to = await routeCase(directory, input.unitId, { handlers: [ownerRole(settings)], watchers: [settings.roles.registrator], fallback: settings.roles.fallback });
    return { ...to, answerDueAt: this.answerDue(input.receivedAt) };
  }

  private async transitionFacts(doc: SynpunktDoc, input: SynpunktTransition, now: Date): Promise<SynpunktTransitionFacts> {
    const { directory, settings } = this.deps;
    if (input.action === 'forward' && input.unitId !== doc.unitId) {
      return { forward: await routeCase(directory, input.unitId, { handlers: [ownerRole(settings)], fallback: settings.roles.fallback }) };
    }
    if (input.action === 'escalate') {
      const delegation = await directory.holdersOf(settings.roles.complaintDelegation, doc.unitId);
      const fallback = delegation.length ? delegation : await directory.holdersOf(settings.roles.fallback, doc.unitId);
      const people = fallback.length ? fallback : await directory.admins();
      return { escalateTo: people.map((p) => p.id), ...(doc.status === 'besvarad' ? { newAnswerDue: this.answerDue(now) } : {}) };
    }
    return {};
  }
}
