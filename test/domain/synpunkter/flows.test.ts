import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../domain/errors.js';
import { AvvikelseService } from '../../../domain/avvikelser/flows.js';
import { registerComplaintWithLexReport } from '../../../domain/synpunkter/lex-link.js';
import { SynpunktService } from '../../../domain/synpunkter/flows.js';
import { listMyCases } from '../../../domain/cases/my-cases.js';
import { openTestDb } from '../../support/mongo.js';
import { caseDeps, people, SENTINEL, viewStrings } from '../cases/support.js';

const START = new Date('2026-04-02T08:00:00Z');
let env: Awaited<ReturnType<typeof openTestDb>>;
let deps: Awaited<ReturnType<typeof caseDeps>>;
let service: SynpunktService;
let n = 0;

function registration(overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    token: `syn-token-${n}`,
    type: 'klagomal',
    source: 'narstaende',
    channel: 'telefon',
    receivedAt: START,
    unitId: 'boende-a',
    topic: 'bemotande',
    description: `Dottern upplever att personalen inte lyssnar. ${SENTINEL}`,
    wantsAnswer: true,
    answerMethod: 'telefon',
    contact: { name: `Eva ${SENTINEL}`, phone: '070-123 45 67' },
    ...overrides,
  };
}

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

beforeAll(async () => {
  env = await openTestDb('synpunkter');
});
afterAll(async () => env.close());
beforeEach(async () => {
  deps = await caseDeps(env.db, START);
  service = new SynpunktService(deps);
});

describe('register and route', () => {
  it('numbers SYN-yyyy-nnnn, notifies registrator and enhetschef, answer due 14 calendar days after receipt', async () => {
    const r = await service.register(people.mona, registration());
    expect(r.case.number).toMatch(/^SYN-2026-\d{4}$/);
    expect(r.case.handlerIds).toEqual(['anna']);
    expect(r.case.watcherIds).toEqual(['rolf']);
    expect(r.case.answerDueAt.toISOString()).toBe('2026-04-16T08:00:00.000Z');
    expect(deps.deadlines.get(r.case._id, 'answer')?.dueAt.toISOString()).toBe('2026-04-16T08:00:00.000Z');
    expect(deps.notifier.to('anna', 'case.new')).toHaveLength(1);
    const reg = deps.notifier.to('rolf', 'case.new.registrator');
    expect(reg).toHaveLength(1);
    expect(reg[0]!.message.actions?.map((a) => a.label)).toEqual(['Visa detaljer']);
    for (const m of [r.view, ...deps.notifier.all().map((x) => x.message)]) {
      expect(viewStrings(m)).not.toContain(SENTINEL);
      expect(viewStrings(m)).not.toContain('070-123');
    }
    // The registrator may read the details (for the diary), audited.
    const seen = await service.viewDetails(r.case._id, people.rolf);
    expect(seen.details.contact.phone).toBe('070-123 45 67');
    expect(await code(service.viewDetails(r.case._id, people.otto))).toBe('cases.forbidden_view');
  });

  it('a due date on a weekend moves to the previous working day; "N working days" is supported', async () => {
    deps.clock.set(new Date('2026-04-05T09:00:00Z'));
    const sat = await service.register(people.mona, registration({ receivedAt: new Date('2026-04-04T09:00:00Z') }));
    expect(sat.case.answerDueAt.toISOString().slice(0, 10)).toBe('2026-04-17'); // Sat 18 → Fri 17
    const working = new SynpunktService({ ...deps, settings: { ...deps.settings, synpunkt: { answerDue: { mode: 'working', days: 10 } } } });
    expect(working.answerDue(START).toISOString()).toBe('2026-04-20T08:00:00.000Z'); // over Easter
  });

  it('registers anonymously without contact details and refuses contact details or an answer for anonymous', async () => {
    const r = await service.register(people.mona, registration({ source: 'anonym', wantsAnswer: false, answerMethod: undefined, contact: {} }));
    expect(r.case.source).toBe('anonym');
    expect(r.summary.extraFacts?.map((f) => f.value)).toContain('Anonym');
    expect(await code(service.register(people.mona, registration({ source: 'anonym', wantsAnswer: false, answerMethod: undefined })))).toBe('cases.invalid_input');
    expect(await code(service.register(people.mona, registration({ source: 'anonym', contact: {} })))).toBe('cases.invalid_input');
    expect(await code(service.register(people.mona, registration({ answerMethod: undefined })))).toBe('cases.invalid_input');
    expect(await code(service.register(people.mona, registration({ contact: { name: 'Eva', phone: '19121212-1212' } })))).toBe('privacy.identity_number_in_text');
    expect(await code(service.register(people.mona, registration({ receivedAt: new Date('2026-04-09T00:00:00Z') })))).toBe('synpunkt.received_in_future');
  });

  it('is idempotent on the token', async () => {
    const input = registration();
    const [a, b] = await Promise.all([service.register(people.mona, input), service.register(people.mona, input)]);
    expect(a.case._id).toBe(b.case._id);
    expect(await env.db.collection('cases').countDocuments({ idempotencyToken: input.token })).toBe(1);
  });
});

describe('handle', () => {
  it('Mottagen → Besvarad (summary + date) → Avslutad, closing requires the answer, reporter updated', async () => {
    const { case: c } = await service.register(people.mona, registration());
    expect(await code(service.transition(c._id, people.anna, { action: 'close' }))).toBe('cases.transition_not_allowed');
    await service.transition(c._id, people.anna, { action: 'acknowledge' });
    expect(await code(service.transition(c._id, people.anna, { action: 'answer', summary: 'Ringt upp', answeredAt: new Date('2026-03-01T10:00:00Z') }))).toBe(
      'synpunkt.answer_date_invalid',
    );
    deps.clock.set(new Date('2026-04-10T09:00:00Z'));
    const answered = await service.transition(c._id, people.anna, { action: 'answer', summary: `Samtal med dottern. ${SENTINEL}`, answeredAt: new Date('2026-04-10T08:00:00Z') });
    expect(answered.case.answeredInTime).toBe(true);
    expect(answered.case.deadlines.answer).toBeUndefined();
    expect(deps.deadlines.get(c._id, 'answer')).toBeUndefined();
    const closed = await service.transition(c._id, people.anna, { action: 'close' }, { status: 'besvarad' });
    expect(closed.case.status).toBe('avslutad');
    expect(deps.notifier.to('mona', 'case.status').map((x) => x.message.text?.[0])).toEqual(['Ny status: Mottagen.', 'Ny status: Besvarad.', 'Ny status: Avslutad.']);
    expect((await deps.audit.listForCase(c._id)).map((a) => a.action)).toEqual(['created', 'transition.acknowledge', 'transition.answer', 'transition.close']);
    expect(await code(service.transition(c._id, people.otto, { action: 'close' }))).toBe('cases.closed');
  });

  it('Vidarebefordra moves the case to another unit and its enhetschef', async () => {
    const { case: c } = await service.register(people.mona, registration());
    await service.transition(c._id, people.anna, { action: 'acknowledge' });
    expect(await code(service.transition(c._id, people.anna, { action: 'forward', unitId: 'boende-a' }))).toBe('synpunkt.same_unit');
    const r = await service.transition(c._id, people.anna, { action: 'forward', unitId: 'ifo' });
    expect(r.case.unitId).toBe('ifo');
    expect(r.case.status).toBe('ny');
    expect(r.case.handlerIds).toEqual(['ivar']);
    expect(r.case.forwardedFrom).toEqual(['boende-a']);
    expect(deps.notifier.to('ivar', 'case.rerouted')).toHaveLength(1);
    expect(deps.deadlines.get(c._id, 'answer')?.recipients).toEqual(['ivar']);
    expect(await code(service.transition(c._id, people.anna, { action: 'acknowledge' }))).toBe('cases.forbidden');
    await service.transition(c._id, people.ivar, { action: 'acknowledge' });
  });

  it('Eskalera after an answer hands the case to the complaint delegation with a new answer due', async () => {
    const { case: c } = await service.register(people.mona, registration());
    await service.transition(c._id, people.anna, { action: 'answer', summary: 'Svar per telefon', answeredAt: START });
    deps.clock.set(new Date('2026-04-08T08:00:00Z'));
    const r = await service.transition(c._id, people.anna, { action: 'escalate', note: 'Dottern är inte nöjd med svaret' });
    expect(r.case.status).toBe('mottagen');
    expect(r.case.handlerIds).toEqual(['anna', 'ava']);
    expect(r.case.answeredAt).toBeUndefined();
    expect(r.case.answerDueAt.toISOString().slice(0, 10)).toBe('2026-04-22');
    expect(deps.notifier.to('ava', 'case.escalated')).toHaveLength(1);
    expect(await code(service.transition(c._id, people.anna, { action: 'close' }))).toBe('cases.transition_not_allowed');
  });

  it('an unanswered case past its due date is listed as overdue, first', async () => {
    const late = await service.register(people.mona, registration());
    deps.clock.set(new Date('2026-04-14T08:00:00Z'));
    const fresh = await service.register(people.mona, registration({ receivedAt: new Date('2026-04-14T07:00:00Z') }));
    deps.clock.set(new Date('2026-04-17T08:00:00Z'));
    const mine = await listMyCases(
      { store: deps.store, clock: deps.clock, summarize: { synpunkt: service.summarize.bind(service), avvikelse: service.summarize.bind(service) } },
      people.anna,
      { kind: 'synpunkt' },
    );
    const lateItem = mine.handling.find((s) => s.number === late.case.number)!;
    const freshIdx = mine.handling.findIndex((s) => s.number === fresh.case.number);
    expect(lateItem.overdue).toBe(true);
    expect(mine.handling.indexOf(lateItem)).toBeLessThan(freshIdx);
    expect(mine.handling[freshIdx]!.overdue).toBe(false);
  });
});

describe('a complaint that describes a missförhållande', () => {
  it('is registered as a complaint AND reported under lex Sarah, the two linked both ways, idempotently', async () => {
    const avvikelser = new AvvikelseService(deps);
    const registration = {
      token: 'tok-lexlink-abcdef',
      type: 'klagomal',
      source: 'narstaende',
      channel: 'telefon',
      receivedAt: START,
      unitId: 'boende-a',
      topic: 'bemotande',
      description: 'Personalen slog min mamma vid duschen.',
      wantsAnswer: true,
      answerMethod: 'telefon',
      contact: { name: 'N.N.', phone: '070-123 45 67' },
    };
    const both = await registerComplaintWithLexReport({ synpunkter: service, avvikelser }, people.mona, registration as never, 'lex_sarah');
    expect(both.synpunkt.case.type).toBe('klagomal');
    expect(both.synpunkt.case.deadlines.answer).toBeInstanceOf(Date);
    expect(both.lex.case.type).toBe('lex_sarah');
    expect(both.lex.case.linkedCaseIds).toEqual([both.synpunkt.case._id]);
    expect(JSON.stringify(both.lex.case.details)).not.toContain('070-123 45 67');
    const complaint = await service.get(both.synpunkt.case._id);
    expect(complaint.linkedCaseIds).toEqual([both.lex.case._id]);
    expect(both.receiptLine).toContain(both.lex.case.number);
    // The enhetschef gets both: the complaint to answer and the lex Sarah report to receive.
    expect(deps.notifier.to('anna', 'case.new').map((n) => n.message.title)).toEqual(
      expect.arrayContaining([expect.stringContaining(both.synpunkt.case.number), expect.stringContaining(both.lex.case.number)]),
    );
    const again = await registerComplaintWithLexReport({ synpunkter: service, avvikelser }, people.mona, registration as never, 'lex_sarah');
    expect(again.lex.case._id).toBe(both.lex.case._id);
    expect((await service.get(both.synpunkt.case._id)).linkedCaseIds).toEqual([both.lex.case._id]);
  });
});
