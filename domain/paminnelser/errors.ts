import type { ErrorCatalogue } from '../errors.js';

/** The reminder catalogue (assembled in `domain/errors.ts`). */
export const reminderErrors = {
  'paminnelser.import_invalid': {
    sv: (p) => `Importen stoppades, ingenting sparades. ${p.count} fel hittades:\n${p.errors}`,
    en: (p) => `The import was stopped, nothing was saved. ${p.count} errors found:\n${p.errors}`,
    hint: 'Fix the listed lines in the file and import it again; imports are all-or-nothing.',
  },
  'paminnelser.occurrence_not_found': {
    sv: 'Påminnelsen finns inte längre (den kan ha tagits bort eller ersatts).',
    en: 'The reminder no longer exists (it may have been removed or replaced).',
    hint: 'A card action referred to an unknown occurrence key; usually an old card.',
  },
  'paminnelser.not_recipient': {
    sv: 'Den här påminnelsen gäller inte dig.',
    en: 'This reminder is not addressed to you.',
  },
  'paminnelser.already_closed': {
    sv: 'Uppgiften är redan markerad som klar eller avbruten.',
    en: 'The task is already marked done or cancelled.',
  },
  'paminnelser.snooze_past_deadline': {
    sv: 'Tiden för att kvittera har redan gått ut och kan inte skjutas upp. Kvittera ärendet nu.',
    en: 'The time to acknowledge has already run out and cannot be postponed. Acknowledge the case now.',
  },
  'paminnelser.bad_range': {
    sv: (p) => `Ogiltigt datumintervall: ${p.reason}`,
    en: (p) => `Invalid date range: ${p.reason}`,
  },
} satisfies ErrorCatalogue;

/** The reminder codes by name. */
export const ReminderErrors = {
  importInvalid: 'paminnelser.import_invalid',
  occurrenceNotFound: 'paminnelser.occurrence_not_found',
  notRecipient: 'paminnelser.not_recipient',
  alreadyClosed: 'paminnelser.already_closed',
  badRange: 'paminnelser.bad_range',
  snoozePastDeadline: 'paminnelser.snooze_past_deadline',
} as const;
