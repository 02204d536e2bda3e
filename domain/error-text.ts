import { AppError, errorCatalogue, type ErrorCode, type ErrorParams } from './errors.js';

export type Locale = 'sv' | 'en';

/** The only place that turns an error into text for a person: its code's text, else "something went wrong". */
export function userText(error: unknown, locale: Locale = 'sv'): string {
  const known = error instanceof AppError && Object.hasOwn(errorCatalogue, error.code);
  const code: ErrorCode = known ? error.code : 'common.unexpected';
  const params: ErrorParams = known ? error.params : {};
  const text = errorCatalogue[code][locale];
  return typeof text === 'string' ? text : text(params);
}

/** How an operator fixes the cause of `code`, for the log line written when the error is shown; undefined when a person fixes it. */
export function operatorHint(code: ErrorCode): string | undefined {
  return Object.hasOwn(errorCatalogue, code) ? errorCatalogue[code].hint : undefined;
}
