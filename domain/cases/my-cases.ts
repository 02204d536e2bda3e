import type { Clock } from '../clock.js';
import type { CaseStore } from './ports.js';
import { compareForList, type CaseSummary } from './summary.js';
import type { Actor, CaseKind, StoredCase } from './types.js';

export interface MyCases {
  reported: CaseSummary[];
  handling: CaseSummary[];
}

/**
 * "Mina ärenden": the actor's own reports and the cases they handle, overdue first. Summaries come from each
 * feature (`AvvikelseService.summarize`, `SynpunktService.summarize`), so lists carry no free text.
 */
export async function listMyCases(
  deps: { store: CaseStore; clock: Clock; summarize: Record<CaseKind, (doc: StoredCase, now: Date, forHandler: boolean) => CaseSummary> },
  actor: Actor,
  options: { kind?: CaseKind; includeClosed?: boolean; limit?: number } = {},
): Promise<MyCases> {
  const limit = options.limit ?? 20;
  const now = deps.clock.now();
  const docs = await deps.store.listForPerson(actor.id, {
    includeClosed: options.includeClosed ?? false,
    limit,
    ...(options.kind ? { kind: options.kind } : {}),
  });
  const handling: CaseSummary[] = [];
  const reported: CaseSummary[] = [];
  for (const doc of docs) {
    const handler = doc.handlerIds.includes(actor.id);
    const summary = deps.summarize[doc.kind](doc, now, handler);
    (handler ? handling : reported).push(summary);
  }
  return { handling: handling.sort(compareForList).slice(0, limit), reported: reported.sort(compareForList).slice(0, limit) };
}
