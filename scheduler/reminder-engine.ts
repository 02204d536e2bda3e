import { nudgeCard, nudgeFallback } from '../domain/paminnelser/messaging.js';
import type { Clock } from '../domain/clock.js';
import { isOfficeTime, shiftDate, toStockholmDate } from '../domain/calendar/swedish-calendar.js';
import { messages } from '../domain/paminnelser/messages.js';
import { notifyAdmins } from '../domain/paminnelser/notify.js';
import type { Directory, EnqueueRequest, Outbox, Person } from '../domain/paminnelser/ports.js';
import { dueDatesBetween, occurrenceKey, planNudges } from '../domain/paminnelser/schedule.js';
import type { Occurrence, RecipientSpec, ReminderConfig } from '../domain/paminnelser/types.js';
import { unescapeKey, type NewNudge, type NewOccurrence, type NudgeDoc, type ReminderRepository } from '../storage/reminder-repository.js';

/** Minimal logger shape (pino-compatible). */
export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
const PLANNER_LOCK = 'planner';
/** Days planned beyond the horizon each time a reminder is planned. */
const PLAN_AHEAD_DAYS = 28;
const silent: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface ReminderEngineDeps {
  repo: ReminderRepository;
  outbox: Outbox;
  directory: Directory;
  clock: Clock;
  config: ReminderConfig;
  /** Unique per process, e.g. `${hostname}:${pid}:${random}`. */
  instanceId: string;
  /** How long a claimed nudge is ours before another instance may take it over. */
  leaseMs?: number;
  logger?: EngineLogger;
  /**
   * Escalate a case whose escalation deadline passed (AvvikelseService.escalateIfUnacknowledged): true when it was
   * escalated (the case flow tells the next level), false when nothing was to be done (already acknowledged).
   */
  caseEscalation?: (caseId: string) => Promise<boolean>;
}

export interface TickResult {
  planned: { reminders: number; occurrences: number; nudges: number };
  nudges: { processed: number; enqueued: number; skipped: number; superseded: number; released: number; adminNotices: number };
}

/**
 * The reminder tick: (1) generate occurrences and nudges up to a horizon for every reminder (idempotent upserts by
 * key), (2) claim due nudges with a lease and turn each into outbox messages (idempotent by dedupe key). Safe to run
 * in any number of instances at once; a crash at any point leaves state another instance completes.
 */
export class ReminderEngine {
  private readonly leaseMs: number;
  private readonly log: EngineLogger;

  constructor(private readonly deps: ReminderEngineDeps) {
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.log = deps.logger ?? silent;
  }

  async tick(maxNudges = 10_000): Promise<TickResult> {
    const planned = await this.plan();
    const nudges = await this.processDueNudges(maxNudges);
    return { planned, nudges };
  }

  /** The last due date planned ahead: the longest lead time plus a week (lead days move back over holidays). */
  horizon(today: string): string {
    return shiftDate(today, Math.max(0, ...this.deps.config.leadTimesDays) + 7);
  }

  /**
   * Generate occurrences and nudges through the horizon. One instance plans at a time (a lease in MongoDB, renewed
   * per batch): the work is idempotent, so this only saves every other instance from doing it again. An instance that
   * finds the planner busy goes straight on to due nudges; the next tick looks again.
   */
  async plan(batchSize = 500): Promise<TickResult['planned']> {
    const { repo, instanceId } = this.deps;
    const totals = { reminders: 0, occurrences: 0, nudges: 0 };
    if (!(await repo.acquireLock(PLANNER_LOCK, instanceId, this.leaseMs))) return totals;
    try {
      return await this.planLocked(batchSize, totals);
    } finally {
      await repo.releaseLock(PLANNER_LOCK, instanceId).catch((error: unknown) => this.log.warn({ err: error }, 'Could not release the planner lease; it runs out by itself'));
    }
  }

  private async planLocked(batchSize: number, totals: TickResult['planned']): Promise<TickResult['planned']> {
    const { repo, clock, config, instanceId } = this.deps;
    const now = clock.now();
    const today = toStockholmDate(now);
    const horizon = this.horizon(today);
    // Plan a few weeks past the horizon, so a reminder is replanned about monthly instead of on every day's tick
    // (one write per reminder per day adds up: 10 000 reminders would mean 10 000 writes a day for nothing).
    const planThrough = shiftDate(horizon, PLAN_AHEAD_DAYS);
    const seen = new Set<string>();
    for (let round = 0; round < 1000; round++) {
      // Renew the lease each batch; if it was lost (a very slow batch), stop and leave the rest to its new holder.
      if (round > 0 && !(await repo.acquireLock(PLANNER_LOCK, instanceId, this.leaseMs))) break;
      const batch = (await repo.remindersToPlan(horizon, batchSize)).filter((r) => !seen.has(r.id));
      if (batch.length === 0) break;
      const plans: Array<{ reminderId: string; previous: string | null; plannedThrough: string }> = [];
      const occs: NewOccurrence[] = [];
      const nudges: NewNudge[] = [];
      for (const r of batch) {
        seen.add(r.id);
        const from = r.plannedThrough ? shiftDate(r.plannedThrough, 1) : shiftDate(today, -config.lookbackDays);
        for (const d of dueDatesBetween(r.schedule, from, planThrough)) {
          const key = occurrenceKey(r.id, d.nominalDate);
          occs.push({ key, reminder: r, nominalDate: d.nominalDate, dueDate: d.dueDate });
          for (const n of planNudges(key, d.dueDate, config, r)) nudges.push({ ...n, dueDate: d.dueDate });
        }
        plans.push({ reminderId: r.id, previous: r.plannedThrough ?? null, plannedThrough: planThrough });
      }
      await repo.savePlan(plans, occs, nudges, now);
      totals.reminders += batch.length;
      totals.occurrences += occs.length;
      totals.nudges += nudges.length;
    }
    return totals;
  }

  /**
   * Claim and process due nudges until none is due (or `max`). Outside office hours nothing is claimed. Work goes in
   * batches: read up to `batchSize` claimable nudges, claim them with one conditional update (instances racing for
   * the same batch split it; each nudge has one winner), write all their messages with one insertMany, close them.
   * The next batch is read and claimed while the current one is written, so the two round-trip chains overlap.
   */
  async processDueNudges(max = 10_000, batchSize = 1000): Promise<TickResult['nudges']> {
    const totals = { processed: 0, enqueued: 0, skipped: 0, superseded: 0, released: 0, adminNotices: 0 };
    const { repo, outbox, clock, instanceId } = this.deps;
    const hours = this.deps.config.officeHours;
    // Outside office hours only urgent nudges (lex deadlines, in hours) go out; the rest wait for the morning.
    const urgentOnly = !!hours && !isOfficeTime(clock.now(), hours);
    const cache = new Map<string, Promise<Person[]>>();
    let rounds = 0;
    // Up to `limit` nudges this instance won, with the time they were claimed at; empty when none is due.
    const claimBatch = async (limit: number): Promise<{ claimed: NudgeDoc[]; now: Date }> => {
      for (; rounds < 10_000 && limit > 0; rounds++) {
        const now = clock.now();
        const n = Math.min(batchSize, limit);
        const candidates = urgentOnly ? await repo.findClaimableUrgentNudges(now, n) : await repo.findClaimableNudges(now, n);
        if (candidates.length === 0) break;
        const claimed = await repo.claimNudges(candidates, now, instanceId, this.leaseMs);
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
  private async enqueueClaimed(claimed: NudgeDoc[], now: Date, cache: Map<string, Promise<Person[]>>) {
    const { repo, outbox, clock, instanceId } = this.deps;
    const occs = await repo.getOccurrences([...new Set(claimed.map((n) => n.occurrenceKey))]);
    const requests: EnqueueRequest[] = [];
    const byStatus: Record<'done' | 'skipped' | 'superseded', string[]> = { done: [], skipped: [], superseded: [] };
    let adminNotices = 0;
    for (const nudge of claimed) {
      try {
        const r = await this.processNudge(nudge, occs.get(nudge.occurrenceKey), now, cache);
        requests.push(...r.requests);
        byStatus[r.status].push(nudge._id);
        adminNotices += r.adminNotices;
      } catch (error) {
        // One bad item must not stop the rest: its lease runs out and it is retried.
        this.log.error({ err: error, nudge: nudge._id }, 'Processing a reminder nudge failed; it will be retried after its lease');
      }
    }
    // Messages first, then close the nudges: a crash in between re-runs the nudge, and the dedupe keys make the
    // second enqueue a no-op.
    const { created } = await outbox.enqueueMany(requests);
    const doneAt = clock.now();
    await Promise.all((['done', 'skipped', 'superseded'] as const).map((status) => repo.finishNudges(byStatus[status], instanceId, status, doneAt)));
    return { enqueued: created, skipped: byStatus.skipped.length, superseded: byStatus.superseded.length, adminNotices };
  }

  private resolve(cache: Map<string, Promise<Person[]>>, spec: RecipientSpec, unit?: string): Promise<Person[]> {
    const key = JSON.stringify([spec, unit ?? null]);
    let p = cache.get(key);
    if (!p) {
      p = this.deps.directory.resolve(spec, unit);
      cache.set(key, p);
    }
    return p;
  }

  private async responsible(occ: Occurrence, cache: Map<string, Promise<Person[]>>): Promise<Person[]> {
    const lists = await Promise.all(occ.recipients.map((s) => this.resolve(cache, s, occ.unit)));
    const byId = new Map<string, Person>();
    for (const p of lists.flat()) byId.set(p.id, p);
    return [...byId.values()];
  }

  /**
   * Outside office hours an urgent deadline at a unit that runs around the clock also goes to the on-call role held
   * at the unit or above (the organisation data says which units have one).
   */
  private async withOnCall(targets: Person[], occ: Occurrence, now: Date): Promise<Person[]> {
    const { config, directory } = this.deps;
    if (!occ.unit || !directory.holdersAt || (config.officeHours && isOfficeTime(now, config.officeHours))) return targets;
    const onCall = await directory.holdersAt(config.onCallRole, occ.unit);
    const byId = new Map(targets.map((p) => [p.id, p]));
    for (const p of onCall) if (!occ.notMine.includes(p.id)) byId.set(p.id, p);
    return [...byId.values()];
  }

  private async processNudge(
    nudge: NudgeDoc,
    occ: Occurrence | undefined,
    now: Date,
    cache: Map<string, Promise<Person[]>>,
  ): Promise<{ status: 'done' | 'skipped' | 'superseded'; requests: EnqueueRequest[]; adminNotices: number }> {
    const { outbox, directory } = this.deps;
    const finish = (status: 'done' | 'skipped' | 'superseded', requests: EnqueueRequest[] = [], adminNotices = 0) => ({ status, requests, adminNotices });
    if (!occ || occ.status !== 'open') return finish('skipped');
    if (nudge.supersededAt && nudge.supersededAt.getTime() <= now.getTime()) return finish('superseded');

    const t = messages('sv');
    const def = occ.source === 'case' ? await this.deps.repo.getReminder(occ.reminderId) : undefined;
    if (def?.action === 'case.escalate' && this.deps.caseEscalation && def.caseId) {
      // The case flow escalates (the next level becomes a handler and is told); no reminder card on top of it.
      return finish((await this.deps.caseEscalation(def.caseId)) ? 'done' : 'skipped');
    }
    const snoozedUntil = (id: string) => {
      for (const [k, v] of Object.entries(occ.snoozes)) if (unescapeKey(k) === id) return v;
      return undefined;
    };
    let targets: Person[];
    let responsibleName: string | undefined;
    const stage = nudge.stage;
    if (stage.kind === 'snooze') {
      targets = (await directory.resolve({ kind: 'person', personId: stage.personId })).filter((p) => !occ.notMine.includes(p.id));
    } else {
      const people = (await this.responsible(occ, cache)).filter((p) => !occ.notMine.includes(p.id));
      if (stage.kind === 'lead' || stage.kind === 'deadline') {
        targets = people.filter((p) => {
          const until = snoozedUntil(p.id);
          return !until || until.getTime() <= now.getTime();
        });
        if (nudge.urgent) targets = await this.withOnCall(targets, occ, now);
        if (people.length === 0 && occ.notMine.length === 0) {
          const who = occ.recipients.map((r) => (r.kind === 'role' ? t.roleLabel(r.role, r.unit) : r.personId)).join(', ');
          const n = await notifyAdmins(directory, outbox, `norecipient|${occ.key}`, t.adminNoRecipientTitle, t.adminNoRecipientText(occ.title, who));
          return finish('done', [], n);
        }
      } else {
        // Escalation: the managers of everyone responsible (also those who snoozed); admins if nobody is above.
        responsibleName = people.map((p) => p.displayName).join(', ');
        const managers = new Map<string, Person>();
        for (const p of people) {
          // A case deadline names people: their own manager, not the manager of the case's unit.
          const m = await directory.managerOf(p.id, occ.source === 'case' ? undefined : occ.unit);
          if (m) managers.set(m.id, m);
        }
        if (managers.size === 0) {
          const admins = await directory.admins();
          for (const a of admins) managers.set(a.id, a);
        }
        targets = [...managers.values()];
      }
    }

    const requests: EnqueueRequest[] = [];
    let adminNotices = 0;
    for (const person of targets) {
      if (!person.chat) {
        adminNotices += await notifyAdmins(
          directory,
          outbox,
          `noaddress|${nudge._id}|${person.id}`,
          t.adminNoAddressTitle,
          t.adminNoAddressText(person.displayName, occ.title),
        );
        continue;
      }
      const view = nudgeCard({
        occurrence: occ,
        stage,
        today: toStockholmDate(now),
        ...(def?.schedule.kind === 'instant' ? { deadlineAt: new Date(def.schedule.at), urgent: def.schedule.urgent } : {}),
        ...(responsibleName ? { responsibleName } : {}),
        locale: person.locale ?? 'sv',
      });
      requests.push({
        dedupeKey: `${nudge._id}|${person.id}`,
        recipient: person.chat,
        message: { view, fallbackText: nudgeFallback(view), locale: person.locale ?? 'sv', meta: { kind: `reminder.${stage.kind}`, ref: occ.key } },
      });
    }
    return finish('done', requests, adminNotices);
  }
}
