import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { avvikelseDocSchema } from '../../../domain/avvikelser/schema.js';
import { synpunktDocSchema } from '../../../domain/synpunkter/schema.js';
import type { StoredCase } from '../../../domain/cases/types.js';
import { ANONYMISED } from '../../../domain/retention/anonymise.js';
import { CaseExporter } from '../../../domain/retention/export.js';
import type { RetentionStore } from '../../../domain/retention/ports.js';
import { RetentionService } from '../../../domain/retention/service.js';
import { retentionSettings, type RetentionSettingsInput } from '../../../domain/retention/settings.js';
import { MongoAuditStore, MongoCaseStore } from '../../../storage/cases.js';
import { ensureRetentionIndexes, MongoRetentionStore, RETENTION_RUNS } from '../../../storage/retention-store.js';
import { MongoStatistikSource } from '../../../storage/statistik-store.js';
import { openTestDb } from '../../support/mongo.js';
import { captureLogger, caseWorld, CONTACT_NAME, people, PHONE, SENTINEL } from './support.js';

// Many small round trips per case on a shared test server: generous, not a timing assertion.
vi.setConfig({ testTimeout: 90_000 });

const START = new Date('2026-04-02T08:00:00Z');
let env: Awaited<ReturnType<typeof openTestDb>>;
let world: Awaited<ReturnType<typeof caseWorld>>;

beforeAll(async () => {
  env = await openTestDb('retention');
  await ensureRetentionIndexes(env.db);
});
afterAll(async () => env.close());
beforeEach(async () => {
  // Each test starts from an empty case collection so counts are exact.
  await Promise.all(['cases', 'case_audit', RETENTION_RUNS].map((c) => env.db.collection(c).deleteMany({})));
  world = await caseWorld(env.db, START);
});

function service(options: { settings?: RetentionSettingsInput; instanceId?: string; store?: RetentionStore; logger?: ReturnType<typeof captureLogger>['logger'] } = {}) {
  return new RetentionService({
    store: options.store ?? new MongoRetentionStore(env.db),
    audit: new MongoAuditStore(env.db),
    clock: world.deps.clock,
    settings: retentionSettings(options.settings ?? {}),
    instanceId: options.instanceId ?? 'instance-a',
    ...(options.logger ? { logger: options.logger } : {}),
    leaseMs: 60_000,
  });
}

async function raw(id: string): Promise<Record<string, unknown> | null> {
  return env.db.collection<{ _id: string }>('cases').findOne({ _id: id });
}
async function auditOf(id: string) {
  return new MongoAuditStore(env.db).listForCase(id);
}
const at = (iso: string) => world.deps.clock.set(new Date(iso));

describe('which cases are touched', () => {
  it('keeps open cases whatever their age and closed cases still within retention; anonymises the rest', async () => {
    const oldOpen = await world.openAvvikelse(); // 2026, never closed
    const oldOpenSyn = await world.openSynpunkt();
    const expired = await world.closedAvvikelse(); // closed 2026-04-02
    at('2029-06-01T08:00:00Z');
    const recent = await world.closedAvvikelse(); // closed 2029: within 5 years in 2031
    at('2031-04-03T08:00:00Z'); // five years and a day after the first closing

    const before = { open: await raw(oldOpen._id), recent: await raw(recent._id), syn: await raw(oldOpenSyn._id) };
    const r = await service().run();
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(r.report.cases.anonymised).toEqual([expired.number]);
    expect(r.report.cases.removed).toEqual([]);
    expect(await raw(oldOpen._id)).toEqual(before.open);
    expect(await raw(oldOpenSyn._id)).toEqual(before.syn);
    expect(await raw(recent._id)).toEqual(before.recent);
    expect(JSON.stringify(await raw(recent._id))).toContain(SENTINEL);
  });

  it('counts whole years on the Stockholm calendar: the day before the anniversary is still kept', async () => {
    const closed = await world.closedAvvikelse();
    at('2031-04-02T07:59:00Z'); // one minute before five years after closing
    expect((await service().plan()).map((p) => p.number)).toEqual([]);
    at('2031-04-02T08:01:00Z');
    expect((await service().plan()).map((p) => p.number)).toEqual([closed.number]);
  });
});

describe('anonymise', () => {
  it('removes free text, contact details and identities, keeps the statistics fields, anonymises the audit trail', async () => {
    const avv = await world.closedAvvikelse('lex_sarah');
    const syn = await world.closedSynpunkt();
    const trailBefore = await auditOf(avv._id);
    at('2036-04-03T08:00:00Z'); // past 10 years for lex Sarah, past 2 for klagomål
    const statsBefore = await new MongoStatistikSource(env.db).groupCounts(2026);

    const r = await service().run();
    expect(r.status).toBe('done');

    for (const id of [avv._id, syn._id]) {
      const doc = (await raw(id))!;
      const text = JSON.stringify(doc);
      for (const secret of [SENTINEL, PHONE, CONTACT_NAME, people.mona.name, people.mona.email!, 'anna', 'rolf']) expect(text).not.toContain(secret);
      expect(doc.reporter).toEqual({ personId: ANONYMISED, name: ANONYMISED });
      expect(doc.handlerIds).toEqual([]);
      expect(doc.watcherIds).toEqual([]);
      expect(doc.retention).toMatchObject({ action: 'anonymise', auditDone: true });
    }
    // The kind-specific schemas still read the anonymised documents (lists, details and statistics keep working).
    const a = avvikelseDocSchema.parse(await raw(avv._id));
    expect(a).toMatchObject({ type: 'lex_sarah', status: 'avslutad', unitId: 'boende-a', unitName: avv.unitName, risk: avv.risk, assessment: 'missforhallande' });
    expect(a.closedAt).toEqual(avv.closedAt);
    expect(a.occurredAt).toEqual(avv.occurredAt);
    expect(a.period).toEqual(avv.period);
    expect(a.details.description).toBe('');
    expect(a.details.measure).toBeUndefined();
    const s = synpunktDocSchema.parse(await raw(syn._id));
    expect(s).toMatchObject({ type: 'klagomal', source: 'narstaende', topic: 'bemotande', channel: 'telefon', answeredInTime: true });
    expect(s.details.contact).toEqual({});
    expect(s.answeredAt).toEqual(syn.answeredAt);

    // The yearly compilation counts exactly the same after anonymisation.
    expect(await new MongoStatistikSource(env.db).groupCounts(2026)).toEqual(statsBefore);

    // Audit: same actions at the same times, no actor identity, no person ids in data.
    const trailAfter = await auditOf(avv._id);
    const original = trailAfter.filter((e) => e.action !== 'retention.anonymised');
    expect(original.map((e) => [e.action, e.at.getTime()])).toEqual(trailBefore.map((e) => [e.action, e.at.getTime()]));
    expect(original.every((e) => e.actorId === ANONYMISED && e.actorName === ANONYMISED)).toBe(true);
    expect(trailBefore.some((e) => e.actorId === 'mona')).toBe(true);
    expect(trailAfter.at(-1)).toMatchObject({ action: 'retention.anonymised', actorId: 'system' });
    const synTrail = JSON.stringify(await auditOf(syn._id));
    expect(synTrail).not.toContain('"ava"');
    expect(synTrail).toContain('transition.escalate');
  });

  it('leaves a type with action keep alone', async () => {
    const kept = await world.closedAvvikelse();
    at('2040-01-01T08:00:00Z');
    const r = await service({ settings: { avvikelse: { avvikelse: { action: 'keep' } } } }).run();
    expect(r.status === 'done' && r.report.counts).toEqual([]);
    expect(JSON.stringify(await raw(kept._id))).toContain(SENTINEL);
  });
});

describe('remove', () => {
  it('deletes the case document and its whole audit trail', async () => {
    const gone = await world.closedSynpunkt('berom');
    const anon = await world.closedSynpunkt('klagomal');
    expect((await auditOf(gone._id)).length).toBeGreaterThan(3);
    at('2028-04-03T08:00:00Z');
    const r = await service({ settings: { synpunkt: { berom: { action: 'remove' } } } }).run();
    expect(r.status === 'done' && r.report.cases).toEqual({ anonymised: [anon.number], removed: [gone.number], failed: [] });
    expect(await raw(gone._id)).toBeNull();
    expect(await auditOf(gone._id)).toEqual([]);
    expect(await raw(anon._id)).not.toBeNull();
  });
});

describe('logged and reported', () => {
  it('writes a report document and log lines with counts and case numbers only', async () => {
    const a1 = await world.closedAvvikelse();
    const a2 = await world.closedAvvikelse();
    const s1 = await world.closedSynpunkt('forslag');
    at('2031-04-03T08:00:00Z');
    const log = captureLogger();
    const r = await service({ logger: log.logger, settings: { synpunkt: { forslag: { action: 'remove' } } } }).run();
    expect(r.status).toBe('done');

    const report = await new MongoRetentionStore(env.db).getRun('2031-04-03');
    expect(report).toMatchObject({ date: '2031-04-03', trigger: 'schedule', actor: 'system', state: 'done', instanceId: 'instance-a', skipped: 0 });
    expect(report!.counts).toEqual(
      expect.arrayContaining([
        { kind: 'avvikelse', type: 'avvikelse', action: 'anonymise', count: 2 },
        { kind: 'synpunkt', type: 'forslag', action: 'remove', count: 1 },
      ]),
    );
    expect(report!.counts).toHaveLength(2);
    expect(report!.cases.anonymised.sort()).toEqual([a1.number, a2.number].sort());
    expect(report!.cases.removed).toEqual([s1.number]);
    expect(report!.finishedAt).toBeInstanceOf(Date);

    const text = log.lines.join('\n');
    expect(text).toContain('retention run done');
    for (const n of [a1.number, a2.number, s1.number]) expect(text).toContain(n);
    for (const secret of [SENTINEL, PHONE, CONTACT_NAME, people.mona.name, 'mona@', a1._id]) expect(text).not.toContain(secret);
    expect(await service().reports()).toEqual([report]);
  });
});

describe('safe to repeat and to run on several instances', () => {
  it('a re-run changes nothing more', async () => {
    const c = await world.closedAvvikelse();
    at('2031-04-03T08:00:00Z');
    await service().run();
    const once = { doc: await raw(c._id), audit: await auditOf(c._id) };
    const again = await service().run({ trigger: 'manual', actor: 'cli:olle' });
    expect(again.status).toBe('done');
    expect(again.status === 'done' && again.report.counts).toEqual([]);
    at('2032-04-03T08:00:00Z');
    const nextYear = await service().run();
    expect(nextYear.status === 'done' && nextYear.report.counts).toEqual([]);
    expect(await raw(c._id)).toEqual(once.doc);
    expect(await auditOf(c._id)).toEqual(once.audit);
  });

  it('only one instance runs on a given day; the other skips', async () => {
    await world.closedAvvikelse();
    await world.closedAvvikelse();
    at('2031-04-03T01:30:00Z');
    const [a, b] = await Promise.all([service({ instanceId: 'a' }).run(), service({ instanceId: 'b' }).run()]);
    expect([a.status, b.status].sort()).toEqual(['already_claimed', 'done']);
    const done = a.status === 'done' ? a : b;
    expect(done.status === 'done' && done.report.cases.anonymised).toHaveLength(2);
    // Later the same day, still claimed; the next day it runs (and finds nothing left).
    at('2031-04-03T20:00:00Z');
    expect((await service({ instanceId: 'c' }).run()).status).toBe('already_claimed');
    at('2031-04-04T01:30:00Z');
    expect((await service({ instanceId: 'c' }).run()).status).toBe('done');
  });

  it('takes the day over when the instance holding it died (lease ran out)', async () => {
    at('2031-04-03T01:30:00Z');
    const store = new MongoRetentionStore(env.db);
    const claim = { _id: '2031-04-03', date: '2031-04-03', trigger: 'schedule' as const, actor: 'system', instanceId: 'dead', state: 'running' as const, startedAt: world.deps.clock.now(), leaseUntil: new Date(world.deps.clock.now().getTime() + 60_000), counts: [], cases: { anonymised: [], removed: [], failed: [] }, skipped: 0, truncated: false };
    expect(await store.claimRun(claim)).toBe(true);
    expect((await service({ instanceId: 'b' }).run()).status).toBe('already_claimed');
    world.deps.clock.advance(61_000);
    const r = await service({ instanceId: 'b' }).run();
    expect(r.status).toBe('done');
    expect((await store.getRun('2031-04-03'))!.instanceId).toBe('b');
  });
});

describe('failures', () => {
  it('one failing case does not stop the rest; it is retried next run', async () => {
    const bad = await world.closedAvvikelse();
    const good = await world.closedAvvikelse();
    const good2 = await world.closedSynpunkt();
    at('2031-04-03T08:00:00Z');
    const real = new MongoRetentionStore(env.db);
    const flaky = Object.assign(Object.create(real) as MongoRetentionStore, {
      replaceWithAnonymised: async (doc: StoredCase & { retention: never }, v: number) => {
        if (doc._id === bad._id) throw new Error('disk on fire');
        return real.replaceWithAnonymised(doc, v);
      },
    });
    const log = captureLogger();
    const r = await service({ store: flaky, logger: log.logger }).run();
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(r.report.cases.failed).toEqual([bad.number]);
    expect(r.report.cases.anonymised.sort()).toEqual([good.number, good2.number].sort());
    expect(log.lines.some((l) => l.includes(bad.number) && l.includes('"warn"') && l.includes('"error":"Error"'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain('disk on fire');
    expect(JSON.stringify(await raw(bad._id))).toContain(SENTINEL);

    at('2031-04-04T08:00:00Z');
    const retry = await service().run();
    expect(retry.status === 'done' && retry.report.cases.anonymised).toEqual([bad.number]);
    expect(JSON.stringify(await raw(bad._id))).not.toContain(SENTINEL);
  });

  it('a crash between the case and its audit trail is finished by the next run', async () => {
    const c = await world.closedAvvikelse();
    const r1 = await world.closedSynpunkt('berom');
    at('2031-04-03T08:00:00Z');
    const real = new MongoRetentionStore(env.db);
    const crashing = Object.assign(Object.create(real) as MongoRetentionStore, {
      rewriteCaseAudit: async () => {
        throw new Error('connection reset');
      },
      deleteCaseAudit: async () => {
        throw new Error('connection reset');
      },
    });
    const first = await service({ store: crashing, settings: { synpunkt: { berom: { action: 'remove' } } } }).run();
    expect(first.status === 'done' && first.report.cases.failed.sort()).toEqual([c.number, r1.number].sort());
    expect((await raw(c._id))!.retention).toMatchObject({ auditDone: false });
    expect((await auditOf(c._id)).some((e) => e.actorId === 'mona')).toBe(true);

    at('2031-04-04T08:00:00Z');
    const second = await service({ settings: { synpunkt: { berom: { action: 'remove' } } } }).run();
    expect(second.status === 'done' && second.report.cases).toEqual({ anonymised: [c.number], removed: [r1.number], failed: [] });
    expect((await auditOf(c._id)).some((e) => e.actorId === 'mona')).toBe(false);
    expect(await raw(r1._id)).toBeNull();
    expect(await auditOf(r1._id)).toEqual([]);
  });

  it('does nothing when disabled; a dry run lists and changes nothing', async () => {
    const c = await world.closedAvvikelse();
    at('2031-04-03T08:00:00Z');
    const before = await raw(c._id);
    expect((await service({ settings: { enabled: false } }).run()).status).toBe('disabled');
    const dry = await service().run({ dryRun: true });
    expect(dry).toMatchObject({ status: 'dry_run', planned: [{ number: c.number, kind: 'avvikelse', type: 'avvikelse', action: 'anonymise' }] });
    expect(await raw(c._id)).toEqual(before);
    expect(await env.db.collection(RETENTION_RUNS).countDocuments()).toBe(0);
  });

  it('pages through more cases than one batch', async () => {
    const numbers = [];
    for (let i = 0; i < 5; i++) numbers.push((await world.closedSynpunkt('synpunkt')).number);
    at('2029-01-01T08:00:00Z');
    const r = await service({ settings: { batchSize: 2 } }).run();
    expect(r.status === 'done' && r.report.cases.anonymised.sort()).toEqual(numbers.sort());
  });
});

describe('export', () => {
  it('contains the complete case and its audit trail, including the export itself', async () => {
    const c = await world.closedSynpunkt();
    const exporter = new CaseExporter({ cases: new MongoCaseStore(env.db), audit: new MongoAuditStore(env.db), clock: world.deps.clock });
    const file = await exporter.exportCase(c.number.toLowerCase(), { id: 'cli:olle', name: 'cli:olle' }, 'json');
    expect(file.fileName).toBe(`${c.number}.json`);
    const json = JSON.parse(file.content);
    expect(json.case.number).toBe(c.number);
    expect(json.case.details.contact.phone).toBe(PHONE);
    expect(json.case.outbox).toBeUndefined();
    const actions = json.audit.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['created', 'transition.acknowledge']);
    expect(actions.at(-1)).toBe('exported');
    expect(json.audit.at(-1)).toMatchObject({ actorId: 'cli:olle', data: { format: 'json' } });
    expect((await auditOf(c._id)).at(-1)!.action).toBe('exported');

    const txt = (await exporter.exportCase(c.number, { id: 'cli:olle', name: 'cli:olle' }, 'txt')).content;
    expect(txt).toContain(`Ärende ${c.number}`);
    expect(txt).toContain('Händelselogg');
    expect(txt).toContain('Klagomål');
    expect(txt).toContain('Närstående');
    expect(txt).toContain(PHONE);
    expect(txt).toContain('Åtgärd: Eskalera');
    expect(txt).toMatch(/Exporterat\s+cli:olle/);
  });

  it('an anonymised case exports as anonymised', async () => {
    const c = await world.closedAvvikelse();
    at('2031-04-03T08:00:00Z');
    await service().run();
    const exporter = new CaseExporter({ cases: new MongoCaseStore(env.db), audit: new MongoAuditStore(env.db), clock: world.deps.clock });
    const txt = (await exporter.exportCase(c.number, { id: 'cli:olle', name: 'cli:olle' }, 'txt')).content;
    expect(txt).toContain('anonymiserades vid gallring');
    expect(txt).not.toContain(SENTINEL);
    expect(txt).toContain('Anonymiserat vid gallring');
  });

  it('refuses an unknown or malformed number without writing to the audit trail', async () => {
    const exporter = new CaseExporter({ cases: new MongoCaseStore(env.db), audit: new MongoAuditStore(env.db), clock: world.deps.clock });
    await expect(exporter.exportCase('AVV-2026-9999', { id: 'x', name: 'x' })).rejects.toMatchObject({ code: 'retention.case_not_found' });
    await expect(exporter.exportCase('hej', { id: 'x', name: 'x' })).rejects.toMatchObject({ code: 'retention.bad_case_number' });
    expect(await env.db.collection('case_audit').countDocuments({ action: 'exported' })).toBe(0);
  });
});
