/**
 * Errors with stable codes. The core throws `AppError(code, params)`; only `userText` (in `domain/error-text.ts`)
 * turns a code into Swedish for a person, and `hint` tells an operator how to fix it in the log.
 */
export type ErrorParams = Record<string, string | number>;

export interface ErrorEntry {
  /** Swedish text shown to the user. */
  sv: (params: ErrorParams) => string;
  /** English text (second locale). */
  en: (params: ErrorParams) => string;
  /** For logs: how to fix it. No personal data. */
  hint?: string;
}

export type ErrorCatalogue = Record<string, ErrorEntry>;

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
