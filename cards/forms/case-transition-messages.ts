/**
 * Every text of the handler dialogs (case transitions that need input) and of the "Visa detaljer" dialog,
 * Swedish first, English second. Slack limits: modal titles and submit labels ≤ 24 characters, option
 * descriptions ≤ 75 characters (tested).
 */
import type { Text } from './messages.js';

/** Shared by every transition dialog. */
export const transitionCommonTexts = {
  intro: {
    sv: 'Ärende {number}. Skriv kort och sakligt – inga namn, initialer eller personnummer.',
    en: 'Case {number}. Keep it short and factual – no names, initials or identity numbers.',
  },
  introNoNumber: {
    sv: 'Skriv kort och sakligt – inga namn, initialer eller personnummer.',
    en: 'Keep it short and factual – no names, initials or identity numbers.',
  },
  unit: { sv: 'Enhet', en: 'Unit' },
  dateNotBeforeToday: { sv: 'Datumet kan inte ligga före i dag.', en: 'The date cannot be before today.' },
  dateTooFarAhead: { sv: 'Välj ett datum inom ett år.', en: 'Choose a date within one year.' },
} as const satisfies Record<string, Text>;

export const avvikelseTransitionTexts = {
  // resolve
  resolveTitle: { sv: 'Markera avvikelsen som åtgärdad', en: 'Mark the incident as resolved' },
  resolveSlackTitle: { sv: 'Åtgärdad', en: 'Resolved' },
  resolveSubmit: { sv: 'Markera som åtgärdad', en: 'Mark as resolved' },
  measure: { sv: 'Vidtagen åtgärd', en: 'Measure taken' },
  measureHelp: {
    sv: 'Vad har gjorts för att det inte ska hända igen, t.ex. ändrad rutin, utbildning, ny bemanning.',
    en: 'What was done to prevent it from happening again, e.g. a changed routine, training, new staffing.',
  },
  // close
  closeTitle: { sv: 'Avsluta ärendet', en: 'Close the case' },
  closeSlackTitle: { sv: 'Avsluta ärende', en: 'Close case' },
  closeSubmit: { sv: 'Avsluta ärendet', en: 'Close the case' },
  closeMeasureHelp: {
    sv: 'Krävs om ingen åtgärd har registrerats tidigare. Fyller du i den ersätter den tidigare text.',
    en: 'Required when no measure has been recorded before. If you fill it in, it replaces the earlier text.',
  },
  // request_supplement
  supplementTitle: { sv: 'Begär komplettering av rapportören', en: 'Ask the reporter for more information' },
  supplementSlackTitle: { sv: 'Begär komplettering', en: 'Request information' },
  supplementSubmit: { sv: 'Skicka frågan', en: 'Send the question' },
  question: { sv: 'Vad behöver du veta?', en: 'What do you need to know?' },
  questionHelp: {
    sv: 'Rapportören ser frågan i dialogen "Visa detaljer". Ställ en konkret fråga.',
    en: 'The reporter sees the question in the "View details" dialog. Ask a concrete question.',
  },
  // reclassify
  reclassifyTitle: { sv: 'Omklassificera avvikelsen', en: 'Reclassify the incident' },
  reclassifySlackTitle: { sv: 'Omklassificera', en: 'Reclassify' },
  reclassifySubmit: { sv: 'Omklassificera', en: 'Reclassify' },
  reclassifyIntro: {
    sv: 'Ändra typ, enhet eller båda. Ärendet skickas då till de ansvariga för den nya typen eller enheten.',
    en: 'Change the type, the unit or both. The case then goes to whoever is responsible for the new type or unit.',
  },
  newType: { sv: 'Ny typ', en: 'New type' },
  newTypeHelp: { sv: 'Lämna tomt för att behålla typen.', en: 'Leave empty to keep the type.' },
  newUnit: { sv: 'Ny enhet', en: 'New unit' },
  newUnitHelp: { sv: 'Lämna tomt för att behålla enheten.', en: 'Leave empty to keep the unit.' },
  reclassifyNothing: {
    sv: 'Välj en ny typ eller en ny enhet (eller båda).',
    en: 'Choose a new type or a new unit (or both).',
  },
  // assess
  assessTitle: { sv: 'Bedömning av rapporten', en: 'Assessment of the report' },
  assessSlackTitle: { sv: 'Bedömning', en: 'Assessment' },
  assessSubmit: { sv: 'Spara bedömning', en: 'Save assessment' },
  assessment: { sv: 'Bedömning', en: 'Assessment' },
  assessmentHelp: {
    sv: 'Vid allvarligt missförhållande eller allvarlig vårdskada ska en anmälan göras till IVO.',
    en: 'A serious shortcoming or serious harm must be reported to IVO.',
  },
  sarahNone: { sv: 'Ej missförhållande', en: 'Not a serious shortcoming' },
  sarahNoneHelp: { sv: 'Varken missförhållande eller påtaglig risk för det.', en: 'Neither a shortcoming nor a clear risk of one.' },
  sarahMissforhallande: { sv: 'Missförhållande', en: 'Serious shortcoming' },
  sarahMissforhallandeHelp: {
    sv: 'Missförhållande eller påtaglig risk – utreds och åtgärdas.',
    en: 'A shortcoming or clear risk of one – investigate and remedy.',
  },
  sarahAllvarligt: { sv: 'Allvarligt missförhållande', en: 'Very serious shortcoming' },
  sarahAllvarligtHelp: {
    sv: 'Allvarligt eller påtaglig risk för allvarligt – anmäls till IVO.',
    en: 'Very serious, or a clear risk of it – report to IVO.',
  },
  mariaNone: { sv: 'Ingen vårdskada', en: 'No harm in care' },
  mariaNoneHelp: { sv: 'Varken vårdskada eller risk för vårdskada.', en: 'Neither harm nor a risk of harm.' },
  mariaVardskada: { sv: 'Vårdskada', en: 'Harm in care' },
  mariaVardskadaHelp: { sv: 'Vårdskada eller risk för vårdskada – utreds och åtgärdas.', en: 'Harm or a risk of harm – investigate and remedy.' },
  mariaAllvarlig: { sv: 'Allvarlig vårdskada', en: 'Serious harm in care' },
  mariaAllvarligHelp: {
    sv: 'Allvarlig vårdskada eller risk för det – anmäls till IVO.',
    en: 'Serious harm or a risk of it – report to IVO.',
  },
  // report_ivo
  ivoTitle: { sv: 'Anmälan till IVO', en: 'Report to IVO' },
  ivoSlackTitle: { sv: 'Anmäld till IVO', en: 'Reported to IVO' },
  ivoSubmit: { sv: 'Spara IVO-anmälan', en: 'Save IVO report' },
  ivoIntro: {
    sv: 'Registrera att anmälan har skickats till Inspektionen för vård och omsorg (IVO).',
    en: 'Record that the report has been sent to the Health and Social Care Inspectorate (IVO).',
  },
  reportedAt: { sv: 'Anmäld datum', en: 'Date reported' },
  reference: { sv: 'IVO:s diarienummer eller er referens', en: "IVO's reference or your own" },
  referencePlaceholder: { sv: 't.ex. 3.5.1-12345/2026', en: 'e.g. 3.5.1-12345/2026' },
  // start_investigation
  investigationTitle: { sv: 'Starta utredning', en: 'Start the investigation' },
  investigationSlackTitle: { sv: 'Starta utredning', en: 'Start investigation' },
  investigationSubmit: { sv: 'Starta utredning', en: 'Start investigation' },
  investigationDueAt: { sv: 'Utredningen klar senast', en: 'Investigation due' },
  investigationDueAtHelp: {
    sv: 'Lämna tomt för att använda den förinställda tiden för typen av ärende.',
    en: 'Leave empty to use the preset time for this kind of case.',
  },
} as const satisfies Record<string, Text>;

/** The lex Sarah / lex Maria step dialogs. Legal references come from the catalogue (domain/law/catalogue.ts). */
export const lexTransitionTexts = {
  orderTitle: { sv: 'Ge utredningsuppdrag', en: 'Order the investigation' },
  orderSlackTitle: { sv: 'Utredningsuppdrag', en: 'Order investigation' },
  orderSubmit: { sv: 'Ge uppdraget', en: 'Order it' },
  orderIntro: {
    sv: 'Utredaren enligt ansvarsmatrisen får uppdraget och en tidsfrist. Utredningen ska göras utan dröjsmål.',
    en: 'The investigator named in the responsibility matrix gets the task and a deadline. Investigate without delay.',
  },
  investigationTitle: { sv: 'Utredning enligt lex Sarah/lex Maria', en: 'Investigation record' },
  investigationSlackTitle: { sv: 'Registrera utredning', en: 'Record investigation' },
  investigationSubmit: { sv: 'Spara utredningen', en: 'Save the investigation' },
  investigationIntro: {
    sv: 'Fyll i det som utredningen ska innehålla ({ref}). Skriv "brukaren" eller "patienten", inga namn.',
    en: 'Fill in what the investigation must contain ({ref}). Write "the client" or "the patient", no names.',
  },
  whatHappened: { sv: 'Vad har hänt?', en: 'What happened?' },
  consequences: { sv: 'Konsekvenser för den enskilde', en: 'Consequences for the person' },
  causes: { sv: 'Orsaker', en: 'Causes' },
  measuresTaken: { sv: 'Vidtagna åtgärder', en: 'Measures taken' },
  measuresPlanned: { sv: 'Planerade åtgärder', en: 'Planned measures' },
  personInformed: { sv: 'Information till den enskilde (eller närstående)', en: 'Information given to the person (or next of kin)' },
  personInformedHelp: {
    sv: 'När och hur den enskilde informerades, eller varför det inte gjorts.',
    en: 'When and how the person was informed, or why not.',
  },
  decideTitle: { sv: 'Beslut', en: 'Decision' },
  decideSlackTitle: { sv: 'Beslut', en: 'Decision' },
  decideSubmit: { sv: 'Spara beslutet', en: 'Save the decision' },
  decideIntro: {
    sv: 'Beslutet fattas av den roll som ansvarsmatrisen anger. Ett allvarligt fall anmäls till IVO snarast.',
    en: 'The role named in the responsibility matrix decides. A serious case is reported to IVO as soon as possible.',
  },
  finding: { sv: 'Vad visar utredningen?', en: 'What does the investigation show?' },
  serious: { sv: 'Är det allvarligt?', en: 'Is it serious?' },
  seriousHelp: { sv: 'Ja innebär anmälan till IVO.', en: 'Yes means a report to IVO.' },
  yes: { sv: 'Ja', en: 'Yes' },
  no: { sv: 'Nej', en: 'No' },
  sarahOccurred: { sv: 'Missförhållande', en: 'Serious shortcoming' },
  sarahRisk: { sv: 'Påtaglig risk för missförhållande', en: 'Clear risk of a shortcoming' },
  sarahNone: { sv: 'Varken missförhållande eller påtaglig risk', en: 'Neither' },
  mariaOccurred: { sv: 'Vårdskada', en: 'Harm in care' },
  mariaRisk: { sv: 'Risk för vårdskada', en: 'Risk of harm in care' },
  mariaNone: { sv: 'Ingen vårdskada eller risk för vårdskada', en: 'Neither' },
  ivoPacketHeading: { sv: 'Underlag till IVO:s e-tjänst – kopiera fälten', en: "Material for IVO's e-service – copy the fields" },
  informTitle: { sv: 'Patienten informerad', en: 'Patient informed' },
  informSlackTitle: { sv: 'Patienten informerad', en: 'Patient informed' },
  informSubmit: { sv: 'Spara', en: 'Save' },
  informIntro: {
    sv: 'Patienten (eller närstående) ska informeras om vårdskadan och om åtgärderna ({ref}).',
    en: 'The patient (or next of kin) must be told about the harm and the measures ({ref}).',
  },
  informedAt: { sv: 'Informerad datum', en: 'Date informed' },
  how: { sv: 'Hur?', en: 'How?' },
  howMuntligt: { sv: 'Muntligt', en: 'Orally' },
  howSkriftligt: { sv: 'Skriftligt', en: 'In writing' },
  howBada: { sv: 'Muntligt och skriftligt', en: 'Both' },
  howInte: { sv: 'Inte möjligt att informera', en: 'Not possible' },
  ivoDecisionTitle: { sv: 'IVO:s beslut', en: "IVO's decision" },
  ivoDecisionSlackTitle: { sv: 'IVO:s beslut', en: "IVO's decision" },
  ivoDecisionSubmit: { sv: 'Spara IVO:s beslut', en: 'Save' },
  ivoDecisionIntro: { sv: 'Nämnden får besked om beslutet.', en: 'The board is told of the decision.' },
  decidedAt: { sv: 'Beslutsdatum', en: 'Date of decision' },
  outcome: { sv: 'Beslut', en: 'Decision' },
  outcomeAvslutat: { sv: 'Avslutat utan kritik', en: 'Closed without criticism' },
  outcomeKritik: { sv: 'Avslutat med kritik', en: 'Closed with criticism' },
  outcomeTillsyn: { sv: 'IVO utreder vidare (tillsyn)', en: 'IVO investigates further' },
  outcomeAnnat: { sv: 'Annat beslut', en: 'Other decision' },
  ivoReference: { sv: 'IVO:s diarienummer (valfritt)', en: "IVO's reference (optional)" },
  followUpTitle: { sv: 'Uppföljning av åtgärder', en: 'Follow-up of measures' },
  followUpSlackTitle: { sv: 'Åtgärder uppföljda', en: 'Measures followed up' },
  followUpSubmit: { sv: 'Spara uppföljningen', en: 'Save the follow-up' },
  followUpNote: { sv: 'Är åtgärderna genomförda och har de effekt?', en: 'Are the measures done and do they work?' },
} as const satisfies Record<string, Text>;

export const synpunktTransitionTexts = {
  // answer
  answerTitle: { sv: 'Registrera svaret', en: 'Record the answer' },
  answerSlackTitle: { sv: 'Besvarad', en: 'Answered' },
  answerSubmit: { sv: 'Markera som besvarad', en: 'Mark as answered' },
  summary: { sv: 'Kort sammanfattning av svaret', en: 'Short summary of the answer' },
  summaryHelp: {
    sv: 'Vad svarade ni i korthet? Inga personuppgifter – själva svaret finns i diariet.',
    en: 'What did you answer, in brief? No personal data – the answer itself is in the register.',
  },
  answeredAt: { sv: 'Besvarad datum', en: 'Date answered' },
  // forward
  forwardTitle: { sv: 'Vidarebefordra till en annan enhet', en: 'Forward to another unit' },
  forwardSlackTitle: { sv: 'Vidarebefordra', en: 'Forward' },
  forwardSubmit: { sv: 'Vidarebefordra', en: 'Forward' },
  forwardUnit: { sv: 'Till enhet', en: 'To unit' },
  forwardUnitHelp: {
    sv: 'Enheten som synpunkten egentligen gäller. Dess ansvariga får ärendet.',
    en: 'The unit the feedback really concerns. Its managers get the case.',
  },
  // escalate
  escalateTitle: { sv: 'Eskalera ärendet', en: 'Escalate the case' },
  escalateSlackTitle: { sv: 'Eskalera', en: 'Escalate' },
  escalateSubmit: { sv: 'Eskalera', en: 'Escalate' },
  escalateIntro: {
    sv: 'Personen är inte nöjd med svaret. Ärendet går vidare enligt delegationen för klagomål.',
    en: 'The person is not satisfied with the answer. The case goes on according to the complaints delegation.',
  },
  note: { sv: 'Kommentar (valfritt)', en: 'Comment (optional)' },
  noteHelp: { sv: 'Varför eskaleras ärendet? Inga personuppgifter.', en: 'Why is the case escalated? No personal data.' },
} as const satisfies Record<string, Text>;

/** The "Visa detaljer" dialog: the one place where a case's free text is shown. */
export const caseDetailsTexts = {
  title: { sv: '{type} {number}', en: '{type} {number}' },
  footnote: {
    sv: 'Uppgifterna är sekretessbelagda. Din visning är loggad i ärendets historik. Kopiera inte texten till chatten.',
    en: 'This information is confidential. Your viewing is logged in the case history. Do not copy the text into the chat.',
  },
  truncated: {
    sv: 'Texten är förkortad här. Hela texten finns i ärendet.',
    en: 'The text is shortened here. The full text is stored with the case.',
  },
  // avvikelse
  occurredAt: { sv: 'Inträffade', en: 'Occurred' },
  reportedBy: { sv: 'Rapporterad av', en: 'Reported by' },
  informed: { sv: 'Enskild/närstående informerad', en: 'Person/next of kin informed' },
  informedJa: { sv: 'Ja', en: 'Yes' },
  informedNej: { sv: 'Nej', en: 'No' },
  informedEjAktuellt: { sv: 'Ej aktuellt', en: 'Not applicable' },
  acknowledgedAt: { sv: 'Mottagen', en: 'Acknowledged' },
  closedAt: { sv: 'Avslutad', en: 'Closed' },
  location: { sv: 'Var hände det?', en: 'Where did it happen?' },
  description: { sv: 'Vad hände?', en: 'What happened?' },
  immediateActions: { sv: 'Omedelbara åtgärder', en: 'Immediate actions' },
  improvement: { sv: 'Förslag på förbättring', en: 'Suggested improvement' },
  measure: { sv: 'Vidtagen åtgärd', en: 'Measure taken' },
  supplementRequest: { sv: 'Begärd komplettering {date} ({name})', en: 'Information requested {date} ({name})' },
  supplement: { sv: 'Komplettering {date}', en: 'Additional information {date}' },
  olderEntries: { sv: '{count} äldre poster visas inte här.', en: '{count} older entries are not shown here.' },
  // synpunkt
  registeredBy: { sv: 'Registrerad av', en: 'Registered by' },
  topic: { sv: 'Område', en: 'Topic' },
  wantsAnswer: { sv: 'Vill ha svar', en: 'Wants an answer' },
  wantsAnswerYes: { sv: 'Ja, via {method}', en: 'Yes, by {method}' },
  wantsAnswerNo: { sv: 'Nej', en: 'No' },
  answeredInTime: { sv: 'Besvarad i tid', en: 'Answered in time' },
  yes: { sv: 'Ja', en: 'Yes' },
  no: { sv: 'Nej', en: 'No' },
  forwardedFrom: { sv: 'Vidarebefordrad', en: 'Forwarded' },
  forwardedCount: { sv: '{count} gång(er)', en: '{count} time(s)' },
  synpunktDescription: { sv: 'Vad gäller det?', en: 'What is it about?' },
  contact: { sv: 'Kontaktuppgifter', en: 'Contact details' },
  contactName: { sv: 'Namn', en: 'Name' },
  contactPhone: { sv: 'Telefon', en: 'Phone' },
  contactEmail: { sv: 'E-post', en: 'E-mail' },
  contactAddress: { sv: 'Adress', en: 'Address' },
  noContact: { sv: 'Inga kontaktuppgifter (anonym eller inte lämnade).', en: 'No contact details (anonymous or not given).' },
  answerSummary: { sv: 'Sammanfattning av svaret', en: 'Summary of the answer' },
  escalationNote: { sv: 'Eskalerad {date} ({name})', en: 'Escalated {date} ({name})' },
  escalationNoNote: { sv: '(ingen kommentar)', en: '(no comment)' },
} as const satisfies Record<string, Text>;
