import { containsIdentityNumber, findIdentityNumbers, redactIdentityNumbers, type IdentityNumberMatch } from './personnummer.js';
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
  if (matches.length === 0 && !containsIdentityNumber(text)) return { ok: true };
  const entry = purpose === 'contact' ? privacyMessages.identityNumberInContact : privacyMessages.identityNumberInNarrative;
  return { ok: false, message: entry[locale], matches };
}

/**
 * The last line before an append-only store (the audit trails): every string in `value`, however deep, with any
 * identity number replaced. The entry points refuse such text first; this keeps a missed path from writing a
 * number somewhere it can never be removed. Dates and other non-plain objects pass unchanged.
 */
export function redactIdentityNumbersDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (containsIdentityNumber(value) ? redactIdentityNumbers(value) : value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactIdentityNumbersDeep(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactIdentityNumbersDeep(v, depth + 1);
  return out as T;
}
