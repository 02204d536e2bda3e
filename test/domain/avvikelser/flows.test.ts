import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AvvikelseService } from '../../../domain/avvikelser/flows.js';
import { avvikelseLimits } from '../../../domain/avvikelser/schema.js';
import { listMyCases } from '../../../domain/cases/my-cases.js';
import { userText } from '../../../domain/error-text.js';
import { AppError } from '../../../domain/errors.js';
import { myCasesView } from '../../../domain/cases/messaging.js';
import { renderMessageAdaptive, renderMessageBlocks } from '../../../cards/render-message.js';
import { ensureCaseIndexes, MongoAuditStore, MongoCaseStore } from '../../../storage/cases.js';
import { openTestDb } from '../../support/mongo.js';
import { caseDeps, people, SENTINEL, viewStrings } from '../cases/support.js';

const START = new Date('2026-04-02T08:00:00Z'); // Thursday before Easter, 10:00 in Stockholm
let env: Awaited<ReturnType<typeof openTestDb>>;
let deps: Awaited<ReturnType<typeof caseDeps>>;
let service: AvvikelseService;
let tokenSeq = 0;

function report(overrides: Record<string, unknown> = {}) {
  tokenSeq += 1;
  return {
    token: `tok-${tokenSeq}-abcdef`,
    type: 'avvikelse',
    unitId: 'boende-a',
    occurredAt: new Date('2026-04-02T06:30:00Z'),
    location: 'Avdelning 2',
    description: `Läkemedel gavs en timme för sent. ${SENTINEL}`,
    immediateActions: `Sjuksköterska kontaktades. ${SENTINEL}`,
    konsekvens: 3,
    sannolikhet: 3,
    informed: 'ja',
    improvement: SENTINEL,
    ...overrides,
  };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

beforeAll(async () => {
  env = await openTestDb('avvikelser');
});
afterAll(async () => env.close());
beforeEach(async () => {
  deps = await caseDeps(env.db, START);
  service = new AvvikelseService(deps);
});

describe('submit and routing', () => {
  it('stores a numbered case, notifies the enehetschef and sets the acknowledge deadline in working days', async () => {
    const r = await service.submit({ ...people.mona, channel: 'slack', channelUserId: 'U_MONA' }, report());
    expect(r.created).toBe(true);
    expect(r.case.number).toMatch(/^AVV-2026-\d{4}$/);
    expect(r.case.status).toBe('ny');
    expect(r.case.handlerIds).toEqual(['anna']);
    expect(r.case.risk).toEqual({ konsekvens: 3, sannolikhet: 3, score: 9, level: 'hog' });
    expect(r.case.reporter).toMatchObject({ personId: 'mona', channel: 'slack', channelUserId: 'U_MONA' });
    // Thursday + 2 working days over Easter (Good Friday, Easter Monday) = Wednesday 8 April, same time.
    expect(r.case.deadlines.acknowledge?.toISOString()).toBe('2026-04-08T08:00:00.000Z');
    expect(deps.deadlines.get(r.case._id, 'acknowledge')?.recipients).toEqual(['anna']);
    const sent = deps.notifier.to('anna', 'case.new');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message.facts?.map((f) => f.value)).toContain(r.case.number);
    expect(r.case.outbox).toEqual([]);
    const trail = await deps.audit.listForCase(r.case._id);
    expect(trail.map((a) => a.action)).toEqual(['created']);
  });

  it('a double click (same token, in parallel) creates one case and one notification per recipient', async () => {
    const input = report();
    const [a, b] = await Promise.all([service.submit(people.mona, input), service.submit(people.mona, input)]);
    expect(a.case._id).toBe(b.case._id);
    expect(a.case.number).toBe(b.case.number);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await env.db.collection('cases').countDocuments({ idempotencyToken: input.token })).toBe(1);
    expect(deps.notifier.to('anna', 'case.new').filter((n) => n.message.title.includes(a.case.number))).toHaveLength(1);
    // A later retry also returns the same case.
    const c = await service.submit(people.mona, input);
    expect(c.case._id).toBe(a.case._id);
    expect(c.created).toBe(false);
  });

  it('the same token from another reporter is a different case', async () => {
    const input = report();
    const a = await service.submit(people.mona, input);
    const b = await service.submit(people.otto, input);
    expect(a.case._id).not.toBe(b.case._id);
  });

  it('routes lex Sarah to the enhetschef and the lex Sarah decision role, with hour deadlines and escalation', async () => {
    const r = await service.submit(people.mona, report({ type: 'lex_sarah' }));
    expect(r.case.handlerIds.sort()).toEqual(['anna', 'frida']);
    expect(r.case.deadlines.acknowledge?.getTime()).toBe(START.getTime() + 4 * 3_600_000);
    expect(r.case.deadlines.escalate?.getTime()).toBe(START.getTime() + 8 * 3_600_000);
    expect(deps.deadlines.get(r.case._id, 'escalate')?.recipients).toEqual(['ava']);
    expect(deps.notifier.to('frida', 'case.new')).toHaveLength(1);

    deps.clock.advance(9 * 3_600_000);
    expect(await service.escalateIfUnacknowledged(r.case._id)).toBe(true);
    expect(await service.escalateIfUnacknowledged(r.case._id)).toBe(false);
    const after = await service.get(r.case._id);
    expect(after.handlerIds).toContain('ava');
    expect(after.deadlines.escalate).toBeUndefined();
    expect(deps.notifier.to('ava', 'case.escalated')).toHaveLength(1);
    expect(deps.deadlines.get(r.case._id, 'escalate')).toBeUndefined();
  });

  it('routes lex Maria to the unit manager and the MAS, both told', async () => {
    const r = await service.submit(people.mona, report({ type: 'lex_maria' }));
    expect(r.case.handlerIds).toEqual(['anna', 'maria']);
    expect(deps.notifier.to('maria', 'case.new')).toHaveLength(1);
    expect(deps.notifier.to('anna', 'case.new')).toHaveLength(1);
  });

  it('falls back to the kvalitetsansvarig and warns the admins when no enhetschef holds the unit', async () => {
    const r = await service.submit(people.mona, report({ unitId: 'boende-b' }));
    expect(r.case.handlerIds).toEqual(['kalle']);
    expect(r.case.routing).toEqual({ usedFallback: true, missingRoles: ['enhetschef'] });
    expect(deps.notifier.to('kalle', 'case.new')).toHaveLength(1);
    const warning = deps.notifier.to('adam', 'case.routing_fallback');
    expect(warning).toHaveLength(1);
    expect(warning[0]!.message.tone).toBe('warning');
  });

  it('refuses unknown units, future times, personal identity numbers and tampered payloads, saving nothing', async () => {
    const before = await env.db.collection('cases').countDocuments();
    await expectCode(service.submit(people.mona, report({ unitId: 'finns-inte' })), 'cases.unknown_unit');
    await expectCode(service.submit(people.mona, report({ occurredAt: new Date('2026-04-03T08:00:00Z') })), 'avvikelse.occurred_in_future');
    const pnr = await expectCode(service.submit(people.mona, report({ description: 'Gäller 19121212-1212 på rum 4' })), 'privacy.identity_number_in_text');
    expect(userText(pnr)).not.toContain('19121212');
    await expectCode(service.submit(people.mona, report({ konsekvens: 7 })), 'cases.invalid_input');
    await expectCode(service.submit(people.mona, report({ description: 'x'.repeat(avvikelseLimits.description + 1) })), 'cases.invalid_input');
    expect(await env.db.collection('cases').countDocuments()).toBe(before);
  });
});

describe('handling', () => {
  it('runs Ny → Mottagen → Under utredning → Åtgärdad → Avslutad with reporter updates and an audit trail', async () => {
    const { case: c } = await service.submit(people.mona, report());
    deps.notifier.clear();
    const ack = await service.transition(c._id, people.anna, { action: 'acknowledge' }, { status: 'ny' });
    expect(ack.case.status).toBe('mottagen');
    expect(ack.case.deadlines.acknowledge).toBeUndefined();
    expect(ack.case.deadlines.investigation).toBeInstanceOf(Date);
    expect(deps.deadlines.get(c._id, 'acknowledge')).toBeUndefined();
    expect(deps.deadlines.get(c._id, 'investigation')).toBeDefined();
    const update = deps.notifier.to('mona', 'case.status');
    expect(update).toHaveLength(1);
    expect(update[0]!.message.text?.join(' ')).toContain('Mottagen');

    await service.transition(c._id, people.anna, { action: 'start_investigation' });
    await expectCode(service.transition(c._id, people.anna, { action: 'close' }), 'avvikelse.measure_required');
    await service.transition(c._id, people.anna, { action: 'resolve', measure: `Rutinen för signering har förtydligats. ${SENTINEL}` });
    const closed = await service.transition(c._id, people.anna, { action: 'close' });
    expect(closed.case.status).toBe('avslutad');
    expect(closed.case.closedAt).toBeInstanceOf(Date);
    expect(closed.case.nextDueAt).toBeNull();
    expect(deps.deadlines.get(c._id, 'investigation')).toBeUndefined();
    expect(deps.notifier.to('mona', 'case.status')).toHaveLength(4);

    const trail = await deps.audit.listForCase(c._id);
    expect(trail.map((a) => a.action)).toEqual(['created', 'transition.acknowledge', 'transition.start_investigation', 'transition.resolve', 'transition.close']);
    expect(trail.map((a) => a._id)).toEqual([1, 2, 3, 4, 5].map((v) => `${c._id}:${v}`));
    expect(trail.slice(1).every((a) => a.actorId === 'anna')).toBe(true);
    await expectCode(service.transition(c._id, people.anna, { action: 'acknowledge' }), 'cases.closed');
  });

  it('refuses an unauthorised user, a stale card and an action the stored status does not allow', async () => {
    const { case: c } = await service.submit(people.mona, report());
    await expectCode(service.transition(c._id, people.otto, { action: 'acknowledge' }), 'cases.forbidden');
    await expectCode(service.transition(c._id, people.mona, { action: 'acknowledge' }), 'cases.forbidden');
    await expectCode(service.transition(c._id, people.anna, { action: 'resolve', measure: 'x' }), 'cases.transition_not_allowed');
    await expectCode(service.transition(c._id, people.anna, { action: 'fly' }), 'cases.invalid_input');
    await expectCode(service.transition('no-such-case', people.anna, { action: 'acknowledge' }), 'cases.not_found');
    await service.transition(c._id, people.anna, { action: 'acknowledge' }, { status: 'ny' });
    const stale = await expectCode(service.transition(c._id, people.anna, { action: 'acknowledge' }, { status: 'ny' }), 'cases.stale');
    expect(userText(stale)).toContain('Mottagen');
    // Admins may act; the case's own data decides, not the card.
    const byAdmin = await service.transition(c._id, people.adam, { action: 'start_investigation' }, { status: 'mottagen' });
    expect(byAdmin.case.status).toBe('under_utredning');
  });

  it('two handlers clicking at the same moment: exactly one wins, the other is told it is stale', async () => {
    const { case: c } = await service.submit(people.mona, report({ type: 'lex_sarah' }));
    const results = await Promise.allSettled([
      service.transition(c._id, people.anna, { action: 'acknowledge' }),
      service.transition(c._id, people.frida, { action: 'acknowledge' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['cases.stale', 'cases.transition_not_allowed']).toContain((rejected.reason as AppError).code);
    expect((await deps.audit.listForCase(c._id)).filter((a) => a.action === 'transition.acknowledge')).toHaveLength(1);
  });

  it('lex Sarah: each step by its role, with its deadline, its message and its audit entry', async () => {
    const { case: c } = await service.submit(people.mona, report({ type: 'lex_sarah' }));
    expect(c.lex).toMatchObject({ privateProvider: false, investigatorIds: [] });
    await service.transition(c._id, people.anna, { action: 'acknowledge' });
    expect(deps.notifier.to('ava', 'case.lex.order')).toHaveLength(1);
    // Only the avdelningschef (or an admin) orders the investigation.
    await expectCode(service.transition(c._id, people.anna, { action: 'order_investigation' }), 'avvikelse.lex_not_your_step');
    const ordered = await service.transition(c._id, people.ava, { action: 'order_investigation' });
    expect(ordered.case.lex?.investigatorIds).toEqual(['ulla']);
    expect(ordered.case.deadlines.investigation).toBeInstanceOf(Date);
    expect(deps.notifier.to('ulla', 'case.lex.investigate')).toHaveLength(1);
    await expectCode(service.transition(c._id, people.ulla, { action: 'decide', finding: 'intraffat', serious: 'ja' }), 'avvikelse.lex_not_your_step');
    const investigated = await service.transition(c._id, people.ulla, {
      action: 'record_investigation',
      whatHappened: 'Brukaren fick inte sin insats.',
      consequences: 'Oro.',
      causes: 'Bemanning.',
      measuresTaken: 'Extra personal.',
      measuresPlanned: 'Ny rutin.',
      personInformed: 'Muntligt 3/4.',
    });
    expect(investigated.case.details.investigation?.causes).toBe('Bemanning.');
    expect(investigated.case.deadlines.decision).toBeInstanceOf(Date);
    expect(deps.notifier.to('frida', 'case.lex.decide')).toHaveLength(1);
    await expectCode(service.transition(c._id, people.ava, { action: 'decide', finding: 'risk', serious: 'ja' }), 'avvikelse.lex_not_your_step');
    await expectCode(service.transition(c._id, people.frida, { action: 'close', measure: 'x' }), 'cases.transition_not_allowed');
    const decided = await service.transition(c._id, people.frida, { action: 'decide', finding: 'risk', serious: 'ja' });
    expect(decided.case.assessment).toBe('allvarligt');
    expect(decided.case.deadlines.ivo_report).toBeInstanceOf(Date);
    expect(decided.summary.extraFacts?.map((f) => f.value)).toContain('Påtaglig risk för missförhållande, allvarligt');
    await expectCode(
      service.transition(c._id, people.frida, { action: 'report_ivo', reportedAt: new Date('2026-05-01T00:00:00Z'), reference: 'IVO 1' }),
      'avvikelse.date_in_future',
    );
    const ivo = await service.transition(c._id, people.frida, { action: 'report_ivo', reportedAt: START, reference: 'IVO 3.5.1-1234/2026' });
    expect(ivo.case.ivo).toEqual({ reportedAt: START, reference: 'IVO 3.5.1-1234/2026' });
    expect(deps.notifier.to('sam', 'case.lex.namnd_ivo_reported')).toHaveLength(1);
    expect(deps.notifier.to('anna', 'case.lex.follow_up')).toHaveLength(1);
    await service.transition(c._id, people.frida, { action: 'record_ivo_decision', decidedAt: START, outcome: 'avslutat' });
    expect(deps.notifier.to('sam', 'case.lex.namnd_ivo_decided')).toHaveLength(1);
    await service.transition(c._id, people.anna, { action: 'follow_up', note: 'Rutinen följs.' });
    const closed = await service.transition(c._id, people.frida, { action: 'close' });
    expect(closed.case.status).toBe('avslutad');
    expect(closed.case.lex?.namndInformed.map((n) => n.what)).toEqual(['ivo_anmalan', 'ivo_beslut']);
    const actions = (await deps.audit.listForCase(c._id)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['created', 'transition.acknowledge', 'transition.order_investigation', 'transition.record_investigation', 'transition.decide', 'transition.report_ivo', 'transition.record_ivo_decision', 'transition.follow_up', 'transition.close']),
    );
    const plain = await service.submit(people.mona, report());
    await expectCode(service.transition(plain.case._id, people.anna, { action: 'assess', assessment: 'allvarligt' }), 'cases.transition_not_allowed');
  });

  it('lex Sarah that is not serious goes straight to follow-up; lex Maria needs the patient informed before closing', async () => {
    const sarah = (await service.submit(people.mona, report({ type: 'lex_sarah' }))).case;
    await service.transition(sarah._id, people.anna, { action: 'acknowledge' });
    await service.transition(sarah._id, people.ava, { action: 'order_investigation' });
    const record = { action: 'record_investigation', whatHappened: 'a', consequences: 'b', causes: 'c', measuresTaken: 'd', personInformed: 'e' };
    await service.transition(sarah._id, people.ulla, record);
    const notSerious = await service.transition(sarah._id, people.frida, { action: 'decide', finding: 'intraffat', serious: 'nej' });
    expect(notSerious.case.deadlines.ivo_report).toBeUndefined();
    expect(notSerious.case.deadlines.follow_up).toBeInstanceOf(Date);
    expect(service.allowedActions(notSerious.case)).toEqual(['follow_up']);

    const maria = (await service.submit(people.mona, report({ type: 'lex_maria' }))).case;
    await service.transition(maria._id, people.anna, { action: 'acknowledge' });
    await service.transition(maria._id, people.maria, record);
    await service.transition(maria._id, people.maria, { action: 'decide', finding: 'intraffat', serious: 'ja' });
    await service.transition(maria._id, people.maria, { action: 'report_ivo', reportedAt: START, reference: 'IVO 9' });
    await service.transition(maria._id, people.maria, { action: 'record_ivo_decision', decidedAt: START, outcome: 'avslutat_med_kritik' });
    await service.transition(maria._id, people.anna, { action: 'follow_up', note: 'Klart.' });
    await expectCode(service.transition(maria._id, people.maria, { action: 'close' }), 'cases.transition_not_allowed');
    await service.transition(maria._id, people.maria, { action: 'inform_patient', informedAt: START, how: 'muntligt' });
    expect((await service.transition(maria._id, people.maria, { action: 'close' })).case.status).toBe('avslutad');
  });

  it('a lex Sarah report from a private provider unit is told to the nämnd', async () => {
    const d = await caseDeps(env.db, START, { avvikelse: { privateProviderUnitIds: ['boende-a'] } });
    const s = new AvvikelseService(d);
    const r = await s.submit(people.mona, report({ type: 'lex_sarah' }));
    expect(r.case.lex?.privateProvider).toBe(true);
    expect(d.notifier.to('sam', 'case.lex.namnd_private_provider')).toHaveLength(1);
  });

  it('Omklassificera re-routes to the new unit and type and tells the new handlers', async () => {
    const { case: c } = await service.submit(people.mona, report());
    const r = await service.transition(c._id, people.anna, { action: 'reclassify', type: 'lex_maria', unitId: 'ifo' });
    expect(r.case.type).toBe('lex_maria');
    expect(r.case.unitId).toBe('ifo');
    expect(r.case.unitPath).toEqual(['kommun', 'ifo']);
    expect(r.case.handlerIds).toEqual(['ivar', 'maria']);
    expect(deps.notifier.to('maria', 'case.rerouted')).toHaveLength(1);
    expect(r.case.deadlines.escalate).toBeInstanceOf(Date);
    await expectCode(service.transition(c._id, people.anna, { action: 'acknowledge' }), 'cases.forbidden');
  });

  it('Begär komplettering reaches the reporter without the question; the reporter answers; handlers are told', async () => {
    const { case: c } = await service.submit(people.mona, report());
    await service.transition(c._id, people.anna, { action: 'request_supplement', question: `Vilken tid exakt? ${SENTINEL}` });
    const req = deps.notifier.to('mona', 'case.supplement_request');
    expect(req).toHaveLength(1);
    expect(viewStrings(req[0]!.message)).not.toContain(SENTINEL);
    await expectCode(service.supplement(c._id, people.otto, 'kl 07.10'), 'avvikelse.not_reporter');
    const r = await service.supplement(c._id, people.mona, 'Klockan 07.10');
    expect(r.case.details.supplements.map((s) => s.text)).toEqual(['Klockan 07.10']);
    expect(r.case.supplementRequestedAt).toBeUndefined();
    expect(deps.notifier.to('anna', 'case.supplement')).toHaveLength(1);
    await expectCode(service.supplement(c._id, people.mona, 'igen'), 'avvikelse.no_supplement_requested');
  });
});

describe('privacy', () => {
  it('details only through viewDetails, authorised and audited; no free text in any chat message', async () => {
    const { case: c, view } = await service.submit(people.mona, report({ type: 'lex_sarah' }));
    await service.transition(c._id, people.anna, { action: 'acknowledge' });
    await service.transition(c._id, people.ava, { action: 'order_investigation' });
    const t = `Utredning ${SENTINEL}`;
    await service.transition(c._id, people.ulla, { action: 'record_investigation', whatHappened: t, consequences: t, causes: t, measuresTaken: t, personInformed: t });
    const seen = await service.viewDetails(c._id, people.anna);
    expect(seen.details.description).toContain(SENTINEL);
    expect((await service.viewDetails(c._id, people.ulla)).details.investigation?.causes).toContain(SENTINEL);
    // The reporter sees her own report, not the investigation record.
    const asReporter = await service.viewDetails(c._id, people.mona);
    expect(asReporter.details.description).toContain(SENTINEL);
    expect(asReporter.details.investigation).toBeUndefined();
    await expectCode(service.viewDetails(c._id, people.otto), 'cases.forbidden_view');
    const views = (await deps.audit.listForCase(c._id)).filter((a) => a.action === 'details.viewed');
    expect(views.map((v) => v.actorId)).toEqual(['anna', 'ulla', 'mona']);

    const mine = await listMyCases({ store: deps.store, clock: deps.clock, summarize: { avvikelse: (d, n, h) => service.summarize(d, n, h), synpunkt: () => { throw new Error('no'); } } }, people.anna);
    const messages = [view, ...deps.notifier.all().map((n) => n.message), myCasesView(mine), seen.summary && (await service.transition(c._id, people.frida, { action: 'decide', finding: 'intraffat', serious: 'ja' })).view];
    expect(messages.length).toBeGreaterThan(4);
    for (const m of messages) {
      expect(viewStrings(m)).not.toContain(SENTINEL);
      expect(JSON.stringify(renderMessageAdaptive(m))).not.toContain(SENTINEL);
      expect(JSON.stringify(renderMessageBlocks(m))).not.toContain(SENTINEL);
    }
    // The stored document does hold it (so the test would catch a leak).
    expect(JSON.stringify(await env.db.collection('cases').findOne({ _id: c._id as never }))).toContain(SENTINEL);
  });
});

describe('Mina ärenden', () => {
  it('lists handled cases with the overdue first, and own reports', async () => {
    const first = await service.submit(people.mona, report());
    deps.clock.advance(3 * 24 * 3_600_000);
    const second = await service.submit(people.mona, report());
    deps.clock.advance(8 * 24 * 3_600_000); // first's and second's acknowledge deadlines have passed
    const third = await service.submit(people.mona, report());
    const summarize = { avvikelse: service.summarize.bind(service), synpunkt: service.summarize.bind(service) };
    const mine = await listMyCases({ store: deps.store, clock: deps.clock, summarize }, people.anna);
    const numbers = mine.handling.map((s) => s.number);
    expect(numbers.indexOf(first.case.number)).toBeLessThan(numbers.indexOf(third.case.number));
    expect(numbers.indexOf(second.case.number)).toBeLessThan(numbers.indexOf(third.case.number));
    expect(mine.handling.find((s) => s.number === first.case.number)?.overdue).toBe(true);
    expect(mine.handling.find((s) => s.number === third.case.number)?.overdue).toBe(false);
    const reporter = await listMyCases({ store: deps.store, clock: deps.clock, summarize }, people.mona);
    expect(reporter.reported.map((s) => s.number)).toContain(third.case.number);
    expect(reporter.handling).toHaveLength(0);
    expect(reporter.reported.every((s) => s.actions.length === 0)).toBe(true);
    const card = myCasesView(mine);
    expect(card.list?.some((i) => i.title.includes('FÖRSENAT'))).toBe(true);
  });
});

describe('faults', () => {
  it('MongoDB unavailable: common.storage_unavailable and the user is told nothing was saved', async () => {
    const dead = new MongoClient('mongodb://127.0.0.1:1/?directConnection=true', { serverSelectionTimeoutMS: 300, connectTimeoutMS: 300 });
    const db = dead.db('x');
    const broken = new AvvikelseService({ ...deps, store: new MongoCaseStore(db, deps), audit: new MongoAuditStore(db) });
    const error = await expectCode(broken.submit(people.mona, report()), 'common.storage_unavailable');
    expect(userText(error)).toContain('Ingenting har sparats');
    await expectCode(ensureCaseIndexes(db), 'common.storage_unavailable');
    await dead.close();
  });

  it('an outbox outage after the case is saved: the case stays, a retry or the sweeper delivers exactly once', async () => {
    deps.notifier.fail = true;
    const input = report();
    const first = await service.submit(people.mona, input);
    expect(first.effectsPending).toBe(true);
    expect(first.view.text?.join(' ')).toContain('sparat');
    expect(first.case.outbox.length).toBeGreaterThan(0);
    deps.notifier.fail = false;
    const again = await service.submit(people.mona, input);
    expect(again.case._id).toBe(first.case._id);
    expect(again.effectsPending).toBe(false);
    expect(deps.notifier.to('anna', 'case.new').filter((n) => n.message.title.includes(first.case.number))).toHaveLength(1);
    expect((await service.get(first.case._id)).outbox).toEqual([]);
    expect((await deps.audit.listForCase(first.case._id)).map((a) => a.action)).toEqual(['created']);
    const swept = await deps.store.flushPending();
    expect(swept.remaining).toBe(0);
  });
});
