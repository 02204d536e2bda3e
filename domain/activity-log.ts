/**
 * The system's activity log (collection `audit`, storage/audit.ts): admin changes, reminder actions, statistics
 * downloads — everything that is not a case. A case's own trail (`case_audit`) belongs to the case: it is exported
 * and anonymised with it (domain/cases/types.ts `AuditEntry`). Both are append-only (SOSFS 2011:9 7 kap.: the quality
 * work must be documented); no client details in `details`.
 */
export interface ActivityEntry {
  /** What the entry is about, e.g. `reminder:<occurrence key>`, `admin:settings`. */
  subject: string;
  /** Who did it: a directory person id, `cli:<os user>` or `system`. */
  actor: string;
  action: string;
  at: Date;
  details?: Record<string, unknown>;
}

/** Appends to the activity log; entries are never updated or deleted by the application. */
export interface ActivityLog {
  appendAudit(entry: ActivityEntry): Promise<void>;
}
