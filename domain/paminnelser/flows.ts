import type { ActivityLog } from '../activity-log.js';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { shiftDate, STOCKHOLM, toStockholmDate } from '../calendar/swedish-calendar.js';
import { notifyAdmins, type EnqueueRequest, type Outbox } from '../outbox.js';
import { ReminderErrors } from './errors.js';
import { importInternkontrollFile, importRutinerFile, remindersFromDuties, type FileFormat } from './import.js';
import { importTexts, messages } from './messages.js';
import { nudgeMessage, type DryRunLine } from './messaging.js';
import type { NudgeStage, NudgeStatus, Occurrence, ReminderPerson, PlannedNudge, RecipientSpec, ReminderConfig, ReminderDef, StoredNudge } from './schema.js';
import {
  audienceOf,
  caseDeadlineReminder,
  checkRange,
  distinctPeople,
  doneEvidence,
  dueDatesBetween,
  dutyChanges,
  escalationTargets,
  managerUnit,
  mustReachSomebody,
  needsOnCall,
  nobodyResponsible,
  noticeKeys,
  notMineReason,
  notSnoozed,
  nudgeFate,
  nudgeMessageKey,
  occurrenceKey,
  openOccurrence,
  planHorizon,
  planNudges,
  planReminder,
  planThrough,
  recipientLabel,
  responsibleNames,
  restartedRutin,
  roleOnOccurrence,
  sameDeadline,
  snoozeNudge,
  snoozeUntil,
  urgentOnlyAt,
  withoutNotMine,
  type CaseDeadlineInput,
  type PlannedOccurrence,
  type SnoozeLength,
} from './service.js';

/**
 * The reminders' use cases, each read top to bottom: load, decide (service.ts), save, emit (the outbox).
 * - `ReminderTick` is the recurring one (scheduler/ drives it every minute): plan occurrences and nudges, claim the
 *   due nudges, decide who is told, enqueue their messages.
 * - `ReminderService` is what a person, an admin, the CLI or another subject asks for: Klar, snooze, "Inte min
 *   uppgift", lists, the dry run, case deadlines, the matrix's duties, imports. Every change is audited.
 * The ports below are what the flows need; storage/reminders.ts, storage/outbox.ts and the directory implement them.
 */

// ---- ports ---------------------------------------------------------------------------------------------------

/** The organisation: roles per unit, people, managers and admins. */
export interface ReminderDirectory {
  /** Everyone holding the role (in `spec.unit`, else in `unit`, else anywhere) or the named person. */
  resolve(spec: RecipientSpec, unit?: string): Promise<ReminderPerson[]>;
  /** The person's manager: the holder of the next role up for that unit. Undefined at the top. */
  managerOf(personId: string, unit?: string): Promise<ReminderPerson | undefined>;
  /** Reminder administrators (told about unreachable people, "Inte min uppgift", dead letters). */
  admins(): Promise<ReminderPerson[]>;
  /** A unit by id, name, short name or alias (imports write names); undefined when the organisation has none. */
  unit?(nameOrId: string): Promise<{ id: string; name: string } | undefined>;
  /**
   * Like `resolve`, but without looking for chat addresses (no platform look-ups): for checks that only ask whether
   * somebody holds the role, e.g. at import.
   */
  whoIs?(spec: RecipientSpec, unit?: string): Promise<ReminderPerson[]>;
  /** Holders of a role at the unit or above it, strictly (no organisation-wide fallback): the on-call role. */
  holdersAt?(role: string, unit: string): Promise<ReminderPerson[]>;
}

/** A recurring duty from the responsibility matrix. */
export interface Duty {
  id: string;
  aktivitet: string;
  /** Responsible role(s). */
  ansvarig: string[];
  frekvens: string;
  unit?: string;
  rapporterasTill?: string;
}

/** The matrix, as far as the reminders need it. */
export interface DutySource {
  listDuties(): Promise<Duty[]>;
}

/** The activity log (domain/activity-log.ts; storage/audit.ts). */
export type AuditLog = ActivityLog;

type PlannedReminder = ReminderDef & { plannedThrough?: string };

/** Stored reminders, occurrences and nudges (storage/reminders.ts). */
export interface ReminderStore {
  upsertReminder(def: ReminderDef, now: Date): Promise<void>;
  /** Insert or replace a batch of reminders of one source; returns how many were written. */
  upsertReminders(defs: ReminderDef[], now: Date): Promise<number>;
  /**
   * Plan these (just stored) reminders from the day after `date` instead of looking back: a duty new to the
   * reminders has no overdue occurrences from before it existed. Only where nothing was planned yet.
   */
  startPlanningAfter(ids: string[], date: string): Promise<void>;
  getReminder(id: string): Promise<PlannedReminder | undefined>;
  listReminders(filter?: { source?: ReminderDef['source']; activeOnly?: boolean }): Promise<ReminderDef[]>;
  deactivateReminders(filter: { ids?: string[]; caseId?: string }, now: Date): Promise<string[]>;
  getOccurrence(key: string): Promise<Occurrence | undefined>;
  getOccurrences(keys: string[]): Promise<Map<string, Occurrence>>;
  /** Cancel the open occurrences of the given reminders (except `exceptKeys`). */
  cancelOpenOccurrences(reminderIds: string[], now: Date, exceptKeys?: string[]): Promise<number>;
  markOccurrenceDone(key: string, by: string, at: Date, comment?: string, link?: string): Promise<Occurrence | undefined>;
  addSnooze(key: string, personId: string, until: Date): Promise<Occurrence | undefined>;
  addNotMine(key: string, personId: string): Promise<Occurrence | undefined>;
  /** Occurrences due in [from, to] (Stockholm dates), in due order. */
  listOccurrences(range: { from: string; to: string }): Promise<Occurrence[]>;
  /** Adds a one-off nudge (snooze follow-up); idempotent on its key. */
  insertNudge(nudge: PlannedNudge): Promise<boolean>;
  // The tick's side: a planner lease, batches to plan, and claims of due nudges.
  /** Take or renew a lease on a job; false when another instance holds it. */
  acquireLock(name: string, owner: string, leaseMs: number): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
  /** Reminders whose occurrences are not generated through `horizon` yet. */
  remindersToPlan(horizon: string, limit: number): Promise<PlannedReminder[]>;
  /** Store occurrences and nudges (insert-if-absent), then advance `plannedThrough` where nobody changed the reminder. */
  savePlan(plans: Array<{ reminderId: string; previous: string | null; plannedThrough: string }>, occurrences: PlannedOccurrence[], nudges: PlannedNudge[], now: Date): Promise<void>;
  /** Nudges that may be claimed now (due and pending, or claimed under a lease that ran out); `urgentOnly`: lex only. */
  findClaimableNudges(now: Date, limit: number, options?: { urgentOnly?: boolean }): Promise<StoredNudge[]>;
  /** Each candidate still claimable is won by exactly one instance, which holds it until the lease ends. */
  claimNudges(candidates: Array<Pick<StoredNudge, 'key' | 'status'>>, now: Date, owner: string, leaseMs: number): Promise<StoredNudge[]>;
  /** Close many claimed nudges of this owner in one write. */
  finishNudges(keys: string[], owner: string, status: Exclude<NudgeStatus, 'pending' | 'claimed'>, now: Date): Promise<number>;
  /** The fire time of the oldest nudge that is due but not handled yet. */
  oldestDueNudge(now: Date): Promise<Date | undefined>;
}

/** Minimal logger shape (pino-compatible). */
export interface FlowLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface Deps {
  store: ReminderStore;
  directory: ReminderDirectory;
  outbox: Outbox;
  clock: Clock;
  config: ReminderConfig;
}

/** Who holds the roles, without looking for chat addresses (import checks, the reach report). */
async function holdersOf(directory: ReminderDirectory, recipients: RecipientSpec[], unit?: string): Promise<ReminderPerson[]> {
  return distinctPeople(await Promise.all(recipients.map((r) => (directory.whoIs ? directory.whoIs(r, unit) : directory.resolve(r, unit)))));
}

/** Who holds the roles now, with their chat addresses; one look-up per (recipient, unit) when a cache is given. */
async function resolveAll(directory: ReminderDirectory, recipients: RecipientSpec[], unit?: string, cache?: Map<string, Promise<ReminderPerson[]>>): Promise<ReminderPerson[]> {
  const lookUp = (spec: RecipientSpec) => {
    if (!cache) return directory.resolve(spec, unit);
    const key = JSON.stringify([spec, unit ?? null]);
    let found = cache.get(key);
    if (!found) cache.set(key, (found = directory.resolve(spec, unit)));
    return found;
  };
  return distinctPeople(await Promise.all(recipients.map(lookUp)));
}

// ---- the tick ------------------------------------------------------------------------------------------------

export interface TickResult {
  planned: { reminders: number; occurrences: number; nudges: number };
  nudges: { processed: number; enqueued: number; skipped: number; superseded: number; adminNotices: number };
}

export interface ReminderTickDeps extends Deps {
  /** Unique per process, e.g. `${hostname}:${pid}:${random}`. */
  instanceId: string;
  /** How long a claimed nudge (and the planner lease) is ours before another instance may take it over. */
  leaseMs?: number;
  logger?: FlowLogger;
  /**
   * Escalate a case whose escalation deadline passed (AvvikelseService.escalateIfUnacknowledged): true when it was
   * escalated (the case flow tells the next level), false when nothing was to be done (already acknowledged).
   */
  caseEscalation?: (caseId: string) => Promise<boolean>;
}

const PLANNER_LOCK = 'planner';
const silent: FlowLogger = { info: () => {}, warn: () => {}, error: () => {} };
type Fate = 'done' | 'skipped' | 'superseded';

/** Reminders planned between two looks at the event loop (see planLocked). */
const PLAN_SLICE = 20;

/**
 * The reminder tick: (1) generate occurrences and nudges up to a horizon for every reminder (idempotent by key),
 * (2) claim due nudges with a lease and turn each into outbox messages (idempotent by dedupe key), then close them.
 * Safe to run in any number of instances at once; a crash at any point leaves state another instance completes.
 */
export class ReminderTick {
  private readonly leaseMs: number;
  private readonly log: FlowLogger;

  constructor(private readonly deps: ReminderTickDeps) {
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.log = deps.logger ?? silent;
  }

  async run(maxNudges = 10_000): Promise<TickResult> {
    const planned = await this.plan();
    const nudges = await this.processDueNudges(maxNudges);
    return { planned, nudges };
  }

  /**
   * Generate occurrences and nudges through the horizon. One instance plans at a time (a lease, renewed per batch):
   * the work is idempotent, so this only saves every other instance from doing it again. An instance that finds the
   * planner busy goes straight on to due nudges; the next tick looks again.
   */
  async plan(batchSize = 500): Promise<TickResult['planned']> {
    const { store, instanceId } = this.deps;
    const totals = { reminders: 0, occurrences: 0, nudges: 0 };
    if (!(await store.acquireLock(PLANNER_LOCK, instanceId, this.leaseMs))) return totals;
    try {
      return await this.planLocked(batchSize, totals);
    } finally {
      await store.releaseLock(PLANNER_LOCK, instanceId).catch((error: unknown) => this.log.warn({ err: error }, 'Could not release the planner lease; it runs out by itself'));
    }
  }

  private async planLocked(batchSize: number, totals: TickResult['planned']): Promise<TickResult['planned']> {
    const { store, clock, config, instanceId } = this.deps;
    const now = clock.now();
    const today = toStockholmDate(now);
    const horizon = planHorizon(today, config);
    const through = planThrough(today, config);
    const seen = new Set<string>();
    for (let round = 0; round < 1000; round++) {
      // Renew the lease each batch; if it was lost (a very slow batch), stop and leave the rest to its new holder.
      if (round > 0 && !(await store.acquireLock(PLANNER_LOCK, instanceId, this.leaseMs))) break;
      const batch = (await store.remindersToPlan(horizon, batchSize)).filter((r) => !seen.has(r.id));
      if (batch.length === 0) break;
      const plans: Array<{ reminderId: string; previous: string | null; plannedThrough: string }> = [];
      const occurrences: PlannedOccurrence[] = [];
      const nudges: PlannedNudge[] = [];
      for (const [i, r] of batch.entries()) {
        // Planning is calendar arithmetic per date, ~0.3 ms a reminder: a batch of 500 in one go held every request
        // for 200 ms after a burst of new case deadlines. A few at a time, with requests let in between.
        if (i > 0 && i % PLAN_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        seen.add(r.id);
        const plan = planReminder(r, today, through, config);
        occurrences.push(...plan.occurrences);
        nudges.push(...plan.nudges);
        plans.push({ reminderId: r.id, previous: r.plannedThrough ?? null, plannedThrough: through });
      }
      await store.savePlan(plans, occurrences, nudges, now);
      totals.reminders += batch.length;
      totals.occurrences += occurrences.length;
      totals.nudges += nudges.length;
    }
    return totals;
  }

  /**
   * Claim and process due nudges until none is due (or `max`). Outside office hours only urgent ones are claimed.
   * Work goes in batches: read up to `batchSize` claimable nudges, claim them with one conditional update (instances
   * racing for the same batch split it; each nudge has one winner), write all their messages with one insertMany,
   * close them. The next batch is read and claimed while the current one is written, so the round trips overlap.
   */
  async processDueNudges(max = 10_000, batchSize = 1000): Promise<TickResult['nudges']> {
    const totals = { processed: 0, enqueued: 0, skipped: 0, superseded: 0, adminNotices: 0 };
    const { store, clock, config, instanceId } = this.deps;
    const urgentOnly = urgentOnlyAt(clock.now(), config);
    const cache = new Map<string, Promise<ReminderPerson[]>>();
    let rounds = 0;
    // Up to `limit` nudges this instance won, with the time they were claimed at; empty when none is due.
    const claimBatch = async (limit: number): Promise<{ claimed: StoredNudge[]; now: Date }> => {
      for (; rounds < 10_000 && limit > 0; rounds++) {
        const now = clock.now();
        const candidates = await store.findClaimableNudges(now, Math.min(batchSize, limit), { urgentOnly });
        if (candidates.length === 0) break;
        const claimed = await store.claimNudges(candidates, now, instanceId, this.leaseMs);
        if (claimed.length > 0) return { claimed, now };
        // another instance won them all; look again
      }
      return { claimed: [], now: clock.now() };
    };
    let next = claimBatch(Math.min(batchSize, max));
    for (;;) {
      const { claimed, now } = await next;
      if (claimed.length === 0) break;
      totals.processed += claimed.length;
      const left = max - totals.processed;
      next = left > 0 ? claimBatch(left) : Promise.resolve({ claimed: [], now });
      // Handled once the read above is under way; a failure here must not leave that claim unobserved.
      const handled = await this.enqueueClaimed(claimed, now, cache).catch(async (error: unknown) => {
        await next.catch(() => undefined);
        throw error;
      });
      totals.enqueued += handled.enqueued;
      totals.skipped += handled.skipped;
      totals.superseded += handled.superseded;
      totals.adminNotices += handled.adminNotices;
    }
    return totals;
  }

  /** Messages of claimed nudges into the outbox (one insertMany), then the nudges closed. */
  private async enqueueClaimed(claimed: StoredNudge[], now: Date, cache: Map<string, Promise<ReminderPerson[]>>) {
    const { store, outbox, clock, instanceId } = this.deps;
    const occurrences = await store.getOccurrences([...new Set(claimed.map((n) => n.occurrenceKey))]);
    const requests: EnqueueRequest[] = [];
    const byFate: Record<Fate, string[]> = { done: [], skipped: [], superseded: [] };
    let adminNotices = 0;
    for (const nudge of claimed) {
      try {
        const r = await this.nudge(nudge, occurrences.get(nudge.occurrenceKey), now, cache);
        requests.push(...r.requests);
        byFate[r.fate].push(nudge.key);
        adminNotices += r.adminNotices;
      } catch (error) {
        // One bad item must not stop the rest: its lease runs out and it is retried.
        this.log.error({ err: error, nudge: nudge.key }, 'Processing a reminder nudge failed; it will be retried after its lease');
      }
    }
    // Messages first, then close the nudges: a crash in between re-runs the nudge, and the dedupe keys make the
    // second enqueue a no-op.
    const { created } = await outbox.enqueueMany(requests);
    const doneAt = clock.now();
    await Promise.all((['done', 'skipped', 'superseded'] as const).map((fate) => store.finishNudges(byFate[fate], instanceId, fate, doneAt)));
    return { enqueued: created, skipped: byFate.skipped.length, superseded: byFate.superseded.length, adminNotices };
  }

  /** One claimed nudge: its fate, and the messages to the people it reaches (admins told about the rest). */
  private async nudge(
    nudge: StoredNudge,
    occ: Occurrence | undefined,
    now: Date,
    cache: Map<string, Promise<ReminderPerson[]>>,
  ): Promise<{ fate: Fate; requests: EnqueueRequest[]; adminNotices: number }> {
    const { directory, outbox, store } = this.deps;
    const fate = nudgeFate(nudge, occ, now);
    if (fate !== 'due' || !occ) return { fate: fate === 'due' ? 'skipped' : fate, requests: [], adminNotices: 0 };
    const t = messages('sv');
    const def = occ.source === 'case' ? await store.getReminder(occ.reminderId) : undefined;
    if (def?.action === 'case.escalate' && this.deps.caseEscalation && def.caseId) {
      // The case flow escalates (the next level becomes a handler and is told); no reminder card on top of it.
      return { fate: (await this.deps.caseEscalation(def.caseId)) ? 'done' : 'skipped', requests: [], adminNotices: 0 };
    }
    const audience = await this.audience(nudge, occ, now, cache);
    if (audience.nobody) {
      const n = await notifyAdmins(directory, outbox, noticeKeys.noRecipient(occ.key), t.adminNoRecipientTitle, t.adminNoRecipientText(occ.title, recipientLabel(occ.recipients)));
      return { fate: 'done', requests: [], adminNotices: n };
    }
    const requests: EnqueueRequest[] = [];
    let adminNotices = 0;
    for (const person of audience.targets) {
      if (!person.chat) {
        adminNotices += await notifyAdmins(directory, outbox, noticeKeys.noAddress(nudge.key, person.id), t.adminNoAddressTitle, t.adminNoAddressText(person.displayName, occ.title));
        continue;
      }
      const message = nudgeMessage({
        person,
        occurrence: occ,
        stage: nudge.stage,
        today: toStockholmDate(now),
        ...(def?.schedule.kind === 'instant' ? { deadlineAt: new Date(def.schedule.at), urgent: def.schedule.urgent } : {}),
        ...(audience.responsibleName !== undefined ? { responsibleName: audience.responsibleName } : {}),
      });
      requests.push({ dedupeKey: nudgeMessageKey(nudge.key, person.id), recipient: person.chat, message });
    }
    return { fate: 'done', requests, adminNotices };
  }

  /**
   * Who a nudge goes to. A snooze follow-up: the person who snoozed. A lead or deadline nudge: the people
   * responsible who have not snoozed (urgent ones outside office hours also the on-call role); `nobody` when no one
   * holds the roles. An escalation: the managers of everyone responsible (also those who snoozed), else the admins.
   */
  private async audience(
    nudge: StoredNudge,
    occ: Occurrence,
    now: Date,
    cache: Map<string, Promise<ReminderPerson[]>>,
  ): Promise<{ targets: ReminderPerson[]; responsibleName?: string; nobody?: boolean }> {
    const { directory, config } = this.deps;
    const stage = nudge.stage;
    const audience = audienceOf(stage);
    if (stage.kind === 'snooze') return { targets: withoutNotMine(await directory.resolve({ kind: 'person', personId: stage.personId }), occ) };
    const people = withoutNotMine(await resolveAll(directory, occ.recipients, occ.unit, cache), occ);
    if (audience === 'managers') {
      const managers = await Promise.all(people.map((p) => directory.managerOf(p.id, managerUnit(occ))));
      const admins = managers.some((m) => m) ? [] : await directory.admins();
      return { targets: escalationTargets(managers, admins), responsibleName: responsibleNames(people) };
    }
    let targets = notSnoozed(people, occ, now);
    if (nudge.urgent && occ.unit && directory.holdersAt && needsOnCall(occ, now, config)) {
      targets = distinctPeople([targets, withoutNotMine(await directory.holdersAt(config.onCallRole, occ.unit), occ)]);
    }
    return { targets, ...(nobodyResponsible(people, occ) ? { nobody: true } : {}) };
  }

  /** Age in seconds of the oldest nudge that is due but not yet handled (0 when none): the reminder lag metric. */
  async lagSeconds(): Promise<number> {
    const now = this.deps.clock.now();
    const oldest = await this.deps.store.oldestDueNudge(now);
    return oldest ? (now.getTime() - oldest.getTime()) / 1000 : 0;
  }
}

// ---- what people ask for -------------------------------------------------------------------------------------

export interface ReminderServiceDeps extends Deps {
  audit: AuditLog;
}

export interface UpcomingItem {
  key: string;
  title: string;
  unit?: string;
  dueDate: string;
  status: Occurrence['status'];
}

/**
 * The reminder service: everything a handler, the CLI or another feature calls. Every change writes an audit entry
 * (who, what, when) to the append-only audit trail.
 */
export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  private today(): string {
    return toStockholmDate(this.deps.clock.now());
  }

  private async audit(subject: string, actor: string, action: string, details?: Record<string, unknown>) {
    await this.deps.audit.appendAudit({ subject, actor, action, at: this.deps.clock.now(), ...(details ? { details } : {}) });
  }

  private resolveAll(recipients: RecipientSpec[], unit?: string): Promise<ReminderPerson[]> {
    return resolveAll(this.deps.directory, recipients, unit);
  }

  private holdersOf(recipients: RecipientSpec[], unit?: string): Promise<ReminderPerson[]> {
    return holdersOf(this.deps.directory, recipients, unit);
  }

  /**
   * Who may act on an occurrence, decided from stored data only: the people it is addressed to (the role holders
   * now), their managers (escalations are addressed to them) and admins. Everyone else — also someone who only
   * knows the occurrence key — is refused.
   */
  private async mayAct(occ: Occurrence, personId: string): Promise<'recipient' | 'manager' | 'admin'> {
    const { directory } = this.deps;
    const recipients = await this.resolveAll(occ.recipients, occ.unit);
    if (recipients.some((p) => p.id === personId)) return 'recipient';
    const admins = await directory.admins();
    const managers = admins.some((a) => a.id === personId) ? [] : await Promise.all(recipients.map((p) => directory.managerOf(p.id, managerUnit(occ))));
    return roleOnOccurrence(personId, { recipients, admins, managers });
  }

  // ---- card actions ----------------------------------------------------------------------------------------

  /** Klar: closes the occurrence; the comment/link is the documentation of the work. A rutin's clock restarts. */
  async markDone(key: string, personId: string, input: { comment?: string; link?: string } = {}): Promise<Occurrence> {
    const { store, clock } = this.deps;
    const occ = openOccurrence(await store.getOccurrence(key));
    await this.mayAct(occ, personId);
    const { comment, link } = doneEvidence(input);
    const done = await store.markOccurrenceDone(key, personId, clock.now(), comment, link);
    if (!done) throw new AppError(ReminderErrors.alreadyClosed);
    await this.audit(`reminder:${key}`, personId, 'reminder.done', { reminderId: occ.reminderId, dueDate: occ.dueDate, comment, link });
    const restarted = restartedRutin(await store.getReminder(occ.reminderId), this.today());
    if (restarted) await store.upsertReminder(restarted, clock.now());
    return done;
  }

  /** Påminn mig om 1 dag / 1 vecka: no nudges to this person until then, then one follow-up nudge. */
  async snooze(key: string, personId: string, length: SnoozeLength): Promise<Date> {
    const { store, clock, config } = this.deps;
    const occ = openOccurrence(await store.getOccurrence(key));
    await this.mayAct(occ, personId);
    const now = clock.now();
    const def = occ.source === 'case' ? await store.getReminder(occ.reminderId) : undefined;
    const until = snoozeUntil(now, length, config, def);
    await store.addSnooze(key, personId, until);
    await store.insertNudge(snoozeNudge(occ, personId, until, now, def));
    await this.audit(`reminder:${key}`, personId, 'reminder.snooze', { length, until: until.toISOString() });
    return until;
  }

  /** Inte min uppgift: this person gets no more nudges for the occurrence and the admins are told. */
  async notMine(key: string, personId: string, reason?: string): Promise<void> {
    const { store, directory, outbox } = this.deps;
    const occ = openOccurrence(await store.getOccurrence(key));
    const may = await this.mayAct(occ, personId);
    const why = notMineReason(reason);
    // Only a holder's "not mine" goes on the list the nudges skip: a manager or admin saying it changes nobody's
    // nudges, and so cannot hide that the role has nobody left (the "no recipient" admin alert).
    if (may === 'recipient') await store.addNotMine(key, personId);
    await this.audit(`reminder:${key}`, personId, 'reminder.not_mine', why ? { reason: why } : undefined);
    const people = await directory.resolve({ kind: 'person', personId });
    const name = people[0]?.displayName ?? personId;
    const t = messages('sv');
    await notifyAdmins(directory, outbox, noticeKeys.notMine(key, personId), t.adminNotMineTitle, t.adminNotMineText(name, occ.title));
  }

  /** Occurrences in [from, to]: stored ones plus those the schedules will produce (not planned yet). */
  private async occurrencesBetween(from: string, to: string): Promise<Array<UpcomingItem & { recipients: RecipientSpec[] }>> {
    const { store } = this.deps;
    const stored = await store.listOccurrences({ from, to });
    const byKey = new Map<string, UpcomingItem & { recipients: RecipientSpec[] }>();
    for (const o of stored) byKey.set(o.key, { key: o.key, title: o.title, ...(o.unit ? { unit: o.unit } : {}), dueDate: o.dueDate, status: o.status, recipients: o.recipients });
    for (const r of await store.listReminders({ activeOnly: true })) {
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
    const from = shiftDate(today, -this.deps.config.lookbackDays); // overdue ones still count
    const items = await this.occurrencesBetween(from, shiftDate(today, days));
    const out: UpcomingItem[] = [];
    for (const item of items as Array<UpcomingItem & { recipients: RecipientSpec[] }>) {
      if (item.status !== 'open') continue;
      const people = await this.resolveAll(item.recipients, item.unit);
      if (people.some((p) => p.id === personId)) out.push(strip(item));
    }
    return out;
  }

  /** What would be sent, to whom and when, between two dates — without sending or storing anything. */
  async dryRun(from: string, to: string, opts: { checkAddresses?: boolean } = {}): Promise<{ lines: DryRunLine[]; warnings: string[] }> {
    checkRange(from, to);
    const { config } = this.deps;
    const lines: DryRunLine[] = [];
    const warnings: string[] = [];
    const fromAt = DateTime.fromISO(from, { zone: STOCKHOLM }).startOf('day');
    const toAt = DateTime.fromISO(to, { zone: STOCKHOLM }).endOf('day');
    const maxLead = Math.max(0, ...config.leadTimesDays);
    const stored = new Map((await this.deps.store.listOccurrences({ from: shiftDate(from, -31), to: shiftDate(to, maxLead + 7) })).map((o) => [o.key, o]));
    for (const r of await this.deps.store.listReminders({ activeOnly: true })) {
      if (r.schedule.kind === 'needs_schedule') {
        warnings.push(`${r.title}: frekvensen "${r.schedule.raw}" kunde inte tolkas – inga påminnelser förrän ett schema anges.`);
        continue;
      }
      if (r.assumption) warnings.push(`${r.title}: ${r.assumption}.`);
      // Due dates from 30 days before (escalations) to the longest lead time after the period.
      for (const dd of dueDatesBetween(r.schedule, shiftDate(from, -30), shiftDate(to, maxLead + 7))) {
        const key = occurrenceKey(r.id, dd.nominalDate);
        const existing = stored.get(key);
        if (existing && existing.status !== 'open') continue;
        for (const n of planNudges(key, dd.dueDate, config, r)) {
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
      const managers = await Promise.all(people.map((p) => this.deps.directory.managerOf(p.id, managerUnit(r))));
      targets = distinctPeople([managers.filter((m): m is ReminderPerson => !!m)]);
      if (targets.length === 0) problems.push('ingen chef hittades – administratörerna får eskaleringen');
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

  /**
   * Set or move a case's deadline (idempotent). Moving it cancels the occurrence of the old date. `newCase`: the case
   * was created by this very write, so its reminder cannot exist yet (its id is made from the new case's id): nothing
   * to compare with or to cancel, and the reminder and its audit entry are written together.
   */
  async upsertCaseDeadline(input: CaseDeadlineInput, options: { newCase?: boolean } = {}): Promise<{ reminderId: string; dueDate: string }> {
    const { store, clock } = this.deps;
    const { def, date } = caseDeadlineReminder(input, clock.now());
    const audited = () => this.audit(`reminder:${def.id}`, 'system', 'reminder.case_deadline.set', { caseId: input.caseId, kind: input.kind, date });
    if (options.newCase) {
      await Promise.all([store.upsertReminder(def, clock.now()), audited()]);
      return { reminderId: def.id, dueDate: date };
    }
    if (sameDeadline(await store.getReminder(def.id), def)) return { reminderId: def.id, dueDate: date }; // a replayed effect
    await store.upsertReminder(def, clock.now());
    await store.cancelOpenOccurrences([def.id], clock.now(), [occurrenceKey(def.id, date)]);
    await audited();
    return { reminderId: def.id, dueDate: date };
  }

  /** A case was closed: its deadlines (all kinds, or one) stop. */
  async cancelCaseDeadline(caseId: string, kind?: string): Promise<number> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const ids = await store.deactivateReminders(kind ? { ids: [`case:${caseId}:${kind}`] } : { caseId }, now);
    const n = await store.cancelOpenOccurrences(ids, now);
    if (ids.length) await this.audit(`case:${caseId}`, 'system', 'reminder.case_deadline.cancel', { kind: kind ?? 'all', occurrences: n });
    return n;
  }

  /**
   * Re-read the responsibility matrix: new and changed duties are stored, removed ones deactivated, unchanged ones
   * left alone (so a restart does not replan everything). A changed schedule cancels the open occurrences of the old
   * one. Then every reminder is checked for a person who can receive it; admins are told about those that cannot.
   */
  async syncDuties(source: DutySource, actorId = 'system'): Promise<{ count: number; changed: number; warnings: string[]; unreachable: string[] }> {
    const { store } = this.deps;
    const { reminders, warnings } = remindersFromDuties(await source.listDuties());
    const now = this.deps.clock.now();
    const { changed, rescheduled, stale } = dutyChanges(await store.listReminders({ source: 'duty' }), reminders);
    await store.upsertReminders(changed, now);
    // New or rescheduled duties start from today: a fresh install does not send a year's overdue notices.
    await store.startPlanningAfter(changed.map((r) => r.id), shiftDate(this.today(), -1));
    if (rescheduled.length) await store.cancelOpenOccurrences(rescheduled, now);
    if (stale.length) {
      await store.deactivateReminders({ ids: stale }, now);
      await store.cancelOpenOccurrences(stale, now);
    }
    const assumed = reminders.filter((r) => r.assumption?.includes('standarddatum'));
    if (assumed.length) warnings.push(messages('sv').defaultDateWarning(assumed.length));
    await this.audit('reminders:duties', actorId, 'reminder.duties.sync', { count: reminders.length, changed: changed.length, removed: stale.length, warnings: warnings.length });
    // After an admin's import or rollback the admins are told; at start-up (actor `system`) the caller logs it, so a
    // restart does not look everybody up on the chat platforms before anyone has opened the app.
    const unreachable = await this.reportUnreachable({ notify: actorId !== 'system' });
    return { count: reminders.length, changed: changed.length, warnings, unreachable };
  }

  /**
   * Every active recurring reminder must reach a person. Those that reach nobody (a role nobody holds, a person who
   * left) are reported to the admins who can be reached, once per distinct list; returns their titles.
   */
  private async reportUnreachable(options: { notify?: boolean } = {}): Promise<string[]> {
    const t = messages('sv');
    const out: string[] = [];
    // Many reminders name the same roles: resolve each (recipients, unit) once.
    const reached = new Map<string, Promise<boolean>>();
    for (const r of await this.deps.store.listReminders({ activeOnly: true })) {
      if (!mustReachSomebody(r)) continue;
      const key = JSON.stringify([r.recipients, r.unit ?? null]);
      if (!reached.has(key)) reached.set(key, this.holdersOf(r.recipients, r.unit).then((people) => people.length > 0));
      if (!(await reached.get(key))) out.push(t.unreachableLine(r.title, recipientLabel(r.recipients)));
    }
    if (out.length && options.notify !== false) {
      const key = `unreachable-reminders|${createHash('sha256').update(out.join('\n')).digest('hex').slice(0, 16)}`;
      await notifyAdmins(this.deps.directory, this.deps.outbox, key, t.adminUnreachableRemindersTitle(out.length), out.slice(0, 30).join('\n'));
    }
    return out;
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
    if (!result.ok) throw importError(result.errors);
    // Every row must reach a person now: units by name or id, roles held at (or above) that unit.
    const errors: string[] = [];
    const reminders: ReminderDef[] = [];
    for (const r of result.reminders) {
      const line = result.lines[r.id] ?? 0;
      const checked = await this.reachable(r, line);
      if (typeof checked === 'string') errors.push(checked);
      else reminders.push(checked);
    }
    if (errors.length) throw importError(errors);
    await this.deps.store.upsertReminders(reminders, this.deps.clock.now());
    await this.audit(`reminders:${what}`, actorId, `reminder.import.${what}`, { count: reminders.length, warnings: result.warnings.length });
    return { count: reminders.length, warnings: result.warnings };
  }

  /** The reminder with its unit written as the organisation names it, or a line error saying why nobody gets it. */
  private async reachable(r: ReminderDef, line: number): Promise<ReminderDef | string> {
    const t = importTexts;
    let def = r;
    if (r.unit && this.deps.directory.unit) {
      const unit = await this.deps.directory.unit(r.unit);
      if (!unit) return t.unknownUnit(line, r.unit);
      def = { ...r, unit: unit.name, recipients: r.recipients.map((s) => (s.kind === 'role' && s.unit ? { ...s, unit: unit.name } : s)) };
    }
    if (def.schedule.kind === 'none') return def;
    const missing: string[] = [];
    for (const spec of def.recipients) {
      if ((await this.holdersOf([spec], def.unit)).length === 0) missing.push(recipientLabel([spec]));
    }
    // Every named role must be held: a row with "MAS, Enhetschef" where nobody is enhetschef is a mistake too.
    if (missing.length) return t.nobody(line, missing.join(', '));
    return def;
  }
}

function importError(errors: string[]): AppError {
  return new AppError(ReminderErrors.importInvalid, { count: errors.length, errors: errors.slice(0, 50).join('\n') });
}

function strip(item: UpcomingItem & { recipients?: unknown }): UpcomingItem {
  const { recipients: _recipients, ...rest } = item;
  return rest;
}
