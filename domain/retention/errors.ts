import type { ErrorCatalogue } from '../errors.js';

/**
 * The retention and export catalogue (assembled in `domain/errors.ts`). Params are case numbers and formats, never
 * personal data.
 */
export const retentionErrors = {
  'retention.case_not_found': {
    sv: (p) => `Det finns inget ärende med nummer ${p.number}. Kontrollera numret (t.ex. AVV-2026-0001); ett gallrat ärende kan inte exporteras.`,
    en: (p) => `There is no case numbered ${p.number}. Check the number (e.g. AVV-2026-0001); a removed case cannot be exported.`,
  },
  'retention.bad_case_number': {
    sv: (p) => `"${p.number}" är inget ärendenummer. Ange det som AVV-2026-0001 eller SYN-2026-0001.`,
    en: (p) => `"${p.number}" is not a case number. Write it as AVV-2026-0001 or SYN-2026-0001.`,
  },
  'retention.bad_format': {
    sv: (p) => `Formatet "${p.format}" finns inte. Välj json eller txt.`,
    en: (p) => `There is no format "${p.format}". Choose json or txt.`,
  },
  'retention.bad_settings': {
    sv: (p) => `Gallringsinställningarna är felaktiga (${p.where}): ${p.reason}. Rätta RETENTION_SETTINGS eller filen i RETENTION_SETTINGS_FILE.`,
    en: (p) => `The retention settings are invalid (${p.where}): ${p.reason}. Fix RETENTION_SETTINGS or the file named in RETENTION_SETTINGS_FILE.`,
    hint: 'See docs/gallring.md for the settings format, e.g. {"avvikelse":{"avvikelse":{"years":5,"action":"anonymise"}}}.',
  },
  'retention.corrupt_report': {
    sv: 'En gallringsrapport kunde inte läsas. Kontakta IT-supporten.',
    en: 'A retention report could not be read. Contact IT support.',
    hint: 'A document in retention_runs failed schema validation; inspect it.',
  },
} satisfies ErrorCatalogue;

/** The retention codes by name. */
export const RetentionErrors = {
  caseNotFound: 'retention.case_not_found',
  badCaseNumber: 'retention.bad_case_number',
  badFormat: 'retention.bad_format',
  badSettings: 'retention.bad_settings',
  corruptReport: 'retention.corrupt_report',
} as const;
