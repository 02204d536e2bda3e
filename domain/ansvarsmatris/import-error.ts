import { AppError } from '../errors.js';
import { AnsvarErrors, type ImportIssue } from './errors.js';

/** Thrown when an import is rejected; carries every issue found. */
export class AnsvarImportError extends AppError {
  constructor(readonly issues: ImportIssue[]) {
    super(AnsvarErrors.importInvalid, { count: issues.length });
  }
}
