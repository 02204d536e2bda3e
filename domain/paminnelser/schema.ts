import { z } from 'zod';
import type { ChatAddress } from '../outbox.js';

/** ISO date `YYYY-MM-DD`, a day in Stockholm. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ska skrivas ÅÅÅÅ-MM-DD');

/** Who a reminder is for: a role (optionally in a unit) or a named person (directory id). */
export const RecipientSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), role: z.string().min(1), unit: z.string().min(1).optional() }),
  z.object({ kind: z.literal('person'), personId: z.string().min(1) }),
]);
export type RecipientSpec = z.infer<typeof RecipientSpec>;

/**
 * When a reminder falls due. Dates are nominal: a due date on a non-working day is moved to the previous working
 * day when occurrences are generated.
 * - `none`: nothing to remind ("Löpande").
 * - `yearly_dates`: fixed day(s) in given months every year (e.g. 1 March; 31 March and 31 August).
 * - `interval`: every `months` months starting at `first` (rutin review, internkontroll with a next date).
 * - `once`: a single date (case deadlines, explicit one-off).
 * - `needs_schedule`: the frekvens text could not be understood; an admin must set an explicit schedule.
 */
export const Schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), reason: z.string() }),
  z.object({
    kind: z.literal('yearly_dates'),
    dates: z.array(z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })).min(1),
  }),
  z.object({ kind: z.literal('interval'), months: z.number().int().min(1).max(120), first: IsoDate }),
  z.object({ kind: z.literal('once'), date: IsoDate }),
  /**
   * A deadline at an instant (case deadlines: "kvittera inom 4 timmar"). `from` is when the clock started, so the
   * first nudge comes when the time is actually running out. `urgent` (lex Sarah / lex Maria) nudges at any hour.
   */
  z.object({ kind: z.literal('instant'), at: z.string().datetime(), from: z.string().datetime(), urgent: z.boolean().default(false) }),
  z.object({ kind: z.literal('needs_schedule'), raw: z.string() }),
]);
export type Schedule = z.infer<typeof Schedule>;

export const ReminderSource = z.enum(['duty', 'rutin', 'internkontroll', 'case', 'manual']);
export type ReminderSource = z.infer<typeof ReminderSource>;

/** A thing that recurs (or a one-off deadline). Stored in `reminders`. */
export const ReminderDef = z.object({
  id: z.string().min(1),
  source: ReminderSource,
  title: z.string().min(1),
  unit: z.string().optional(),
  recipients: z.array(RecipientSpec).min(1),
  schedule: Schedule,
  /** Free text shown on the card, e.g. "Rapporteras till socialnämnden". No client details. */
  note: z.string().optional(),
  /** Set when the schedule's date is a documented default, not in the source text (shown to admins). */
  assumption: z.string().optional(),
  /** For `case` reminders: the case reference, so `cancelCaseDeadline` can find it. */
  caseId: z.string().optional(),
  /** What the scheduler does when the deadline passes instead of sending a nudge (`case.escalate`: escalate the case). */
  action: z.enum(['case.escalate']).optional(),
  active: z.boolean().default(true),
});
export type ReminderDef = z.infer<typeof ReminderDef>;

export const OccurrenceStatus = z.enum(['open', 'done', 'cancelled']);
export type OccurrenceStatus = z.infer<typeof OccurrenceStatus>;

/** One due instance of a reminder (stored in `reminder_occurrences`); `key` is unique across all instances and restarts. */
export const Occurrence = z.object({
  key: z.string(),
  reminderId: z.string(),
  source: ReminderSource,
  title: z.string(),
  unit: z.string().optional(),
  note: z.string().optional(),
  recipients: z.array(RecipientSpec),
  /** The date the schedule named. */
  nominalDate: z.string(),
  /** The working day it is due (nominal moved back over weekends and holidays). */
  dueDate: z.string(),
  status: OccurrenceStatus,
  doneBy: z.string().optional(),
  doneAt: z.date().optional(),
  comment: z.string().optional(),
  link: z.string().optional(),
  /** personId → instant until which that person asked not to be nudged. */
  snoozes: z.record(z.string(), z.date()).default({}),
  /** People who said "Inte min uppgift"; they get no more nudges for this occurrence. */
  notMine: z.array(z.string()).default([]),
});
export type Occurrence = z.output<typeof Occurrence>;

/**
 * Nudge stages: a lead time in days before the due date (0 = due day), an escalation, a snooze follow-up, or a step
 * of an instant deadline (`soon`: the time is running out; `late`: the deadline has passed).
 */
export const NudgeStage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lead'), days: z.number() }),
  z.object({ kind: z.literal('deadline'), step: z.enum(['soon', 'late']) }),
  z.object({ kind: z.literal('escalation') }),
  z.object({ kind: z.literal('snooze'), personId: z.string(), seq: z.number() }),
]);
export type NudgeStage = z.infer<typeof NudgeStage>;

export function stageId(stage: NudgeStage): string {
  switch (stage.kind) {
    case 'lead':
      return stage.days === 0 ? 'due' : `lead${stage.days}`;
    case 'escalation':
      return 'escalation';
    case 'deadline':
      return stage.step;
    case 'snooze':
      return `snooze:${stage.personId}:${stage.seq}`;
  }
}

/** A planned nudge; `key` = `<occurrence key>|<stage id>`. */
export interface PlannedNudge {
  /** The due date of its occurrence (kept on the stored nudge). */
  dueDate: string;
  key: string;
  occurrenceKey: string;
  stage: NudgeStage;
  fireAt: Date;
  /** If the nudge has not gone out by this instant a later stage replaces it (no double nudges after downtime). */
  supersededAt?: Date;
  /** Sent at any hour (lex deadlines), not only in office hours. */
  urgent?: boolean;
}

export const NudgeStatus = z.enum(['pending', 'claimed', 'done', 'skipped', 'superseded']);
export type NudgeStatus = z.infer<typeof NudgeStatus>;

/** A planned nudge as stored (`reminder_nudges`): pending → claimed (a lease) → done | skipped | superseded. */
export const StoredNudge = z.object({
  key: z.string(),
  occurrenceKey: z.string(),
  stage: NudgeStage,
  fireAt: z.date(),
  supersededAt: z.date().optional(),
  /** Claimable outside office hours too (lex deadlines). */
  urgent: z.boolean().optional(),
  dueDate: z.string(),
  status: NudgeStatus,
  attempts: z.number(),
  leaseOwner: z.string().optional(),
  leaseUntil: z.date().optional(),
  /** Stamped by the claim that won the nudge. */
  claimToken: z.string().optional(),
});
export type StoredNudge = z.output<typeof StoredNudge>;

/** A person as the directory knows them. `chat` is missing when the bot has never talked to them. */
export interface ReminderPerson {
  id: string;
  displayName: string;
  chat?: ChatAddress;
  locale?: 'sv' | 'en';
}

/** One cell of an imported file: trimmed text, empty when the column or the cell is missing. */
const Cell = z.string().trim().default('');

/**
 * A row of a rutiner file (CSV/XLSX, headers normalised: lower case, ä/å → a, ö → o, spaces → _). The required
 * columns must be in the header row; the row's values are checked line by line (domain/paminnelser/import.ts).
 */
export const RutinRow = z.object({ rutin: Cell, enhet: Cell, ansvarig: Cell, senast_reviderad: Cell, intervall_manader: Cell });
export const RUTIN_COLUMNS = ['rutin', 'enhet', 'ansvarig', 'senast_reviderad'] as const;

/** A row of an internkontrollplan file (see `RutinRow`). */
export const InternkontrollRow = z.object({ kontrollmoment: Cell, ansvarig: Cell, frekvens: Cell, rapporteras_till: Cell, nasta_datum: Cell, enhet: Cell });
export const INTERNKONTROLL_COLUMNS = ['kontrollmoment', 'ansvarig', 'frekvens'] as const;

/** Tunables with Swedish-municipality defaults. */
export const ReminderConfig = z.object({
  /** Days before the due date; 0 = on the due day. */
  leadTimesDays: z.array(z.number().int().min(0).max(365)).default([14, 3, 0]),
  /** Working days after the due date before the manager is told; null = never escalate. */
  escalateAfterWorkingDays: z.number().int().min(0).max(60).nullable().default(2),
  /** Office hours (Stockholm wall clock) in which nudges may be sent; null = any time (tests, ops). */
  officeHours: z
    .object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) })
    .nullable()
    .default({ start: '08:00', end: '16:30' }),
  /** Wall-clock time on the nudge day when a nudge is first due. */
  sendTime: z.string().regex(/^\d{2}:\d{2}$/).default('08:30'),
  /** Share of an instant deadline's time after which the first nudge goes out (0.75 of 4 h = after 3 h). */
  deadlineNudgeAt: z.number().min(0.1).max(0.95).default(0.75),
  /**
   * The on-call role (from the organisation data): outside office hours an urgent deadline at a unit where someone
   * holds this role (at the unit or above) goes to them too — the data marks which units run around the clock.
   */
  onCallRole: z.string().min(1).default('Jourhavande chef'),
  /** How far back a newly created reminder looks for occurrences (catch-up window), in days. */
  lookbackDays: z.number().int().min(0).max(366).default(31),
});
export type ReminderConfig = z.infer<typeof ReminderConfig>;

/**
 * "Klar" on a reminder: the optional comment and link that document the work in the audit trail. The form
 * (cards/forms/reminder-done.ts) takes its limits from here.
 */
export const REMINDER_DONE_LIMITS = { comment: 1000, link: 500 } as const;
export const ReminderDoneInput = z
  .object({
    comment: z.string().max(REMINDER_DONE_LIMITS.comment).optional(),
    link: z.url({ protocol: /^https?$/ }).max(REMINDER_DONE_LIMITS.link).optional(),
  })
  .strict();
export type ReminderDoneInput = z.output<typeof ReminderDoneInput>;

/** "Inte min uppgift": the reason is optional and short. */
export const NOT_MINE_REASON_MAX = 500;

export function reminderConfig(input: Partial<ReminderConfig> = {}): ReminderConfig {
  return ReminderConfig.parse(input);
}
