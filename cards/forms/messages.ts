/**
 * Every text of the report forms, Swedish first, English second. Kept together so it can be reviewed and
 * translated in one place. Labels of options rendered in Slack must stay within 75 characters (tested).
 */
export interface Text {
  sv: string;
  en: string;
}

/** Validation messages shared by all forms. `{max}`-style parameters are filled in by `fill`. */
export const validationMessages = {
  summary: {
    sv: 'Formuläret kunde inte skickas. Rätta det som är markerat och skicka igen.',
    en: 'The form could not be sent. Correct the marked fields and send again.',
  },
  required: { sv: 'Fyll i det här fältet.', en: 'Fill in this field.' },
  requiredChoice: { sv: 'Välj ett av alternativen.', en: 'Choose one of the options.' },
  tooLong: {
    sv: 'Texten är för lång: högst {max} tecken (nu {length}). Korta ner den – detaljer hör hemma i utredningen.',
    en: 'The text is too long: at most {max} characters (now {length}). Shorten it – details belong in the investigation.',
  },
  invalidOption: {
    sv: 'Det valda alternativet finns inte. Öppna formuläret på nytt och välj i listan.',
    en: 'The chosen option does not exist. Open the form again and choose from the list.',
  },
  invalidValue: {
    sv: 'Värdet kunde inte läsas. Öppna formuläret på nytt och försök igen.',
    en: 'The value could not be read. Open the form again and retry.',
  },
  invalidDate: { sv: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).', en: 'Enter a valid date (YYYY-MM-DD).' },
  invalidTime: { sv: 'Ange ett giltigt klockslag (TT:MM).', en: 'Enter a valid time (HH:MM).' },
  dateTimeIncomplete: { sv: 'Ange både datum och klockslag.', en: 'Enter both date and time.' },
  dateInFuture: { sv: 'Datumet kan inte ligga i framtiden.', en: 'The date cannot be in the future.' },
  dateTimeInFuture: {
    sv: 'Tidpunkten kan inte ligga i framtiden. Ange när det hände, ungefärligt om du inte vet exakt.',
    en: 'The time cannot be in the future. Enter when it happened, approximately if you do not know exactly.',
  },
  invalidEmail: { sv: 'Ange en giltig e-postadress, t.ex. namn@exempel.se.', en: 'Enter a valid e-mail address, e.g. name@example.com.' },
  invalidPhone: {
    sv: 'Ange ett telefonnummer med siffror, mellanslag, bindestreck eller +.',
    en: 'Enter a phone number using digits, spaces, hyphens or +.',
  },
  noUnits: {
    sv: 'Det finns inga enheter att välja. Be en administratör att lägga in organisationen.',
    en: 'There are no units to choose from. Ask an administrator to set up the organisation.',
  },
} as const satisfies Record<string, Text>;

export const commonTexts = {
  submit: { sv: 'Skicka', en: 'Send' },
  close: { sv: 'Avbryt', en: 'Cancel' },
  choose: { sv: 'Välj …', en: 'Choose …' },
  time: { sv: 'Klockslag', en: 'Time' },
} as const satisfies Record<string, Text>;

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

export const avvikelseTexts = {
  title: { sv: 'Rapportera avvikelse', en: 'Report an incident' },
  intro: {
    sv: 'Beskriv vad som hände utan namn, initialer eller personnummer – skriv "brukaren" eller "patienten". Rapporten går till enhetschefen och vid lex Sarah/lex Maria även till den som ska bedöma den.',
    en: 'Describe what happened without names, initials or identity numbers – write "the client" or "the patient". The report goes to the unit manager and, for lex Sarah/lex Maria, also to whoever assesses it.',
  },
  type: { sv: 'Vad gäller rapporten?', en: 'What is the report about?' },
  typeHelp: {
    sv: 'Osäker? Välj det som ligger närmast – chefen kan omklassificera.',
    en: 'Unsure? Choose the closest – the manager can reclassify.',
  },
  typeAvvikelse: { sv: 'Avvikelse', en: 'Incident (avvikelse)' },
  typeAvvikelseHelp: {
    sv: 'Något gick fel eller kunde ha gått fel jämfört med rutin eller beslut.',
    en: 'Something went or could have gone wrong against a routine or decision.',
  },
  typeLexSarah: {
    sv: 'Missförhållande eller påtaglig risk för missförhållande (lex Sarah)',
    en: 'Serious shortcoming or clear risk of one in social care (lex Sarah)',
  },
  typeLexSarahHelp: {
    sv: 'Brist i SoL- eller LSS-insats som drabbat eller riskerat att drabba någon.',
    en: 'A shortcoming in social care or LSS support that harmed or risked harm.',
  },
  typeLexMaria: {
    sv: 'Vårdskada eller risk för vårdskada (lex Maria)',
    en: 'Harm in health care or risk of it (lex Maria)',
  },
  typeLexMariaHelp: {
    sv: 'Händelse i hälso- och sjukvården som gav eller kunde ge allvarlig skada.',
    en: 'A health-care event that caused or could have caused serious harm.',
  },
  unit: { sv: 'Enhet', en: 'Unit' },
  unitHelp: { sv: 'Enheten där det hände. Din egen enhet är förvald.', en: 'The unit where it happened. Your own unit is preselected.' },
  occurredAt: { sv: 'När hände det?', en: 'When did it happen?' },
  occurredAtHelp: { sv: 'Datum och ungefärligt klockslag.', en: 'Date and approximate time.' },
  location: { sv: 'Var hände det?', en: 'Where did it happen?' },
  locationPlaceholder: { sv: 't.ex. matsalen, brukarens lägenhet, under promenad', en: "e.g. dining room, the client's flat, on a walk" },
  description: { sv: 'Vad hände?', en: 'What happened?' },
  descriptionHelp: {
    sv: 'Skriv sakligt vad som hände och vad det fick för följder. Inga namn, initialer eller personnummer.',
    en: 'Describe factually what happened and the consequences. No names, initials or identity numbers.',
  },
  immediateActions: { sv: 'Vad gjordes direkt?', en: 'What was done immediately?' },
  immediateActionsHelp: {
    sv: 'Omedelbara åtgärder, t.ex. kontaktade sjuksköterska, larmade, ändrade bemanningen.',
    en: 'Immediate measures, e.g. called the nurse, raised the alarm, changed staffing.',
  },
  immediateActionsRequiredForLex: {
    sv: 'Vid lex Sarah och lex Maria ska du beskriva vad som gjordes direkt för att undanröja risken.',
    en: 'For lex Sarah and lex Maria, describe what was done at once to remove the risk.',
  },
  consequence: { sv: 'Konsekvens', en: 'Consequence' },
  consequenceHelp: { sv: 'Hur allvarligt blev det, eller hade det kunnat bli?', en: 'How serious was it, or could it have been?' },
  consequence1: { sv: '1 – Mindre', en: '1 – Minor' },
  consequence2: { sv: '2 – Måttlig', en: '2 – Moderate' },
  consequence3: { sv: '3 – Betydande', en: '3 – Significant' },
  consequence4: { sv: '4 – Katastrofal', en: '4 – Catastrophic' },
  likelihood: { sv: 'Sannolikhet', en: 'Likelihood' },
  likelihoodHelp: { sv: 'Hur troligt är det att det händer igen?', en: 'How likely is it to happen again?' },
  likelihood1: { sv: '1 – Mycket liten', en: '1 – Very unlikely' },
  likelihood2: { sv: '2 – Liten', en: '2 – Unlikely' },
  likelihood3: { sv: '3 – Stor', en: '3 – Likely' },
  likelihood4: { sv: '4 – Mycket stor', en: '4 – Very likely' },
  informed: { sv: 'Har den enskilde eller närstående informerats?', en: 'Has the person concerned or next of kin been informed?' },
  informedYes: { sv: 'Ja', en: 'Yes' },
  informedNo: { sv: 'Nej', en: 'No' },
  informedNotApplicable: { sv: 'Ej aktuellt', en: 'Not applicable' },
  improvement: { sv: 'Förslag på förbättring', en: 'Suggested improvement' },
  improvementHelp: { sv: 'Vad kan göras för att det inte ska hända igen?', en: 'What could prevent it from happening again?' },
} as const satisfies Record<string, Text>;

export const synpunktTexts = {
  title: { sv: 'Registrera synpunkt eller klagomål', en: 'Register feedback or a complaint' },
  slackTitle: { sv: 'Registrera synpunkt', en: 'Register feedback' },
  intro: {
    sv: 'Registrera det du har tagit emot – per telefon, vid besök, brev eller e-post. Kontaktuppgifterna sparas i ärendet men visas aldrig i chatten. Skriv inga personnummer.',
    en: 'Register what you received – by phone, visit, letter or e-mail. Contact details are stored with the case but never shown in chat. Do not enter identity numbers.',
  },
  type: { sv: 'Typ', en: 'Type' },
  typeKlagomal: { sv: 'Klagomål', en: 'Complaint' },
  typeSynpunkt: { sv: 'Synpunkt', en: 'Feedback' },
  typeForslag: { sv: 'Förslag', en: 'Suggestion' },
  typeBerom: { sv: 'Beröm', en: 'Praise' },
  source: { sv: 'Från vem?', en: 'From whom?' },
  sourceHelp: { sv: 'Vem lämnade synpunkten? Välj "Anonym" om personen inte vill uppge vem hen är.', en: 'Who gave it? Choose "Anonymous" if the person does not want to say.' },
  sourceBrukare: { sv: 'Vård- och omsorgstagare (brukare, patient, klient)', en: 'Care recipient (client, patient)' },
  sourceNarstaende: { sv: 'Närstående', en: 'Next of kin' },
  sourcePersonal: { sv: 'Personal', en: 'Staff' },
  sourceVardgivare: { sv: 'Vårdgivare', en: 'Health-care provider' },
  sourceSocialtjanst: { sv: 'Annan som bedriver socialtjänst', en: 'Other social-services provider' },
  sourceLss: { sv: 'Verksamhet enligt LSS', en: 'LSS provider' },
  sourceMyndighet: { sv: 'Myndighet', en: 'Public authority' },
  sourceForening: { sv: 'Förening, organisation eller intressent', en: 'Association, organisation or stakeholder' },
  sourceAnonym: { sv: 'Anonym', en: 'Anonymous' },
  receivedVia: { sv: 'Hur kom den in?', en: 'How was it received?' },
  viaTelefon: { sv: 'Telefon', en: 'Phone' },
  viaBesok: { sv: 'Besök', en: 'Visit' },
  viaBrev: { sv: 'Brev', en: 'Letter' },
  viaEpost: { sv: 'E-post', en: 'E-mail' },
  viaAnnat: { sv: 'Annat', en: 'Other' },
  receivedOn: { sv: 'När kom den in?', en: 'When was it received?' },
  unit: { sv: 'Enhet', en: 'Unit' },
  unitHelp: { sv: 'Enheten som synpunkten gäller.', en: 'The unit the feedback concerns.' },
  topic: { sv: 'Område', en: 'Topic' },
  topicHelp: { sv: 'Används i den årliga sammanställningen.', en: 'Used in the yearly compilation.' },
  topicBemotande: { sv: 'Bemötande', en: 'Treatment by staff' },
  topicInformation: { sv: 'Information och kommunikation', en: 'Information and communication' },
  topicInsats: { sv: 'Insatsens innehåll och kvalitet', en: 'Content and quality of the service' },
  topicHandlaggning: { sv: 'Handläggning och beslut', en: 'Case handling and decisions' },
  topicTillganglighet: { sv: 'Tillgänglighet och väntetider', en: 'Accessibility and waiting times' },
  topicKontinuitet: { sv: 'Personalkontinuitet', en: 'Staff continuity' },
  topicMiljo: { sv: 'Lokaler och miljö', en: 'Premises and environment' },
  topicMat: { sv: 'Mat och måltider', en: 'Food and meals' },
  topicOvrigt: { sv: 'Övrigt', en: 'Other' },
  description: { sv: 'Vad gäller det?', en: 'What is it about?' },
  descriptionHelp: {
    sv: 'Återge synpunkten sakligt. Skriv "brukaren" eller "den enskilde" i stället för namn och personnummer.',
    en: 'Restate the feedback factually. Write "the client" instead of names and identity numbers.',
  },
  wantsReply: { sv: 'Vill personen ha svar?', en: 'Does the person want a reply?' },
  yes: { sv: 'Ja', en: 'Yes' },
  no: { sv: 'Nej', en: 'No' },
  replyVia: { sv: 'Hur vill personen få svar?', en: 'How should the reply be given?' },
  replyViaRequired: { sv: 'Välj hur personen vill få svar.', en: 'Choose how the person wants the reply.' },
  replyTelefon: { sv: 'Telefon', en: 'Phone' },
  replyEpost: { sv: 'E-post', en: 'E-mail' },
  replyBrev: { sv: 'Brev', en: 'Letter' },
  replyBesok: { sv: 'Besök eller möte', en: 'Visit or meeting' },
  anonymousNoReply: {
    sv: 'En anonym synpunkt kan inte besvaras. Välj "Nej" eller ange vem den kommer från.',
    en: 'Anonymous feedback cannot be answered. Choose "No" or say who it is from.',
  },
  contactName: { sv: 'Namn', en: 'Name' },
  contactHelp: { sv: 'Sparas i ärendet, visas aldrig i chatten.', en: 'Stored with the case, never shown in chat.' },
  contactPhone: { sv: 'Telefon', en: 'Phone' },
  contactEmail: { sv: 'E-post', en: 'E-mail' },
  contactAddress: { sv: 'Postadress', en: 'Postal address' },
  contactNameRequired: { sv: 'Ange namnet på den som ska få svar.', en: 'Enter the name of the person to reply to.' },
  contactPhoneRequired: { sv: 'Ange telefonnummer när svaret ska ges per telefon.', en: 'Enter a phone number when replying by phone.' },
  contactEmailRequired: { sv: 'Ange e-postadress när svaret ska ges per e-post.', en: 'Enter an e-mail address when replying by e-mail.' },
  contactAddressRequired: { sv: 'Ange postadress när svaret ska ges per brev.', en: 'Enter a postal address when replying by letter.' },
  contactMeetingRequired: { sv: 'Ange telefon eller e-post så att besöket kan bokas.', en: 'Enter a phone number or e-mail so the visit can be booked.' },
  contactAnonymous: {
    sv: 'Ta bort kontaktuppgifterna eller välj vem synpunkten kommer från – en anonym synpunkt har inga kontaktuppgifter.',
    en: 'Remove the contact details or choose who it is from – anonymous feedback has no contact details.',
  },
} as const satisfies Record<string, Text>;

export const ansvarAskTexts = {
  title: { sv: 'Vem ansvarar för …?', en: 'Who is responsible for …?' },
  slackTitle: { sv: 'Fråga om ansvar', en: 'Ask about responsibility' },
  submit: { sv: 'Fråga', en: 'Ask' },
  question: { sv: 'Din fråga', en: 'Your question' },
  questionPlaceholder: { sv: 't.ex. vem ansvarar för lex Maria?', en: 'e.g. who is responsible for lex Maria?' },
  questionHelp: { sv: 'Skriv med egna ord. Svaret kommer från ansvarsmatrisen.', en: 'Use your own words. The answer comes from the responsibility matrix.' },
} as const satisfies Record<string, Text>;

export const lexSignalTexts = {
  lexSarah: {
    sv: 'Det du beskriver kan vara ett missförhållande. Klagomålet registreras och besvaras som vanligt, och det rapporteras också enligt lex Sarah: en lex Sarah-rapport skapas och kopplas till klagomålet. Skicka igen för att registrera båda, eller ändra texten om det inte stämmer.',
    en: 'What you describe may be a serious shortcoming. The complaint is registered and answered as usual, and it is also reported under lex Sarah: a linked lex Sarah report is created. Send again to register both, or change the text if it does not fit.',
  },
  lexMaria: {
    sv: 'Det du beskriver kan vara en vårdskada eller risk för vårdskada. Klagomålet registreras och besvaras som vanligt, och en lex Maria-rapport till enhetschefen och MAS skapas också och kopplas till klagomålet. Skicka igen för att registrera båda, eller ändra texten om det inte stämmer.',
    en: 'What you describe may be harm in health care. The complaint is registered and answered as usual, and a linked lex Maria report to the unit manager and the MAS is created too. Send again to register both, or change the text if it does not fit.',
  },
} as const satisfies Record<string, Text>;

/** Texts of a form shown as a card in the conversation (clients without dialogs, e.g. the Agents Playground). */
export const inlineFormTexts = {
  cancel: { sv: 'Avbryt', en: 'Cancel' },
  openHere: { sv: 'Visa formuläret här i chatten', en: 'Show the form here in the chat' },
  cancelledTitle: { sv: 'Formuläret stängdes utan att något sparades', en: 'The form was closed; nothing was saved' },
  cancelledText: { sv: 'Skriv "hjälp" när du vill börja om.', en: 'Write "help" to start again.' },
  detailsOnlyInDialog: {
    sv: 'Ärendets detaljer visas bara i ett dialogfönster i Teams, aldrig i chatten. Statusknapparna fungerar här.',
    en: 'Case details are shown only in a Teams dialog, never in the chat. The status buttons work here.',
  },
  outdated: { sv: 'Det här kortet är inaktuellt. Skriv "hjälp" för att börja om.', en: 'This card is outdated. Write "help" to start again.' },
} satisfies Record<string, Text>;
