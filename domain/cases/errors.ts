import type { ErrorCatalogue } from '../errors.js';

/**
 * The case catalogue (assembled in `domain/errors.ts`): errors shared by avvikelser and synpunkter. Params are case
 * numbers and status labels, never free text.
 */
export const caseErrors = {
  'cases.not_found': {
    sv: 'Ärendet finns inte (längre). Öppna "Mina ärenden" för att se dina aktuella ärenden.',
    en: 'The case does not exist. Open "My cases" to see your current cases.',
  },
  'cases.number_not_found': {
    sv: (p) => `Jag hittar inget ärende ${p.number} som du kan se. Kontrollera numret, eller skriv "mina ärenden".`,
    en: (p) => `I find no case ${p.number} that you may see. Check the number, or write "my cases".`,
  },
  'cases.forbidden': {
    sv: (p) => `Du har inte behörighet att hantera ${p.number}. Kontakta enhetschefen eller kvalitetsansvarig om du borde ha det.`,
    en: (p) => `You are not allowed to handle ${p.number}. Contact the unit manager or quality officer if you should be.`,
  },
  'cases.forbidden_view': {
    sv: (p) => `Du har inte behörighet att se uppgifterna i ${p.number}. Bara den som rapporterat och de som handlägger ärendet kan se dem.`,
    en: (p) => `You are not allowed to see the details of ${p.number}. Only the reporter and the case handlers can.`,
  },
  'cases.stale': {
    sv: (p) => `${p.number} har redan ändrats av någon annan (status nu: ${p.status}). Öppna ärendet på nytt och försök igen om det behövs.`,
    en: (p) => `${p.number} has already been changed by someone else (status now: ${p.status}). Reopen the case and retry if needed.`,
  },
  'cases.transition_not_allowed': {
    sv: (p) => `Det går inte att göra "${p.action}" när ${p.number} har status ${p.status}.`,
    en: (p) => `"${p.action}" is not possible while ${p.number} has status ${p.status}.`,
  },
  'cases.closed': {
    sv: (p) => `${p.number} är redan avslutat. Inga fler åtgärder kan göras i chatten.`,
    en: (p) => `${p.number} is already closed. No further actions can be taken in the chat.`,
  },
  'cases.unknown_unit': {
    sv: 'Enheten finns inte i organisationen. Välj en enhet i listan; saknas din enhet, kontakta kvalitetsansvarig.',
    en: 'The unit is not in the organisation. Pick a unit from the list; if yours is missing, contact the quality officer.',
    hint: 'The unit id from the form is not known to the directory (ansvarsmatris). Import the organisation or check the form options.',
  },
  'cases.no_recipient': {
    sv: 'Det finns ingen mottagare för ärendet i organisationen, inte ens en reserv. Ärendet har INTE sparats. Kontakta kvalitetsansvarig eller IT-supporten.',
    en: 'There is no recipient for the case, not even a fallback. The case was NOT saved. Contact the quality officer or IT support.',
    hint: 'No holder of the routing role, the fallback role or any admin. Configure admins and the fallback role.',
  },
  'cases.invalid_input': {
    sv: (p) => `Uppgiften "${p.field}" är inte giltig: ${p.reason}`,
    en: (p) => `The field "${p.field}" is not valid: ${p.reason}`,
  },
  'cases.corrupt_document': {
    sv: 'Ärendet kunde inte läsas. Kontakta IT-supporten; ingenting har ändrats.',
    en: 'The case could not be read. Contact IT support; nothing was changed.',
    hint: 'A case document failed schema validation; inspect it in the cases collection.',
  },
} satisfies ErrorCatalogue;
