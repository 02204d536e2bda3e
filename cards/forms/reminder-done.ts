/**
 * "Klar" on a reminder: an optional comment and link that document the work in the audit trail.
 */
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { REMINDER_DONE_LIMITS, ReminderDoneInput } from '../../domain/paminnelser/schema.js';
import { fixedTextForm, type FormDefinition } from '../form.js';

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

export const reminderDoneForm: FormDefinition<ReminderDoneValues> = fixedTextForm({
  id: 'reminder.done',
  submitActionId: ActionIds.reminderDoneSubmit,
  slackCallbackId: ViewIds.reminderDone,
  texts,
  fields: (t) => [
    { id: 'comment', kind: 'textarea', label: t(texts.comment), required: false, maxLength: REMINDER_DONE_LIMITS.comment, privacy: 'narrative' },
    { id: 'link', kind: 'text', label: t(texts.link), help: t(texts.linkHelp), required: false, maxLength: REMINDER_DONE_LIMITS.link },
  ],
  schema: ReminderDoneInput,
});
