import type { CaseKind } from './types.js';

/**
 * What a chat message may show about a case: number, unit, type, risk level, status and dates — never free text.
 * Built by each feature's service from the stored case; rendered by `cards/case-*.ts`.
 */
export interface CaseSummary {
  caseId: string;
  kind: CaseKind;
  number: string;
  version: number;
  status: string;
  statusLabel: string;
  typeLabel: string;
  unitName: string;
  /** e.g. "Hög (9)"; avvikelser only. */
  riskLabel?: string;
  /** Extra short fact, e.g. synpunkt source "Närstående" or "Anonym". No free text. */
  extraFacts?: Array<{ label: string; value: string }>;
  createdAt: Date;
  dueAt: Date | null;
  dueLabel?: string;
  overdue: boolean;
  closed: boolean;
  /** Actions the stored status allows (the server re-checks on click). */
  actions: Array<{ action: string; label: string; needsInput: boolean }>;
}

/** Overdue first, then the nearest due date, then the newest. */
export function compareForList(a: CaseSummary, b: CaseSummary): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.closed !== b.closed) return a.closed ? 1 : -1;
  const ad = a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bd = b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ad !== bd) return ad - bd;
  return b.createdAt.getTime() - a.createdAt.getTime();
}
