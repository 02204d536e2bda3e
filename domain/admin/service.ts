import type { ActivityLog } from '../activity-log.js';
import { createHash } from 'node:crypto';
import type { ImportFile } from '../ansvarsmatris/import-files.js';
import { AnsvarImportError } from '../ansvarsmatris/import-error.js';
import type { ImportOutcome } from '../ansvarsmatris/service.js';
import type { VersionInfo } from '../ansvarsmatris/schema.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { DryRunLine } from '../paminnelser/messaging.js';
import { AdminErrors } from './errors.js';
import {
  findSettingKey,
  isResetWord,
  mergeAdminSettings,
  SETTING_KEYS,
  type AdminSettingValues,
  type SettingsBase,
  type StoredSettings,
} from './settings.js';

/** Who asks. Chat: the directory person (or `chat:<channel>:<id>`); CLI: `cli:<os user>`. */
export interface AdminActor {
  id: string;
  email?: string;
}

/** The activity log (domain/activity-log.ts; storage/audit.ts AuditRepository). */
export type AdminAuditPort = ActivityLog;

/** Settings storage: one document, compare-and-set on its version. */
export interface SettingsStore {
  load(): Promise<StoredSettings>;
  /** Writes `values` if the stored version is still `expectedVersion`; undefined when someone else saved first. */
  save(values: AdminSettingValues, expectedVersion: number, by: string): Promise<StoredSettings | undefined>;
}

/** The part of the outbox an admin sees (storage/outbox.ts MongoOutbox fits). */
export interface DeadLetterDoc {
  _id: string;
  status: string;
  /** Missing while the item waits for an address. */
  recipient?: { channel: 'teams' | 'slack' };
  recipientName?: string;
  message: { meta?: { kind: string } };
  attempts: number;
  createdAt: Date;
  lastError?: string;
}
export interface OutboxAdminPort {
  listByStatus(status: 'dead' | 'unreachable' | 'waiting_address', limit?: number): Promise<DeadLetterDoc[]>;
  requeue(id: string): Promise<boolean>;
  counts(): Promise<{ dead: number; unreachable: number; waiting_address?: number }>;
}

/** The part of the ansvarsmatris service an admin drives. */
export interface AnsvarAdminPort {
  importFiles(files: Array<string | ImportFile>, options?: { note?: string }): Promise<ImportOutcome>;
  rollback(): Promise<{ from: number; to: number }>;
  versions(): Promise<VersionInfo[]>;
  activeVersion(): Promise<number | undefined>;
  /** Optional: lets a fallback role be checked against the organisation. */
  directory?(): Promise<{ roleByNameOrAlias(name: string): unknown }>;
}

export interface DryRunPort {
  dryRun(from: string, to: string, opts?: { checkAddresses?: boolean }): Promise<{ lines: DryRunLine[]; warnings: string[] }>;
}

export interface AdminServiceDeps {
  /** The server-side admin check; the CLI passes one that allows its operator. */
  isAdmin(actor: AdminActor): Promise<boolean>;
  audit: AdminAuditPort;
  settings: SettingsStore;
  ansvar: AnsvarAdminPort;
  outbox: OutboxAdminPort;
  /** The running reminder service; throws or is absent when reminders are off. */
  reminders?: () => DryRunPort;
  clock: Clock;
  /** Base configuration the stored overrides apply to (defaults when omitted). */
  base?: SettingsBase;
  /** Called after a settings change so this process applies it at once (LiveSettings.refresh). */
  onSettingsChanged?: () => Promise<void>;
  /**
   * Called after every matrix import and rollback: the recurring duties become reminders (ReminderService.syncDuties).
   * Returns the warnings to show the admin (e.g. a yearly duty given the default date).
   */
  onMatrixChanged?: (actorId: string) => Promise<{ warnings: string[] }>;
}

export interface DeadLetter {
  /** A short, stable reference (hash of the outbox id): ids may name people, the reference does not. */
  ref: string;
  /** `waiting_address`: nobody's chat knows the recipient yet; it is sent when they install the app or write. */
  status: 'dead' | 'unreachable' | 'waiting_address';
  /** Missing while waiting for an address. */
  channel?: 'teams' | 'slack';
  /** Who a waiting message is for, so the admin can ask that person to open the bot. */
  waitingFor?: string;
  /** Message kind, e.g. `reminder.lead`, `case.assigned`, `admin_notice`. Never the content. */
  kind: string;
  attempts: number;
  createdAt: Date;
  reason?: string;
}

export interface SettingRow {
  key: string;
  label: string;
  value: string;
  isDefault: boolean;
}

export interface SettingChange {
  key: string;
  label: string;
  from: string;
  to: string;
  reset: boolean;
  version: number;
  warnings: string[];
}

const MAX_DEAD_SCAN = 1000;
const SUBJECT = {
  ansvar: 'admin:ansvarsmatris',
  reminders: 'admin:paminnelser',
  outbox: 'admin:outbox',
  settings: 'admin:settings',
  access: 'admin:access',
} as const;

/** The reference shown for an outbox item: 10 hex digits of SHA-256 of its id. */
export function deadLetterRef(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 10);
}

/** Delivery errors may echo an address; keep the cause, drop anything that looks like an e-mail or a number. */
export function redactReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return reason
    .replace(/[^\s@"'<>]+@[^\s@"'<>]+/g, '[e-post]')
    .replace(/\d[\d -]{5,}\d/g, '[nummer]')
    .slice(0, 160);
}

/**
 * Administration: each operation checks on the server that the actor is an admin, then writes one audit entry
 * (also for a refused attempt). Audit details hold counts, versions and setting values, never personal data.
 */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  private async audit(subject: string, actor: AdminActor, action: string, details?: Record<string, unknown>): Promise<void> {
    await this.deps.audit.appendAudit({ subject, actor: actor.id, action, at: this.deps.clock.now(), ...(details ? { details } : {}) });
  }

  /** Throws admin.forbidden (after auditing the refusal) unless the actor is an admin. */
  async authorize(actor: AdminActor, command: string): Promise<void> {
    if (await this.deps.isAdmin(actor)) return;
    await this.audit(SUBJECT.access, actor, 'admin.refused', { command });
    throw new AppError(AdminErrors.forbidden);
  }

  async isAdmin(actor: AdminActor): Promise<boolean> {
    return this.deps.isAdmin(actor);
  }

  // ---- ansvarsmatris ---------------------------------------------------------------------------------------------

  async versions(actor: AdminActor): Promise<{ active: number | undefined; versions: VersionInfo[] }> {
    await this.authorize(actor, 'versions');
    const [active, versions] = await Promise.all([this.deps.ansvar.activeVersion(), this.deps.ansvar.versions()]);
    await this.audit(SUBJECT.ansvar, actor, 'admin.ansvar.versions', { active: active ?? null, count: versions.length });
    return { active, versions: [...versions].sort((a, b) => b.version - a.version) };
  }

  async rollback(actor: AdminActor): Promise<{ from: number; to: number; fromInfo?: VersionInfo; toInfo?: VersionInfo }> {
    await this.authorize(actor, 'rollback');
    const { from, to } = await this.deps.ansvar.rollback();
    await this.audit(SUBJECT.ansvar, actor, 'admin.ansvar.rollback', { from, to });
    await this.deps.onMatrixChanged?.(actor.id);
    const versions = await this.deps.ansvar.versions();
    const fromInfo = versions.find((v) => v.version === from);
    const toInfo = versions.find((v) => v.version === to);
    return { from, to, ...(fromInfo ? { fromInfo } : {}), ...(toInfo ? { toInfo } : {}) };
  }

  /** All-or-nothing import; a rejection (AnsvarImportError with line-level issues) is audited and rethrown. */
  async importFiles(actor: AdminActor, files: Array<string | ImportFile>, options: { via: 'chat' | 'cli' } = { via: 'chat' }): Promise<ImportOutcome> {
    await this.authorize(actor, 'import');
    // File names may name people; the audit keeps only how many files of which formats.
    const formats = [...new Set(files.map((f) => /\.([a-z0-9]+)$/i.exec(typeof f === 'string' ? f : f.name)?.[1]?.toLowerCase() ?? '?'))];
    try {
      const outcome = await this.deps.ansvar.importFiles(files, { note: options.via === 'chat' ? 'Import i chatten' : 'Import på kommandoraden' });
      await this.audit(SUBJECT.ansvar, actor, 'admin.ansvar.import', {
        version: outcome.version,
        files: files.length,
        formats,
        counts: outcome.counts,
        warnings: outcome.warnings.length,
      });
      const synced = await this.deps.onMatrixChanged?.(actor.id);
      return synced?.warnings.length ? { ...outcome, warnings: [...outcome.warnings, ...synced.warnings] } : outcome;
    } catch (error) {
      if (error instanceof AnsvarImportError) {
        await this.audit(SUBJECT.ansvar, actor, 'admin.ansvar.import_rejected', { files: files.length, formats, issues: error.issues.length });
      }
      throw error;
    }
  }

  // ---- reminders -----------------------------------------------------------------------------------------------

  async reminderDryRun(actor: AdminActor, from: string, to: string): Promise<{ lines: DryRunLine[]; warnings: string[] }> {
    await this.authorize(actor, 'dry-run');
    let reminders: DryRunPort;
    try {
      if (!this.deps.reminders) throw new AppError(AdminErrors.remindersUnavailable);
      reminders = this.deps.reminders();
    } catch {
      throw new AppError(AdminErrors.remindersUnavailable);
    }
    const result = await reminders.dryRun(from, to, { checkAddresses: true });
    await this.audit(SUBJECT.reminders, actor, 'admin.reminders.dry_run', { from, to, lines: result.lines.length, warnings: result.warnings.length });
    return result;
  }

  // ---- outbox --------------------------------------------------------------------------------------------------

  async deadLetters(actor: AdminActor, limit = 20): Promise<{ items: DeadLetter[]; total: number }> {
    await this.authorize(actor, 'dead-letters');
    const counts = await this.deps.outbox.counts();
    const total = counts.dead + counts.unreachable + (counts.waiting_address ?? 0);
    const failed = [...(await this.deps.outbox.listByStatus('dead', limit)), ...(await this.deps.outbox.listByStatus('unreachable', limit))].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
    );
    // Waiting messages first: an admin can act on them by asking the person to open the bot.
    const docs = [...(await this.deps.outbox.listByStatus('waiting_address', limit)), ...failed].slice(0, limit);
    await this.audit(SUBJECT.outbox, actor, 'admin.outbox.list', { total, shown: docs.length });
    return { items: docs.map(toDeadLetter), total };
  }

  /** Re-queue by reference (or, from the CLI, by the full outbox id). */
  async requeue(actor: AdminActor, refOrId: string): Promise<DeadLetter> {
    await this.authorize(actor, 'requeue');
    const wanted = refOrId.trim().toLowerCase();
    const candidates = [...(await this.deps.outbox.listByStatus('dead', MAX_DEAD_SCAN)), ...(await this.deps.outbox.listByStatus('unreachable', MAX_DEAD_SCAN))];
    const doc = candidates.find((c) => deadLetterRef(c._id) === wanted || c._id === refOrId.trim());
    const ref = doc ? deadLetterRef(doc._id) : refOrId.trim().slice(0, 20);
    if (!doc || !(await this.deps.outbox.requeue(doc._id))) {
      await this.audit(SUBJECT.outbox, actor, 'admin.outbox.requeue_missing', { ref });
      throw new AppError(AdminErrors.deadLetterNotFound, { ref });
    }
    await this.audit(SUBJECT.outbox, actor, 'admin.outbox.requeue', { ref, status: doc.status, kind: doc.message.meta?.kind ?? null });
    return toDeadLetter(doc);
  }

  // ---- settings ------------------------------------------------------------------------------------------------

  async settings(actor: AdminActor): Promise<{ stored: StoredSettings; rows: SettingRow[] }> {
    await this.authorize(actor, 'settings');
    const stored = await this.deps.settings.load();
    await this.audit(SUBJECT.settings, actor, 'admin.settings.show', { version: stored.version });
    return { stored, rows: settingRows(stored, this.deps.base) };
  }

  async setSetting(actor: AdminActor, key: string, rawValue: string): Promise<SettingChange> {
    await this.authorize(actor, 'settings-set');
    const setting = findSettingKey(key);
    const reset = isResetWord(rawValue);
    const parsed = reset ? undefined : setting.parse(rawValue);
    const stored = await this.deps.settings.load();
    const before = mergeAdminSettings(stored.values, this.deps.base);
    const values: AdminSettingValues = { ...stored.values };
    if (reset) delete values[setting.field];
    else (values as Record<string, unknown>)[setting.field] = parsed;
    const after = mergeAdminSettings(values, this.deps.base);
    const saved = await this.deps.settings.save(values, stored.version, actor.id);
    if (!saved) throw new AppError(AdminErrors.settingsConflict);
    const change: SettingChange = {
      key: setting.key,
      label: setting.label,
      from: setting.effective(before),
      to: setting.effective(after),
      reset,
      version: saved.version,
      warnings: [],
    };
    await this.audit(SUBJECT.settings, actor, 'admin.settings.set', { key: setting.key, from: change.from, to: change.to, reset, version: saved.version });
    if (setting.field === 'fallbackRole' && this.deps.ansvar.directory) {
      const role = after.caseSettings.roles.fallback;
      const dir = await this.deps.ansvar.directory().catch(() => undefined);
      if (dir && !dir.roleByNameOrAlias(role)) change.warnings.push(role);
    }
    await this.deps.onSettingsChanged?.().catch(() => undefined);
    return change;
  }
}

function toDeadLetter(doc: DeadLetterDoc): DeadLetter {
  const reason = redactReason(doc.lastError);
  return {
    ref: deadLetterRef(doc._id),
    status: doc.status === 'unreachable' || doc.status === 'waiting_address' ? doc.status : 'dead',
    ...(doc.recipient ? { channel: doc.recipient.channel } : {}),
    ...(doc.status === 'waiting_address' && doc.recipientName ? { waitingFor: doc.recipientName } : {}),
    kind: doc.message.meta?.kind ?? 'okänd',
    attempts: doc.attempts,
    createdAt: doc.createdAt,
    ...(reason ? { reason } : {}),
  };
}

/** The settings as rows for a card or the CLI: the value in effect and whether it is the default. */
export function settingRows(stored: StoredSettings, base?: SettingsBase): SettingRow[] {
  const effective = mergeAdminSettings(stored.values, base);
  return SETTING_KEYS.map((s) => ({ key: s.key, label: s.label, value: s.effective(effective), isDefault: stored.values[s.field] === undefined }));
}
