/**
 * "Klar" on a reminder: an optional comment and link that document the work in the audit trail.
 */
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { REMINDER_DONE_LIMITS, ReminderDoneInput } from '../../domain/paminnelser/schema.js';
import { type BuiltForm, type FormContext, type FormDefinition, localize } from '../form.js';

const texts = {
  title: { sv: 'Markera uppgiften som klar', en: 'Mark the task as done' },
  slackTitle: { sv: 'Uppgiften är klar', en: 'Task done' },
  intro: {
    sv: 'Det du skriver sparas i spårbarhetsloggen som dokumentation av arbetet. Skriv inga uppgifter om enskilda.',
    en: 'What you write is kept in the audit trail as documentation of the work. No details about individuals.',
  },
  comment: { sv: 'Kommentar (valfritt)', en: 'Comment (optional)' },
  link: { sv: 'Länk till dokumentation (valfritt)', en: 'Link to documentation (optional)' },
  linkHelp: { sv: 'Till exempel protokollet eller den reviderade rutinen.', en: 'For example the minutes or the revised routine.' },
  submit: { sv: 'Klar', en: 'Done' },
  close: { sv: 'Avbryt', en: 'Cancel' },
};

export type ReminderDoneValues = ReminderDoneInput;

function build(ctx: FormContext): BuiltForm<ReminderDoneValues> {
  const t = (text: { sv: string; en: string }) => localize(text, ctx.locale);
  return {
    title: t(texts.title),
    slackTitle: t(texts.slackTitle),
    intro: [t(texts.intro)],
    submitLabel: t(texts.submit),
    closeLabel: t(texts.close),
    fields: [
      { id: 'comment', kind: 'textarea', label: t(texts.comment), required: false, maxLength: REMINDER_DONE_LIMITS.comment, privacy: 'narrative' },
      { id: 'link', kind: 'text', label: t(texts.link), help: t(texts.linkHelp), required: false, maxLength: REMINDER_DONE_LIMITS.link },
    ],
    schema: ReminderDoneInput,
  };
}

export const reminderDoneForm: FormDefinition<ReminderDoneValues> = {
  id: 'reminder.done',
  submitActionId: ActionIds.reminderDoneSubmit,
  slackCallbackId: ViewIds.reminderDone,
  build,
};
