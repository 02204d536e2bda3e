import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseDetailsView, clipText, DETAIL_TEXT_MAX, HISTORY_MAX, type CaseDetailsInput } from '../../cards/case-details.js';
import { caseNotificationView } from '../../domain/cases/messaging.js';
import { ActionIds } from '../../domain/action-ids.js';
import type { MessageView } from '../../domain/view.js';
import { ACTION_KEY, renderMessageAdaptive, renderMessageBlocks } from '../../cards/render-message.js';
import { AvvikelseService } from '../../domain/avvikelser/flows.js';
import { SynpunktService } from '../../domain/synpunkter/flows.js';
import { avvikelseLimits } from '../../domain/avvikelser/schema.js';
import { openTestDb } from '../support/mongo.js';
import { caseDeps, people, SENTINEL } from '../domain/cases/support.js';
import { collect, validateAdaptiveCard } from './support/fixtures.js';

const START = new Date('2026-04-07T08:00:00Z'); // Tuesday 10:00 in Stockholm
const TOLD = 'SENTINEL-Fraga-Qwerty';
const SUPPLEMENT = 'SENTINEL-Svar-Plugh';
const INVESTIGATION = 'SENTINEL-Utredning-Xyzzy';
const MEASURE = 'SENTINEL-Atgard-Frotz';

let env: Awaited<ReturnType<typeof openTestDb>>;
let deps: Awaited<ReturnType<typeof caseDeps>>;
let avvikelser: AvvikelseService;
let synpunkter: SynpunktService;
let seq = 0;
const token = () => `details-${(seq += 1)}-abcdef`;

beforeAll(async () => {
  env = await openTestDb('casedetails');
});
afterAll(async () => env.close());
beforeEach(async () => {
  deps = await caseDeps(env.db, START);
  avvikelser = new AvvikelseService(deps);
  synpunkter = new SynpunktService(deps);
});

function avvikelseReport(overrides: Record<string, unknown> = {}) {
  return {
    token: token(),
    type: 'lex_sarah',
    unitId: 'boende-a',
    occurredAt: new Date('2026-04-07T06:30:00Z'),
    location: `Avdelning 2 ${SENTINEL}-var`,
    description: `Brukaren lämnades utan tillsyn under natten. ${SENTINEL}-vad`,
    immediateActions: `Extra personal sattes in. ${SENTINEL}-direkt`,
    konsekvens: 3,
    sannolikhet: 3,
    informed: 'ja',
    improvement: `Se över nattbemanningen. ${SENTINEL}-forslag`,
    ...overrides,
  };
}

function synpunktRegistration(overrides: Record<string, unknown> = {}) {
  return {
    token: token(),
    type: 'klagomal',
    source: 'narstaende',
    channel: 'telefon',
    receivedAt: START,
    unitId: 'boende-a',
    topic: 'bemotande',
    description: `Dottern upplever att personalen inte lyssnar. ${SENTINEL}-syn`,
    wantsAnswer: true,
    answerMethod: 'telefon',
    contact: { name: `Eva ${SENTINEL}-namn`, phone: '070-123 45 67', email: 'eva@example.se' },
    ...overrides,
  };
}

const chars = (s: unknown) => Array.from(String(s)).length;

/** Both renderings: a valid Adaptive Card, and Slack blocks within the limits of a message and a modal. */
function expectRenderable(view: MessageView): { adaptive: string; slack: string } {
  const card = renderMessageAdaptive(view);
  expect(validateAdaptiveCard(card).messages).toEqual([]);
  const slack = renderMessageBlocks(view);
  expect(slack.blocks.length).toBeLessThanOrEqual(50);
  for (const block of slack.blocks) {
    const text = (block.text as { text?: string } | undefined)?.text;
    if (text !== undefined) expect(chars(text)).toBeLessThanOrEqual(3000);
    for (const field of (block.fields as Array<{ text: string }> | undefined) ?? []) expect(chars(field.text)).toBeLessThanOrEqual(2000);
    if (block.type === 'section' && block.fields) expect((block.fields as unknown[]).length).toBeLessThanOrEqual(10);
    if (block.type === 'actions') expect((block.elements as unknown[]).length).toBeLessThanOrEqual(25);
  }
  for (const button of collect(slack.blocks, (o) => o.type === 'button')) {
    expect(chars((button.text as { text: string }).text)).toBeLessThanOrEqual(75);
    expect(chars(button.value)).toBeLessThanOrEqual(2000);
  }
  return { adaptive: JSON.stringify(card), slack: JSON.stringify(slack) };
}

async function handledLexSarah() {
  const created = await avvikelser.submit({ ...people.mona, channel: 'slack', channelUserId: 'U_MONA' }, avvikelseReport());
  const id = created.case._id;
  await avvikelser.transition(id, people.anna, { action: 'request_supplement', question: `Vem upptäckte det? ${TOLD}` });
  await avvikelser.supplement(id, people.mona, `Nattpersonalen vid ronden. ${SUPPLEMENT}`);
  await avvikelser.transition(id, people.anna, { action: 'acknowledge' });
  await avvikelser.transition(id, people.ava, { action: 'order_investigation' });
  const t = `Utredning ${INVESTIGATION}`;
  await avvikelser.transition(id, people.ulla, { action: 'record_investigation', whatHappened: t, consequences: t, causes: t, measuresTaken: t, personInformed: t });
  await avvikelser.transition(id, people.frida, { action: 'decide', finding: 'intraffat', serious: 'ja' });
  await avvikelser.transition(id, people.frida, { action: 'report_ivo', reportedAt: START, reference: 'IVO 3.5.1-4711/2026' });
  return id;
}

describe('caseDetailsView for an avvikelse', () => {
  it('shows the free text, the supplement exchange, assessment and IVO, with the handler actions and the logged-view note', async () => {
    const id = await handledLexSarah();
    const details = await avvikelser.viewDetails(id, people.anna);
    const view = caseDetailsView(details);
    const { adaptive, slack } = expectRenderable(view);

    for (const out of [adaptive, slack]) {
      for (const s of [`${SENTINEL}-var`, `${SENTINEL}-vad`, `${SENTINEL}-direkt`, `${SENTINEL}-forslag`, TOLD, SUPPLEMENT, INVESTIGATION]) expect(out).toContain(s);
      expect(out).toContain(details.case.number);
      expect(out).toContain('Missförhållande, allvarligt');
      expect(out).toContain('Orsaker');
      expect(out).toContain('IVO 3.5.1-4711/2026');
      expect(out).toContain('Din visning är loggad');
    }
    expect(view.title).toBe(`Lex Sarah ${details.case.number}`);
    const facts = Object.fromEntries((view.facts ?? []).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({ Ärende: details.case.number, Enhet: 'Solgårdens särskilda boende', 'Rapporterad av': people.mona.name, Inträffade: '2026-04-07 08:30' });
    expect(facts['Enskild/närstående informerad']).toBe('Ja');
    expect(facts['Risknivå']).toMatch(/\(9\)/);

    // The buttons are the case's transitions, with references only.
    expect(details.summary.actions.length).toBeGreaterThan(0);
    const buttons = (view.actions ?? []).filter((a) => a.kind === 'submit');
    expect(buttons.map((b) => b.label)).toEqual(details.summary.actions.map((a) => a.label));
    for (const b of buttons) {
      expect(b.id).toBe(ActionIds.avvikelseTransition);
      expect(b.data).toEqual({ caseId: id, action: expect.any(String), s: details.case.status });
    }
    const submitData = collect(JSON.parse(adaptive), (o) => o.type === 'Action.Submit').map((a) => a.data as Record<string, unknown>);
    expect(submitData.map((d) => d[ACTION_KEY])).toEqual(buttons.map(() => ActionIds.avvikelseTransition));
  });

  it('is the one place with free text: the notification of the same case carries none of it', async () => {
    const id = await handledLexSarah();
    const details = await avvikelser.viewDetails(id, people.anna);
    expect(JSON.stringify(caseDetailsView(details))).toContain(SENTINEL);
    expect(JSON.stringify(caseNotificationView(details.summary, 'new'))).not.toContain('SENTINEL');
  });

  it('shows no action buttons to a viewer who may not act (the reporter)', async () => {
    const created = await avvikelser.submit(people.mona, avvikelseReport({ type: 'avvikelse' }));
    const details = await avvikelser.viewDetails(created.case._id, people.mona);
    const view = caseDetailsView(details);
    expect(view.actions).toBeUndefined();
    expect(JSON.stringify(view)).toContain(`${SENTINEL}-vad`);
    expectRenderable(view);
  });

  it('shortens very long texts (even when escaping makes them longer) and caps the history, within Slack limits', async () => {
    const created = await avvikelser.submit(people.mona, avvikelseReport({ description: `${SENTINEL}-start ${'& <b> '.repeat(660)}`.slice(0, avvikelseLimits.description) }));
    const details = await avvikelser.viewDetails(created.case._id, people.anna);
    const many = HISTORY_MAX + 7;
    const input: CaseDetailsInput = {
      ...details,
      details: {
        ...details.details,
        measure: 'å'.repeat(3500),
        supplementRequests: Array.from({ length: many }, (_, i) => ({ at: new Date(START.getTime() + i * 60_000), byName: 'Anna Enhetschef', question: `Fråga ${i} ${'x'.repeat(3000)}` })),
        supplements: Array.from({ length: many }, (_, i) => ({ at: new Date(START.getTime() + i * 60_000 + 1000), text: `Svar ${i}` })),
      },
    };
    const view = caseDetailsView(input);
    const { slack } = expectRenderable(view);
    const description = view.list!.find((i) => i.title === 'Vad hände?')!;
    expect(description.detail).toContain(`${SENTINEL}-start`);
    expect(description.detail).toMatch(/…\n\nTexten är förkortad här/);
    expect(view.list!.find((i) => i.title === 'Vidtagen åtgärd')!.detail!.length).toBeLessThan(3000);
    // Only the newest entries, with a line counting the others.
    expect(view.list!.some((i) => i.title === `${2 * many - HISTORY_MAX} äldre poster visas inte här.`)).toBe(true);
    expect(slack).toContain(`Svar ${many - 1}`);
    expect(slack).not.toContain('Fråga 0 ');
    expect(renderMessageBlocks(view).blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('caseDetailsView for a synpunkt', () => {
  it('shows description, contact details, the answer and escalation notes; the contact details are nowhere else', async () => {
    const created = await synpunkter.register(people.mona, synpunktRegistration());
    const id = created.case._id;
    await synpunkter.transition(id, people.anna, { action: 'answer', summary: `Ringde och förklarade rutinen. ${MEASURE}`, answeredAt: START });
    const details = await synpunkter.viewDetails(id, people.anna);
    const view = caseDetailsView(details);
    const { adaptive, slack } = expectRenderable(view);
    for (const out of [adaptive, slack]) {
      for (const s of [`${SENTINEL}-syn`, `${SENTINEL}-namn`, '070-123 45 67', 'eva@example.se', MEASURE]) expect(out).toContain(s);
      expect(out).toContain('Din visning är loggad');
    }
    const facts = Object.fromEntries((view.facts ?? []).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({ Område: 'Bemötande', 'Vill ha svar': 'Ja, via telefon', 'Besvarad i tid': 'Ja', Från: 'Närstående', 'Registrerad av': people.mona.name });
    expect((view.actions ?? []).every((a) => a.kind === 'submit' && a.id === ActionIds.synpunktTransition)).toBe(true);
    expect((view.actions ?? []).map((a) => a.label)).toEqual(details.summary.actions.map((a) => a.label));
    expect(JSON.stringify(caseNotificationView(details.summary, 'new'))).not.toContain('070-123');
  });

  it('an escalated complaint shows the escalation note; an anonymous one says there are no contact details', async () => {
    const created = await synpunkter.register(people.mona, synpunktRegistration({ source: 'anonym', wantsAnswer: false, answerMethod: undefined, contact: {} }));
    const id = created.case._id;
    await synpunkter.transition(id, people.anna, { action: 'escalate', note: `Missnöjd med bemötandet. ${TOLD}` });
    const details = await synpunkter.viewDetails(id, people.adam);
    const view = caseDetailsView(details);
    const { slack } = expectRenderable(view);
    expect(slack).toContain('Inga kontaktuppgifter');
    expect(slack).toContain(TOLD);
    expect(view.list!.some((i) => i.title.startsWith('Eskalerad 2026-04-07'))).toBe(true);
    const facts = Object.fromEntries((view.facts ?? []).map((f) => [f.label, f.value]));
    expect(facts['Vill ha svar']).toBe('Nej');
    expect(facts['Från']).toBe('Anonym');
  });

  it('renders in English when asked (own texts; domain labels stay as the summary gives them)', async () => {
    const created = await synpunkter.register(people.mona, synpunktRegistration());
    const details = await synpunkter.viewDetails(created.case._id, people.anna);
    const view = caseDetailsView(details, { locale: 'en' });
    expect(view.footnote).toMatch(/logged/);
    expect(view.list!.map((i) => i.title)).toContain('Contact details');
    expectRenderable(view);
  });
});

describe('clipText', () => {
  it('keeps short text, cuts long text on code points to fit after Slack escaping', () => {
    expect(clipText('kort', 10)).toEqual({ text: 'kort', clipped: false });
    const cut = clipText('&&&&&&&&&&', 12); // each & becomes &amp; (5)
    expect(cut).toEqual({ text: '&&…', clipped: true });
    const emoji = clipText('😀😀😀😀', 3);
    expect(emoji.text).toBe('😀…'); // measured in UTF-16 units, the stricter count
    expect(clipText('x'.repeat(DETAIL_TEXT_MAX + 1), DETAIL_TEXT_MAX).text.length).toBe(DETAIL_TEXT_MAX);
  });
});
