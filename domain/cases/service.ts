/**
 * The decisions both case kinds share, pure: no I/O, no views. A kind's own `service.ts` decides its steps with
 * these; its `flows.ts` loads, calls them, saves the patch with the effects in one write and lets the engine
 * (`engine.ts`) carry the effects out.
 */
import { AppError } from '../errors.js';
import type { Actor, AuditEntry, CaseDeadlines, CaseEffect, CaseNotice, DeadlineKind, StoredCase, Unit } from './types.js';

/** Clocks on phones and servers differ a little; a date "now" must not be refused as being in the future. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function isInFuture(date: Date, now: Date): boolean {
  return date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
}

/** What a decision changes: top-level fields (undefined = remove), the effects to carry out, the messages to send. */
export interface CaseDecision<About> {
  patch: Record<string, unknown>;
  effects: CaseEffect[];
  notices: Array<CaseNotice<About>>;
}

/** A new case as decided: the document (its outbox still empty), its effects and its messages. */
export type NewCaseDecision<D, About> = { doc: D } & Pick<CaseDecision<About>, 'effects' | 'notices'>;

/** The id and number a new case gets before its document is decided. */
export interface NewCaseIds {
  id: string;
  number: string;
}

/** A closed case takes no more actions. */
export function requireOpen(doc: Pick<StoredCase, 'status' | 'number'>): void {
  if (doc.status === 'avslutad') throw new AppError('cases.closed', { number: doc.number });
}

/** The card the click came from showed this status/version; a click on an outdated card is `cases.stale`. */
export function requireCurrent(doc: Pick<StoredCase, 'status' | 'version' | 'number'>, expected: { status?: string; version?: number }, statusLabel: string): void {
  if ((expected.status !== undefined && expected.status !== doc.status) || (expected.version !== undefined && expected.version !== doc.version)) {
    throw new AppError('cases.stale', { number: doc.number, status: statusLabel });
  }
}

/** The action is one the stored state allows. */
export function requireAllowed<A extends string>(doc: Pick<StoredCase, 'number'>, action: A, allowed: readonly A[], labels: { action: string; status: string }): void {
  if (!allowed.includes(action)) throw new AppError('cases.transition_not_allowed', { number: doc.number, ...labels });
}

/**
 * The end of every transition: status, deadlines and the next due date into the patch, the audit entry first
 * among the effects, and — when the status changed and someone else acted — a short update to the reporter.
 */
export function finishTransition<About>(
  doc: StoredCase,
  step: {
    actor: Pick<Actor, 'id' | 'name'>;
    now: Date;
    action: string;
    toStatus: string;
    deadlines: CaseDeadlines;
    auditData?: Record<string, string | number | boolean | null> | undefined;
  },
  decision: CaseDecision<About | { view: 'reporter_status' }>,
): CaseDecision<About | { view: 'reporter_status' }> {
  const { actor, now, action, toStatus, deadlines, auditData } = step;
  const v = doc.version + 1;
  const patch = { ...decision.patch, status: toStatus, deadlines, nextDueAt: nextDue(deadlines) };
  const audit = auditEffect(doc, v, actor, now, `transition.${action}`, { fromStatus: doc.status, toStatus, ...(auditData ? { data: auditData } : {}) });
  const notices = [...decision.notices];
  if (toStatus !== doc.status && doc.reporter.personId !== actor.id) notices.push({ kind: 'case.status', to: [doc.reporter.personId], about: { view: 'reporter_status' } });
  return { patch, effects: [audit, ...decision.effects], notices };
}

/** Removes every deadline of the case (closing it) and says so to the reminder engine. */
export function clearAllDeadlines(doc: Pick<StoredCase, '_id'>, version: number, deadlines: CaseDeadlines, effects: CaseEffect[]): void {
  for (const k of Object.keys(deadlines) as Array<keyof CaseDeadlines>) delete deadlines[k];
  effects.push(deadlineCancelEffect(doc._id, version));
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

