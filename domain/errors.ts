import { adminErrors } from './admin/errors.js';
import { ansvarErrors } from './ansvarsmatris/errors.js';
import { avvikelseErrors } from './avvikelser/errors.js';
import { caseErrors } from './cases/errors.js';
import { reminderErrors } from './paminnelser/errors.js';
import { privacyErrors } from './privacy/errors.js';
import { retentionErrors } from './retention/errors.js';
import { statistikErrors } from './statistik/errors.js';
import { synpunktErrors } from './synpunkter/errors.js';

/**
 * Errors with stable codes, like the error tables of the Agents SDK: every code has a Swedish text for the person
 * (English second) and, where an operator can fix the cause, a hint that is logged with the code.
 *
 * Each subject defines its codes in one typed object (`domain/<subject>/errors.ts`, data only); they are assembled
 * here, statically, so `new AppError(code)` accepts only a code of the catalogue at compile time and no text
 * depends on a module having been imported first. `domain/error-text.ts` turns an error into text.
 */
export type ErrorParams = Record<string, string | number>;

/** A text for a person: a string, or a function of the error's parameters. */
export type ErrorText = string | ((params: ErrorParams) => string);

export interface ErrorEntry {
  /** Swedish text shown to the user. */
  sv: ErrorText;
  /** English text (second locale). */
  en: ErrorText;
  /** Logged for the operator when the error is shown: where and how to fix it. No personal data. */
  hint?: string;
}

/** The type every subject's catalogue satisfies (`… satisfies ErrorCatalogue`, so its codes stay literal). */
export type ErrorCatalogue = Record<string, ErrorEntry>;

/** Errors every feature can raise. */
const commonErrors = {
  'common.unexpected': {
    sv: 'Något gick fel hos kvalitetsboten. Försök igen om en stund; kvarstår felet, kontakta IT-supporten.',
    en: 'Something went wrong in the quality bot. Try again shortly; if it persists, contact IT support.',
    hint: 'See the error logged with the same request id.',
  },
  'common.storage_unavailable': {
    sv: 'Databasen svarar inte just nu. Ingenting har sparats. Försök igen om en stund.',
    en: 'The database is not answering right now. Nothing was saved. Try again shortly.',
    hint: 'Check that MongoDB at MONGODB_URI is reachable (GET /readyz).',
  },
  'common.forbidden': {
    sv: 'Du har inte behörighet att göra det här.',
    en: 'You are not allowed to do this.',
  },
  'common.invalid_payload': {
    sv: 'Begäran kunde inte läsas. Öppna formuläret på nytt och försök igen.',
    en: 'The request could not be read. Open the form again and retry.',
    hint: 'A payload failed schema validation; it may be tampered with or from an old card.',
  },
  'forms.no_units': {
    sv: 'Det finns inga enheter att välja ännu. Be en administratör att importera organisationen.',
    en: 'There are no units to choose from yet. Ask an administrator to import the organisation.',
    hint: 'Import the organisation (npm run cli -- import organisation.csv) or enable SEED_EXAMPLE_DATA.',
  },
} satisfies ErrorCatalogue;

/** Every catalogue by the code prefix its codes carry; the prefixes keep the codes of two subjects apart. */
export const errorCatalogues = {
  common: commonErrors,
  admin: adminErrors,
  ansvar: ansvarErrors,
  avvikelse: avvikelseErrors,
  cases: caseErrors,
  paminnelser: reminderErrors,
  privacy: privacyErrors,
  retention: retentionErrors,
  statistik: statistikErrors,
  synpunkt: synpunktErrors,
} as const;

/** Every code the catalogue knows; `AppError` takes nothing else. */
export type ErrorCode = { [S in keyof typeof errorCatalogues]: keyof (typeof errorCatalogues)[S] }[keyof typeof errorCatalogues];

/** All codes in one table (a test checks that no two catalogues share a code). */
export const errorCatalogue: Readonly<Record<ErrorCode, ErrorEntry>> = Object.assign({}, ...Object.values(errorCatalogues));

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
