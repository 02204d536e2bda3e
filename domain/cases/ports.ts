import type {
  AuditEntry,
  CaseEffect,
  DeadlineKind,
  DeadlineRequest,
  NotificationRequest,
  NotifyOutcome,
  CasePerson,
  StoredCase,
  Unit,
} from './types.js';
import type { NewCaseIds } from './service.js';

/** The organisation: who holds which role where. Implemented by the ansvarsmatris module. */
export interface CaseDirectory {
  /** Holders of a role (name or alias) for a unit: the nearest holder walking up the unit tree. */
  holdersOf(roleNameOrAlias: string, unitId: string): Promise<CasePerson[]>;
  /** The person's manager(s) for the unit (the next level up). */
  managerOf(personId: string, unitId: string): Promise<CasePerson[]>;
  findPersonByEmail(email: string): Promise<CasePerson | null>;
  unitById(unitId: string): Promise<Unit | null>;
  isAdmin(person: CasePerson): Promise<boolean>;
  /** Bot administrators, warned when routing had to fall back. */
  admins(): Promise<CasePerson[]>;
}

/** Swedish working days (Europe/Stockholm, public holidays, weekends). */
export interface WorkingCalendar {
  addWorkingDays(from: Date, n: number): Date;
  addCalendarDays(from: Date, n: number): Date;
  isWorkingDay(date: Date): boolean;
}

/** The outbox: idempotent on `dedupeKey`. Says whether the person could be addressed or the message waits. */
export interface Notifier {
  enqueue(request: NotificationRequest): Promise<NotifyOutcome | void>;
}

/** The reminder engine's view of case deadlines. Both calls are idempotent. */
export interface DeadlineSink {
  /** `of`: the case the deadline belongs to as just written, and whether this write created it. */
  upsertCaseDeadline(deadline: DeadlineRequest, of?: { case: StoredCase; created: boolean }): Promise<void>;
  cancelCaseDeadline(caseId: string, kind?: DeadlineKind): Promise<void>;
}

/** A case as written, and what carrying out its effects came to. */
export interface CaseWrite {
  case: StoredCase;
  /** False on an idempotent repeat (same reporter + token) and on a change. */
  created: boolean;
  /** True when notifications/deadlines could not all be handed over yet; `flushPending` retries them. */
  effectsPending: boolean;
  /** The notifications handed over by this write: who was addressed, whose message waits for an address. */
  notified: NotifyOutcome[];
}

/**
 * Case documents (both kinds, one collection), each carrying its outbox of effects (audit entry, notifications,
 * deadlines): a write stores the case with its effects in one document, then carries them out; what fails stays in
 * the outbox and is retried (each effect is idempotent). Every method raises AppError('common.storage_unavailable')
 * on a fault.
 */
export interface CaseStore {
  /** The case stored for (reporter, token) with its unfinished effects carried out, or null: a retry finishes the job. */
  repeatOf(reporterPersonId: string, token: string): Promise<CaseWrite | null>;
  /**
   * A new case: its yearly number, then the document `build` makes with it, inserted once per (reporter, token) — a
   * racing twin gets the stored case, `created: false` — and its effects carried out.
   */
  create(args: { prefix: string; now: Date; build: (ids: NewCaseIds) => StoredCase }): Promise<CaseWrite>;
  /**
   * Sets top-level fields (undefined = remove), bumps `version`, appends `effects` and carries them out — only if the
   * stored version is still `expectedVersion`. Null when it is not (stale).
   */
  change(caseId: string, expectedVersion: number, patch: Record<string, unknown>, effects: CaseEffect[]): Promise<CaseWrite | null>;
  /** Carries out effects left behind by a crash or an outage. The scheduler runs it every half minute. */
  flushPending(limit?: number): Promise<{ cases: number; remaining: number }>;
  get(caseId: string): Promise<StoredCase | null>;
  getByNumber(number: string): Promise<StoredCase | null>;
  /** Cases the person reported or handles; open ones, plus closed ones when asked. */
  listForPerson(personId: string, options: { kind?: StoredCase['kind']; includeClosed: boolean; limit: number }): Promise<StoredCase[]>;
}

/** Append-only. Application code never updates or deletes an entry. */
export interface AuditStore {
  /** Idempotent on `entry._id`. */
  append(entry: AuditEntry): Promise<void>;
  listForCase(caseId: string): Promise<AuditEntry[]>;
}
