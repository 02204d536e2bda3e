import { DateTime } from 'luxon';
import {
  addCalendarDays,
  addWorkingDays,
  adjustDueDate,
  isOfficeTime,
  shiftDate,
  startOfDayStockholm,
  STOCKHOLM,
  stockholmDateTime,
  nextOfficeTime,
  toStockholmDate,
} from '../calendar/swedish-calendar.js';
import { AppError } from '../errors.js';
import { checkFreeText, PrivacyErrors } from '../privacy/index.js';
import { ReminderErrors } from './errors.js';
import { messages } from './messages.js';
import {
  IsoDate,
  NOT_MINE_REASON_MAX,
  REMINDER_DONE_LIMITS,
  stageId,
  type NudgeStage,
  type Occurrence,
  type ReminderPerson,
  type PlannedNudge,
  type RecipientSpec,
  type ReminderConfig,
  type ReminderDef,
  type Schedule,
  type StoredNudge,
} from './schema.js';

/**
 * The reminders' decisions, pure: when occurrences fall due and which nudges they get (planning), what a claimed
 * nudge comes to and who is told (nudging, escalation to the manager when overdue), and what a person's Klar,
 * snooze or "Inte min uppgift" changes. No I/O: flows.ts loads the state, asks here, and saves what comes back.
 */

// ---- planning ------------------------------------------------------------------------------------------------

/** A due date produced by a schedule: the nominal date and the working day it is actually due. */
export interface DueDate {
  nominalDate: string;
  dueDate: string;
}

function isoOf(year: number, month: number, day: number): string {
  // Clamp 29 Feb and "31 April" to the month's last day.
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: STOCKHOLM });
  return first.set({ day: Math.min(day, first.daysInMonth!) }).toISODate()!;
}

function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: STOCKHOLM }).plus({ months }).toISODate()!;
}

/**
 * Due dates whose *working* due date lies in [from, to] (inclusive, Stockholm dates), in order.
 * Nominal dates up to a week after `to` are considered because moving back over Easter can cross the range end.
 */
export function dueDatesBetween(schedule: Schedule, from: string, to: string): DueDate[] {
  const out: DueDate[] = [];
  const push = (nominalDate: string) => {
    const dueDate = adjustDueDate(nominalDate);
    if (dueDate >= from && dueDate <= to) out.push({ nominalDate, dueDate });
  };
  const scanTo = shiftDate(to, 7);
  switch (schedule.kind) {
    case 'none':
    case 'needs_schedule':
      return [];
    case 'once':
      push(schedule.date);
      return out;
    case 'instant': {
      // An instant is due when it is: no moving back to a working day.
      const date = toStockholmDate(new Date(schedule.at));
      if (date >= from && date <= to) out.push({ nominalDate: date, dueDate: date });
      return out;
    }
    case 'yearly_dates': {
      const y0 = Number(from.slice(0, 4));
      const y1 = Number(scanTo.slice(0, 4));
      for (let y = y0; y <= y1; y++) {
        for (const d of schedule.dates) {
          const nominal = isoOf(y, d.month, d.day);
          if (nominal >= from && nominal <= scanTo) push(nominal);
        }
      }
      return dedupe(out);
    }
    case 'interval': {
      // Always compute from `first` (not by repeated addition) so month-end dates do not drift.
      for (let k = 0; k < 10_000; k++) {
        const nominal = addMonths(schedule.first, k * schedule.months);
        if (nominal > scanTo) break;
        if (nominal >= from) push(nominal);
      }
      return out;
    }
  }
}

function dedupe(list: DueDate[]): DueDate[] {
  const seen = new Set<string>();
  return list.filter((d) => (seen.has(d.nominalDate) ? false : (seen.add(d.nominalDate), true)));
}

/** The key of an occurrence: stable across instances and restarts. */
export function occurrenceKey(reminderId: string, nominalDate: string): string {
  return `${reminderId}@${nominalDate}`;
}

export function nudgeKey(occurrenceKey: string, stage: NudgeStage): string {
  return `${occurrenceKey}|${stageId(stage)}`;
}

/** The working day on or before `date` (a nudge "3 days before" a Monday goes out on the Friday). */
function workingDayOnOrBefore(date: string): string {
  return adjustDueDate(date);
}

/**
 * The nudges of one occurrence: one per lead time, on a working day at `sendTime`, plus an escalation
 * `escalateAfterWorkingDays` working days after the due date. Each nudge is superseded by the next one, so after a
 * downtime only the latest due stage goes out.
 */
export function planNudges(occKey: string, dueDate: string, config: ReminderConfig, def?: Pick<ReminderDef, 'schedule' | 'action'>): PlannedNudge[] {
  if (def?.schedule.kind === 'instant') return planDeadlineNudges(occKey, dueDate, def.schedule, config, def.action);
  const leads = [...new Set(config.leadTimesDays)].sort((a, b) => b - a);
  const planned: Array<{ stage: NudgeStage; fireAt: Date }> = [];
  const seenDays = new Set<string>();
  for (const days of leads) {
    const day = workingDayOnOrBefore(shiftDate(dueDate, -days));
    // Two lead times that land on the same working day (e.g. 1 and 0 before a Monday) give one nudge.
    if (seenDays.has(day)) continue;
    seenDays.add(day);
    planned.push({ stage: { kind: 'lead', days }, fireAt: stockholmDateTime(day, config.sendTime) });
  }
  if (config.escalateAfterWorkingDays !== null) {
    const base = stockholmDateTime(dueDate, config.sendTime);
    const at = config.escalateAfterWorkingDays === 0 ? base : addWorkingDays(base, config.escalateAfterWorkingDays);
    planned.push({ stage: { kind: 'escalation' }, fireAt: at });
  }
  return planned.map((p, i) => {
    const next = planned[i + 1];
    const nudge: PlannedNudge = { key: nudgeKey(occKey, p.stage), occurrenceKey: occKey, stage: p.stage, fireAt: p.fireAt, dueDate };
    // Lead nudges are superseded by the next lead nudge; the escalation is never superseded, and the last lead
    // nudge (due day) is not superseded by the escalation since they go to different people.
    // Superseded from the start of the next stage's day: coming back on a due day gives the due-day nudge only.
    if (p.stage.kind === 'lead' && next && next.stage.kind === 'lead') nudge.supersededAt = startOfDayStockholm(next.fireAt);
    return nudge;
  });
}

/**
 * The nudges of an instant deadline, at hour granularity: `soon` when `deadlineNudgeAt` of the time has passed (never
 * right after the case was created), `late` at the deadline, and for non-urgent deadlines an escalation to the
 * manager at the send time `escalateAfterWorkingDays` working days after the deadline's day. Urgent ones (lex) go out at any hour; the others wait for office hours.
 * A deadline with an action (`case.escalate`) has one step, at the deadline: the scheduler runs the action.
 */
function planDeadlineNudges(
  occKey: string,
  dueDate: string,
  schedule: Extract<Schedule, { kind: 'instant' }>,
  config: ReminderConfig,
  action?: ReminderDef['action'],
): PlannedNudge[] {
  const at = new Date(schedule.at);
  const from = new Date(schedule.from);
  const urgent = schedule.urgent;
  const office = (d: Date) => (urgent || !config.officeHours ? d : nextOfficeTime(d, config.officeHours));
  const make = (stage: NudgeStage, fireAt: Date, supersededAt?: Date): PlannedNudge => ({
    key: nudgeKey(occKey, stage),
    occurrenceKey: occKey,
    stage,
    fireAt,
    dueDate,
    ...(supersededAt ? { supersededAt } : {}),
    ...(urgent ? { urgent: true } : {}),
  });
  const late = make({ kind: 'deadline', step: 'late' }, office(at));
  if (action) return [late];
  const out: PlannedNudge[] = [];
  const span = Math.max(0, at.getTime() - from.getTime());
  const soonAt = office(new Date(from.getTime() + span * config.deadlineNudgeAt));
  if (soonAt.getTime() < late.fireAt.getTime()) out.push(make({ kind: 'deadline', step: 'soon' }, soonAt, late.fireAt));
  out.push(late);
  if (!urgent && config.escalateAfterWorkingDays !== null) {
    // Like the recurring duties: the manager hears at the first send time, N working days after the deadline's day.
    const n = config.escalateAfterWorkingDays;
    const escalateAt = n === 0 ? late.fireAt : addWorkingDays(stockholmDateTime(toStockholmDate(late.fireAt), config.sendTime), n);
    out.push(make({ kind: 'escalation' }, escalateAt));
  }
  return out;
}

/** Days planned beyond the horizon each time a reminder is planned. */
const PLAN_AHEAD_DAYS = 28;

/** The last due date planned ahead: the longest lead time plus a week (lead days move back over holidays). */
export function planHorizon(today: string, config: ReminderConfig): string {
  return shiftDate(today, Math.max(0, ...config.leadTimesDays) + 7);
}

/**
 * How far a reminder is planned when it is: a few weeks past the horizon, so a reminder is replanned about monthly
 * instead of on every day's tick (10 000 reminders would otherwise mean 10 000 writes a day for nothing).
 */
export function planThrough(today: string, config: ReminderConfig): string {
  return shiftDate(planHorizon(today, config), PLAN_AHEAD_DAYS);
}

/** An occurrence to store: its key, the reminder it copies its title and recipients from, and its dates. */
export interface PlannedOccurrence {
  key: string;
  reminder: ReminderDef;
  nominalDate: string;
  dueDate: string;
}

/**
 * The occurrences and nudges of one reminder from the day after its plan ends (a new reminder: `lookbackDays` back)
 * through `through`. Idempotent: the keys are deterministic, so planning twice stores the same documents.
 */
export function planReminder(
  reminder: ReminderDef & { plannedThrough?: string },
  today: string,
  through: string,
  config: ReminderConfig,
): { occurrences: PlannedOccurrence[]; nudges: PlannedNudge[] } {
  const from = reminder.plannedThrough ? shiftDate(reminder.plannedThrough, 1) : shiftDate(today, -config.lookbackDays);
  const occurrences: PlannedOccurrence[] = [];
  const nudges: PlannedNudge[] = [];
  for (const d of dueDatesBetween(reminder.schedule, from, through)) {
    const key = occurrenceKey(reminder.id, d.nominalDate);
    occurrences.push({ key, reminder, nominalDate: d.nominalDate, dueDate: d.dueDate });
    nudges.push(...planNudges(key, d.dueDate, config, reminder));
  }
  return { occurrences, nudges };
}

// ---- nudging -------------------------------------------------------------------------------------------------

/** Outside office hours only urgent nudges (lex deadlines, in hours) go out; the rest wait for the morning. */
export function urgentOnlyAt(now: Date, config: ReminderConfig): boolean {
  return !!config.officeHours && !isOfficeTime(now, config.officeHours);
}

/**
 * What a claimed nudge comes to before anyone is looked up: `skipped` when its occurrence is gone or closed,
 * `superseded` when a later stage has taken its place (no double nudges after a downtime), else `due`.
 */
export function nudgeFate(nudge: Pick<StoredNudge, 'supersededAt'>, occ: Occurrence | undefined, now: Date): 'skipped' | 'superseded' | 'due' {
  if (!occ || occ.status !== 'open') return 'skipped';
  if (nudge.supersededAt && nudge.supersededAt.getTime() <= now.getTime()) return 'superseded';
  return 'due';
}

/**
 * Whom a stage speaks to: a snooze follow-up the person who snoozed; a lead or deadline nudge the people
 * responsible; an escalation their managers.
 */
export function audienceOf(stage: NudgeStage): 'snoozer' | 'responsible' | 'managers' {
  if (stage.kind === 'snooze') return 'snoozer';
  return stage.kind === 'escalation' ? 'managers' : 'responsible';
}

/** People listed once each (by id), in the order first met. */
export function distinctPeople(lists: ReminderPerson[][]): ReminderPerson[] {
  return [...new Map(lists.flat().map((p) => [p.id, p])).values()];
}

/** Everyone except those who said "Inte min uppgift" for this occurrence. */
export function withoutNotMine(people: ReminderPerson[], occ: Pick<Occurrence, 'notMine'>): ReminderPerson[] {
  return people.filter((p) => !occ.notMine.includes(p.id));
}

/** The people not snoozed at `now`. */
export function notSnoozed(people: ReminderPerson[], occ: Pick<Occurrence, 'snoozes'>, now: Date): ReminderPerson[] {
  return people.filter((p) => {
    const until = occ.snoozes[p.id];
    return !until || until.getTime() <= now.getTime();
  });
}

/**
 * True when the on-call role should hear of an urgent deadline too: outside office hours, at a unit (the
 * organisation data says which units run around the clock).
 */
export function needsOnCall(occ: Pick<Occurrence, 'unit'>, now: Date, config: ReminderConfig): boolean {
  return !!occ.unit && !(config.officeHours && isOfficeTime(now, config.officeHours));
}

/** True when nobody holds the roles at all (and not because they said "Inte min uppgift"): the admins are told. */
export function nobodyResponsible(people: ReminderPerson[], occ: Pick<Occurrence, 'notMine'>): boolean {
  return people.length === 0 && occ.notMine.length === 0;
}

/**
 * The unit whose manager is asked: a case deadline names people, so their own manager; a duty the manager of the
 * duty's unit.
 */
export function managerUnit(occ: Pick<Occurrence, 'source' | 'unit'>): string | undefined {
  return occ.source === 'case' ? undefined : occ.unit;
}

/** An escalation goes to the managers of everyone responsible; to the admins when nobody is above them. */
export function escalationTargets(managers: Array<ReminderPerson | undefined>, admins: ReminderPerson[]): ReminderPerson[] {
  const found = distinctPeople([managers.filter((m): m is ReminderPerson => !!m)]);
  return found.length ? found : distinctPeople([admins]);
}

/** How the people responsible are named in an escalation. */
export function responsibleNames(people: ReminderPerson[]): string {
  return people.map((p) => p.displayName).join(', ');
}

/** The dedupe key of one person's copy of a nudge: a re-run after a crash stores nothing new. */
export function nudgeMessageKey(nudgeKey: string, personId: string): string {
  return `${nudgeKey}|${personId}`;
}

/** The admins' notice keys, one notice per occurrence or nudge and person. */
export const noticeKeys = {
  noRecipient: (occKey: string) => `norecipient|${occKey}`,
  noAddress: (nudgeKey: string, personId: string) => `noaddress|${nudgeKey}|${personId}`,
  notMine: (occKey: string, personId: string) => `notmine|${occKey}|${personId}`,
} as const;

/** How the recipients of a reminder are named to admins ("Enhetschef (Vård och omsorg), MAS"). */
export function recipientLabel(recipients: RecipientSpec[]): string {
  const t = messages('sv');
  return recipients.map((r) => (r.kind === 'role' ? t.roleLabel(r.role, r.unit) : r.personId)).join(', ');
}

// ---- a person's answer ---------------------------------------------------------------------------------------

/** Who may act on an occurrence: the people it is addressed to, their managers and admins; anyone else is refused. */
export function roleOnOccurrence(
  personId: string,
  facts: { recipients: ReminderPerson[]; admins: ReminderPerson[]; managers: Array<ReminderPerson | undefined> },
): 'recipient' | 'manager' | 'admin' {
  if (facts.recipients.some((p) => p.id === personId)) return 'recipient';
  if (facts.admins.some((a) => a.id === personId)) return 'admin';
  if (facts.managers.some((m) => m?.id === personId)) return 'manager';
  throw new AppError(ReminderErrors.notRecipient);
}

/** An occurrence a person may still answer: it exists and is open. */
export function openOccurrence(occ: Occurrence | undefined): Occurrence {
  if (!occ) throw new AppError(ReminderErrors.occurrenceNotFound);
  if (occ.status !== 'open') throw new AppError(ReminderErrors.alreadyClosed);
  return occ;
}

/** Free text that goes to the append-only audit trail: trimmed, capped, never an identity number. */
function auditText(value: string | undefined, max: number): string | undefined {
  const text = value?.trim().slice(0, max) || undefined;
  if (text && !checkFreeText(text).ok) throw new AppError(PrivacyErrors.identityNumberInText);
  return text;
}

/** Klar: the comment and link that document the work (an identity number there could never be removed). */
export function doneEvidence(input: { comment?: string; link?: string }): { comment?: string; link?: string } {
  const comment = auditText(input.comment, REMINDER_DONE_LIMITS.comment);
  const link = auditText(input.link, REMINDER_DONE_LIMITS.link);
  return { ...(comment ? { comment } : {}), ...(link ? { link } : {}) };
}

/** The reason given with "Inte min uppgift", if any. */
export function notMineReason(reason: string | undefined): string | undefined {
  return auditText(reason, NOT_MINE_REASON_MAX);
}

/** A rutin reviewed today: its clock restarts from today. Other reminders are unchanged (undefined). */
export function restartedRutin(def: (ReminderDef & { plannedThrough?: string }) | undefined, today: string): ReminderDef | undefined {
  if (def?.source !== 'rutin' || def.schedule.kind !== 'interval') return undefined;
  const first = DateTime.fromISO(today, { zone: STOCKHOLM }).plus({ months: def.schedule.months }).toISODate()!;
  const { plannedThrough: _planned, ...rest } = def;
  return { ...rest, schedule: { ...def.schedule, first }, note: `Senast reviderad ${today}; ses över var ${def.schedule.months}:e månad.` };
}

export type SnoozeLength = '1d' | '1w';

/**
 * Påminn mig om 1 dag / 1 vecka: until when, in office hours. A deadline in hours is never pushed past itself: at
 * most until the deadline, and an urgent one not at all once it passed.
 */
export function snoozeUntil(now: Date, length: SnoozeLength, config: ReminderConfig, def?: Pick<ReminderDef, 'schedule'>): Date {
  let until = length === '1d' ? addWorkingDays(now, 1) : addCalendarDays(now, 7);
  if (config.officeHours) until = nextOfficeTime(until, config.officeHours);
  if (def?.schedule.kind === 'instant') {
    const deadline = new Date(def.schedule.at);
    if (def.schedule.urgent && now.getTime() >= deadline.getTime()) throw new AppError(ReminderErrors.snoozePastDeadline);
    if (until.getTime() > deadline.getTime()) until = deadline;
  }
  return until;
}

/** The one follow-up nudge of a snooze, to the person who snoozed, when the snooze ends. */
export function snoozeNudge(occ: Pick<Occurrence, 'key' | 'dueDate'>, personId: string, until: Date, now: Date, def?: Pick<ReminderDef, 'schedule'>): PlannedNudge {
  const stage: NudgeStage = { kind: 'snooze', personId, seq: now.getTime() };
  return {
    key: nudgeKey(occ.key, stage),
    occurrenceKey: occ.key,
    stage,
    fireAt: until,
    dueDate: occ.dueDate,
    ...(def?.schedule.kind === 'instant' && def.schedule.urgent ? { urgent: true } : {}),
  };
}

// ---- sources -------------------------------------------------------------------------------------------------

export interface CaseDeadlineInput {
  caseId: string;
  /** E.g. `svar`, `utredning`; one deadline per case and kind. */
  kind: string;
  /** Shown in the nudge. A case number and type only — never client details. */
  title: string;
  /** An instant (nudges in hours: the first when the time runs short) or a date (day-based nudges). */
  dueAt: Date | string;
  /** When the deadline's clock started (for instants; default now). */
  from?: Date;
  /** Lex Sarah / lex Maria: nudged at any hour, to the on-call role outside office hours, never snoozed past it. */
  urgent?: boolean;
  /** `case.escalate`: when the deadline passes the scheduler escalates the case instead of sending a nudge. */
  action?: ReminderDef['action'];
  recipients: RecipientSpec[];
  unit?: string;
  note?: string;
}

/** The reminder of a case deadline (one per case and kind) and the date it is due. */
export function caseDeadlineReminder(input: CaseDeadlineInput, now: Date): { def: ReminderDef; date: string } {
  const date = typeof input.dueAt === 'string' ? IsoDate.parse(input.dueAt) : toStockholmDate(input.dueAt);
  const schedule: ReminderDef['schedule'] =
    typeof input.dueAt === 'string'
      ? { kind: 'once', date }
      : { kind: 'instant', at: input.dueAt.toISOString(), from: (input.from ?? now).toISOString(), urgent: input.urgent ?? false };
  const def: ReminderDef = {
    id: `case:${input.caseId}:${input.kind}`,
    source: 'case',
    title: input.title,
    ...(input.unit ? { unit: input.unit } : {}),
    ...(input.note ? { note: input.note } : {}),
    recipients: input.recipients,
    schedule,
    caseId: input.caseId,
    ...(input.action ? { action: input.action } : {}),
    active: true,
  };
  return { def, date };
}

/** A replayed case effect: the stored deadline is active with the same schedule and recipients. */
export function sameDeadline(existing: ReminderDef | undefined, def: ReminderDef): boolean {
  return !!existing?.active && JSON.stringify(existing.schedule) === JSON.stringify(def.schedule) && JSON.stringify(existing.recipients) === JSON.stringify(def.recipients);
}

/**
 * The matrix read again, against the stored duty reminders: `changed` (new, reactivated or edited; stored),
 * `rescheduled` (their open occurrences of the old schedule are cancelled), `stale` (no longer in the matrix).
 */
export function dutyChanges(stored: ReminderDef[], reminders: ReminderDef[]): { changed: ReminderDef[]; rescheduled: string[]; stale: string[] } {
  const byId = new Map(stored.map((r) => [r.id, r]));
  const changed = reminders.filter((r) => {
    const old = byId.get(r.id);
    return !old || !old.active || comparable(old) !== comparable(r);
  });
  const rescheduled = changed.filter((r) => {
    const old = byId.get(r.id);
    return old && JSON.stringify(old.schedule) !== JSON.stringify(r.schedule);
  });
  const keep = new Set(reminders.map((r) => r.id));
  const stale = stored.filter((r) => r.active && !keep.has(r.id)).map((r) => r.id);
  return { changed, rescheduled: rescheduled.map((r) => r.id), stale };
}

function comparable(r: ReminderDef): string {
  return JSON.stringify([r.title, r.unit ?? null, r.recipients, r.schedule, r.note ?? null, r.assumption ?? null]);
}

/** A reminder that recurs and so must reach somebody (not case deadlines, not "Löpande", not unreadable ones). */
export function mustReachSomebody(r: ReminderDef): boolean {
  return r.source !== 'case' && r.schedule.kind !== 'none' && r.schedule.kind !== 'needs_schedule';
}

/** A dry run or unit listing: two valid dates, in order, at most about a year apart. */
export function checkRange(from: string, to: string): void {
  if (!IsoDate.safeParse(from).success || !IsoDate.safeParse(to).success) {
    throw new AppError(ReminderErrors.badRange, { reason: 'datum ska skrivas ÅÅÅÅ-MM-DD' });
  }
  if (from > to) throw new AppError(ReminderErrors.badRange, { reason: 'från-datum är efter till-datum' });
  if (shiftDate(from, 400) < to) throw new AppError(ReminderErrors.badRange, { reason: 'högst ett år i taget' });
}
