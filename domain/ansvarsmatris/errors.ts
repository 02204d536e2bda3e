import type { ErrorCatalogue } from '../errors.js';

/** Error codes of the ansvarsmatris feature, by name (the texts are in `ansvarErrors` below). */
export const AnsvarErrors = {
  importInvalid: 'ansvar.import_invalid',
  importEmpty: 'ansvar.import_empty',
  importConflict: 'ansvar.import_conflict',
  noPreviousVersion: 'ansvar.no_previous_version',
  cliUnreachable: 'ansvar.cli_unreachable',
} as const;

/** The ansvarsmatris catalogue (assembled in `domain/errors.ts`). */
export const ansvarErrors = {
  [AnsvarErrors.importInvalid]: {
    sv: (p) => `Importen avbröts: ${p.count} fel hittades. Ingenting har ändrats; rätta felen och importera igen.`,
    en: (p) => `The import was rejected: ${p.count} errors found. Nothing was changed; fix them and import again.`,
    hint: 'Every issue is listed with file, line and column in AnsvarImportError.issues.',
  },
  [AnsvarErrors.importEmpty]: {
    sv: 'Importen innehöll inga tabeller som kunde kännas igen (matris, organisation, roller, personer eller vokabulär).',
    en: 'The import held no recognisable table (matrix, organisation, roles, people or vocabulary).',
    hint: 'Check the header row: e.g. område;aktivitet;ansvarig;frekvens;rapporteras_till;källa.',
  },
  [AnsvarErrors.importConflict]: {
    sv: 'Någon annan importerade eller återställde ansvarsmatrisen samtidigt. Försök igen.',
    en: 'Someone else imported or rolled back the responsibility matrix at the same time. Try again.',
    hint: 'The active-version pointer moved between read and flip; retry is safe.',
  },
  [AnsvarErrors.noPreviousVersion]: {
    sv: 'Det finns ingen tidigare version att återställa.',
    en: 'There is no previous version to roll back to.',
  },
  [AnsvarErrors.cliUnreachable]: {
    sv: (p) => `Databasen svarar inte (${p.reason}). Kontrollera MONGODB_URI, eller starta appen med npm start så att utvecklingsdatabasen är igång.`,
    en: (p) => `The database does not answer (${p.reason}). Check MONGODB_URI, or start the app with npm start so that the development database runs.`,
    hint: 'The CLI reaches MongoDB through MONGODB_URI, else the address in ./data/server.json of a running npm start; `npm run db -- status` tells what runs.',
  },
} satisfies ErrorCatalogue;

/** One problem in an imported file. `line` is 1-based and counts the header row; `column` is the header name. */
export interface ImportIssue {
  file: string;
  line?: number;
  column?: string;
  message: string;
}

/** "matris.csv, rad 4, kolumn ansvarig: …" */
export function formatIssue(issue: ImportIssue): string {
  const where = [issue.file, issue.line !== undefined ? `rad ${issue.line}` : undefined, issue.column ? `kolumn ${issue.column}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${issue.message}`;
}
