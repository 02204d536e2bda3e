import { DateTime } from 'luxon';
import { STOCKHOLM } from '../calendar/swedish-calendar.js';
import { calendarDaysBetween, formatDateSv, formatDateTimeSv, messages, type Locale } from './messages.js';
import type { NudgeStage, Occurrence, ReminderPerson } from './schema.js';
import { ActionIds } from '../action-ids.js';
import type { OutgoingMessage } from '../outbox.js';
import type { MessageView } from '../view.js';

/**
 * The reminder cards as channel-neutral `MessageView`s. Card actions carry only the occurrence key; the handler
 * re-reads everything from storage and checks the person.
 */
export interface NudgeCardInput {
  occurrence: Pick<Occurrence, 'key' | 'title' | 'unit' | 'note' | 'dueDate' | 'nominalDate'>;
  stage: NudgeStage;
  /** For escalations: the display name of the person(s) responsible. */
  responsibleName?: string;
  locale?: Locale;
  /** The Stockholm date the nudge is sent: "om N dagar" is counted from it, not taken from the lead time. */
  today?: string;
  /** Instant deadlines (cases): the deadline, shown with its time. */
  deadlineAt?: Date;
  /** Lex deadlines: snoozing by a week is not offered (a snooze never passes the deadline anyway). */
  urgent?: boolean;
}

export function nudgeCard(input: NudgeCardInput): MessageView {
  const t = messages(input.locale);
  const { occurrence: occ, stage } = input;
  const data = { occurrence: occ.key };
  const escalation = stage.kind === 'escalation';
  // Calendar days in Stockholm from the day it is sent: a nudge moved back over a weekend says the true number.
  const days = input.today ? calendarDaysBetween(input.today, occ.dueDate) : stage.kind === 'lead' ? stage.days : 0;
  const due = input.deadlineAt ? formatDateTimeSv(input.deadlineAt, input.today) : formatDateSv(occ.dueDate);
  let title: string;
  if (stage.kind === 'lead') title = days > 0 ? t.nudgeTitleLead(occ.title, days) : days === 0 ? t.nudgeTitleDue(occ.title) : t.nudgeTitleOverdue(occ.title);
  else if (stage.kind === 'deadline') title = stage.step === 'soon' ? t.nudgeTitleDeadlineSoon(occ.title, due) : t.nudgeTitleDeadlineLate(occ.title, due);
  else if (escalation) title = t.nudgeTitleOverdue(occ.title);
  else title = t.nudgeTitleSnooze(occ.title);
  const facts = [{ label: t.factDue, value: input.deadlineAt ? due : formatDateSv(occ.dueDate) }];
  if (!input.deadlineAt && occ.nominalDate !== occ.dueDate) facts.push({ label: t.factMovedFrom, value: formatDateSv(occ.nominalDate) });
  if (occ.unit) facts.push({ label: t.factUnit, value: occ.unit });
  if (occ.note) facts.push({ label: t.factNote, value: occ.note });
  return {
    title,
    text: [escalation ? t.escalationIntro(input.responsibleName ?? '–') : t.nudgeIntro],
    facts,
    actions: escalation
      ? []
      : [
          { kind: 'submit', id: ActionIds.reminderDone, label: t.actionDone, data, style: 'primary', opensDialog: true },
          { kind: 'submit', id: ActionIds.reminderSnooze1d, label: t.actionSnooze1d, data },
          ...(input.urgent ? [] : [{ kind: 'submit' as const, id: ActionIds.reminderSnooze1w, label: t.actionSnooze1w, data }]),
          { kind: 'submit', id: ActionIds.reminderNotMine, label: t.actionNotMine, data, style: 'danger' },
        ],
    ...(escalation ? {} : { footnote: t.footnote }),
    tone: escalation ? 'warning' : 'default',
  };
}

/** One person's copy of a nudge: the card in their language, its plain-text fallback, and what it is about. */
export function nudgeMessage(input: Omit<NudgeCardInput, 'locale'> & { person: ReminderPerson }): OutgoingMessage {
  const { person, ...card } = input;
  const locale = person.locale ?? 'sv';
  const view = nudgeCard({ ...card, locale });
  return { view, fallbackText: nudgeFallback(view), locale, meta: { kind: `reminder.${input.stage.kind}`, ref: input.occurrence.key } };
}

/** Plain-text fallback of a nudge (notification preview, screen readers). */
function nudgeFallback(view: MessageView): string {
  return [view.title, ...(view.facts ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n');
}

/** "Mina kommande uppgifter" / an admin's unit listing. */
export function occurrenceListCard(
  title: string,
  items: Array<Pick<Occurrence, 'key' | 'title' | 'dueDate' | 'unit' | 'status'>>,
  empty: string,
  locale?: Locale,
): MessageView {
  const t = messages(locale);
  if (items.length === 0) return { title, text: [empty] };
  return {
    title,
    list: items.map((o) => ({
      title: o.title,
      detail: `${t.factDue}: ${formatDateSv(o.dueDate)}${o.unit ? ` · ${o.unit}` : ''}${o.status !== 'open' ? ` · ${o.status === 'done' ? '✓' : '–'}` : ''}`,
      ...(o.status === 'open'
        ? { action: { kind: 'submit' as const, id: ActionIds.reminderDone, label: t.actionDone, data: { occurrence: o.key }, opensDialog: true } }
        : {}),
    })),
  };
}

/** A line of the dry run: what would be sent to whom and when. */
export interface DryRunLine {
  at: Date;
  occurrenceKey: string;
  title: string;
  unit?: string;
  dueDate: string;
  stage: NudgeStage;
  /** Display names of the people who would receive it, or a note why nobody would. */
  to: string[];
  problems: string[];
}

function stageLabel(stage: NudgeStage): string {
  const t = messages('sv');
  switch (stage.kind) {
    case 'lead':
      return stage.days === 0 ? t.stageDue : t.stageLead(stage.days);
    case 'escalation':
      return t.stageEscalation;
    case 'deadline':
      return stage.step === 'soon' ? t.stageSoon : t.stageLate;
    case 'snooze':
      return 'snooze';
  }
}

/** Render a dry run as Swedish text (CLI, admin chat). */
export function formatDryRun(from: string, to: string, result: { lines: DryRunLine[]; warnings: string[] }): string {
  const t = messages('sv');
  const out = [t.dryRunHeader(from, to), ''];
  for (const l of result.lines) {
    const when = DateTime.fromJSDate(l.at, { zone: STOCKHOLM }).toFormat('yyyy-MM-dd HH:mm');
    out.push(`${when}  ${l.title}${l.unit ? ` [${l.unit}]` : ''} (senast ${l.dueDate}, ${stageLabel(l.stage)}) → ${l.to.join(', ') || '–'}`);
    for (const p of l.problems) out.push(`    ! ${p}`);
  }
  if (result.lines.length === 0) out.push('(inga påminnelser i perioden)');
  if (result.warnings.length) {
    out.push('', `${t.dryRunWarnings}:`);
    for (const w of result.warnings) out.push(`  - ${w}`);
  }
  return out.join('\n');
}
