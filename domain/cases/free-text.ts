import { AppError } from '../errors.js';
import { checkFreeText, PrivacyErrors, type FreeTextPurpose } from '../privacy/index.js';

/**
 * Defence in depth behind the form: refuses any free text holding a personnummer or samordningsnummer.
 * The error names the field, never the text.
 */
export function guardFreeText(fields: Record<string, string | undefined>, purpose: FreeTextPurpose = 'narrative'): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value && !checkFreeText(value, purpose).ok) throw new AppError(PrivacyErrors.identityNumberInText, { field });
  }
}
