import type { ErrorCatalogue } from '../errors.js';

/** Error codes of the administration feature, by name (the texts are in `adminErrors` below). */
export const AdminErrors = {
  forbidden: 'admin.forbidden',
  unknownSetting: 'admin.unknown_setting',
  invalidSetting: 'admin.invalid_setting',
  settingsConflict: 'admin.settings_conflict',
  settingsCorrupt: 'admin.settings_corrupt',
  deadLetterNotFound: 'admin.dead_letter_not_found',
  remindersUnavailable: 'admin.reminders_unavailable',
  badDates: 'admin.bad_dates',
  tooManyFiles: 'admin.too_many_files',
  fileTooLarge: 'admin.file_too_large',
} as const;

/** The administration catalogue (assembled in `domain/errors.ts`). */
export const adminErrors = {
  [AdminErrors.forbidden]: {
    sv: 'Det här kommandot är bara för administratörer av kvalitetsboten. Försöket har loggats.',
    en: 'This command is for administrators of the quality bot only. The attempt has been logged.',
    hint: 'Admins are the people in ADMIN_EMAILS and the holders of the roles in ADMIN_ROLE_NAMES (docs/admin.md).',
  },
  [AdminErrors.unknownSetting]: {
    sv: (p) => `Inställningen "${p.key}" finns inte. Möjliga nycklar: ${p.keys}.`,
    en: (p) => `There is no setting "${p.key}". Possible keys: ${p.keys}.`,
  },
  [AdminErrors.invalidSetting]: {
    sv: (p) => `Värdet "${p.value}" för ${p.key} godtas inte: ${p.reason}`,
    en: (p) => `The value "${p.value}" for ${p.key} is not accepted: ${p.reason}`,
  },
  [AdminErrors.settingsConflict]: {
    sv: 'Någon annan ändrade inställningarna samtidigt. Visa inställningarna och försök igen.',
    en: 'Someone else changed the settings at the same time. Show the settings and try again.',
    hint: 'The settings document version moved between read and write; retrying is safe.',
  },
  [AdminErrors.settingsCorrupt]: {
    sv: 'De sparade inställningarna kunde inte läsas. Standardvärdena används tills en administratör sparar nya.',
    en: 'The stored settings could not be read. The defaults apply until an administrator saves new ones.',
    hint: "The document _id 'admin' in the 'settings' collection failed validation; fix or delete it, or set a value with the CLI.",
  },
  [AdminErrors.deadLetterNotFound]: {
    sv: (p) => `Inget olevererat meddelande med referensen ${p.ref}. Visa listan med "admin döda meddelanden".`,
    en: (p) => `No undelivered message with reference ${p.ref}. List them with "admin döda meddelanden".`,
  },
  [AdminErrors.remindersUnavailable]: {
    sv: 'Påminnelserna är inte i drift i den här installationen, så ingen torrkörning kan göras.',
    en: 'Reminders are not running in this installation, so no dry run can be made.',
    hint: 'This AdminService was built without the reminder system (app.ts creates it at start-up); the same dry run from the command line: npm run cli -- reminders --dry-run --from … --to ….',
  },
  [AdminErrors.badDates]: {
    sv: 'Ange perioden som två datum: admin påminnelser ÅÅÅÅ-MM-DD ÅÅÅÅ-MM-DD.',
    en: 'Give the period as two dates: admin påminnelser YYYY-MM-DD YYYY-MM-DD.',
  },
  [AdminErrors.tooManyFiles]: {
    sv: (p) => `Skicka högst ${p.max} filer åt gången.`,
    en: (p) => `Send at most ${p.max} files at a time.`,
  },
  [AdminErrors.fileTooLarge]: {
    sv: (p) => `Filen ${p.name} är större än ${p.maxMb} MB. Dela upp den eller använd kommandoraden.`,
    en: (p) => `The file ${p.name} is larger than ${p.maxMb} MB. Split it or use the command line.`,
  },
} satisfies ErrorCatalogue;
