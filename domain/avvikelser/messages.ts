import type { AvvikelseAction, AvvikelseStatus, AvvikelseType, LexAssessment, RiskLevel } from './types.js';

/** Every Swedish text of the avvikelse feature (English second). */
export const avvikelseTexts = {
  sv: {
    types: {
      avvikelse: 'Avvikelse',
      lex_sarah: 'Lex Sarah',
      lex_maria: 'Lex Maria',
    } satisfies Record<AvvikelseType, string>,
    typeHelp: {
      avvikelse: 'Något gick fel eller kunde ha gått fel jämfört med en rutin.',
      lex_sarah: 'Missförhållande eller påtaglig risk för missförhållande i socialtjänst eller LSS.',
      lex_maria: 'Vårdskada eller risk för vårdskada i hälso- och sjukvården.',
    } satisfies Record<AvvikelseType, string>,
    statuses: {
      ny: 'Ny',
      mottagen: 'Mottagen',
      under_utredning: 'Under utredning',
      atgardad: 'Åtgärdad',
      avslutad: 'Avslutad',
    } satisfies Record<AvvikelseStatus, string>,
    actions: {
      acknowledge: 'Mottagen',
      start_investigation: 'Starta utredning',
      resolve: 'Åtgärdad',
      close: 'Avsluta',
      request_supplement: 'Begär komplettering',
      reclassify: 'Omklassificera',
      assess: 'Bedömning',
      report_ivo: 'Anmäld till IVO',
    } satisfies Record<AvvikelseAction, string>,
    assessments: {
      ej_missforhallande: 'Ej missförhållande',
      missforhallande: 'Missförhållande',
      allvarligt: 'Allvarligt missförhållande',
    } satisfies Record<LexAssessment, string>,
    lexMariaAssessments: {
      ej_missforhallande: 'Ingen vårdskada',
      missforhallande: 'Vårdskada',
      allvarligt: 'Allvarlig vårdskada',
    } satisfies Record<LexAssessment, string>,
    riskLevels: { lag: 'Låg', medel: 'Medel', hog: 'Hög', mycket_hog: 'Mycket hög' } satisfies Record<RiskLevel, string>,
    acknowledgeDue: 'Ska tas emot senast',
    investigationDue: 'Utredning klar senast',
    assessment: 'Bedömning',
    ivo: 'Anmäld till IVO',
  },
} as const;

export const avv = avvikelseTexts.sv;
