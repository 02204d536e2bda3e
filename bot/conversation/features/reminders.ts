import type { Db } from 'mongodb';
import { reminderDoneForm, type ReminderDoneValues } from '../../../cards/forms/reminder-done.js';
import type { MessageView } from '../../../domain/view.js';
import { occurrenceListCard } from '../../../domain/paminnelser/messaging.js';
import type { Clock } from '../../../domain/clock.js';
import type { Outbox } from '../../../domain/paminnelser/ports.js';
import type { ReminderService, SnoozeLength } from '../../../domain/paminnelser/service.js';
import { formatDateTimeSv } from '../../../domain/paminnelser/messages.js';
import { NUDGES } from '../../../storage/reminder-repository.js';
import type { People } from '../../../wiring/people.js';
import type { HostedForm } from '../forms.js';
import type { ChatUser } from '../../../domain/chat.js';

/** "Mina uppgifter": the person's coming reminders (60 days), each with Klar. */
export async function myTasksView(service: ReminderService, people: People, user: ChatUser): Promise<MessageView> {
  const actor = await people.actorFor(user);
  const items = await service.listUpcoming(actor.id);
  return occurrenceListCard('Mina kommande uppgifter', items, 'Du har inga uppgifter de närmaste 60 dagarna.');
}

export function reminderDoneHostedForm(service: () => ReminderService, people: People, clock: Clock): HostedForm<ReminderDoneValues> {
  return {
    definition: reminderDoneForm,
    context: async () => ({ now: clock.now() }),
    contextFromAction: (data) => (typeof data.occurrence === 'string' && data.occurrence.length <= 300 ? { occurrence: data.occurrence } : undefined),
    async submit(values, meta, user) {
      const actor = await people.actorFor(user);
      const occurrence = await service().markDone(meta.context.occurrence ?? '', actor.id, {
        ...(values.comment ? { comment: values.comment } : {}),
        ...(values.link ? { link: values.link } : {}),
      });
      return { view: { title: `Klart: ${occurrence.title}`, text: ['Tack! Det är noterat i spårbarhetsloggen.'], tone: 'good' }, summary: 'Uppgiften är markerad som klar.' };
    },
  };
}

/** Påminn mig om 1 dag / 1 vecka, and Inte min uppgift (the admins are told). */
export async function reminderQuickAction(
  service: ReminderService,
  people: People,
  user: ChatUser,
  occurrence: string,
  action: SnoozeLength | 'not_mine',
): Promise<MessageView> {
  const actor = await people.actorFor(user);
  if (action === 'not_mine') {
    await service.notMine(occurrence, actor.id);
    return { title: 'Noterat: inte din uppgift', text: ['Administratörerna har fått veta och ser till att rätt person får påminnelsen.'] };
  }
  const until = await service.snooze(occurrence, actor.id, action);
  // With the time: a lex acknowledgement is snoozed at most until its deadline, which may be later today.
  return { title: 'Du påminns igen', text: [`Nästa påminnelse: ${formatDateTimeSv(until)}.`] };
}

/** Sends a message to a chat user's own chat (e.g. the receipt of a report made from a channel). */
export async function notifyChatUser(people: People, outbox: Outbox, user: ChatUser, view: MessageView): Promise<void> {
  const actor = await people.actorFor(user);
  const address = await people.addressOf(actor.id);
  if (!address) return;
  await outbox.enqueue({ dedupeKey: `receipt|${actor.id}|${view.title}`, recipient: address, message: { view, fallbackText: view.title, meta: { kind: 'receipt' } } });
}

/** Age in seconds of the oldest nudge that is due but not yet handled (0 when none). */
export async function reminderLagSeconds(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const oldest = await db
    .collection<{ fireAt: Date }>(NUDGES)
    .find({ status: 'pending', fireAt: { $lte: now } }, { projection: { fireAt: 1 } })
    .sort({ fireAt: 1 })
    .limit(1)
    .next();
  return oldest ? (now.getTime() - oldest.fireAt.getTime()) / 1000 : 0;
}
