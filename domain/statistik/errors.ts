import type { ErrorCatalogue } from '../errors.js';

/** The statistics catalogue (assembled in `domain/errors.ts`). */
export const statistikErrors = {
  'statistik.link_expired': {
    sv: 'Länken har gått ut eller finns inte. Be om sammanställningen i chatten igen, till exempel "sammanställning 2026".',
    en: 'The link has expired or does not exist. Ask for the compilation in the chat again, e.g. "sammanställning 2026".',
    hint: 'Workbook links live 15 minutes; a new one is made with every compilation asked for in the chat.',
  },
} satisfies ErrorCatalogue;
