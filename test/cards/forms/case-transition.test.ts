import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  caseTransitionForms,
  dueDayInstant,
  pastDayInstant,
  transitionFormContext,
  transitionFormFor,
  type CaseTransitionForm,
  type CaseTransitionFormValues,
} from '../../../cards/forms/case-transition.js';
import { parseAdaptiveSubmission, parseSlackSubmission, readAdaptiveSubmitMeta, type FormResult } from '../../../cards/form-submission.js';
import { renderFormAdaptive } from '../../../cards/render-form-adaptive.js';
import { SLACK_LIMITS, renderFormSlack } from '../../../cards/render-form-slack.js';
import { ActionIds, ViewIds } from '../../../domain/action-ids.js';
import { instantFromParts, type FormContext, type FormLocale } from '../../../cards/form.js';
import { avvikelseActions, avvikelseTransitionSchema } from '../../../domain/avvikelser/schema.js';
import { synpunktActions, synpunktTransitionSchema } from '../../../domain/synpunkter/schema.js';
import type { CaseKind } from '../../../domain/cases/types.js';
import { NOW, TOKEN, UNITS, collect, renderCtx, validateAdaptiveCard } from '../support/fixtures.js';

// The services parse `{ action, ...values }` with these same domain schemas; the helpers below say so for the tests.
/** The form of a submitted form id (`kbForm` / Slack metadata), or undefined when it is not a transition form. */
function transitionFormById(formId: string): { kind: CaseKind; action: string; form: CaseTransitionForm } | undefined {
  if (!Object.hasOwn(caseTransitionForms, formId)) return undefined;
  const [kind, action] = formId.split('.') as [CaseKind, string];
  return { kind, action, form: caseTransitionForms[formId]! };
}

/**
 * The domain input of `AvvikelseService.transition` for submitted dialog values (or `{}` for an action without a
 * dialog). Parsed with the domain schema: a mismatch is a programming error and throws.
 */
function toAvvikelseTransition(action: string, values: CaseTransitionFormValues = {}): z.input<typeof avvikelseTransitionSchema> {
  return avvikelseTransitionSchema.parse({ ...values, action });
}

/** The domain input of `SynpunktService.transition` for submitted dialog values (or `{}`). */
function toSynpunktTransition(action: string, values: CaseTransitionFormValues = {}): z.input<typeof synpunktTransitionSchema> {
  return synpunktTransitionSchema.parse({ ...values, action });
}

// NOW = 2026-03-14 11:00 Stockholm.
const ctx: FormContext = { now: NOW, units: UNITS };
const TOLVAN = '19121212-1212'; // Skatteverket's test personnummer
const SAMORDNING = '701063-2391'; // a valid samordningsnummer (day 63 = 3 + 60)

type SlackState = Record<string, Record<string, Record<string, unknown>>>;
const text = (value: string | null) => ({ type: 'plain_text_input', value });
const date = (value: string | null) => ({ type: 'datepicker', selected_date: value });
const pick = (type: string, value: string | null) => ({ type, selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value } });

/** A realistic, valid submission per form in both wire formats, and the values the domain must receive. */
interface Case {
  adaptive: Record<string, string>;
  slack: Record<string, Record<string, unknown>>;
  expected: Record<string, unknown>;
}

const noonStockholm = (day: string) => instantFromParts(day, '12:00')!;

const valid: Record<string, Case> = {
  'avvikelse.resolve': {
    adaptive: { measure: 'Rutinen för läkemedelsöverlämning är ändrad och all personal har gått igenom den.' },
    slack: { measure: text('Rutinen för läkemedelsöverlämning är ändrad och all personal har gått igenom den.') },
    expected: { measure: 'Rutinen för läkemedelsöverlämning är ändrad och all personal har gått igenom den.' },
  },
  'avvikelse.close': {
    adaptive: { measure: '' },
    slack: { measure: text(null) },
    expected: {},
  },
  'avvikelse.request_supplement': {
    adaptive: { question: 'Vilken tid upptäcktes felet, och vem kontaktades först?' },
    slack: { question: text('Vilken tid upptäcktes felet, och vem kontaktades först?') },
    expected: { question: 'Vilken tid upptäcktes felet, och vem kontaktades först?' },
  },
  'avvikelse.reclassify': {
    adaptive: { type: 'lex_sarah', unitId: '' },
    slack: { type: pick('radio_buttons', 'lex_sarah'), unitId: pick('static_select', null) },
    expected: { type: 'lex_sarah' },
  },
  'avvikelse.assess': {
    adaptive: { assessment: 'allvarligt' },
    slack: { assessment: pick('radio_buttons', 'allvarligt') },
    expected: { assessment: 'allvarligt' },
  },
  'avvikelse.report_ivo': {
    adaptive: { reportedAt: '2026-03-12', reference: '3.5.1-12345/2026' },
    slack: { reportedAt: date('2026-03-12'), reference: text('3.5.1-12345/2026') },
    expected: { reportedAt: noonStockholm('2026-03-12'), reference: '3.5.1-12345/2026' },
  },
  'avvikelse.start_investigation': {
    adaptive: { investigationDueAt: '2026-04-10' },
    slack: { investigationDueAt: date('2026-04-10') },
    expected: { investigationDueAt: instantFromParts('2026-04-10', '23:59') },
  },
  'avvikelse.order_investigation': {
    adaptive: { investigationDueAt: '2026-04-10' },
    slack: { investigationDueAt: date('2026-04-10') },
    expected: { investigationDueAt: instantFromParts('2026-04-10', '23:59') },
  },
  'avvikelse.record_investigation': {
    adaptive: { whatHappened: 'Insatsen uteblev.', consequences: 'Oro.', causes: 'Bemanning.', measuresTaken: 'Extra pass.', measuresPlanned: '', personInformed: 'Muntligt.' },
    slack: {
      whatHappened: text('Insatsen uteblev.'),
      consequences: text('Oro.'),
      causes: text('Bemanning.'),
      measuresTaken: text('Extra pass.'),
      measuresPlanned: text(null),
      personInformed: text('Muntligt.'),
    },
    expected: { whatHappened: 'Insatsen uteblev.', consequences: 'Oro.', causes: 'Bemanning.', measuresTaken: 'Extra pass.', personInformed: 'Muntligt.' },
  },
  'avvikelse.decide': {
    adaptive: { finding: 'risk', serious: 'ja' },
    slack: { finding: pick('radio_buttons', 'risk'), serious: pick('radio_buttons', 'ja') },
    expected: { finding: 'risk', serious: 'ja' },
  },
  'avvikelse.inform_patient': {
    adaptive: { informedAt: '2026-03-12', how: 'muntligt' },
    slack: { informedAt: date('2026-03-12'), how: pick('radio_buttons', 'muntligt') },
    expected: { informedAt: noonStockholm('2026-03-12'), how: 'muntligt' },
  },
  'avvikelse.record_ivo_decision': {
    adaptive: { decidedAt: '2026-03-12', outcome: 'avslutat', reference: '' },
    slack: { decidedAt: date('2026-03-12'), outcome: pick('radio_buttons', 'avslutat'), reference: text(null) },
    expected: { decidedAt: noonStockholm('2026-03-12'), outcome: 'avslutat' },
  },
  'avvikelse.follow_up': {
    adaptive: { note: 'Åtgärderna är genomförda.' },
    slack: { note: text('Åtgärderna är genomförda.') },
    expected: { note: 'Åtgärderna är genomförda.' },
  },
  'synpunkt.answer': {
    adaptive: { summary: 'Svarade per telefon att rutinen för matleveranser ses över.', answeredAt: '2026-03-13' },
    slack: { summary: text('Svarade per telefon att rutinen för matleveranser ses över.'), answeredAt: date('2026-03-13') },
    expected: { summary: 'Svarade per telefon att rutinen för matleveranser ses över.', answeredAt: noonStockholm('2026-03-13') },
  },
  'synpunkt.forward': {
    adaptive: { unitId: 'u-lss-bjorken' },
    slack: { unitId: pick('static_select', 'u-lss-bjorken') },
    expected: { unitId: 'u-lss-bjorken' },
  },
  'synpunkt.escalate': {
    adaptive: { note: 'Den närstående är inte nöjd med svaret och vill att förvaltningen tittar på det.' },
    slack: { note: text('Den närstående är inte nöjd med svaret och vill att förvaltningen tittar på det.') },
    expected: { note: 'Den närstående är inte nöjd med svaret och vill att förvaltningen tittar på det.' },
  },
};

function kindAndAction(formId: string): ['avvikelse' | 'synpunkt', string] {
  const [kind, action] = formId.split('.');
  return [kind as 'avvikelse' | 'synpunkt', action!];
}

/** What Teams sends: the card's submit data merged with the inputs (all strings). */
function adaptivePayload(def: CaseTransitionForm, inputs: Record<string, string>): Record<string, unknown> {
  const card = renderFormAdaptive(def, renderCtx({ privateContext: { caseId: 'case-1' } }));
  const submit = (card.actions as Array<{ data: Record<string, unknown> }>)[0]!.data;
  return { ...submit, ...inputs };
}

/** What Slack sends in view.state.values: block id = action id = field id. */
function slackState(states: Record<string, Record<string, unknown>>): SlackState {
  return Object.fromEntries(Object.entries(states).map(([id, state]) => [id, { [id]: state }]));
}

function ok<V>(result: FormResult<V>): V {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.values;
}

function errors<V>(result: FormResult<V>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.values)}`);
  return result.errors;
}

function domainParse(formId: string, values: CaseTransitionFormValues) {
  const [kind, action] = kindAndAction(formId);
  const schema = kind === 'avvikelse' ? avvikelseTransitionSchema : synpunktTransitionSchema;
  return schema.safeParse({ action, ...values });
}

describe('the set of transition forms', () => {
  it('has a form for exactly the listed actions, keyed by form id, with the shared submit and callback ids', () => {
    expect(Object.keys(caseTransitionForms).sort()).toEqual(Object.keys(valid).sort());
    for (const [id, def] of Object.entries(caseTransitionForms)) {
      const [kind] = kindAndAction(id);
      expect(def.id).toBe(id);
      expect(def.submitActionId).toBe(kind === 'avvikelse' ? ActionIds.avvikelseTransitionSubmit : ActionIds.synpunktTransitionSubmit);
      expect(def.slackCallbackId).toBe(kind === 'avvikelse' ? ViewIds.avvikelseTransition : ViewIds.synpunktTransition);
    }
  });

  it('transitionFormFor returns the form, or undefined for actions without input and unknown actions', () => {
    expect(transitionFormFor('avvikelse', 'resolve')?.id).toBe('avvikelse.resolve');
    expect(transitionFormFor('synpunkt', 'answer')?.id).toBe('synpunkt.answer');
    expect(transitionFormFor('avvikelse', 'acknowledge')).toBeUndefined();
    expect(transitionFormFor('synpunkt', 'acknowledge')).toBeUndefined();
    expect(transitionFormFor('synpunkt', 'close')).toBeUndefined();
    expect(transitionFormFor('synpunkt', 'resolve')).toBeUndefined(); // an avvikelse action
    expect(transitionFormFor('avvikelse', 'constructor')).toBeUndefined();
    expect(transitionFormFor('avvikelse', '__proto__')).toBeUndefined();
    expect(transitionFormById('synpunkt.forward')).toMatchObject({ kind: 'synpunkt', action: 'forward' });
    expect(transitionFormById('avvikelse')).toBeUndefined();
  });

  it('every domain action that cannot be sent without input has a form; those without a form need none', () => {
    for (const action of avvikelseActions) {
      const needsNothing = avvikelseTransitionSchema.safeParse({ action }).success;
      if (!needsNothing) expect(transitionFormFor('avvikelse', action), action).toBeDefined();
      if (!transitionFormFor('avvikelse', action)) expect(needsNothing, action).toBe(true);
    }
    for (const action of synpunktActions) {
      const needsNothing = synpunktTransitionSchema.safeParse({ action }).success;
      if (!needsNothing) expect(transitionFormFor('synpunkt', action), action).toBeDefined();
      if (!transitionFormFor('synpunkt', action)) expect(needsNothing, action).toBe(true);
    }
  });
});

describe('valid submissions reach the domain schema in both channels', () => {
  for (const [id, sample] of Object.entries(valid)) {
    it(`${id}: Teams and Slack give the same values, and { action, ...values } passes the domain schema`, () => {
      const def = caseTransitionForms[id]!;
      const fromTeams = ok(parseAdaptiveSubmission(def, adaptivePayload(def, sample.adaptive), ctx));
      const fromSlack = ok(parseSlackSubmission(def, slackState(sample.slack), ctx));
      expect(fromTeams).toEqual(sample.expected);
      expect(fromSlack).toEqual(sample.expected);
      const parsed = domainParse(id, fromTeams);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const [kind, action] = kindAndAction(id);
      const transition = kind === 'avvikelse' ? toAvvikelseTransition(action, fromSlack) : toSynpunktTransition(action, fromSlack);
      expect(transition).toEqual({ action, ...sample.expected });
    });
  }

  it('the Adaptive submit data carries the form id, token and context that the handler routes on', () => {
    const def = caseTransitionForms['avvikelse.report_ivo']!;
    const meta = readAdaptiveSubmitMeta(adaptivePayload(def, valid['avvikelse.report_ivo']!.adaptive));
    expect(meta).toEqual({ action: ActionIds.avvikelseTransitionSubmit, form: 'avvikelse.report_ivo', token: TOKEN, context: { caseId: 'case-1' } });
  });

  it('optional texts are passed on when filled in (close with a measure, escalate without a note)', () => {
    const close = ok(parseSlackSubmission(caseTransitionForms['avvikelse.close']!, slackState({ measure: text('Ny rutin för nattpersonal.') }), ctx));
    expect(toAvvikelseTransition('close', close)).toEqual({ action: 'close', measure: 'Ny rutin för nattpersonal.' });
    const escalate = ok(parseAdaptiveSubmission(caseTransitionForms['synpunkt.escalate']!, { note: '   ' }, ctx));
    expect(toSynpunktTransition('escalate', escalate)).toEqual({ action: 'escalate' });
  });

  it('reclassify passes on only what was chosen: unit only, or both', () => {
    const def = caseTransitionForms['avvikelse.reclassify']!;
    expect(ok(parseAdaptiveSubmission(def, { unitId: 'u-solgarden' }, ctx))).toEqual({ unitId: 'u-solgarden' });
    const both = ok(parseSlackSubmission(def, slackState({ type: pick('radio_buttons', 'lex_maria'), unitId: pick('static_select', 'u-solgarden') }), ctx));
    expect(toAvvikelseTransition('reclassify', both)).toEqual({ action: 'reclassify', type: 'lex_maria', unitId: 'u-solgarden' });
  });

  it('toAvvikelseTransition / toSynpunktTransition refuse values that do not fit the action', () => {
    expect(() => toAvvikelseTransition('resolve', {})).toThrow();
    expect(() => toAvvikelseTransition('reclassify', {})).toThrow();
    expect(() => toSynpunktTransition('answer', { summary: 'x' })).toThrow();
    expect(toAvvikelseTransition('acknowledge')).toEqual({ action: 'acknowledge' });
  });
});

describe('dates', () => {
  it('a day "when it happened" becomes noon Stockholm, or now when noon is still ahead', () => {
    expect(pastDayInstant('2026-03-12', NOW)).toEqual(new Date('2026-03-12T11:00:00Z'));
    const morning = new Date('2026-03-14T07:00:00Z'); // 08:00 Stockholm
    expect(pastDayInstant('2026-03-14', morning)).toEqual(morning);
    expect(dueDayInstant('2026-07-01')).toEqual(new Date('2026-07-01T21:59:00Z')); // summer time
  });

  it('an IVO report or answer dated today never lands in the future', () => {
    const morning = new Date('2026-03-14T07:00:00Z');
    const mctx = { ...ctx, now: morning };
    const ivo = ok(parseAdaptiveSubmission(caseTransitionForms['avvikelse.report_ivo']!, { reportedAt: '2026-03-14', reference: 'IVO-2026-77' }, mctx));
    expect(ivo.reportedAt).toEqual(morning);
    const answer = ok(parseSlackSubmission(caseTransitionForms['synpunkt.answer']!, slackState({ summary: text('Svar lämnat.'), answeredAt: date('2026-03-14') }), mctx));
    expect((answer.answeredAt as Date).getTime()).toBeLessThanOrEqual(morning.getTime());
  });

  it('refuses future dates for IVO and answer, and past or far-away investigation due dates', () => {
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.report_ivo']!, { reportedAt: '2026-03-15', reference: 'R1' }, ctx))).toHaveProperty('reportedAt');
    expect(errors(parseSlackSubmission(caseTransitionForms['synpunkt.answer']!, slackState({ summary: text('Svar.'), answeredAt: date('2026-04-01') }), ctx))).toHaveProperty('answeredAt');
    const inv = caseTransitionForms['avvikelse.start_investigation']!;
    expect(errors(parseAdaptiveSubmission(inv, { investigationDueAt: '2026-03-13' }, ctx)).investigationDueAt).toMatch(/före i dag/);
    expect(errors(parseAdaptiveSubmission(inv, { investigationDueAt: '2028-03-13' }, ctx)).investigationDueAt).toMatch(/inom ett år/);
    expect(ok(parseAdaptiveSubmission(inv, { investigationDueAt: '2026-03-14' }, ctx))).toEqual({ investigationDueAt: dueDayInstant('2026-03-14') });
    expect(ok(parseAdaptiveSubmission(inv, {}, ctx))).toEqual({});
    expect(errors(parseAdaptiveSubmission(inv, { investigationDueAt: '2026-02-30' }, ctx))).toHaveProperty('investigationDueAt');
  });
});

describe('required fields, rules and tampering', () => {
  const required: Array<[string, string[]]> = [
    ['avvikelse.resolve', ['measure']],
    ['avvikelse.request_supplement', ['question']],
    ['avvikelse.assess', ['assessment']],
    ['avvikelse.report_ivo', ['reference']], // reportedAt is prefilled with today in the card, but empty is refused too
    ['synpunkt.answer', ['summary']],
    ['synpunkt.forward', ['unitId']],
  ];
  for (const [id, fields] of required) {
    it(`${id}: an empty submission is refused on ${fields.join(', ')}`, () => {
      const def = caseTransitionForms[id]!;
      const fromTeams = errors(parseAdaptiveSubmission(def, adaptivePayload(def, {}), ctx));
      const fromSlack = errors(parseSlackSubmission(def, {}, ctx));
      for (const f of fields) {
        expect(fromTeams[f]).toMatch(/Fyll i|Välj/);
        expect(fromSlack[f]).toMatch(/Fyll i|Välj/);
      }
    });
  }

  it('an empty IVO date and an empty answer date are refused', () => {
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.report_ivo']!, { reference: 'R1' }, ctx)).reportedAt).toMatch(/Fyll i/);
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['synpunkt.answer']!, { summary: 'Svar.' }, ctx)).answeredAt).toMatch(/Fyll i/);
  });

  it('reclassify without a new type or unit is refused with a clear message', () => {
    const def = caseTransitionForms['avvikelse.reclassify']!;
    expect(errors(parseAdaptiveSubmission(def, { type: '', unitId: '' }, ctx)).type).toMatch(/ny typ eller en ny enhet/);
    expect(errors(parseSlackSubmission(def, {}, ctx)).type).toMatch(/ny typ eller en ny enhet/);
  });

  it('refuses options that were not offered (tampered payloads) and over-long texts', () => {
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.assess']!, { assessment: 'inget' }, ctx)).assessment).toMatch(/finns inte/);
    expect(errors(parseSlackSubmission(caseTransitionForms['synpunkt.forward']!, slackState({ unitId: pick('static_select', 'u-secret') }), ctx)).unitId).toMatch(
      /finns inte/,
    );
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.reclassify']!, { type: 'lex_okand' }, ctx)).type).toMatch(/finns inte/);
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.request_supplement']!, { question: 'x'.repeat(1001) }, ctx)).question).toMatch(
      /högst 1000 tecken/,
    );
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.report_ivo']!, { reportedAt: '2026-03-12', reference: 'r'.repeat(101) }, ctx)).reference).toMatch(
      /högst 100 tecken/,
    );
    expect(errors(parseAdaptiveSubmission(caseTransitionForms['avvikelse.resolve']!, { measure: ['a'] }, ctx)).measure).toBeDefined();
  });

  const guarded: Array<[string, string, Record<string, string>]> = [
    ['avvikelse.resolve', 'measure', {}],
    ['avvikelse.close', 'measure', {}],
    ['avvikelse.request_supplement', 'question', {}],
    ['avvikelse.report_ivo', 'reference', { reportedAt: '2026-03-12' }],
    ['synpunkt.answer', 'summary', { answeredAt: '2026-03-12' }],
    ['synpunkt.escalate', 'note', {}],
  ];
  for (const [id, field, rest] of guarded) {
    it(`${id}: a personnummer or samordningsnummer in ${field} is refused with advice`, () => {
      const def = caseTransitionForms[id]!;
      const teams = errors(parseAdaptiveSubmission(def, { ...rest, [field]: `Gäller ${TOLVAN}` }, ctx));
      expect(teams[field]).toMatch(/personnummer/i);
      const slackRest = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, date(v)]));
      const slack = errors(parseSlackSubmission(def, slackState({ ...slackRest, [field]: text(`Avser ${SAMORDNING}.`) }), ctx));
      expect(slack[field]).toBeDefined();
      expect(Object.keys(slack)).toEqual([field]);
    });
  }
});

describe('rendering', () => {
  const chars = (s: unknown) => Array.from(String(s)).length;
  for (const locale of ['sv', 'en'] as FormLocale[]) {
    for (const [id, def] of Object.entries(caseTransitionForms)) {
      it(`${id} (${locale}): a valid Adaptive Card and a Slack modal within limits`, () => {
        const rctx = transitionFormContext(renderCtx({ locale, privateContext: { caseId: 'case-1', formId: id } }), { caseNumber: 'AVV-2026-0042' });
        const card = renderFormAdaptive(def, rctx);
        expect(validateAdaptiveCard(card).messages).toEqual([]);
        expect(JSON.stringify(card)).toContain('AVV-2026-0042');
        const withErrors = renderFormAdaptive(def, { ...rctx, errors: { [def.build(rctx).fields[0]!.id]: 'Fel' } });
        expect(validateAdaptiveCard(withErrors).messages).toEqual([]);

        const view = renderFormSlack(def, rctx);
        expect(view.callback_id).toBe(def.slackCallbackId);
        expect(chars(view.title.text)).toBeLessThanOrEqual(SLACK_LIMITS.titleText);
        expect(chars(view.submit.text)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(chars(view.close.text)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
        // The renderer clips silently; the definitions must fit without clipping.
        const built = def.build(rctx);
        expect(chars(built.slackTitle)).toBeLessThanOrEqual(SLACK_LIMITS.titleText);
        expect(chars(built.submitLabel)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        for (const field of built.fields) {
          if (field.kind !== 'choice' && field.kind !== 'select') continue;
          for (const o of field.options) {
            expect(chars(o.label)).toBeLessThanOrEqual(SLACK_LIMITS.optionText);
            if (o.help) expect(chars(o.help), o.help).toBeLessThanOrEqual(SLACK_LIMITS.optionDescription);
          }
        }
        for (const input of collect(view.blocks, (o) => o.type === 'input')) expect((input.element as { action_id: string }).action_id).toBe(input.block_id);
      });
    }
  }

  it('the hints are display only: they never become submitted values', () => {
    const def = caseTransitionForms['avvikelse.assess']!;
    const hinted = transitionFormContext(ctx, { caseNumber: 'AVV-2026-0042', caseType: 'lex_maria' });
    expect(ok(parseAdaptiveSubmission(def, { assessment: 'missforhallande', kbCaseType: 'lex_sarah' }, hinted))).toEqual({ assessment: 'missforhallande' });
  });

  it('assessment options speak of vårdskada for lex Maria and of missförhållande otherwise', () => {
    const def = caseTransitionForms['avvikelse.assess']!;
    const labels = (c: FormContext) => (def.build(c).fields[0] as { options: Array<{ label: string }> }).options.map((o) => o.label);
    expect(labels(ctx)).toEqual(['Ej missförhållande', 'Missförhållande', 'Allvarligt missförhållande']);
    expect(labels(transitionFormContext(ctx, { caseType: 'lex_sarah' }))).toEqual(['Ej missförhållande', 'Missförhållande', 'Allvarligt missförhållande']);
    expect(labels(transitionFormContext(ctx, { caseType: 'lex_maria' }))).toEqual(['Ingen vårdskada', 'Vårdskada', 'Allvarlig vårdskada']);
  });

  it('reclassify offers the report form’s type labels and the organisation’s units', () => {
    const fields = caseTransitionForms['avvikelse.reclassify']!.build(ctx).fields as Array<{ id: string; options: Array<{ value: string; label: string; help?: string }> }>;
    expect(fields.find((f) => f.id === 'type')!.options.map((o) => o.label)).toEqual([
      'Avvikelse',
      'Missförhållande eller påtaglig risk för missförhållande (lex Sarah)',
      'Vårdskada eller risk för vårdskada (lex Maria)',
    ]);
    expect(fields.find((f) => f.id === 'type')!.options.every((o) => o.help)).toBe(true);
    expect(fields.find((f) => f.id === 'unitId')!.options.map((o) => o.value)).toEqual(UNITS.map((u) => u.value));
  });

  it('forms that pick a unit refuse to build without units; the IVO and answer dates default to today', () => {
    expect(() => caseTransitionForms['synpunkt.forward']!.build({ now: NOW })).toThrow(RangeError);
    expect(() => caseTransitionForms['avvikelse.reclassify']!.build({ now: NOW, units: [] })).toThrow(RangeError);
    const ivo = renderFormSlack(caseTransitionForms['avvikelse.report_ivo']!, renderCtx());
    expect(collect(ivo.blocks, (o) => o.type === 'datepicker')[0]!.initial_date).toBe('2026-03-14');
    const answer = renderFormAdaptive(caseTransitionForms['synpunkt.answer']!, renderCtx());
    expect(collect(answer.body, (o) => o.type === 'Input.Date')[0]).toMatchObject({ value: '2026-03-14', max: '2026-03-14' });
  });

  it('a failed submit can be shown again with the user’s text and the error next to the field', () => {
    const def = caseTransitionForms['synpunkt.answer']!;
    const result = parseAdaptiveSubmission(def, { summary: `Ringde ${TOLVAN}`, answeredAt: '2026-03-13' }, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const card = renderFormAdaptive(def, renderCtx({ values: result.raw, errors: result.errors }));
    expect(validateAdaptiveCard(card).messages).toEqual([]);
    const inputs = collect(card.body, (o) => o.id === 'summary');
    expect(inputs[0]!.value).toContain('Ringde');
    expect(JSON.stringify(card)).toContain(result.errors.summary!.slice(0, 20));
  });
});
