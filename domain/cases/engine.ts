/**
 * The shared half of both kinds' flows: a decision's notices made into effects, the receipt, the versioned change,
 * and the authorisation from stored data. The case store (storage/cases.ts) numbers, writes and carries out the
 * effects. `CaseFlows` is the base of `AvvikelseService` and `SynpunktService` (their `flows.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { MessageView } from '../view.js';
import { swedishWorkingCalendar } from './calendar.js';
import { receiptView, transitionResultView } from './messaging.js';
import type { AuditStore, CaseStore, CaseWrite, CaseDirectory, WorkingCalendar } from './ports.js';
import { parseCaseDoc, type CaseDecision, type NewCaseDecision } from './service.js';
import type { CaseSettings } from './settings.js';
import type { CaseSummary } from './summary.js';
import type { Actor, CaseEffect, CaseKind, CaseNotice, StoredCase } from './types.js';

export interface CaseEngineDeps {
  store: CaseStore;
  audit: AuditStore;
  directory: CaseDirectory;
  clock: Clock;
  newId?: () => string;
}

/** Shared machinery of avvikelser and synpunkter: loading, authorisation from stored data, audited views. */
export class CaseEngine {
  readonly newId: () => string;
  constructor(readonly deps: CaseEngineDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  async load(caseId: string): Promise<StoredCase> {
    const doc = await this.deps.store.get(caseId);
    if (!doc) throw new AppError('cases.not_found', { caseId });
    return doc;
  }

  /** Handler of the stored case, holder of one of `roles` for its unit (nearest up the tree), or admin. */
  async mayHandle(doc: StoredCase, actor: Actor, roles: string[]): Promise<boolean> {
    if (doc.handlerIds.includes(actor.id)) return true;
    for (const role of roles) {
      const holders = await this.deps.directory.holdersOf(role, doc.unitId);
      if (holders.some((h) => h.id === actor.id)) return true;
    }
    return this.deps.directory.isAdmin(actor);
  }

  async mayView(doc: StoredCase, actor: Actor, roles: string[]): Promise<boolean> {
    if (doc.reporter.personId === actor.id || doc.watcherIds.includes(actor.id)) return true;
    return this.mayHandle(doc, actor, roles);
  }

  async requireHandler(doc: StoredCase, actor: Actor, roles: string[]): Promise<void> {
    if (!(await this.mayHandle(doc, actor, roles))) throw new AppError('cases.forbidden', { number: doc.number });
  }

  /**
   * The free text of a case, for someone allowed to see it, and only after the view is in the audit trail
   * (no audit entry, no details).
   */
  async viewDetails(doc: StoredCase, actor: Actor, roles: string[]): Promise<{ case: StoredCase; details: Record<string, unknown> }> {
    if (!(await this.mayView(doc, actor, roles))) throw new AppError('cases.forbidden_view', { number: doc.number });
    await this.deps.audit.append({
      _id: `${doc._id}:view:${this.newId()}`,
      caseId: doc._id,
      caseNumber: doc.number,
      at: this.now(),
      actorId: actor.id,
      actorName: actor.name,
      action: 'details.viewed',
    });
    return { case: doc, details: doc.details };
  }
}

/** The notifications of a change, one per recipient; ids derive from case + version so a replay is a no-op. */
export function notifyEffects(caseId: string, version: number, kind: string, recipientIds: string[], message: MessageView): CaseEffect[] {
  return [...new Set(recipientIds)].map((recipient) => ({
    id: `${caseId}:${version}:notify:${kind}:${recipient}`,
    type: 'notify' as const,
    request: { dedupeKey: `case:${caseId}:${version}:${kind}:${recipient}`, recipientPersonId: recipient, message, kind },
  }));
}


export interface CaseFlowDeps extends CaseEngineDeps {
  /** Defaults to the Swedish working calendar. */
  calendar?: WorkingCalendar;
  settings: CaseSettings;
}

/** What a use case returns to the handler: the case as saved, its chat-safe summary and the view for the actor. */
export interface CaseResult<D> {
  case: D;
  summary: CaseSummary;
  /** What to show the acting user (receipt or new state). */
  view: MessageView;
  created: boolean;
  effectsPending: boolean;
}

type CaseSchema<D> = Parameters<typeof parseCaseDoc<D>>[0];

/** What makes a kind a kind: its stored schema, its decisions on what it allows, and how it looks in the chat. */
export interface CaseKindSpec<D, About, Action extends string> {
  kind: CaseKind;
  schema: CaseSchema<D>;
  allowedActions: (doc: D) => Action[];
  /** The chat-safe summary of a stored case (for cards and lists). */
  summarize: (stored: StoredCase | D, now: Date, forHandler: boolean) => CaseSummary;
  /** The view of one message a decision asked for, made from the case after the change. */
  noticeView: (about: About, next: D, now: Date) => MessageView;
  /** Each status's label, e.g. `ny` → "Ny". */
  statusLabels: Readonly<Record<string, string>>;
}

/** A kind's spec from its parts, in the order a reader meets them: stored as, decides, looks. */
export function caseKind<D, About, Action extends string>(
  kind: CaseKind,
  schema: CaseSchema<D>,
  allowedActions: (doc: D) => Action[],
  views: Pick<CaseKindSpec<D, About, Action>, 'summarize' | 'noticeView' | 'statusLabels'>,
): CaseKindSpec<D, About, Action> {
  return { kind, schema, allowedActions, ...views };
}

/**
 * The part of a kind's use cases that is the same for both: load and parse, save a decision (its notices made into
 * views of the case as it stands after the change), and answer with the receipt or the new state.
 */
export abstract class CaseFlows<D extends StoredCase, About, Action extends string> {
  readonly engine: CaseEngine;
  protected readonly calendar: WorkingCalendar;

  protected constructor(
    protected readonly deps: CaseFlowDeps,
    private readonly spec: CaseKindSpec<D, About, Action>,
  ) {
    this.engine = new CaseEngine(deps);
    this.calendar = deps.calendar ?? swedishWorkingCalendar;
  }

  /** Actions the stored status allows. */
  allowedActions(doc: D): Action[] {
    return this.spec.allowedActions(doc);
  }

  /** The chat-safe summary of a stored case (for cards and lists). */
  summarize(stored: StoredCase | D, now: Date, forHandler: boolean): CaseSummary {
    return this.spec.summarize(stored, now, forHandler);
  }

  protected statusLabel(status: string): string {
    return this.spec.statusLabels[status] ?? status;
  }

  async get(caseId: string): Promise<D> {
    return this.load(caseId);
  }

  protected parse(stored: StoredCase): D {
    return parseCaseDoc(this.spec.schema, stored);
  }

  protected load(caseId: string): Promise<D> {
    return loadCaseOfKind(this.deps.store, caseId, this.spec.kind, this.spec.schema);
  }

  /**
   * A case's details for someone allowed to see them, audited first (no audit entry, no details); `forHandler`
   * says whether the viewer may also act on it.
   */
  protected async openDetails(caseId: string, actor: Actor, roles: (doc: D) => string[]): Promise<{ doc: D; forHandler: boolean; summary: CaseSummary }> {
    const doc = await this.load(caseId);
    const handlers = roles(doc);
    await this.engine.viewDetails(doc, actor, handlers);
    const forHandler = await this.engine.mayHandle(doc, actor, handlers);
    return { doc, forHandler, summary: this.summarize(doc, this.engine.now(), forHandler) };
  }

  /** A decision's effects and its notices as outbox entries of `doc` at `version`. */
  protected outbox(doc: D, version: number, decision: Pick<CaseDecision<About>, 'effects' | 'notices'>, now: Date): CaseEffect[] {
    const notices = decision.notices.filter((n: CaseNotice<About>) => n.to.length > 0);
    return [...decision.effects, ...notices.flatMap((n) => notifyEffects(doc._id, version, n.kind, n.to, this.spec.noticeView(n.about, doc, now)))];
  }

  /** A new case as decided, its effects and its notices (as views of the new case) in its outbox. */
  protected withEffects(decision: NewCaseDecision<D, About>, now: Date): StoredCase {
    const { doc, ...rest } = decision;
    return { ...doc, outbox: this.outbox(doc, 1, rest, now) };
  }

  /**
   * A submission seen before (same reporter, same token) is answered with its receipt; otherwise the facts the new
   * case needs. The repeat check reads the database, the facts come from the organisation: independent, so both
   * at once — and a failed lookup counts only when the submission is new (a repeat is answered even if its unit has
   * since gone from the organisation).
   */
  protected async repeatOr<F>(reporterId: string, token: string, lookUp: () => Promise<F>): Promise<{ repeat: CaseResult<D> } | { facts: F }> {
    const [repeat, facts] = await Promise.all([this.deps.store.repeatOf(reporterId, token), lookUp().then((value) => ({ value }), (error: unknown) => ({ error }))]);
    if (repeat) return { repeat: this.receipt(repeat) };
    if ('error' in facts) throw facts.error;
    return { facts: facts.value };
  }

  /** Saves a decision on `doc` (only if nobody changed it meanwhile, else `cases.stale`); storage carries its effects out. */
  protected async save(doc: D, decision: CaseDecision<About>, now: Date): Promise<CaseResult<D>> {
    const v = doc.version + 1;
    const next = { ...doc, ...decision.patch, version: v } as D;
    const changed = await this.deps.store.change(doc._id, doc.version, { ...decision.patch, updatedAt: this.engine.now() }, this.outbox(next, v, decision, now));
    if (!changed) {
      const current = await this.deps.store.get(doc._id);
      throw new AppError('cases.stale', { number: doc.number, status: this.statusLabel(current?.status ?? doc.status) });
    }
    return this.result(changed, 'result');
  }

  /** The receipt of a new case (or of its repeat): the chat-safe summary, who was told and whose message waits. */
  protected receipt(write: CaseWrite): CaseResult<D> {
    return this.result(write, 'receipt');
  }

  private result(write: CaseWrite, view: 'receipt' | 'result'): CaseResult<D> {
    const doc = this.parse(write.case);
    const summary = this.summarize(doc, this.engine.now(), view === 'result');
    return {
      case: doc,
      summary,
      view: view === 'receipt' ? receiptView(summary, write.effectsPending, write.notified) : transitionResultView(summary),
      created: write.created,
      effectsPending: write.effectsPending,
    };
  }
}

/** Loads a case of one kind; another kind or a missing case is "not found". */
export async function loadCaseOfKind<T>(
  store: CaseStore,
  caseId: string,
  kind: StoredCase['kind'],
  schema: Parameters<typeof parseCaseDoc<T>>[0],
): Promise<T> {
  const stored = await store.get(caseId);
  if (!stored || stored.kind !== kind) throw new AppError('cases.not_found', { caseId });
  return parseCaseDoc(schema, stored);
}
