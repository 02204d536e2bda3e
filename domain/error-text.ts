import { AppError, type ErrorCatalogue, type ErrorParams } from './errors.js';

/** Errors every feature can raise. Feature catalogues are merged in below. */
const common: ErrorCatalogue = {
  'common.unexpected': {
    sv: () => 'Något gick fel hos kvalitetsboten. Försök igen om en stund; kvarstår felet, kontakta IT-supporten.',
    en: () => 'Something went wrong in the quality bot. Try again shortly; if it persists, contact IT support.',
    hint: 'See the error logged with the same request id.',
  },
  'common.storage_unavailable': {
    sv: () => 'Databasen svarar inte just nu. Ingenting har sparats. Försök igen om en stund.',
    en: () => 'The database is not answering right now. Nothing was saved. Try again shortly.',
    hint: 'Check that MongoDB at MONGODB_URI is reachable (GET /readyz).',
  },
  'common.forbidden': {
    sv: () => 'Du har inte behörighet att göra det här.',
    en: () => 'You are not allowed to do this.',
  },
  'common.invalid_payload': {
    sv: () => 'Begäran kunde inte läsas. Öppna formuläret på nytt och försök igen.',
    en: () => 'The request could not be read. Open the form again and retry.',
    hint: 'A payload failed schema validation; it may be tampered with or from an old card.',
  },

  'statistik.link_expired': {
    sv: () => 'Länken har gått ut eller finns inte. Be om sammanställningen i chatten igen, till exempel "sammanställning 2026".',
    en: () => 'The link has expired or does not exist. Ask for the compilation in the chat again, e.g. "sammanställning 2026".',
    hint: 'Workbook links live 15 minutes; a new one is made with every compilation asked for in the chat.',
  },

  'forms.no_units': {
    sv: () => 'Det finns inga enheter att välja ännu. Be en administratör att importera organisationen.',
    en: () => 'There are no units to choose from yet. Ask an administrator to import the organisation.',
    hint: 'Import the organisation (npm run cli -- import organisation.csv) or enable SEED_EXAMPLE_DATA.',
  },
};

const catalogues: ErrorCatalogue[] = [common];

/** Features register their catalogue once at import time. Codes must be unique. */
export function registerErrors(catalogue: ErrorCatalogue): void {
  for (const code of Object.keys(catalogue)) {
    if (catalogues.some((c) => code in c)) throw new Error(`Duplicate error code ${code}`);
  }
  catalogues.push(catalogue);
}

function lookup(code: string) {
  for (const c of catalogues) {
    const entry = c[code];
    if (entry) return entry;
  }
  return undefined;
}

export type Locale = 'sv' | 'en';

/** The only place that turns an error into text for a person. */
export function userText(error: unknown, locale: Locale = 'sv'): string {
  const code = error instanceof AppError ? error.code : 'common.unexpected';
  const params: ErrorParams = error instanceof AppError ? error.params : {};
  const entry = lookup(code) ?? lookup('common.unexpected')!;
  return entry[locale](params);
}

export function operatorHint(code: string): string | undefined {
  return lookup(code)?.hint;
}
