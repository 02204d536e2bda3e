/**
 * A complaint that describes a missförhållande (or a vårdskada) is both: it is registered and answered as a
 * complaint, and it is reported under lex Sarah (lex Maria), because whoever learns of it must report it. The two
 * cases are linked both ways; nothing of the complaint's contact details goes into the report.
 */
import type { AvvikelseResult, AvvikelseService } from '../avvikelser/flows.js';
import type { Actor } from '../cases/types.js';
import { avv } from '../avvikelser/messages.js';
import { avvikelseLimits } from '../avvikelser/schema.js';
import { syn } from './messages.js';
import type { SynpunktResult, SynpunktService } from './flows.js';
import type { SynpunktRegistration } from './schema.js';

export type LexKind = 'lex_sarah' | 'lex_maria';

export interface LinkedRegistration {
  synpunkt: SynpunktResult;
  lex: AvvikelseResult;
  /** The receipt line that names the lex report. */
  receiptLine: string;
}

/**
 * Registers the complaint, then the linked lex report, then links them. Each step is idempotent on the form's
 * token, so a retry after a failure finishes the job without duplicates.
 */
export async function registerComplaintWithLexReport(
  services: { synpunkter: SynpunktService; avvikelser: AvvikelseService },
  actor: Actor,
  registration: SynpunktRegistration,
  kind: LexKind,
): Promise<LinkedRegistration> {
  const synpunkt = await services.synpunkter.register(actor, registration);
  const complaint = synpunkt.case;
  const lex = await services.avvikelser.submit(actor, {
    token: `${registration.token}-lex`.slice(0, 100),
    type: kind,
    unitId: complaint.unitId,
    occurredAt: complaint.receivedAt,
    location: '',
    description: `Från klagomål ${complaint.number}: ${complaint.details.description}`.slice(0, avvikelseLimits.description),
    immediateActions: '',
    // A first estimate for a reported missförhållande; the lex process itself does not depend on it.
    konsekvens: 3,
    sannolikhet: 3,
    informed: 'ej_aktuellt',
    improvement: '',
    linkedFrom: { caseId: complaint._id, number: complaint.number },
  });
  await services.synpunkter.linkCase(complaint._id, lex.case._id, lex.case.number, actor);
  return { synpunkt, lex, receiptLine: syn.lexLinked(avv.types[kind], lex.case.number) };
}
