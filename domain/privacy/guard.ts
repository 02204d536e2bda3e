import { findIdentityNumbers, type IdentityNumberMatch } from './personnummer.js';
import { privacyMessages, type Locale } from './messages.js';

/** What kind of free text is checked: a narrative about an event, or a person's contact details. */
export type FreeTextPurpose = 'narrative' | 'contact';

export type FreeTextCheck =
  | { ok: true }
  | {
      ok: false;
      /** Swedish (or English) text for the person: why the text was refused and what to write instead. */
      message: string;
      /** Where the numbers are; never log the text they point at. */
      matches: IdentityNumberMatch[];
    };

/**
 * The personal-number guard every free-text field of a report runs through. A text containing a valid
 * personnummer or samordningsnummer is refused with a message explaining what to write instead.
 */
export function checkFreeText(text: string, purpose: FreeTextPurpose = 'narrative', locale: Locale = 'sv'): FreeTextCheck {
  const matches = findIdentityNumbers(text);
  if (matches.length === 0) return { ok: true };
  const entry = purpose === 'contact' ? privacyMessages.identityNumberInContact : privacyMessages.identityNumberInNarrative;
  return { ok: false, message: entry[locale], matches };
}
