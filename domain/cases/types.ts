import { z } from 'zod';
import type { MessageView } from '../view.js';

/** A person the bot knows (from the organisation directory). */
export interface CasePerson {
  id: string;
  name: string;
  email?: string;
  /** Chat addresses, e.g. Teams AAD object id, Slack user id. */
  chat?: { teams?: string; slack?: string };
}

/** An organisational unit; `parentId` walks up the tree. */
export interface Unit {
  id: string;
  name: string;
  parentId?: string | null;
}

/** The person acting, as resolved by the transport from the chat user. Never trusted from card data. */
export interface Actor extends CasePerson {
  channel?: 'teams' | 'slack';
  channelUserId?: string;
}

export type CaseKind = 'avvikelse' | 'synpunkt';

export const deadlineKinds = [
  'acknowledge',
  'escalate',
  'investigation',
  'answer',
  // lex Sarah / lex Maria steps
  'order',
  'decision',
  'ivo_report',
  'inform_patient',
  'follow_up',
] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

/** One append-only audit entry: who did what to which case, when. */
export const auditEntrySchema = z.object({
  /** `<caseId>:<version>` for changes (so a retry cannot duplicate it), `<caseId>:view:<id>` for views. */
  _id: z.string().min(1),
  caseId: z.string().min(1),
  caseNumber: z.string(),
  at: z.date(),
  actorId: z.string(),
  actorName: z.string(),
  /** A stable verb, e.g. `created`, `transition.acknowledge`, `details.viewed`. */
  action: z.string().min(1),
  fromStatus: z.string().optional(),
  toStatus: z.string().optional(),
  /** Structured, non-free-text facts only (e.g. new unit id, IVO date). */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export interface NotificationRequest {
  /** Stable per (case, version, kind, recipient): the outbox ignores a repeat. */
  dedupeKey: string;
  recipientPersonId: string;
  message: MessageView;
  kind: string;
}

/**
 * What became of a notification: `addressed` = handed to the outbox with the person's chat address (it goes out
 * within seconds); `waiting` = nobody's chat knows the person yet, the message waits for their address.
 */
export interface NotifyOutcome {
  recipientPersonId: string;
  name: string;
  kind: string;
  state: 'addressed' | 'waiting';
}

export interface DeadlineRequest {
  caseId: string;
  caseNumber: string;
  kind: DeadlineKind;
  dueAt: Date;
  recipients: string[];
}

/**
 * A side effect written into the case document atomically with the change that caused it, then carried out
 * idempotently and removed. A crash between the two leaves it in the document; `flushPending` replays it.
 */
export type CaseEffect =
  | { id: string; type: 'audit'; entry: AuditEntry }
  | { id: string; type: 'notify'; request: NotificationRequest }
  | { id: string; type: 'deadline.upsert'; deadline: DeadlineRequest }
  | { id: string; type: 'deadline.cancel'; caseId: string; kind?: DeadlineKind };

/**
 * A message a decision asks for: of which kind (part of its dedupe key; the receipt reads `case.new*`), to whom,
 * and what it is about. The decision says what happened; the kind's `messaging.ts` turns it into the view.
 */
export interface CaseNotice<About = CaseNoticeAbout> {
  kind: string;
  to: string[];
  about: About;
}

/** What the messages both kinds send are about. */
export type CaseNoticeAbout =
  /** To a handler, with the case's actions. */
  | { view: 'handler'; reason: 'new' | 'rerouted' | 'escalated' | 'supplement' }
  /** To someone told for information (the registrator), without actions. */
  | { view: 'watcher'; reason: 'new' }
  | { view: 'routing_fallback'; missingRoles: string[] }
  | { view: 'reporter_status' }
  | { view: 'supplement_request' };

export const reporterSchema = z.object({
  personId: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
  channel: z.enum(['teams', 'slack']).optional(),
  channelUserId: z.string().optional(),
});

export const deadlinesSchema = z.object({
  acknowledge: z.date().optional(),
  escalate: z.date().optional(),
  investigation: z.date().optional(),
  answer: z.date().optional(),
  order: z.date().optional(),
  decision: z.date().optional(),
  ivo_report: z.date().optional(),
  inform_patient: z.date().optional(),
  follow_up: z.date().optional(),
});
export type CaseDeadlines = z.infer<typeof deadlinesSchema>;

/** Fields every case document has, whatever its kind. Kind-specific schemas extend this. */
export const caseBaseShape = {
  _id: z.string().min(1),
  kind: z.enum(['avvikelse', 'synpunkt']),
  number: z.string().regex(/^[A-Z]{3}-\d{4}-\d{4,}$/),
  type: z.string(),
  status: z.string(),
  version: z.number().int().min(1),
  unitId: z.string(),
  unitName: z.string(),
  /** Root first, the case's own unit last: lets statistics and authorisation look up the tree. */
  unitPath: z.array(z.string()),
  reporter: reporterSchema,
  idempotencyToken: z.string().min(1),
  /** Who handles the case (notified, may act). */
  handlerIds: z.array(z.string()),
  /** Who is told and may view but does not handle (e.g. registrator). */
  watcherIds: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().optional(),
  /** Stockholm year/month the case counts in for statistics. */
  period: z.object({ year: z.number().int(), month: z.number().int().min(1).max(12) }),
  deadlines: deadlinesSchema,
  /** Earliest active deadline, or null when nothing is due. "Overdue" = nextDueAt < now. */
  nextDueAt: z.date().nullable(),
  routing: z.object({ usedFallback: z.boolean(), missingRoles: z.array(z.string()) }),
  /** Free text (may concern a client). Returned only by `viewDetails`, never in chat messages. */
  details: z.record(z.string(), z.unknown()),
  outbox: z.array(z.any()),
} as const;

export const storedCaseSchema = z.looseObject(caseBaseShape);
export type StoredCase = z.infer<typeof storedCaseSchema>;

