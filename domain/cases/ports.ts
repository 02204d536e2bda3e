import type {
  AuditEntry,
  CaseEffect,
  DeadlineKind,
  DeadlineRequest,
  NotificationRequest,
  NotifyOutcome,
  Person,
  StoredCase,
  Unit,
} from './types.js';

/** The organisation: who holds which role where. Implemented by the ansvarsmatris module. */
export interface Directory {
  /** Holders of a role (name or alias) for a unit: the nearest holder walking up the unit tree. */
  holdersOf(roleNameOrAlias: string, unitId: string): Promise<Person[]>;
  /** The person's manager(s) for the unit (the next level up). */
  managerOf(personId: string, unitId: string): Promise<Person[]>;
  findPersonByEmail(email: string): Promise<Person | null>;
  unitById(unitId: string): Promise<Unit | null>;
  isAdmin(person: Person): Promise<boolean>;
  /** Bot administrators, warned when routing had to fall back. */
  admins(): Promise<Person[]>;
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
  upsertCaseDeadline(deadline: DeadlineRequest): Promise<void>;
  cancelCaseDeadline(caseId: string, kind?: DeadlineKind): Promise<void>;
}

/** Case documents (both kinds, one collection). Every method raises AppError('common.storage_unavailable') on a fault. */
export interface CaseStore {
  /** Atomic per prefix+year; never returns the same number twice. */
  nextSequence(prefix: string, year: number): Promise<number>;
  findByToken(reporterPersonId: string, token: string): Promise<StoredCase | null>;
  /** Inserts; when (reporter, token) already exists returns the stored case with `created: false`. */
  insert(doc: StoredCase): Promise<{ doc: StoredCase; created: boolean }>;
  get(caseId: string): Promise<StoredCase | null>;
  getByNumber(number: string): Promise<StoredCase | null>;
  /**
   * Sets top-level fields (undefined = remove), bumps `version` and appends `effects` to the outbox — only if the
   * stored version is still `expectedVersion`. Returns null when it is not (stale).
   */
  update(caseId: string, expectedVersion: number, patch: Record<string, unknown>, effects: CaseEffect[]): Promise<StoredCase | null>;
  removeEffects(caseId: string, effectIds: string[]): Promise<void>;
  listWithPendingEffects(limit: number): Promise<StoredCase[]>;
  /** Cases the person reported or handles; open ones, plus closed ones when asked. */
  listForPerson(personId: string, options: { kind?: StoredCase['kind']; includeClosed: boolean; limit: number }): Promise<StoredCase[]>;
}

/** Append-only. Application code never updates or deletes an entry. */
export interface AuditStore {
  /** Idempotent on `entry._id`. */
  append(entry: AuditEntry): Promise<void>;
  listForCase(caseId: string): Promise<AuditEntry[]>;
}
