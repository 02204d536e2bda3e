/**
 * The shared half of both kinds' flows: numbering, idempotent create, versioned change, the outbox that carries the
 * effects out (audit entry, notifications, deadlines), and the authorisation from stored data. `CaseFlows` is the
 * base of `AvvikelseService` and `SynpunktService` (their `flows.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { MessageView } from '../view.js';
import { swedishWorkingCalendar } from './calendar.js';
import { receiptView, transitionResultView } from './messaging.js';
import { formatCaseNumber, stockholmPeriod } from './numbering.js';
import type { AuditStore, CaseStore, DeadlineSink, Directory, Notifier, WorkingCalendar } from './ports.js';
import { parseCaseDoc, type CaseDecision, type NewCaseDecision, type NewCaseIds } from './service.js';
import type { CaseSettings } from './settings.js';
import type { CaseSummary } from './summary.js';
import type { Actor, CaseEffect, CaseKind, CaseNotice, NotifyOutcome, StoredCase } from './types.js';

export interface CaseEngineDeps {
  store: CaseStore;
  audit: AuditStore;
  notifier: Notifier;
  deadlines: DeadlineSink;
  directory: Directory;
  clock: Clock;
  newId?: () => string;
  /** Called when a side effect fails (it stays in the outbox and is retried). Log it; no personal data in `error`. */
  onEffectError?: (effect: CaseEffect, error: unknown) => void;
}

export interface WriteResult<C> {
  case: C;
  /** False on an idempotent repeat (same reporter + token). */
  created: boolean;
  /** True when notifications/deadlines could not all be handed over yet; `flushPending` retries them. */
  effectsPending: boolean;
  /** The notifications handed over by this write: who was addressed, whose message waits for an address. */
  notified: NotifyOutcome[];
}

/** Shared machinery of avvikelser and synpunkter: numbering, idempotent create, versioned change, outbox, audit. */
export class CaseEngine {
  readonly newId: () => string;
  constructor(readonly deps: CaseEngineDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /**
   * The case already stored for (reporter, token), with its pending effects re-run, or null. Call it before
   * building a new case: a retry after a crash then finishes the job instead of duplicating it.
   */
  async repeatOf(reporterId: string, token: string): Promise<WriteResult<StoredCase> | null> {
    const existing = await this.deps.store.findByToken(reporterId, token);
    return existing ? this.settle(existing, false) : null;
  }

  /**
   * Creates a case once per (reporter, token): the caller has checked `repeatOf` first, and the store's unique index
   * settles a race between two submissions of the same token (the second gets the stored case, `created: false`).
   */
  async create(args: {
    reporterId: string;
    token: string;
    prefix: string;
    now: Date;
    build: (id: string, number: string) => StoredCase;
  }): Promise<WriteResult<StoredCase>> {
    const { year } = stockholmPeriod(args.now);
    const seq = await this.deps.store.nextSequence(args.prefix, year);
    const doc = args.build(this.newId(), formatCaseNumber(args.prefix, year, seq));
    const { doc: saved, created } = await this.deps.store.insert(doc);
    return this.settle(saved, created);
  }

  /**
   * Applies a change only if the case is still at the version it was read at; otherwise `cases.stale`.
   * `effects` receives the new version so its ids (and the audit entry id) are unique per change.
   */
  async change(
    doc: StoredCase,
    patch: Record<string, unknown>,
    effects: (version: number) => CaseEffect[],
    statusLabel: (status: string) => string,
  ): Promise<{ case: StoredCase; effectsPending: boolean; notified: NotifyOutcome[] }> {
    const updated = await this.deps.store.update(doc._id, doc.version, { ...patch, updatedAt: this.now() }, effects(doc.version + 1));
    if (!updated) {
      const current = await this.deps.store.get(doc._id);
      throw new AppError('cases.stale', { number: doc.number, status: statusLabel(current?.status ?? doc.status) });
    }
    const settled = await this.settle(updated, false);
    return { case: settled.case, effectsPending: settled.effectsPending, notified: settled.notified };
  }

  /** Runs the outbox and returns the case as it now stands (outbox emptied when all went through). */
  private async settle(doc: StoredCase, created: boolean): Promise<WriteResult<StoredCase>> {
    const notified: NotifyOutcome[] = [];
    const remaining = await this.runEffects(doc, notified);
    return { case: { ...doc, outbox: remaining }, created, effectsPending: remaining.length > 0, notified };
  }

  /** Carries out the outbox of one case; returns true when nothing is left. Each effect is idempotent. */
  async flush(doc: StoredCase): Promise<boolean> {
    return (await this.runEffects(doc)).length === 0;
  }

  private async runEffects(doc: StoredCase, notified: NotifyOutcome[] = []): Promise<CaseEffect[]> {
    const effects = doc.outbox as CaseEffect[];
    if (effects.length === 0) return [];
    const done = new Set<string>();
    const run = async (effect: CaseEffect) => {
      try {
        switch (effect.type) {
          case 'audit':
            await this.deps.audit.append(effect.entry);
            break;
          case 'notify': {
            const outcome = await this.deps.notifier.enqueue(effect.request);
            if (outcome) notified.push(outcome);
            break;
          }
          case 'deadline.upsert':
            await this.deps.deadlines.upsertCaseDeadline(effect.deadline);
            break;
          case 'deadline.cancel':
            await this.deps.deadlines.cancelCaseDeadline(effect.caseId, effect.kind);
            break;
        }
        done.add(effect.id);
      } catch (error) {
        this.deps.onEffectError?.(effect, error);
      }
    };
    // Audit entries and notifications are independent of each other: written concurrently. Deadline changes keep
    // their order where it matters (a cancel, then a new one, must not be swapped); upserts of different kinds in a
    // row touch different reminders and go together.
    const isDeadline = (e: CaseEffect) => e.type === 'deadline.upsert' || e.type === 'deadline.cancel';
    await Promise.all([
      ...effects.filter((e) => !isDeadline(e)).map(run),
      (async () => {
        for (const group of deadlineGroups(effects.filter(isDeadline))) await Promise.all(group.map(run));
      })(),
    ]);
    try {
      if (done.size > 0) await this.deps.store.removeEffects(doc._id, [...done]);
    } catch (error) {
      // Effects stay and are replayed; every one of them is idempotent.
      this.deps.onEffectError?.(effects[0]!, error);
      return effects;
    }
    return effects.filter((e) => !done.has(e.id));
  }

  /** Replays effects left behind by a crash or an outage. Run it from the scheduler every minute or so. */
  async flushPending(limit = 100): Promise<{ cases: number; remaining: number }> {
    const docs = await this.deps.store.listWithPendingEffects(limit);
    let remaining = 0;
    for (const doc of docs) if (!(await this.flush(doc))) remaining += 1;
    return { cases: docs.length, remaining };
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

/** Deadline changes in order, in groups that may run together: a cancel alone, upserts of different kinds together. */
function deadlineGroups(changes: CaseEffect[]): CaseEffect[][] {
  const groups: CaseEffect[][] = [];
  let upserts: CaseEffect[] = [];
  const kinds = new Set<string>();
  const flush = () => {
    if (upserts.length) groups.push(upserts);
    upserts = [];
    kinds.clear();
  };
  for (const change of changes) {
    if (change.type !== 'deadline.upsert') {
      flush();
      groups.push([change]);
      continue;
    }
    if (kinds.has(change.deadline.kind)) flush();
    upserts.push(change);
    kinds.add(change.deadline.kind);
  }
  flush();
  return groups;
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

  /**
   * A submission seen before (same reporter, same token) is answered with its receipt; otherwise the facts the new
   * case needs. The repeat check reads the database, the facts come from the organisation: independent, so both
   * at once — and a failed lookup counts only when the submission is new (a repeat is answered even if its unit has
   * since gone from the organisation).
   */
  protected async repeatOr<F>(reporterId: string, token: string, lookUp: () => Promise<F>): Promise<{ repeat: CaseResult<D> } | { facts: F }> {
    const [repeat, facts] = await Promise.all([this.engine.repeatOf(reporterId, token), lookUp().then((value) => ({ value }), (error: unknown) => ({ error }))]);
    if (repeat) return { repeat: this.result(repeat, 'receipt') };
    if ('error' in facts) throw facts.error;
    return { facts: facts.value };
  }

  /**
   * Creates a case once per (reporter, token) — the caller has checked `repeatOr` first — from the decision
   * `decide` makes once the case has its id and number, and carries its effects out. Answers with the receipt.
   */
  protected async create(
    args: { reporterId: string; token: string; prefix: string; now: Date },
    decide: (ids: NewCaseIds) => NewCaseDecision<D, About>,
  ): Promise<CaseResult<D>> {
    const written = await this.engine.create({
      ...args,
      build: (id, number) => {
        const { doc, ...decision } = decide({ id, number });
        return { ...doc, outbox: this.outbox(doc, 1, decision, args.now) };
      },
    });
    return this.result(written, 'receipt');
  }

  /** Saves a decision on `doc` (only if nobody changed it meanwhile) and carries its effects out. */
  protected async save(doc: D, decision: CaseDecision<About>, now: Date): Promise<CaseResult<D>> {
    const v = doc.version + 1;
    const next = { ...doc, ...decision.patch, version: v } as D;
    const changed = await this.engine.change(doc, decision.patch, () => this.outbox(next, v, decision, now), (s) => this.statusLabel(s));
    return this.result({ case: changed.case, created: false, effectsPending: changed.effectsPending }, 'result');
  }

  protected result(write: { case: StoredCase; created: boolean; effectsPending: boolean; notified?: NotifyOutcome[] }, view: 'receipt' | 'result'): CaseResult<D> {
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
