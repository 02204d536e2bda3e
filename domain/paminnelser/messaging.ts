import { calendarDaysBetween, formatDateSv, formatDateTimeSv, messages, type Locale } from './messages.js';
import type { NudgeStage, Occurrence } from './types.js';
import { ActionIds } from '../action-ids.js';
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
  const { occurrence: o, stage } = input;
  const data = { occurrence: o.key };
  const escalation = stage.kind === 'escalation';
  // Calendar days in Stockholm from the day it is sent: a nudge moved back over a weekend says the true number.
  const days = input.today ? calendarDaysBetween(input.today, o.dueDate) : stage.kind === 'lead' ? stage.days : 0;
  const due = input.deadlineAt ? formatDateTimeSv(input.deadlineAt, input.today) : formatDateSv(o.dueDate);
  let title: string;
  if (stage.kind === 'lead') title = days > 0 ? t.nudgeTitleLead(o.title, days) : days === 0 ? t.nudgeTitleDue(o.title) : t.nudgeTitleOverdue(o.title);
  else if (stage.kind === 'deadline') title = stage.step === 'soon' ? t.nudgeTitleDeadlineSoon(o.title, due) : t.nudgeTitleDeadlineLate(o.title, due);
  else if (escalation) title = t.nudgeTitleOverdue(o.title);
  else title = t.nudgeTitleSnooze(o.title);
  const facts = [{ label: t.factDue, value: input.deadlineAt ? due : formatDateSv(o.dueDate) }];
  if (!input.deadlineAt && o.nominalDate !== o.dueDate) facts.push({ label: t.factMovedFrom, value: formatDateSv(o.nominalDate) });
  if (o.unit) facts.push({ label: t.factUnit, value: o.unit });
  if (o.note) facts.push({ label: t.factNote, value: o.note });
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

/** Plain-text fallback of a nudge (notification preview, screen readers). */
export function nudgeFallback(view: MessageView): string {
  return [view.title, ...(view.facts ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n');
}

/** A notice to the reminder administrators. */
export function adminNoticeCard(title: string, text: string): MessageView {
  return { title, text: [text], tone: 'warning' };
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
