import { cite } from '../law/catalogue.js';
import type { AvvikelseAction, AvvikelseStatus, AvvikelseType, IvoOutcome, LexAssessment, LexFinding, RiskLevel } from './schema.js';

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
      order_investigation: 'Ge utredningsuppdrag',
      record_investigation: 'Registrera utredning',
      decide: 'Beslut',
      inform_patient: 'Patienten informerad',
      record_ivo_decision: 'IVO:s beslut',
      follow_up: 'Åtgärder uppföljda',
    } satisfies Record<AvvikelseAction, string>,
    findings: {
      lex_sarah: { intraffat: 'Missförhållande', risk: 'Påtaglig risk för missförhållande', inget: 'Varken missförhållande eller påtaglig risk' },
      lex_maria: { intraffat: 'Vårdskada', risk: 'Risk för vårdskada', inget: 'Ingen vårdskada eller risk för vårdskada' },
    } satisfies Record<'lex_sarah' | 'lex_maria', Record<LexFinding, string>>,
    serious: { true: 'allvarligt', false: 'inte allvarligt' },
    ivoOutcomes: {
      avslutat: 'Avslutat utan kritik',
      avslutat_med_kritik: 'Avslutat med kritik',
      tillsyn: 'IVO utreder vidare (tillsyn)',
      annat: 'Annat beslut',
    } satisfies Record<IvoOutcome, string>,
    patientInformedHow: {
      muntligt: 'Muntligt',
      skriftligt: 'Skriftligt',
      muntligt_och_skriftligt: 'Muntligt och skriftligt',
      inte_mojligt: 'Inte möjligt att informera',
    },
    decision: 'Beslut',
    ivoDecision: 'IVO:s beslut',
    patientInformed: 'Patienten informerad',
    step: 'Steg',
    /** What each lex step asks of the person it is sent to (title, text). No free text from the case. */
    stepMessages: {
      private_provider: (type: string, number: string) => ({
        title: `${type} hos privat utförare: ${number}`,
        text: 'Utföraren informerar nämnden: en rapport enligt lex Sarah har kommit in från en verksamhet som drivs av en privat utförare. Nämnden får besked igen om anmälan till IVO och om IVO:s beslut.',
      }),
      order: (number: string) => ({
        title: `Ge utredningsuppdrag: lex Sarah ${number}`,
        text: 'Rapporten är mottagen. Ge utredningsuppdraget utan dröjsmål; utredaren får ärendet och en tidsfrist.',
      }),
      investigate: (type: string, number: string) => ({
        title: `Utredningsuppdrag till dig: ${type} ${number}`,
        text: `Utred utan dröjsmål: vad som hänt, konsekvenser, orsaker, vidtagna och planerade åtgärder och information till den enskilde (${cite('sosfs-2011-5')}). Registrera utredningen med knappen när den är klar.`,
      }),
      decide: (type: string, number: string) => ({
        title: `Beslut behövs: ${type} ${number}`,
        text: 'Utredningen är klar. Besluta om det är ett missförhållande eller en påtaglig risk (vid lex Maria: vårdskada eller risk för vårdskada) och om det är allvarligt.',
      }),
      ivo: (type: string, number: string) => ({
        title: `Anmäl till IVO snarast: ${type} ${number}`,
        text: 'Beslutet är att händelsen är allvarlig. Anmälan ska göras till IVO snarast. Öppna "Anmäld till IVO": där finns underlaget att kopiera in i IVO:s e-tjänst.',
      }),
      informPatient: (number: string) => ({
        title: `Informera patienten: lex Maria ${number}`,
        text: `Patienten (eller närstående) ska informeras om vårdskadan och om vilka åtgärder som vidtas (${cite('psl-3-8')}). Registrera när och hur det gjordes.`,
      }),
      followUp: (type: string, number: string) => ({
        title: `Följ upp åtgärderna: ${type} ${number}`,
        text: 'Beslutet är fattat. Följ upp att de beslutade åtgärderna är genomförda och har effekt, och registrera uppföljningen.',
      }),
      namndIvoReported: (type: string, number: string) => ({
        title: `För kännedom till nämnden: ${type} ${number} är anmäld till IVO`,
        text: 'Ärendet har anmälts till Inspektionen för vård och omsorg. Nämnden får besked igen när IVO har beslutat.',
      }),
      namndIvoDecided: (type: string, number: string, outcome: string) => ({
        title: `För kännedom till nämnden: IVO har beslutat i ${type} ${number}`,
        text: `IVO:s beslut: ${outcome}.`,
      }),
      ivoDecided: (type: string, number: string, outcome: string) => ({
        title: `IVO har beslutat: ${type} ${number}`,
        text: `IVO:s beslut: ${outcome}. Följ upp åtgärderna om det inte redan är gjort.`,
      }),
      followedUp: (type: string, number: string) => ({
        title: `Åtgärderna är uppföljda: ${type} ${number}`,
        text: 'Ärendet kan avslutas när alla steg är klara.',
      }),
    },
    stepDue: {
      order: 'Utredningsuppdrag senast',
      investigation: 'Utredning klar senast',
      decision: 'Beslut senast',
      ivo_report: 'Anmälan till IVO senast',
      inform_patient: 'Patienten informerad senast',
      follow_up: 'Uppföljning senast',
    },
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
    /** The one line the form closes with (Slack's modal, Teams' dialog). */
    savedAs: (number: string) => `Tack! Rapporten är sparad som ${number}.`,
    acknowledgeDue: 'Ska tas emot senast',
    investigationDue: 'Utredning klar senast',
    assessment: 'Bedömning',
    ivo: 'Anmäld till IVO',
  },
} as const;

export const avv = avvikelseTexts.sv;
