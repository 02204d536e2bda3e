import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS, renderFormSlack, type SlackModalView } from '../../cards/render-form-slack.js';
import { avvikelseForm } from '../../cards/forms/avvikelse.js';
import { synpunktForm } from '../../cards/forms/synpunkt.js';
import { ansvarAskForm } from '../../cards/forms/ansvar-ask.js';
import { ViewIds } from '../../domain/action-ids.js';
import { readSlackMetadata } from '../../cards/form-submission.js';
import type { FormDefinition, FormLocale } from '../../cards/form.js';
import { collect, manyUnits, renderCtx, TOKEN } from './support/fixtures.js';

const forms: Array<[string, FormDefinition<unknown>, string]> = [
  ['avvikelse', avvikelseForm as FormDefinition<unknown>, ViewIds.avvikelseReport],
  ['synpunkt', synpunktForm as FormDefinition<unknown>, ViewIds.synpunktRegister],
  ['ansvar', ansvarAskForm as FormDefinition<unknown>, ViewIds.ansvarAsk],
];

const chars = (s: unknown) => Array.from(String(s)).length;

/** Structural checks against Slack's documented Block Kit limits for modals. */
function expectSlackValid(view: SlackModalView): void {
  expect(view.type).toBe('modal');
  expect(chars(view.title.text)).toBeLessThanOrEqual(SLACK_LIMITS.titleText);
  expect(chars(view.submit.text)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  expect(chars(view.close.text)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(view.private_metadata.length).toBeLessThanOrEqual(SLACK_LIMITS.privateMetadata);
  const blockIds = view.blocks.map((b) => b.block_id);
  expect(new Set(blockIds).size).toBe(blockIds.length);
  for (const block of view.blocks) {
    if (block.type !== 'input') continue;
    const element = block.element as Record<string, unknown>;
    expect(element.action_id, String(block.block_id)).toBe(block.block_id);
    expect(chars((block.label as { text: string }).text)).toBeLessThanOrEqual(SLACK_LIMITS.labelText);
    if (block.hint) expect(chars((block.hint as { text: string }).text)).toBeLessThanOrEqual(SLACK_LIMITS.hintText);
    if (element.placeholder) expect(chars((element.placeholder as { text: string }).text)).toBeLessThanOrEqual(SLACK_LIMITS.placeholderText);
    if (element.type === 'plain_text_input' && element.max_length !== undefined) {
      expect(element.max_length).toBeLessThanOrEqual(SLACK_LIMITS.plainTextInputMaxLength);
    }
    const options = (element.options as unknown[] | undefined) ?? [];
    if (element.type === 'radio_buttons') expect(options.length).toBeLessThanOrEqual(SLACK_LIMITS.radioOptions);
    expect(options.length).toBeLessThanOrEqual(SLACK_LIMITS.options);
    if (['static_select', 'radio_buttons', 'checkboxes'].includes(String(element.type))) {
      expect(options.length + ((element.option_groups as unknown[]) ?? []).length, String(block.block_id)).toBeGreaterThan(0);
    }
    for (const group of (element.option_groups as Array<{ options: unknown[] }> | undefined) ?? []) {
      expect(group.options.length).toBeLessThanOrEqual(SLACK_LIMITS.options);
    }
  }
  for (const option of collect(view.blocks, (o) => 'value' in o && typeof o.text === 'object')) {
    expect(chars((option.text as { text: string }).text)).toBeLessThanOrEqual(SLACK_LIMITS.optionText);
    expect(chars(option.value)).toBeLessThanOrEqual(SLACK_LIMITS.optionValue);
    if (option.description) expect(chars((option.description as { text: string }).text)).toBeLessThanOrEqual(SLACK_LIMITS.optionDescription);
  }
  for (const text of collect(view, (o) => o.type === 'plain_text' || o.type === 'mrkdwn')) {
    expect(String(text.text).length).toBeGreaterThan(0);
  }
}

describe('renderFormSlack', () => {
  for (const [name, def, callbackId] of forms) {
    for (const locale of ['sv', 'en'] as FormLocale[]) {
      it(`renders the ${name} form (${locale}) within Slack's limits`, () => {
        const view = renderFormSlack(def, renderCtx({ locale }));
        expect(view.callback_id).toBe(callbackId);
        expectSlackValid(view);
        if (locale === 'sv') expect(view).toMatchSnapshot();
      });
    }
  }

  it('uses block_id = action_id = field id, matching the definition', () => {
    const view = renderFormSlack(avvikelseForm, renderCtx());
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(avvikelseForm.build(renderCtx()).fields.map((f) => f.id));
    const byId = new Map(inputs.map((b) => [b.block_id, b as Record<string, any>]));
    expect(byId.get('type')!.element.type).toBe('radio_buttons');
    expect(byId.get('type')!.element.options[1].description.text).toMatch(/SoL- eller LSS/);
    expect(byId.get('occurredAt')!.element.type).toBe('datetimepicker');
    expect(byId.get('description')!.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(byId.get('konsekvens')!.element.type).toBe('static_select');
    expect(byId.get('konsekvens')!.element.options.map((o: { value: string }) => o.value)).toEqual(['1', '2', '3', '4']);
    expect(byId.get('location')!.optional).toBe(true);
    expect(byId.get('description')!.optional).toBe(false);
    expect(byId.get('unitId')!.element.initial_option.value).toBe('u-hemtjanst-norr');
  });

  it('carries only the token and opaque context in private_metadata', () => {
    const view = renderFormSlack(synpunktForm, renderCtx({ privateContext: { channel: 'C123' } }));
    expect(readSlackMetadata(view.private_metadata)).toEqual({ token: TOKEN, context: { channel: 'C123' } });
    expect(JSON.parse(view.private_metadata)).toEqual({ t: TOKEN, c: { channel: 'C123' } });
  });

  it('refuses private_metadata over 3000 characters', () => {
    expect(() => renderFormSlack(ansvarAskForm, renderCtx({ privateContext: { big: 'x'.repeat(3000) } }))).toThrow(RangeError);
  });

  it('splits more than 100 units into option groups of at most 100', () => {
    const view = renderFormSlack(avvikelseForm, renderCtx({ units: manyUnits(230), defaultUnitId: 'u-150' }));
    expectSlackValid(view);
    const unit = view.blocks.find((b) => b.block_id === 'unitId')!.element as Record<string, any>;
    expect(unit.options).toBeUndefined();
    expect(unit.option_groups.map((g: { options: unknown[] }) => g.options.length)).toEqual([100, 100, 30]);
    expect(unit.initial_option.value).toBe('u-150');
  });

  it('keeps values and shows errors under their field when re-rendered', () => {
    const values = {
      type: 'lex_sarah',
      occurredAt: new Date('2026-03-13T20:15:00Z'),
      description: 'Brukaren lämnades ensam <b>&</b>',
      konsekvens: 2,
      informed: 'nej',
    };
    const errors = { immediateActions: 'Vid lex Sarah och lex Maria ska du beskriva vad som gjordes direkt för att undanröja risken.' };
    const view = renderFormSlack(avvikelseForm, renderCtx({ values, errors }));
    expectSlackValid(view);
    const byId = new Map(view.blocks.map((b) => [b.block_id, b as Record<string, any>]));
    expect(byId.get('type')!.element.initial_option.value).toBe('lex_sarah');
    expect(byId.get('occurredAt')!.element.initial_date_time).toBe(Date.parse('2026-03-13T20:15:00Z') / 1000);
    expect(byId.get('description')!.element.initial_value).toBe('Brukaren lämnades ensam <b>&</b>');
    expect(byId.get('konsekvens')!.element.initial_option.value).toBe('2');
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids.indexOf('immediateActions__error')).toBe(ids.indexOf('immediateActions') + 1);
    expect(byId.get('immediateActions__error')!.elements[0].text).toContain('lex Sarah');
    expect(ids[0]).toBe('form__errors');
  });

  it('renders date parts from a failed Teams-style submit into the datetimepicker', () => {
    const view = renderFormSlack(avvikelseForm, renderCtx({ values: { occurredAt: { date: '2026-03-13', time: '21:15' } } }));
    const el = view.blocks.find((b) => b.block_id === 'occurredAt')!.element as Record<string, unknown>;
    expect(el.initial_date_time).toBe(Date.parse('2026-03-13T20:15:00Z') / 1000);
  });

  it('marks contact details as optional inputs and the synpunkt received date defaults to today', () => {
    const view = renderFormSlack(synpunktForm, renderCtx());
    const byId = new Map(view.blocks.map((b) => [b.block_id, b as Record<string, any>]));
    expect(byId.get('receivedOn')!.element).toMatchObject({ type: 'datepicker', initial_date: '2026-03-14' });
    for (const id of ['contactName', 'contactPhone', 'contactEmail', 'contactAddress']) expect(byId.get(id)!.optional, id).toBe(true);
    expect(byId.get('source')!.element.options.map((o: { value: string }) => o.value)).toEqual([
      'vard_omsorgstagare',
      'narstaende',
      'personal',
      'vardgivare',
      'annan_socialtjanst',
      'lss_verksamhet',
      'myndighet',
      'forening',
      'anonym',
    ]);
  });
});
