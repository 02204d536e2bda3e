import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import {
  addCalendarDays,
  addWorkingDays,
  nextOfficeTime,
  shiftDate,
  STOCKHOLM,
  toStockholmDate,
} from '../calendar/swedish-calendar.js';
import { checkFreeText, PrivacyErrors } from '../privacy/index.js';
import { ReminderErrors } from './errors.js';
import { importInternkontrollFile, importRutinerFile, remindersFromDuties, type FileFormat } from './import.js';
import { messages } from './messages.js';
import { notifyAdmins } from './notify.js';
import type { AuditLog, Directory, DutySource, Outbox, Person, ReminderStore } from './ports.js';
import { dueDatesBetween, occurrenceKey, planNudges } from './schedule.js';
import { IsoDate, type NudgeStage, type Occurrence, type RecipientSpec, type ReminderConfig, type ReminderDef } from './types.js';

export interface ReminderServiceDeps {
  store: ReminderStore;
  directory: Directory;
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  config: ReminderConfig;
}

/** A line of the dry run: what would be sent to whom and when. */
export interface DryRunLine {
  at: Date;
  occurrenceKey: string;
  title: string;
  unit?: string;
  dueDate: string;
  stage: NudgeStage;
  /** Display names of the people who would receive it, or a note why nobody would. */
  to: string[];
  problems: string[];
}

export interface UpcomingItem {
  key: string;
  title: string;
  unit?: string;
  dueDate: string;
  status: Occurrence['status'];
}

export interface CaseDeadlineInput {
  caseId: string;
  /** E.g. `svar`, `utredning`; one deadline per case and kind. */
  kind: string;
  /** Shown in the nudge. A case number and type only — never client details. */
  title: string;
  dueAt: Date | string;
  recipients: RecipientSpec[];
  unit?: string;
  note?: string;
}

export type SnoozeLength = '1d' | '1w';

/**
 * The reminder service: everything a handler, the CLI or another feature calls. Every change writes an audit entry
 * (who, what, when) to the append-only audit trail.
 */
export class ReminderService {
  constructor(private readonly d: ReminderServiceDeps) {}

  private today(): string {
    return toStockholmDate(this.d.clock.now());
  }

  private async audit(subject: string, actor: string, action: string, details?: Record<string, unknown>) {
    await this.d.audit.appendAudit({ subject, actor, action, at: this.d.clock.now(), ...(details ? { details } : {}) });
  }

  private async openOccurrence(key: string): Promise<Occurrence> {
    const occ = await this.d.store.getOccurrence(key);
    if (!occ) throw new AppError(ReminderErrors.occurrenceNotFound);
    if (occ.status !== 'open') throw new AppError(ReminderErrors.alreadyClosed);
    return occ;
  }

  private async resolveAll(recipients: RecipientSpec[], unit?: string): Promise<Person[]> {
    const lists = await Promise.all(recipients.map((r) => this.d.directory.resolve(r, unit)));
    return [...new Map(lists.flat().map((p) => [p.id, p])).values()];
  }

  /**
   * Who may act on an occurrence, decided from stored data only: the people it is addressed to (the role holders
   * now), their managers (escalations are addressed to them) and admins. Everyone else — also someone who only
   * knows the occurrence key — is refused.
   */
  private async assertMayAct(occ: Occurrence, personId: string): Promise<'recipient' | 'manager' | 'admin'> {
    const people = await this.resolveAll(occ.recipients, occ.unit);
    if (people.some((p) => p.id === personId)) return 'recipient';
    if ((await this.d.directory.admins()).some((a) => a.id === personId)) return 'admin';
    if (await Promise.all(people.map((p) => this.d.directory.managerOf(p.id, occ.unit))).then((ms) => ms.some((m) => m?.id === personId))) return 'manager';
    throw new AppError(ReminderErrors.notRecipient);
  }

  // ---- card actions ----------------------------------------------------------------------------------------

  /** Klar: closes the occurrence; the comment/link is the documentation of the work. A rutin's clock restarts. */
  async markDone(key: string, personId: string, input: { comment?: string; link?: string } = {}): Promise<Occurrence> {
    const occ = await this.openOccurrence(key);
    await this.assertMayAct(occ, personId);
    const comment = input.comment?.trim().slice(0, 1000) || undefined;
    const link = input.link?.trim().slice(0, 500) || undefined;
    // The evidence goes to the append-only audit trail: an identity number there could never be removed.
    for (const value of [comment, link]) if (value && !checkFreeText(value).ok) throw new AppError(PrivacyErrors.identityNumberInText);
    const done = await this.d.store.markOccurrenceDone(key, personId, this.d.clock.now(), comment, link);
    if (!done) throw new AppError(ReminderErrors.alreadyClosed);
    await this.audit(`reminder:${key}`, personId, 'reminder.done', { reminderId: occ.reminderId, dueDate: occ.dueDate, comment, link });
    const def = await this.d.store.getReminder(occ.reminderId);
    if (def?.source === 'rutin' && def.schedule.kind === 'interval') {
      const first = DateTime.fromISO(this.today(), { zone: STOCKHOLM }).plus({ months: def.schedule.months }).toISODate()!;
      const { plannedThrough: _p, ...rest } = def;
      await this.d.store.upsertReminder({ ...rest, schedule: { ...def.schedule, first }, note: `Senast reviderad ${this.today()}; ses över var ${def.schedule.months}:e månad.` }, this.d.clock.now());
    }
    return done;
  }

  /** Påminn mig om 1 dag / 1 vecka: no nudges to this person until then, then one follow-up nudge. */
  async snooze(key: string, personId: string, length: SnoozeLength): Promise<Date> {
    const occ = await this.openOccurrence(key);
    await this.assertMayAct(occ, personId);
    const now = this.d.clock.now();
    let until = length === '1d' ? addWorkingDays(now, 1) : addCalendarDays(now, 7);
    if (this.d.config.officeHours) until = nextOfficeTime(until, this.d.config.officeHours);
    await this.d.store.addSnooze(key, personId, until);
    await this.d.store.insertNudge({
      key: `${key}|snooze:${personId}:${now.getTime()}`,
      occurrenceKey: key,
      stage: { kind: 'snooze', personId, seq: now.getTime() },
      fireAt: until,
      dueDate: occ.dueDate,
    });
    await this.audit(`reminder:${key}`, personId, 'reminder.snooze', { length, until: until.toISOString() });
    return until;
  }

  /** Inte min uppgift: this person gets no more nudges for the occurrence and the admins are told. */
  async notMine(key: string, personId: string, reason?: string): Promise<void> {
    const occ = await this.openOccurrence(key);
    const may = await this.assertMayAct(occ, personId);
    const why = reason?.trim().slice(0, 500) || undefined;
    if (why && !checkFreeText(why).ok) throw new AppError(PrivacyErrors.identityNumberInText);
    // Only a holder's "not mine" goes on the list the nudges skip: a manager or admin saying it changes nobody's
    // nudges, and so cannot hide that the role has nobody left (the "no recipient" admin alert).
    if (may === 'recipient') await this.d.store.addNotMine(key, personId);
    await this.audit(`reminder:${key}`, personId, 'reminder.not_mine', why ? { reason: why } : undefined);
    const people = await this.d.directory.resolve({ kind: 'person', personId });
    const name = people[0]?.displayName ?? personId;
    const t = messages('sv');
    await notifyAdmins(this.d.directory, this.d.outbox, `notmine|${key}|${personId}`, t.adminNotMineTitle, t.adminNotMineText(name, occ.title));
  }

  // ---- lists -----------------------------------------------------------------------------------------------

  /** Occurrences in [from, to]: stored ones plus those the schedules will produce (not planned yet). */
  private async occurrencesBetween(from: string, to: string, filter: { unit?: string } = {}): Promise<UpcomingItem[]> {
    const stored = await this.d.store.listOccurrences({ from, to, ...(filter.unit ? { unit: filter.unit } : {}) });
    const byKey = new Map<string, UpcomingItem & { recipients: RecipientSpec[] }>();
    for (const o of stored) byKey.set(o.key, { key: o.key, title: o.title, ...(o.unit ? { unit: o.unit } : {}), dueDate: o.dueDate, status: o.status, recipients: o.recipients });
    for (const r of await this.d.store.listReminders({ activeOnly: true })) {
      if (filter.unit && r.unit !== filter.unit) continue;
      for (const dd of dueDatesBetween(r.schedule, from, to)) {
        const key = occurrenceKey(r.id, dd.nominalDate);
        if (!byKey.has(key)) byKey.set(key, { key, title: r.title, ...(r.unit ? { unit: r.unit } : {}), dueDate: dd.dueDate, status: 'open', recipients: r.recipients });
      }
    }
    return [...byKey.values()].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key));
  }

  /** "Mina kommande uppgifter": open tasks for which the person is responsible, due within `days`. */
  async listUpcoming(personId: string, days = 60): Promise<UpcomingItem[]> {
    const today = this.today();
    const from = shiftDate(today, -this.d.config.lookbackDays); // overdue ones still count
    const items = await this.occurrencesBetween(from, shiftDate(today, days));
    const out: UpcomingItem[] = [];
    for (const item of items as Array<UpcomingItem & { recipients: RecipientSpec[] }>) {
      if (item.status !== 'open') continue;
      const people = await this.resolveAll(item.recipients, item.unit);
      if (people.some((p) => p.id === personId)) out.push(strip(item));
    }
    return out;
  }

  /** An admin's view: everything due for a unit in a period (open, done and cancelled). */
  async listDueForUnit(actorId: string, unit: string, from: string, to: string): Promise<UpcomingItem[]> {
    if (!(await this.d.directory.admins()).some((a) => a.id === actorId)) throw new AppError('common.forbidden');
    checkRange(from, to);
    return (await this.occurrencesBetween(from, to, { unit })).map(strip);
  }

  /** What would be sent, to whom and when, between two dates — without sending or storing anything. */
  async dryRun(from: string, to: string, opts: { checkAddresses?: boolean } = {}): Promise<{ lines: DryRunLine[]; warnings: string[] }> {
    checkRange(from, to);
    const { config } = this.d;
    const lines: DryRunLine[] = [];
    const warnings: string[] = [];
    const fromAt = DateTime.fromISO(from, { zone: STOCKHOLM }).startOf('day');
    const toAt = DateTime.fromISO(to, { zone: STOCKHOLM }).endOf('day');
    const maxLead = Math.max(0, ...config.leadTimesDays);
    const stored = new Map((await this.d.store.listOccurrences({ from: shiftDate(from, -31), to: shiftDate(to, maxLead + 7) })).map((o) => [o.key, o]));
    for (const r of await this.d.store.listReminders({ activeOnly: true })) {
      if (r.schedule.kind === 'needs_schedule') {
        warnings.push(`${r.title}: frekvensen "${r.schedule.raw}" kunde inte tolkas – inga påminnelser förrän ett schema anges.`);
        continue;
      }
      // Due dates from 30 days before (escalations) to the longest lead time after the period.
      for (const dd of dueDatesBetween(r.schedule, shiftDate(from, -30), shiftDate(to, maxLead + 7))) {
        const key = occurrenceKey(r.id, dd.nominalDate);
        const existing = stored.get(key);
        if (existing && existing.status !== 'open') continue;
        for (const n of planNudges(key, dd.dueDate, config)) {
          const at = DateTime.fromJSDate(n.fireAt);
          if (at < fromAt || at > toAt) continue;
          lines.push(await this.dryRunLine(r, n.stage, n.fireAt, key, dd.dueDate, opts.checkAddresses ?? true));
        }
      }
    }
    lines.sort((a, b) => a.at.getTime() - b.at.getTime() || a.title.localeCompare(b.title));
    return { lines, warnings };
  }

  private async dryRunLine(r: ReminderDef, stage: NudgeStage, at: Date, key: string, dueDate: string, checkAddresses: boolean): Promise<DryRunLine> {
    const people = await this.resolveAll(r.recipients, r.unit);
    const problems: string[] = [];
    let targets = people;
    if (stage.kind === 'escalation') {
      const managers = new Map<string, Person>();
      for (const p of people) {
        const m = await this.d.directory.managerOf(p.id, r.unit);
        if (m) managers.set(m.id, m);
      }
      if (managers.size === 0) problems.push('ingen chef hittades – administratörerna får eskaleringen');
      targets = [...managers.values()];
    }
    if (people.length === 0) problems.push('ingen person har rollen – administratörerna meddelas');
    if (checkAddresses) for (const p of targets) if (!p.chat) problems.push(`${p.displayName} har ingen chattadress – administratörerna meddelas`);
    return {
      at,
      occurrenceKey: key,
      title: r.title,
      ...(r.unit ? { unit: r.unit } : {}),
      dueDate,
      stage,
      to: targets.map((p) => p.displayName),
      problems,
    };
  }

  // ---- sources ---------------------------------------------------------------------------------------------

  /** Set or move a case's deadline (idempotent). Moving it cancels the occurrence of the old date. */
  async upsertCaseDeadline(input: CaseDeadlineInput): Promise<{ reminderId: string; dueDate: string }> {
    const date = typeof input.dueAt === 'string' ? IsoDate.parse(input.dueAt) : toStockholmDate(input.dueAt);
    const id = `case:${input.caseId}:${input.kind}`;
    const def: ReminderDef = {
      id,
      source: 'case',
      title: input.title,
      ...(input.unit ? { unit: input.unit } : {}),
      ...(input.note ? { note: input.note } : {}),
      recipients: input.recipients,
      schedule: { kind: 'once', date },
      caseId: input.caseId,
      active: true,
    };
    await this.d.store.upsertReminder(def, this.d.clock.now());
    await this.d.store.cancelOpenOccurrences([id], this.d.clock.now(), [occurrenceKey(id, date)]);
    await this.audit(`reminder:${id}`, 'system', 'reminder.case_deadline.set', { caseId: input.caseId, kind: input.kind, date });
    return { reminderId: id, dueDate: date };
  }

  /** A case was closed: its deadlines (all kinds, or one) stop. */
  async cancelCaseDeadline(caseId: string, kind?: string): Promise<number> {
    const now = this.d.clock.now();
    const ids = await this.d.store.deactivateReminders(kind ? { ids: [`case:${caseId}:${kind}`] } : { caseId }, now);
    const n = await this.d.store.cancelOpenOccurrences(ids, now);
    if (ids.length) await this.audit(`case:${caseId}`, 'system', 'reminder.case_deadline.cancel', { kind: kind ?? 'all', occurrences: n });
    return n;
  }

  /** Re-read the responsibility matrix: new and changed duties are stored, removed ones deactivated. */
  async syncDuties(source: DutySource, actorId = 'system'): Promise<{ count: number; warnings: string[] }> {
    const { reminders, warnings } = remindersFromDuties(await source.listDuties());
    const now = this.d.clock.now();
    await this.d.store.upsertReminders(reminders, now);
    const keep = new Set(reminders.map((r) => r.id));
    const stale = (await this.d.store.listReminders({ source: 'duty', activeOnly: true })).filter((r) => !keep.has(r.id)).map((r) => r.id);
    if (stale.length) await this.d.store.deactivateReminders({ ids: stale }, now);
    await this.audit('reminders:duties', actorId, 'reminder.duties.sync', { count: reminders.length, removed: stale.length, warnings: warnings.length });
    return { count: reminders.length, warnings };
  }

  /** Import rutiner (CSV/XLSX). All-or-nothing: any line error throws `paminnelser.import_invalid` and stores nothing. */
  async importRutiner(data: Buffer | string, format: FileFormat, actorId: string): Promise<{ count: number; warnings: string[] }> {
    const result = await importRutinerFile(data, format, this.today());
    return this.storeImport(result, 'rutiner', actorId);
  }

  /** Import the internkontrollplan (CSV/XLSX), all-or-nothing. */
  async importInternkontroll(data: Buffer | string, format: FileFormat, actorId: string): Promise<{ count: number; warnings: string[] }> {
    const result = await importInternkontrollFile(data, format);
    return this.storeImport(result, 'internkontroll', actorId);
  }

  private async storeImport(
    result: Awaited<ReturnType<typeof importRutinerFile>>,
    what: string,
    actorId: string,
  ): Promise<{ count: number; warnings: string[] }> {
    if (!result.ok) {
      throw new AppError(ReminderErrors.importInvalid, { count: result.errors.length, errors: result.errors.slice(0, 50).join('\n') });
    }
    await this.d.store.upsertReminders(result.reminders, this.d.clock.now());
    await this.audit(`reminders:${what}`, actorId, `reminder.import.${what}`, { count: result.reminders.length, warnings: result.warnings.length });
    return { count: result.reminders.length, warnings: result.warnings };
  }
}

function strip(item: UpcomingItem & { recipients?: unknown }): UpcomingItem {
  const { recipients: _r, ...rest } = item;
  return rest;
}

function checkRange(from: string, to: string): void {
  if (!IsoDate.safeParse(from).success || !IsoDate.safeParse(to).success) {
    throw new AppError(ReminderErrors.badRange, { reason: 'datum ska skrivas ÅÅÅÅ-MM-DD' });
  }
  if (from > to) throw new AppError(ReminderErrors.badRange, { reason: 'från-datum är efter till-datum' });
  if (shiftDate(from, 400) < to) throw new AppError(ReminderErrors.badRange, { reason: 'högst ett år i taget' });
}

/** Render a dry run as Swedish text (CLI, admin chat). */
export function formatDryRun(from: string, to: string, result: { lines: DryRunLine[]; warnings: string[] }): string {
  const t = messages('sv');
  const out = [t.dryRunHeader(from, to), ''];
  for (const l of result.lines) {
    const when = DateTime.fromJSDate(l.at, { zone: STOCKHOLM }).toFormat('yyyy-MM-dd HH:mm');
    const stage = l.stage.kind === 'lead' ? (l.stage.days === 0 ? t.stageDue : t.stageLead(l.stage.days)) : l.stage.kind === 'escalation' ? t.stageEscalation : 'snooze';
    out.push(`${when}  ${l.title}${l.unit ? ` [${l.unit}]` : ''} (senast ${l.dueDate}, ${stage}) → ${l.to.join(', ') || '–'}`);
    for (const p of l.problems) out.push(`    ! ${p}`);
  }
  if (result.lines.length === 0) out.push('(inga påminnelser i perioden)');
  if (result.warnings.length) {
    out.push('', `${t.dryRunWarnings}:`);
    for (const w of result.warnings) out.push(`  - ${w}`);
  }
  return out.join('\n');
}
