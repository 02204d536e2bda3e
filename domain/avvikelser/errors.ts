import type { ErrorCatalogue } from '../errors.js';

/** The avvikelse catalogue (assembled in `domain/errors.ts`). */
export const avvikelseErrors = {
  'avvikelse.occurred_in_future': {
    sv: 'Tidpunkten ligger i framtiden. Ange när händelsen inträffade (datum och klockslag).',
    en: 'The time is in the future. Enter when the event happened.',
  },
  'avvikelse.measure_required': {
    sv: (p) => `${p.number} kan inte avslutas utan att den vidtagna åtgärden är beskriven. Fyll i "Åtgärd".`,
    en: (p) => `${p.number} cannot be closed without the measure taken. Fill in "Measure".`,
  },
  'avvikelse.lex_only': {
    sv: (p) => `Bedömning och IVO-anmälan gäller bara lex Sarah och lex Maria. ${p.number} är en avvikelse; omklassificera först om det behövs.`,
    en: (p) => `Assessment and IVO reports apply to lex Sarah and lex Maria only. Reclassify ${p.number} first if needed.`,
  },
  'avvikelse.assessment_required': {
    sv: (p) => `${p.number} behöver en bedömning (ej missförhållande / missförhållande / allvarligt) innan det kan avslutas.`,
    en: (p) => `${p.number} needs an assessment before it can be closed.`,
  },
  'avvikelse.ivo_requires_serious': {
    sv: (p) => `IVO-anmälan kan registreras först när ${p.number} bedömts som allvarligt.`,
    en: (p) => `An IVO report can be recorded only once ${p.number} is assessed as serious.`,
  },
  'avvikelse.lex_not_your_step': {
    sv: (p) => `Steget "${p.action}" i ${p.number} görs av ${p.role} enligt ansvarsmatrisen. Du har inte den rollen för enheten.`,
    en: (p) => `The step "${p.action}" of ${p.number} is taken by ${p.role} per the responsibility matrix; you do not hold that role for the unit.`,
  },
  'avvikelse.lex_incomplete': {
    sv: (p) => `${p.number} kan inte avslutas än. Kvar att göra: ${p.missing}.`,
    en: (p) => `${p.number} cannot be closed yet. Still to do: ${p.missing}.`,
  },
  'avvikelse.date_in_future': {
    sv: 'Datumet ligger i framtiden. Ange dagens datum eller ett tidigare.',
    en: 'The date is in the future. Enter today or an earlier date.',
  },
  'avvikelse.not_reporter': {
    sv: (p) => `Bara den som rapporterade ${p.number} kan komplettera det.`,
    en: (p) => `Only the reporter of ${p.number} can add to it.`,
  },
  'avvikelse.no_supplement_requested': {
    sv: (p) => `Ingen komplettering är begärd för ${p.number}.`,
    en: (p) => `No supplement has been requested for ${p.number}.`,
  },
} satisfies ErrorCatalogue;
