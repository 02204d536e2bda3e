import { ActionIds } from '../action-ids.js';
import type { ChatPeople, ChatUser, FormFlow, SubjectHandlers } from '../chat.js';
import { message } from '../chat.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { MessageView } from '../view.js';
import { formatDateTimeSv } from './messages.js';
import { occurrenceListCard } from './messaging.js';
import type { ReminderService } from './flows.js';
import type { SnoozeLength } from './service.js';

export interface ReminderHandlerDeps {
  /** The reminder service once the scheduler is built (throws AppError while it is not). */
  service: () => ReminderService;
  people: Pick<ChatPeople, 'actorFor'>;
  clock: Clock;
}

/** Form ids this subject serves (cards/forms/reminder-done.ts carries the same id). */
export const ReminderFormIds = { done: 'reminder.done' } as const;

/** "Mina uppgifter": the person's coming reminders (60 days), each with Klar. */
async function myTasksView(deps: ReminderHandlerDeps, user: ChatUser): Promise<MessageView> {
  const actor = await deps.people.actorFor(user);
  const items = await deps.service().listUpcoming(actor.id);
  return occurrenceListCard('Mina kommande uppgifter', items, 'Du har inga uppgifter de närmaste 60 dagarna.');
}

const occurrenceOf = (data: Record<string, unknown>) => {
  if (typeof data.occurrence !== 'string' || data.occurrence.length > 300) throw new AppError('common.invalid_payload');
  return data.occurrence;
};

function doneFlow(deps: ReminderHandlerDeps): FormFlow<{ comment?: string; link?: string }> {
  return {
    context: async () => ({ now: deps.clock.now() }),
    contextFromAction: (data) => (typeof data.occurrence === 'string' && data.occurrence.length <= 300 ? { occurrence: data.occurrence } : undefined),
    async submit(values, meta, user) {
      const actor = await deps.people.actorFor(user);
      const occurrence = await deps.service().markDone(meta.context.occurrence ?? '', actor.id, {
        ...(values.comment ? { comment: values.comment } : {}),
        ...(values.link ? { link: values.link } : {}),
      });
      return { view: { title: `Klart: ${occurrence.title}`, text: ['Tack! Det är noterat i spårbarhetsloggen.'], tone: 'good' }, summary: 'Uppgiften är markerad som klar.' };
    },
  };
}

/** Påminn mig om 1 dag / 1 vecka, and Inte min uppgift (the admins are told). */
async function quickAction(deps: ReminderHandlerDeps, user: ChatUser, occurrence: string, action: SnoozeLength | 'not_mine'): Promise<MessageView> {
  const actor = await deps.people.actorFor(user);
  const service = deps.service();
  if (action === 'not_mine') {
    await service.notMine(occurrence, actor.id);
    return { title: 'Noterat: inte din uppgift', text: ['Administratörerna har fått veta och ser till att rätt person får påminnelsen.'] };
  }
  const until = await service.snooze(occurrence, actor.id, action);
  // With the time: a lex acknowledgement is snoozed at most until its deadline, which may be later today.
  return { title: 'Du påminns igen', text: [`Nästa påminnelse: ${formatDateTimeSv(until)}.`] };
}

/** Reminders in chat: "mina uppgifter", Klar (a form), snooze and "inte min uppgift". */
export function reminderHandlers(deps: ReminderHandlerDeps): SubjectHandlers {
  const quick = (action: SnoozeLength | 'not_mine') => async (data: Record<string, unknown>, user: ChatUser) => message(await quickAction(deps, user, occurrenceOf(data), action));
  return {
    intents: { myTasks: (_intent, user) => myTasksView(deps, user) },
    buttons: {
      [ActionIds.reminderSnooze1d]: quick('1d'),
      [ActionIds.reminderSnooze1w]: quick('1w'),
      [ActionIds.reminderNotMine]: quick('not_mine'),
    },
    forms: { [ReminderFormIds.done]: { flow: doneFlow(deps), openedBy: [ActionIds.reminderDone] } },
  };
}
