import type { SynpunktAction, SynpunktSource, SynpunktStatus, SynpunktTopic, SynpunktType } from './schema.js';

export const synpunktTexts = {
  sv: {
    types: { klagomal: 'Klagomål', synpunkt: 'Synpunkt', forslag: 'Förslag', berom: 'Beröm' } satisfies Record<SynpunktType, string>,
    sources: {
      vard_omsorgstagare: 'Vård- och omsorgstagare',
      narstaende: 'Närstående',
      personal: 'Personal',
      vardgivare: 'Vårdgivare',
      annan_socialtjanst: 'Annan som bedriver socialtjänst',
      lss_verksamhet: 'Verksamhet enligt LSS',
      myndighet: 'Myndighet',
      forening: 'Förening, organisation eller intressent',
      anonym: 'Anonym',
    } satisfies Record<SynpunktSource, string>,
    channels: { telefon: 'Telefon', besok: 'Besök', brev: 'Brev', e_post: 'E-post', annat: 'Annat' },
    answerMethods: { telefon: 'Telefon', brev: 'Brev', e_post: 'E-post', besok: 'Besök' },
    topics: {
      bemotande: 'Bemötande',
      information: 'Information',
      insatsens_kvalitet: 'Insatsens kvalitet',
      tillganglighet: 'Tillgänglighet',
      handlaggning: 'Handläggning',
      mat_maltider: 'Mat och måltider',
      miljo_lokaler: 'Miljö och lokaler',
      kontinuitet: 'Personalkontinuitet',
      ovrigt: 'Övrigt',
    } satisfies Record<SynpunktTopic, string>,
    statuses: { ny: 'Ny', mottagen: 'Mottagen', besvarad: 'Besvarad', avslutad: 'Avslutad' } satisfies Record<SynpunktStatus, string>,
    actions: {
      acknowledge: 'Mottagen',
      answer: 'Besvarad',
      forward: 'Vidarebefordra',
      escalate: 'Eskalera',
      close: 'Avsluta',
    } satisfies Record<SynpunktAction, string>,
    source: 'Från',
    received: 'Inkom',
    answerDue: 'Svar senast',
    answered: 'Besvarad',
    noAnswerWanted: 'Inget svar önskas',
    /** The one line the form closes with (Slack's modal, Teams' dialog). */
    savedAs: (number: string) => `Tack! Synpunkten är registrerad som ${number}.`,
    savedWithLexAs: (number: string, lexNumber: string) => `Tack! Synpunkten är registrerad som ${number} och rapporten som ${lexNumber}.`,
    /** Receipt line when a complaint also became a lex report. */
    lexLinked: (kind: string, number: string) => `${kind}-rapporten ${number} är också skapad och kopplad till klagomålet. Den som ska ta emot den har fått besked.`,
  },
} as const;

export const syn = synpunktTexts.sv;
