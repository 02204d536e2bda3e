import { z } from 'zod';
import { ActionIds } from '../action-ids.js';
import type { AvvikelseService } from '../avvikelser/flows.js';
import { ivoPacketSections } from '../avvikelser/ivo-packet.js';
import type { ButtonHandler, ButtonPlace, ChatPeople, ChatUser, FormBase, FormFlow, Reply, SubjectHandlers } from '../chat.js';
import { message } from '../chat.js';
import type { Clock } from '../clock.js';
import { AppError, isAppError } from '../errors.js';
import type { SynpunktService } from '../synpunkter/flows.js';
import type { MessageView } from '../view.js';
import { caseTexts } from './messages.js';
import { caseCardView, myCasesView, transitionResultView } from './messaging.js';
import { listMyCases } from './my-cases.js';
import { unitChoices } from './routing.js';
import type { AuditStore, CaseStore } from './ports.js';
import type { CaseKind, StoredCase } from './types.js';

/** What a transition dialog says about its case (the form shows it; cards/forms/case-transition.ts renders it). */
export interface TransitionHints {
  caseNumber?: string;
  caseType?: string;
  /** The IVO packet of a lex case, one line per section, unclipped (the renderer fits them to the channel). */
  ivoPacket?: string[];
}

export interface TransitionFormBase extends FormBase {
  hints: TransitionHints;
}

/** What `viewDetails` of either service returns; shown only in a dialog. */
export type CaseDetails = Awaited<ReturnType<AvvikelseService['viewDetails']>> | Awaited<ReturnType<SynpunktService['viewDetails']>>;

export interface CaseHandlerDeps {
  avvikelser: AvvikelseService;
  synpunkter: SynpunktService;
  store: CaseStore;
  audit: AuditStore;
  people: ChatPeople;
  clock: Clock;
  /** The details dialog's view (free text and contact details, fitted to both channels' limits). */
  detailsView: (details: CaseDetails, options: { canAnswerSupplement: boolean }) => MessageView;
  /** Whether a status change needs input first (its form exists), by case kind and action. */
  transitionNeedsForm: (kind: CaseKind, action: string) => boolean;
  /** "This complaint sounds like lex Sarah/Maria": the kind and the notice, or undefined. */
  lexSignal: (text: string) => { kind: 'lex_sarah' | 'lex_maria'; notice: string } | undefined;
}

/** Form ids this subject serves (the definitions in cards/forms carry the same ids). */
export const CaseFormIds = {
  avvikelse: 'avvikelse',
  synpunkt: 'synpunkt',
  supplement: 'avvikelse.supplement',
} as const;

/** The form id of a status change that needs input: `<kind>.<action>`. */
export const transitionFormId = (kind: CaseKind, action: string): string => `${kind}.${action}`;

/** What a case button carries. Only references: the server re-reads the case and re-checks the user. */
export interface CaseActionRequest {
  kind: CaseKind;
  caseId: string;
  action?: string;
  /** The status the card showed; a click on an outdated card is refused. */
  expectedStatus?: string;
}

const requestData = z.object({
  caseId: z.string().min(1).max(100),
  action: z.string().regex(/^[a-z_]{1,40}$/).optional(),
  s: z.string().max(40).optional(),
});

const kindOf: Record<string, { kind: CaseKind; op: 'view' | 'transition' }> = {
  [ActionIds.avvikelseView]: { kind: 'avvikelse', op: 'view' },
  [ActionIds.avvikelseTransition]: { kind: 'avvikelse', op: 'transition' },
  [ActionIds.synpunktView]: { kind: 'synpunkt', op: 'view' },
  [ActionIds.synpunktTransition]: { kind: 'synpunkt', op: 'transition' },
};

/** Reads a case button's action id and data; undefined when it is not a case action or the data is malformed. */
export function parseCaseAction(actionId: string, data: unknown): (CaseActionRequest & { op: 'view' | 'transition' }) | undefined {
  const target = kindOf[actionId];
  if (!target) return undefined;
  const parsed = requestData.safeParse(data);
  if (!parsed.success) return undefined;
  if (target.op === 'transition' && !parsed.data.action) return undefined;
  return {
    kind: target.kind,
    op: target.op,
    caseId: parsed.data.caseId,
    ...(parsed.data.action ? { action: parsed.data.action } : {}),
    ...(parsed.data.s ? { expectedStatus: parsed.data.s } : {}),
  };
}

/** A requested supplement this person (the reporter) has not answered yet. */
function awaitsSupplementFrom(doc: Pick<StoredCase, 'kind' | 'status' | 'reporter'> & { supplementRequestedAt?: unknown }, personId: string): boolean {
  return doc.kind === 'avvikelse' && doc.status !== 'avslutad' && doc.reporter.personId === personId && doc.supplementRequestedAt instanceof Date;
}

const staleButton: MessageView = { title: 'Knappen är inaktuell', text: ['Öppna ärendet på nytt från "Mina ärenden".'], tone: 'warning' };
/** A details button pressed where the details must not be shown (the chat, a card replaced in place). */
const detailsOnlyInDialog: Reply = { kind: 'refused', text: 'Ärendets detaljer visas bara i ett dialogfönster, aldrig i chatten. Använd knappen "Visa detaljer" på ärendekortet.' };

/**
 * Handling cases in chat: reporting (avvikelse, synpunkt), details, status changes (with or without a dialog),
 * the reporter's supplement, "mina ärenden", a typed number.
 */
export class CaseHandlers {
  constructor(private readonly deps: CaseHandlerDeps) {}

  private service(kind: CaseKind) {
    return kind === 'avvikelse' ? this.deps.avvikelser : this.deps.synpunkter;
  }

  /** Units to choose from (value = unit id), and the user's own unit preselected. */
  unitBase(user: ChatUser): Promise<FormBase> {
    return unitChoices(this.deps.people, user, this.deps.clock.now());
  }

  /** The details dialog: fetched now, authorised by the service, the view logged in the audit trail. */
  async details(req: CaseActionRequest, user: ChatUser): Promise<MessageView> {
    const actor = await this.deps.people.actorFor(user);
    const result = await this.service(req.kind).viewDetails(req.caseId, actor);
    return this.deps.detailsView(result, { canAnswerSupplement: awaitsSupplementFrom(result.case, actor.id) });
  }

  /**
   * A case typed by its number. Only someone who may see the case gets it (handler, reporter, watcher, admin); for
   * anyone else it does not exist, so a number cannot be probed. The opening is audited.
   */
  async openByNumber(number: string, user: ChatUser): Promise<MessageView> {
    const actor = await this.deps.people.actorFor(user);
    const stored = await this.deps.store.getByNumber(number);
    if (!stored) throw new AppError('cases.number_not_found', { number });
    const roles = stored.kind === 'avvikelse' ? this.deps.avvikelser.handlerRoles(stored.type as never) : this.deps.synpunkter.handlerRoles();
    const engine = this.deps.avvikelser.engine;
    if (!(await engine.mayView(stored, actor, roles))) throw new AppError('cases.number_not_found', { number });
    const now = this.deps.clock.now();
    await this.deps.audit.append({
      _id: `${stored._id}:open:${engine.newId()}`,
      caseId: stored._id,
      caseNumber: stored.number,
      at: now,
      actorId: actor.id,
      actorName: actor.name,
      action: 'summary.opened',
    });
    const forHandler = await engine.mayHandle(stored, actor, roles);
    const summary = stored.kind === 'avvikelse' ? this.deps.avvikelser.summarize(stored, now, forHandler) : this.deps.synpunkter.summarize(stored, now, forHandler);
    return caseCardView(summary, { canAnswerSupplement: awaitsSupplementFrom(stored, actor.id) });
  }

  /** The reporter's answer to "Begär komplettering" (avvikelser), opened from the request or the details dialog. */
  supplementFlow(): FormFlow<{ answer: string }> {
    return {
      context: async () => ({ now: this.deps.clock.now() }),
      contextFromAction: (data) => {
        const parsed = requestData.pick({ caseId: true }).safeParse(data);
        return parsed.success ? { caseId: parsed.data.caseId } : undefined;
      },
      submit: async (values, meta, user) => {
        const caseId = meta.context.caseId;
        if (!caseId) throw new AppError('common.invalid_payload');
        const actor = await this.deps.people.actorFor(user);
        const result = await this.deps.avvikelser.supplement(caseId, actor, values.answer);
        const t = caseTexts.sv;
        const view: MessageView = { title: t.supplementSentTitle(result.case.number), text: [t.supplementSentText], tone: 'good' };
        return { view, summary: view.title };
      },
    };
  }

  /**
   * The dialog of a status change that needs input, found again from its form id (`<kind>.<action>`) and the
   * references it was opened with; undefined for any other form id.
   */
  transitionFlow(formId: string, context: Record<string, string>): FormFlow<Record<string, unknown>, TransitionFormBase> | undefined {
    const [kind, action, ...rest] = formId.split('.');
    if ((kind !== 'avvikelse' && kind !== 'synpunkt') || !action || rest.length || !this.deps.transitionNeedsForm(kind, action)) return undefined;
    const caseId = context.caseId;
    if (!caseId) return undefined;
    const req: CaseActionRequest = { kind, caseId, action };
    return {
      context: async (user) => ({ ...(await this.unitBase(user)), hints: await this.transitionHints(req, user) }),
      submit: async (values, meta, user) => {
        if (!meta.context.caseId || meta.context.action !== action) throw new AppError('common.invalid_payload');
        const target = { ...req, caseId: meta.context.caseId, ...(meta.context.s ? { expectedStatus: meta.context.s } : {}) };
        try {
          const view = await this.transition(target, values, user);
          return { view, summary: view.title };
        } catch (error) {
          // A resend after "could not confirm" finds the case already moved — by this very change. That is success.
          const done = isAppError(error) && error.code === 'cases.stale' ? await this.ownChangeJustMade(target, user) : undefined;
          if (!done) throw error;
          return { view: done, summary: done.title };
        }
      },
    };
  }

  /**
   * What a transition dialog says about its case: number and type for someone allowed to see the case, and in the
   * "Anmäld till IVO" dialog of a lex case the IVO packet (authorised and audited by the service).
   */
  private async transitionHints(req: CaseActionRequest, user: ChatUser): Promise<TransitionHints> {
    if (req.kind !== 'avvikelse') return {};
    const actor = await this.deps.people.actorFor(user);
    const doc = await this.deps.avvikelser.get(req.caseId);
    if (!(await this.deps.avvikelser.engine.mayView(doc, actor, this.deps.avvikelser.handlerRoles(doc.type)))) return {};
    const hints: TransitionHints = { caseNumber: doc.number, caseType: doc.type };
    if (req.action !== 'report_ivo' || !doc.lex) return hints;
    const packet = await this.deps.avvikelser.ivoPacket(req.caseId, actor);
    return { ...hints, ivoPacket: [`${packet.title}. Lagrum: ${packet.legalBasis}`, ...ivoPacketSections(packet, 'plain')] };
  }

  /** The result view when the latest change of the case is this user's `action`, made in the last few minutes. */
  private async ownChangeJustMade(req: CaseActionRequest, user: ChatUser): Promise<MessageView | undefined> {
    const actor = await this.deps.people.actorFor(user);
    const latest = (await this.deps.audit.listForCase(req.caseId)).filter((e) => e.action.startsWith('transition.')).at(-1);
    const recent = latest && this.deps.clock.now().getTime() - latest.at.getTime() < 5 * 60_000;
    if (!latest || !recent || latest.actorId !== actor.id || latest.action !== `transition.${req.action}`) return undefined;
    const doc = await this.service(req.kind).get(req.caseId);
    return transitionResultView(this.service(req.kind).summarize(doc, this.deps.clock.now(), true));
  }

  async transition(req: CaseActionRequest, input: Record<string, unknown>, user: ChatUser): Promise<MessageView> {
    const actor = await this.deps.people.actorFor(user);
    const expected = req.expectedStatus ? { status: req.expectedStatus } : {};
    const result = await this.service(req.kind).transition(req.caseId, actor, { ...input, action: req.action }, expected);
    return result.view ?? transitionResultView(result.summary);
  }

  async myCases(user: ChatUser): Promise<MessageView> {
    const actor = await this.deps.people.actorFor(user);
    const cases = await listMyCases(
      {
        store: this.deps.store,
        clock: this.deps.clock,
        summarize: {
          avvikelse: (doc, now, forHandler) => this.deps.avvikelser.summarize(doc, now, forHandler),
          synpunkt: (doc, now, forHandler) => this.deps.synpunkter.summarize(doc, now, forHandler),
        },
      },
      actor,
    );
    return myCasesView(cases);
  }

  /**
   * A case button (details or status change), in a card or inside a dialog. Details are shown only in a dialog; an
   * action that needs input opens its form; an immediate status change answers with its result.
   */
  private async caseButton(actionId: string, data: Record<string, unknown>, user: ChatUser, place: ButtonPlace): Promise<Reply> {
    const req = parseCaseAction(actionId, data);
    if (!req) return message(staleButton);
    if (req.op === 'view') return place === 'dialog' ? { kind: 'details', view: await this.details(req, user) } : detailsOnlyInDialog;
    if (place !== 'chat' && this.deps.transitionNeedsForm(req.kind, req.action!)) {
      return { kind: 'form', formId: transitionFormId(req.kind, req.action!), context: { caseId: req.caseId, action: req.action!, ...(req.expectedStatus ? { s: req.expectedStatus } : {}) } };
    }
    return message(await this.transition(req, {}, user));
  }

  handlers(): SubjectHandlers {
    const buttons: Record<string, ButtonHandler> = {};
    for (const id of Object.keys(kindOf)) buttons[id] = (data, user, place) => this.caseButton(id, data, user, place);
    return {
      buttons,
      intents: {
        myCases: (_intent, user) => this.myCases(user),
        openCase: (intent, user) => this.openByNumber(intent.number, user),
      },
      forms: {
        [CaseFormIds.avvikelse]: { flow: this.deps.avvikelser.reportForm(this.deps.people), openedBy: [ActionIds.avvikelseOpen] },
        [CaseFormIds.synpunkt]: { flow: this.deps.synpunkter.registrationForm({ people: this.deps.people, avvikelser: this.deps.avvikelser, lexSignal: this.deps.lexSignal }), openedBy: [ActionIds.synpunktOpen] },
        [CaseFormIds.supplement]: { flow: this.supplementFlow(), openedBy: [ActionIds.avvikelseSupplement] },
      },
      formFor: (formId, context) => this.transitionFlow(formId, context),
    };
  }
}
