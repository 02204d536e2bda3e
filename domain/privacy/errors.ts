import type { ErrorCatalogue } from '../errors.js';
import { privacyMessages } from './messages.js';

/**
 * Error codes of the privacy guard, for services that receive text some other way than through a form (e.g. an
 * import or an API) and want to refuse it with `throw new AppError(PrivacyErrors.identityNumberInText)`.
 */
export const PrivacyErrors = {
  identityNumberInText: 'privacy.identity_number_in_text',
} as const;

/** The privacy catalogue (assembled in `domain/errors.ts`). */
export const privacyErrors = {
  [PrivacyErrors.identityNumberInText]: {
    sv: privacyMessages.identityNumberInNarrative.sv,
    en: privacyMessages.identityNumberInNarrative.en,
    hint: 'A free-text value contained a valid personnummer/samordningsnummer and was refused; the value is not logged.',
  },
} satisfies ErrorCatalogue;
