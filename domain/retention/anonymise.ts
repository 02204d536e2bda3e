import type { AuditEntry, StoredCase } from '../cases/types.js';
import type { RetentionAction } from './settings.js';

/** Stands in for every person id and name once a case is anonymised. */
export const ANONYMISED = 'anonymiserad';

/** Set on an anonymised case; its presence keeps the job from touching the case again. */
export interface RetentionMark {
  action: Extract<RetentionAction, 'anonymise'>;
  at: Date;
  years: number;
  /** False between anonymising the case and its audit trail; a later run finishes the audit part. */
  auditDone: boolean;
}

/**
 * Top-level fields that carry no personal data and feed the statistics (type, unit, dates, risk, source, topic,
 * status, answer times). Anything not named here is dropped, so a field added later is private by default.
 */
const KEPT_FIELDS = [
  '_id',
  'kind',
  'number',
  'type',
  'status',
  'unitId',
  'unitName',
  'unitPath',
  'createdAt',
  'closedAt',
  'period',
  'routing',
  // avvikelse
  'occurredAt',
  'risk',
  'informed',
  'measureRecorded',
  'assessment',
  'acknowledgedAt',
  'escalatedAt',
  'supplementRequestedAt',
  // synpunkt
  'source',
  'channel',
  'receivedAt',
  'topic',
  'wantsAnswer',
  'answerMethod',
  'answerDueAt',
  'answeredAt',
  'answeredInTime',
  'forwardedFrom',
] as const;

/** Structured audit facts worth keeping; e.g. `to` (person ids) and `ivoReference` are not kept. */
const KEPT_AUDIT_DATA = new Set([
  'type',
  'unitId',
  'riskScore',
  'fromType',
  'toType',
  'fromUnitId',
  'toUnitId',
  'assessment',
  'ivoReportedAt',
  'answeredAt',
  'answeredInTime',
]);

function emptyDetails(kind: StoredCase['kind']): Record<string, unknown> {
  return kind === 'avvikelse'
    ? { location: '', description: '', immediateActions: '', improvement: '', supplementRequests: [], supplements: [] }
    : { description: '', contact: {}, escalationNotes: [] };
}

/**
 * The anonymised form of a closed case (pure). Free text, contact details, the reporter's identity, handlers,
 * watchers and any pending side effects are gone; what the yearly compilation counts is kept, so the case still
 * shows up in the statistics. The result is one version newer than `doc`.
 */
export function anonymiseCase(doc: StoredCase, now: Date, years: number): StoredCase & { retention: RetentionMark } {
  const source = doc as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const key of KEPT_FIELDS) if (source[key] !== undefined) kept[key] = source[key];
  const ivo = source.ivo as { reportedAt?: Date } | undefined;
  return {
    ...(kept as Pick<StoredCase, '_id' | 'kind' | 'number' | 'type' | 'status'>),
    ...(ivo?.reportedAt ? { ivo: { reportedAt: ivo.reportedAt, reference: '' } } : {}),
    version: doc.version + 1,
    unitId: doc.unitId,
    unitName: doc.unitName,
    unitPath: doc.unitPath,
    createdAt: doc.createdAt,
    period: doc.period,
    routing: doc.routing,
    updatedAt: now,
    reporter: { personId: ANONYMISED, name: ANONYMISED },
    // The (reporter, token) index is unique: every anonymised case needs its own token.
    idempotencyToken: `gallrad:${doc._id}`,
    handlerIds: [],
    watcherIds: [],
    deadlines: {},
    nextDueAt: null,
    details: emptyDetails(doc.kind),
    outbox: [],
    retention: { action: 'anonymise', at: now, years, auditDone: false },
  } as StoredCase & { retention: RetentionMark };
}

/** An audit entry without the actor's identity: what was done and when stays. Idempotent. */
export function anonymiseAuditEntry(entry: AuditEntry): AuditEntry {
  const data = entry.data ? Object.fromEntries(Object.entries(entry.data).filter(([k]) => KEPT_AUDIT_DATA.has(k))) : undefined;
  const isSystem = entry.actorId === 'system';
  return {
    _id: entry._id,
    caseId: entry.caseId,
    caseNumber: entry.caseNumber,
    at: entry.at,
    actorId: isSystem ? entry.actorId : ANONYMISED,
    actorName: isSystem ? entry.actorName : ANONYMISED,
    action: entry.action,
    ...(entry.fromStatus !== undefined ? { fromStatus: entry.fromStatus } : {}),
    ...(entry.toStatus !== undefined ? { toStatus: entry.toStatus } : {}),
    ...(data && Object.keys(data).length ? { data } : {}),
  };
}
