import { z } from 'zod';
import { caseCardView, myCasesView } from '../../../domain/cases/messaging.js';
import { supplementForm, type SupplementValues } from '../../../cards/forms/case-supplement.js';
import { caseTexts } from '../../../domain/cases/messages.js';
import type { StoredCase } from '../../../domain/cases/types.js';
import { transitionResultView } from '../../../domain/cases/messaging.js';
import { caseDetailsView, clipText, DETAIL_TEXT_MAX } from '../../../cards/case-details.js';
import { transitionFormContext, transitionFormFor, type TransitionHints } from '../../../cards/forms/case-transition.js';
import { ivoPacketSections } from '../../../domain/avvikelser/ivo-packet.js';
import { ActionIds } from '../../../domain/action-ids.js';
import type { MessageView } from '../../../domain/view.js';
import type { AvvikelseService } from '../../../domain/avvikelser/service.js';
import type { Clock } from '../../../domain/clock.js';
import { listMyCases } from '../../../domain/cases/my-cases.js';
import type { AuditStore, CaseStore } from '../../../domain/cases/ports.js';
import type { CaseKind } from '../../../domain/cases/types.js';
import { AppError, isAppError } from '../../../domain/errors.js';
import type { SynpunktService } from '../../../domain/synpunkter/service.js';
import type { People } from '../../../wiring/people.js';
import type { HostedForm } from '../forms.js';
import type { ChatUser } from '../../../domain/chat.js';
import { unitContext } from './case-forms.js';

export interface CaseActionDeps {
  avvikelser: AvvikelseService;
  synpunkter: SynpunktService;
  store: CaseStore;
  audit: AuditStore;
  people: People;
  clock: Clock;
}

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

export const CASE_ACTION_IDS = Object.keys(kindOf);

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

/** Handling cases in chat: details, status changes (with or without a dialog), "mina ärenden", a typed number. */
export class CaseActions {
  constructor(private readonly deps: CaseActionDeps) {}

  private service(kind: CaseKind) {
    return kind === 'avvikelse' ? this.deps.avvikelser : this.deps.synpunkter;
  }

  /** The details dialog: fetched now, authorised by the service, the view logged in the audit trail. */
  async details(req: CaseActionRequest, user: ChatUser): Promise<MessageView> {
    const actor = await this.deps.people.actorFor(user);
    const result = await this.service(req.kind).viewDetails(req.caseId, actor);
    return caseDetailsView(result as never, { canAnswerSupplement: awaitsSupplementFrom(result.case, actor.id) });
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
    const summary = stored.kind === 'avvikelse' ? this.deps.avvikelser.summarize(stored, now, forHandler) : this.deps.synpunkter.summarize(stored as never, now, forHandler);
    return caseCardView(summary, { canAnswerSupplement: awaitsSupplementFrom(stored, actor.id) });
  }

  /** The reporter's answer to "Begär komplettering" (avvikelser), opened from the request or the details dialog. */
  supplementForm(): HostedForm<SupplementValues> {
    return {
      definition: supplementForm,
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

  /** The dialog for an action that needs input, or undefined when the action can run at once. */
  transitionForm(req: CaseActionRequest): HostedForm<Record<string, unknown>> | undefined {
    if (!req.action) return undefined;
    const definition = transitionFormFor(req.kind, req.action);
    if (!definition) return undefined;
    return {
      definition: definition as never,
      context: async (user) => transitionFormContext(await unitContext(this.deps, user), await this.transitionHints(req, user)),
      submit: async (values, meta, user) => {
        const caseId = meta.context.caseId;
        const action = meta.context.action;
        if (!caseId || !action) throw new AppError('common.invalid_payload');
        const target = { kind: req.kind, caseId, action, ...(meta.context.s ? { expectedStatus: meta.context.s } : {}) };
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
    if (!(await this.deps.avvikelser.engine.mayView(doc as never, actor, this.deps.avvikelser.handlerRoles(doc.type)))) return {};
    const hints: TransitionHints = { caseNumber: doc.number, caseType: doc.type };
    if (req.action !== 'report_ivo' || !doc.lex) return hints;
    const packet = await this.deps.avvikelser.ivoPacket(req.caseId, actor);
    return { ...hints, ivoPacket: [`${packet.title}. Lagrum: ${packet.legalBasis}`, ...ivoPacketSections(packet, 'plain')].map((s) => clipText(s, DETAIL_TEXT_MAX).text) };
  }

  /** The result view when the latest change of the case is this user's `action`, made in the last few minutes. */
  private async ownChangeJustMade(req: CaseActionRequest, user: ChatUser): Promise<MessageView | undefined> {
    const actor = await this.deps.people.actorFor(user);
    const latest = (await this.deps.audit.listForCase(req.caseId)).filter((e) => e.action.startsWith('transition.')).at(-1);
    const recent = latest && this.deps.clock.now().getTime() - latest.at.getTime() < 5 * 60_000;
    if (!latest || !recent || latest.actorId !== actor.id || latest.action !== `transition.${req.action}`) return undefined;
    const doc = await this.service(req.kind).get(req.caseId);
    return transitionResultView(this.service(req.kind).summarize(doc as never, this.deps.clock.now(), true));
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
          avvikelse: (doc, now, forHandler) => this.deps.avvikelser.summarize(doc as never, now, forHandler),
          synpunkt: (doc, now, forHandler) => this.deps.synpunkter.summarize(doc, now, forHandler),
        },
      },
      actor,
    );
    return myCasesView(cases);
  }
}
