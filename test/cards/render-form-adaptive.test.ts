import { describe, expect, it } from 'vitest';
import { renderFormAdaptive, formDialogTitle } from '../../cards/render-form-adaptive.js';
import { avvikelseForm } from '../../cards/forms/avvikelse.js';
import { synpunktForm } from '../../cards/forms/synpunkt.js';
import { ansvarAskForm } from '../../cards/forms/ansvar-ask.js';
import { ActionIds } from '../../domain/action-ids.js';
import { ACTION_KEY } from '../../cards/render-message.js';
import type { FormDefinition } from '../../cards/form.js';
import { collect, manyUnits, renderCtx, validateAdaptiveCard } from './support/fixtures.js';

const forms: Array<[string, FormDefinition<unknown>]> = [
  ['avvikelse', avvikelseForm as FormDefinition<unknown>],
  ['synpunkt', synpunktForm as FormDefinition<unknown>],
  ['ansvar', ansvarAskForm as FormDefinition<unknown>],
];

/** Properties the object model drops on serialisation because they hold the default value. */
const DEFAULTS: Record<string, unknown> = { style: 'compact', isRequired: false, isMultiline: false };

function expectValid(card: unknown): void {
  const { messages, roundTrip } = validateAdaptiveCard(card);
  expect(messages).toEqual([]);
  // Every property we emit must be known to the object model: a misspelt one would be dropped on the round trip.
  const ours = collect(card, (o) => typeof o.type === 'string' && typeof o.id === 'string');
  const theirs = new Map(collect(roundTrip, (o) => typeof o.id === 'string').map((o) => [o.id, o]));
  for (const element of ours) {
    const back = theirs.get(element.id);
    expect(back, String(element.id)).toBeDefined();
    for (const key of Object.keys(element)) {
      if (!(key in back!)) expect(DEFAULTS[key], `${String(element.id)}.${key}`).toEqual(element[key]);
    }
  }
}

function inputsOf(card: unknown) {
  return collect(card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.'));
}

describe('renderFormAdaptive', () => {
  for (const [name, def] of forms) {
    it(`renders the ${name} form as a valid Adaptive Card 1.5 (snapshot)`, () => {
      const card = renderFormAdaptive(def, renderCtx());
      expect(card.version).toBe('1.5');
      expectValid(card);
      expect(card).toMatchSnapshot();
    });

    it(`renders the ${name} form in English, valid`, () => {
      const card = renderFormAdaptive(def, renderCtx({ locale: 'en' }));
      expectValid(card);
      expect(JSON.stringify(card)).not.toMatch(/Skicka|Avbryt/);
    });

    it(`gives every ${name} input a label and every required input an error message`, () => {
      for (const input of inputsOf(renderFormAdaptive(def, renderCtx()))) {
        expect(typeof input.label, String(input.id)).toBe('string');
        if (input.isRequired) expect(typeof input.errorMessage, String(input.id)).toBe('string');
      }
    });
  }

  it('carries action, form id, token and opaque context on the submit action', () => {
    const card = renderFormAdaptive(avvikelseForm, renderCtx({ privateContext: { conversation: 'c-1' } }));
    expect(card.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Skicka',
        style: 'positive',
        data: { [ACTION_KEY]: ActionIds.avvikelseSubmit, kbForm: 'avvikelse', kbToken: 'tok_0123456789abcdef', kbContext: '{"conversation":"c-1"}' },
      },
    ]);
    expect(formDialogTitle(avvikelseForm, renderCtx())).toBe('Rapportera avvikelse');
  });

  it('has the avvikelse fields of issue 4 with Swedish help for each type', () => {
    const card = renderFormAdaptive(avvikelseForm, renderCtx());
    expect(inputsOf(card).map((i) => i.id)).toEqual([
      'type',
      'unitId',
      'occurredAt__date',
      'occurredAt__time',
      'location',
      'description',
      'immediateActions',
      'konsekvens',
      'sannolikhet',
      'informed',
      'improvement',
    ]);
    const text = JSON.stringify(card);
    expect(text).toContain('(lex Sarah)');
    expect(text).toContain('(lex Maria)');
    expect(text).toContain('1 – Mindre');
    expect(text).toContain('4 – Mycket stor');
  });

  it('preselects the user unit, forbids future dates in the picker, and ignores an unknown default unit', () => {
    const card = renderFormAdaptive(avvikelseForm, renderCtx());
    const byId = new Map(inputsOf(card).map((i) => [i.id, i]));
    expect(byId.get('unitId')!.value).toBe('u-hemtjanst-norr');
    expect(byId.get('occurredAt__date')!.max).toBe('2026-03-14');
    const other = renderFormAdaptive(avvikelseForm, renderCtx({ defaultUnitId: 'u-elsewhere' }));
    expect(inputsOf(other).find((i) => i.id === 'unitId')!.value).toBeUndefined();
  });

  it('uses a filtered dropdown for many units and stays valid', () => {
    const card = renderFormAdaptive(synpunktForm, renderCtx({ units: manyUnits(150), defaultUnitId: 'u-149' }));
    expectValid(card);
    const unit = inputsOf(card).find((i) => i.id === 'unitId')!;
    expect(unit.style).toBe('filtered');
    expect((unit.choices as unknown[]).length).toBe(150);
  });

  it('shows each error right under its input in Attention colour and keeps the values', () => {
    const values = {
      type: 'lex_maria',
      unitId: 'u-solgarden',
      occurredAt: { date: '2026-03-13', time: '21:15' },
      description: 'Brukaren fick dubbel dos.',
      konsekvens: '3',
      informed: 'ja',
    };
    const errors = { description: 'Texten innehåller ett personnummer.', occurredAt: 'Ange både datum och klockslag.', sannolikhet: 'Välj ett av alternativen.' };
    const card = renderFormAdaptive(avvikelseForm, renderCtx({ values, errors }));
    expectValid(card);
    // A summary at the top.
    expect((card.body[0] as Record<string, unknown>).color).toBe('Attention');
    for (const [fieldId, message] of Object.entries(errors)) {
      const container = collect(card, (o) => o.id === `${fieldId}__field`)[0]!;
      const items = container.items as Array<Record<string, unknown>>;
      const errorIndex = items.findIndex((i) => i.type === 'TextBlock' && i.text === message);
      expect(errorIndex, fieldId).toBe(1); // directly after the input (or the date/time column set)
      expect(items[errorIndex]!.color).toBe('Attention');
    }
    const byId = new Map(inputsOf(card).map((i) => [i.id, i]));
    expect(byId.get('type')!.value).toBe('lex_maria');
    expect(byId.get('unitId')!.value).toBe('u-solgarden');
    expect(byId.get('occurredAt__date')!.value).toBe('2026-03-13');
    expect(byId.get('occurredAt__time')!.value).toBe('21:15');
    expect(byId.get('description')!.value).toBe('Brukaren fick dubbel dos.');
    expect(byId.get('konsekvens')!.value).toBe('3');
    // No error blocks for fields without errors.
    expect(collect(card, (o) => o.color === 'Attention')).toHaveLength(1 + 3);
  });

  it('shows a Date value in Stockholm time and drops a tampered option value', () => {
    const card = renderFormAdaptive(avvikelseForm, renderCtx({ values: { occurredAt: new Date('2026-03-13T20:15:00Z'), type: 'bogus' } }));
    const byId = new Map(inputsOf(card).map((i) => [i.id, i]));
    expect(byId.get('occurredAt__date')!.value).toBe('2026-03-13');
    expect(byId.get('occurredAt__time')!.value).toBe('21:15');
    expect(byId.get('type')!.value).toBeUndefined();
  });

  it('refuses to render a unit form without units', () => {
    expect(() => renderFormAdaptive(avvikelseForm, renderCtx({ units: [] }))).toThrow(RangeError);
  });
});
