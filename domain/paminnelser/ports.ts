import type { MessageView } from '../view.js';
import type { Occurrence, RecipientSpec, ReminderDef } from './types.js';

/**
 * Ports of the reminder core. The lead implements `Directory` and `DutySource` (from the ansvarsmatris and the
 * organisation data) and `ChatDelivery` (scheduler/delivery.ts) for Teams and Slack; storage/ implements the rest.
 */

/** Where a person can be reached. Teams: the stored conversation reference of a proactive chat. */
export type ChatAddress =
  | { channel: 'teams'; conversationReference: unknown }
  | { channel: 'slack'; userId: string; teamId?: string };

/** A person as the directory knows them. `chat` is missing when the bot has never talked to them. */
export interface Person {
  id: string;
  displayName: string;
  chat?: ChatAddress;
  locale?: 'sv' | 'en';
}

/** The organisation: roles per unit, people, managers and admins. */
export interface Directory {
  /** Everyone holding the role (in `spec.unit`, else in `unit`, else anywhere) or the named person. */
  resolve(spec: RecipientSpec, unit?: string): Promise<Person[]>;
  /** The person's manager: the holder of the next role up for that unit. Undefined at the top. */
  managerOf(personId: string, unit?: string): Promise<Person | undefined>;
  /** Reminder administrators (told about unreachable people, "Inte min uppgift", dead letters). */
  admins(): Promise<Person[]>;
  /** A unit by id, name, short name or alias (imports write names); undefined when the organisation has none. */
  unit?(nameOrId: string): Promise<{ id: string; name: string } | undefined>;
  /**
   * Like `resolve`, but without looking for chat addresses (no platform look-ups): for checks that only ask whether
   * somebody holds the role, e.g. at import.
   */
  whoIs?(spec: RecipientSpec, unit?: string): Promise<Person[]>;
  /** Holders of a role at the unit or above it, strictly (no organisation-wide fallback): the on-call role. */
  holdersAt?(role: string, unit: string): Promise<Person[]>;
}

/** A recurring duty from the responsibility matrix. */
export interface Duty {
  id: string;
  aktivitet: string;
  /** Responsible role(s). */
  ansvarig: string[];
  frekvens: string;
  unit?: string;
  rapporterasTill?: string;
}

/** The matrix, as far as the reminders need it. */
export interface DutySource {
  listDuties(): Promise<Duty[]>;
}

/** A channel-neutral message; the bot renders `view` per channel. */
export interface OutgoingMessage {
  view: MessageView;
  /** Plain-text fallback (notifications, screen readers). */
  fallbackText: string;
  locale?: 'sv' | 'en';
  /** What the message is about, for logs and metrics. Never client details. */
  meta?: { kind: string; ref?: string };
}

export interface EnqueueRequest {
  /** Unique and stable: enqueueing the same key twice stores one message. */
  dedupeKey: string;
  recipient: ChatAddress;
  message: OutgoingMessage;
  notBefore?: Date;
  /** Who the message is for, so an admin can be told by name when it cannot be delivered. */
  recipientName?: string;
}

/** The generic outbox (storage/outbox.ts). */
export interface Outbox {
  enqueue(request: EnqueueRequest): Promise<{ created: boolean }>;
  enqueueMany(requests: EnqueueRequest[]): Promise<{ created: number }>;
}

/** Append-only audit trail (storage/audit.ts). */
export interface AuditEntry {
  subject: string;
  actor: string;
  action: string;
  at: Date;
  details?: Record<string, unknown>;
}
export interface AuditLog {
  appendAudit(entry: AuditEntry): Promise<void>;
}

/** Stored reminders and occurrences (storage/reminder-repository.ts). */
export interface ReminderStore {
  upsertReminder(def: ReminderDef, now: Date): Promise<void>;
  /** Insert or replace a batch of reminders of one source; returns how many were written. */
  upsertReminders(defs: ReminderDef[], now: Date): Promise<number>;
  /**
   * Plan these (just stored) reminders from the day after `date` instead of looking back: a duty new to the
   * reminders has no overdue occurrences from before it existed. Only where nothing was planned yet.
   */
  startPlanningAfter?(ids: string[], date: string): Promise<void>;
  getReminder(id: string): Promise<(ReminderDef & { plannedThrough?: string }) | undefined>;
  listReminders(filter?: { source?: ReminderDef['source']; activeOnly?: boolean }): Promise<ReminderDef[]>;
  deactivateReminders(filter: { ids?: string[]; caseId?: string }, now: Date): Promise<string[]>;
  getOccurrence(key: string): Promise<Occurrence | undefined>;
  /** Cancel the open occurrences of the given reminders (except `exceptKeys`). */
  cancelOpenOccurrences(reminderIds: string[], now: Date, exceptKeys?: string[]): Promise<number>;
  markOccurrenceDone(key: string, by: string, at: Date, comment?: string, link?: string): Promise<Occurrence | undefined>;
  addSnooze(key: string, personId: string, until: Date): Promise<Occurrence | undefined>;
  addNotMine(key: string, personId: string): Promise<Occurrence | undefined>;
  listOccurrences(filter: { from?: string; to?: string; unit?: string; status?: Occurrence['status']; reminderIds?: string[] }): Promise<Occurrence[]>;
  /** Adds a one-off nudge (snooze follow-up); idempotent on its key. */
  insertNudge(nudge: { key: string; occurrenceKey: string; stage: import('./types.js').NudgeStage; fireAt: Date; dueDate: string; urgent?: boolean }): Promise<boolean>;
}
