/**
 * Every text the privacy guard shows to a person, Swedish first. Texts never repeat the offending number: they
 * say what was found and what to write instead.
 */
import type { Locale } from '../error-text.js';

export type { Locale };

export const privacyMessages = {
  /** A narrative field (what happened, measures, suggestion) contains an identity number. */
  identityNumberInNarrative: {
    sv: 'Texten innehåller ett personnummer eller samordningsnummer. Ta bort det och skriv i stället till exempel "brukaren", "den enskilde" eller "patienten" – inte namn eller initialer. Uppgifter om personen hör hemma i journalen eller akten.',
    en: 'The text contains a Swedish personal identity or coordination number. Remove it and write e.g. "the client" or "the patient" instead – no names or initials. Details about the person belong in the case record.',
  },
  /** A contact-details field contains an identity number. */
  identityNumberInContact: {
    sv: 'Skriv inte personnummer eller samordningsnummer i kontaktuppgifterna. Namn och telefon, e-post eller adress räcker för att kunna svara.',
    en: 'Do not enter personal identity or coordination numbers in the contact details. A name and a phone number, e-mail or address are enough to reply.',
  },
  /** Used in logs and for operators: what the guard found, never the value. */
  kindLabel: {
    personnummer: { sv: 'personnummer', en: 'personal identity number' },
    samordningsnummer: { sv: 'samordningsnummer', en: 'coordination number' },
  },
} as const;
