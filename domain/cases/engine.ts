import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { MessageView } from '../view.js';
import { formatCaseNumber, stockholmPeriod } from './numbering.js';
import type { AuditStore, CaseStore, DeadlineSink, Directory, Notifier } from './ports.js';
import type { Actor, AuditEntry, CaseDeadlines, CaseEffect, DeadlineKind, NotifyOutcome, StoredCase, Unit } from './types.js';
import './errors.js';

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
    // their order (a cancel of all, then a new one, must not be swapped).
    const isDeadline = (e: CaseEffect) => e.type === 'deadline.upsert' || e.type === 'deadline.cancel';
    const deadlineChanges = effects.filter(isDeadline);
    await Promise.all([
      ...effects.filter((e) => !isDeadline(e)).map(run),
      (async () => {
        for (const effect of deadlineChanges) await run(effect);
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
  async viewDetails(caseId: string, actor: Actor, roles: string[]): Promise<{ case: StoredCase; details: Record<string, unknown> }> {
    const doc = await this.load(caseId);
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

/* ---------- effect builders: ids derive from case + version so a replay is a no-op ---------- */

export function auditEffect(
  doc: Pick<StoredCase, '_id' | 'number'>,
  version: number,
  actor: Pick<Actor, 'id' | 'name'>,
  at: Date,
  action: string,
  extra: Pick<AuditEntry, 'fromStatus' | 'toStatus' | 'data'> = {},
): CaseEffect {
  const entry: AuditEntry = {
    _id: `${doc._id}:${version}`,
    caseId: doc._id,
    caseNumber: doc.number,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    ...(extra.fromStatus !== undefined ? { fromStatus: extra.fromStatus } : {}),
    ...(extra.toStatus !== undefined ? { toStatus: extra.toStatus } : {}),
    ...(extra.data !== undefined ? { data: extra.data } : {}),
  };
  return { id: `${doc._id}:${version}:audit`, type: 'audit', entry };
}

export function notifyEffects(caseId: string, version: number, kind: string, recipientIds: string[], message: MessageView): CaseEffect[] {
  return [...new Set(recipientIds)].map((recipient) => ({
    id: `${caseId}:${version}:notify:${kind}:${recipient}`,
    type: 'notify' as const,
    request: { dedupeKey: `case:${caseId}:${version}:${kind}:${recipient}`, recipientPersonId: recipient, message, kind },
  }));
}

export function deadlineUpsertEffect(doc: Pick<StoredCase, '_id' | 'number'>, version: number, kind: DeadlineKind, dueAt: Date, recipients: string[]): CaseEffect {
  return {
    id: `${doc._id}:${version}:deadline:${kind}`,
    type: 'deadline.upsert',
    deadline: { caseId: doc._id, caseNumber: doc.number, kind, dueAt, recipients: [...new Set(recipients)] },
  };
}

export function deadlineCancelEffect(caseId: string, version: number, kind?: DeadlineKind): CaseEffect {
  return { id: `${caseId}:${version}:deadline-cancel:${kind ?? 'all'}`, type: 'deadline.cancel', caseId, ...(kind ? { kind } : {}) };
}

/** The earliest deadline still set, or null. */
export function nextDue(deadlines: CaseDeadlines): Date | null {
  const times = Object.values(deadlines).filter((d): d is Date => d instanceof Date);
  if (times.length === 0) return null;
  return new Date(Math.min(...times.map((d) => d.getTime())));
}

export function isOverdue(doc: Pick<StoredCase, 'nextDueAt' | 'closedAt'>, now: Date): boolean {
  return !doc.closedAt && doc.nextDueAt !== null && doc.nextDueAt.getTime() < now.getTime();
}

/** The fields every new case starts with: status Ny, version 1, the unit and its path, the reporter, the token. */
export function newCaseBase(args: { unit: Pick<Unit, 'id' | 'name'>; path: string[]; actor: Actor; token: string; now: Date }) {
  const { unit, path, actor, token, now } = args;
  return {
    status: 'ny' as const,
    version: 1,
    unitId: unit.id,
    unitName: unit.name,
    unitPath: path,
    reporter: {
      personId: actor.id,
      name: actor.name,
      ...(actor.email ? { email: actor.email } : {}),
      ...(actor.channel ? { channel: actor.channel } : {}),
      ...(actor.channelUserId ? { channelUserId: actor.channelUserId } : {}),
    },
    idempotencyToken: token,
    createdAt: now,
    updatedAt: now,
  };
}

/** A stored case read back through its kind's schema; a document that does not fit is reported, never used. */
export function parseCaseDoc<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } }, stored: StoredCase): T {
  const parsed = schema.safeParse(stored);
  if (!parsed.success) throw new AppError('cases.corrupt_document', {}, { cause: parsed.error });
  return parsed.data;
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
