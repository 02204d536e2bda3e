import { DateTime } from 'luxon';
import {
  addWorkingDays,
  adjustDueDate,
  shiftDate,
  startOfDayStockholm,
  STOCKHOLM,
  stockholmDateTime,
  nextOfficeTime,
  toStockholmDate,
} from '../calendar/swedish-calendar.js';
import { stageId, type NudgeStage, type PlannedNudge, type ReminderConfig, type ReminderDef, type Schedule } from './types.js';

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
  if (def?.schedule.kind === 'instant') return planDeadlineNudges(occKey, def.schedule, config, def.action);
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
    const nudge: PlannedNudge = { key: nudgeKey(occKey, p.stage), occurrenceKey: occKey, stage: p.stage, fireAt: p.fireAt };
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
