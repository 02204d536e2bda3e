import { describe, expect, it } from 'vitest';
import {
  adaptiveDateTimeIds,
  parseAdaptiveSubmission,
  parseSlackSubmission,
  readAdaptiveSubmitMeta,
  readSlackMetadata,
  validateForm,
  type FormResult,
} from '../../cards/form-submission.js';
import { avvikelseForm, toAvvikelseReport, type AvvikelseFormValues } from '../../cards/forms/avvikelse.js';
import { synpunktForm, toSynpunktRegistration, type SynpunktFormValues } from '../../cards/forms/synpunkt.js';
import { avvikelseLimits, avvikelseReportSchema, avvikelseTypes } from '../../domain/avvikelser/schema.js';
import { synpunktLimits, synpunktRegistrationSchema, synpunktSources, synpunktTopics, synpunktTypes } from '../../domain/synpunkter/schema.js';
import { ansvarAskForm } from '../../cards/forms/ansvar-ask.js';
import { renderFormAdaptive } from '../../cards/render-form-adaptive.js';
import { renderFormSlack } from '../../cards/render-form-slack.js';
import { ActionIds } from '../../domain/action-ids.js';
import type { FormContext } from '../../cards/form.js';
import { NOW, TOKEN, UNITS, collect, renderCtx } from './support/fixtures.js';

const ctx: FormContext = { now: NOW, units: UNITS, defaultUnitId: 'u-hemtjanst-norr' };
const TOLVAN = '19121212-1212'; // Skatteverket's test personnummer

/** What Teams sends for a filled-in avvikelse dialog (all inputs are strings). */
function adaptiveAvvikelse(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const dt = adaptiveDateTimeIds('occurredAt');
  return {
    kbAction: ActionIds.avvikelseSubmit,
    kbForm: 'avvikelse',
    kbToken: TOKEN,
    type: 'avvikelse',
    unitId: 'u-solgarden',
    [dt.date]: '2026-03-14',
    [dt.time]: '09:30',
    location: 'Matsalen',
    description: 'Brukaren fick inte sin lunch eftersom beställningen saknades.',
    immediateActions: '',
    konsekvens: '2',
    sannolikhet: '3',
    informed: 'ja',
    improvement: 'Checklista för beställningar.',
    ...overrides,
  };
}

type SlackState = Record<string, Record<string, Record<string, unknown>>>;
const s = (id: string, state: Record<string, unknown>): SlackState => ({ [id]: { [id]: state } });

/** What Slack sends in view.state.values for the same report. */
function slackAvvikelse(overrides: SlackState = {}): SlackState {
  return {
    ...s('type', { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'Avvikelse' }, value: 'avvikelse' } }),
    ...s('unitId', { type: 'static_select', selected_option: { value: 'u-solgarden' } }),
    ...s('occurredAt', { type: 'datetimepicker', selected_date_time: Date.parse('2026-03-14T08:30:00Z') / 1000 }),
    ...s('location', { type: 'plain_text_input', value: 'Matsalen' }),
    ...s('description', { type: 'plain_text_input', value: 'Brukaren fick inte sin lunch eftersom beställningen saknades.' }),
    ...s('immediateActions', { type: 'plain_text_input', value: null }),
    ...s('konsekvens', { type: 'static_select', selected_option: { value: '2' } }),
    ...s('sannolikhet', { type: 'static_select', selected_option: { value: '3' } }),
    ...s('informed', { type: 'radio_buttons', selected_option: { value: 'ja' } }),
    ...s('improvement', { type: 'plain_text_input', value: 'Checklista för beställningar.' }),
    ...overrides,
  };
}

function errorsOf<V>(result: FormResult<V>): Record<string, string> {
  expect(result.ok).toBe(false);
  return result.ok ? {} : result.errors;
}

function valuesOf<V>(result: FormResult<V>): V {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.values;
}

describe('avvikelse submission', () => {
  const expected: AvvikelseFormValues = {
    type: 'avvikelse',
    unitId: 'u-solgarden',
    occurredAt: new Date('2026-03-14T08:30:00Z'), // 09:30 in Stockholm (CET)
    location: 'Matsalen',
    description: 'Brukaren fick inte sin lunch eftersom beställningen saknades.',
    konsekvens: 2,
    sannolikhet: 3,
    informed: 'ja',
    improvement: 'Checklista för beställningar.',
    risk: { konsekvens: 2, sannolikhet: 3, score: 6, level: 'medel' },
  };

  it('parses a Teams submit into typed values with the risk score', () => {
    expect(valuesOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse(), ctx))).toEqual(expected);
  });

  it('parses the same report from Slack into identical values', () => {
    expect(valuesOf(parseSlackSubmission(avvikelseForm, slackAvvikelse(), ctx))).toEqual(expected);
  });

  it('converts Stockholm summer time correctly', () => {
    const summer = { ...ctx, now: new Date('2026-07-01T12:00:00Z') };
    const dt = adaptiveDateTimeIds('occurredAt');
    const values = valuesOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [dt.date]: '2026-06-30', [dt.time]: '23:45' }), summer));
    expect(values.occurredAt.toISOString()).toBe('2026-06-30T21:45:00.000Z');
  });

  it('accepts Teams times with seconds', () => {
    const dt = adaptiveDateTimeIds('occurredAt');
    const values = valuesOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [dt.time]: '09:30:00' }), ctx));
    expect(values.occurredAt.toISOString()).toBe('2026-03-14T08:30:00.000Z');
  });

  it('reports every missing required field in Swedish, in both channels', () => {
    const teams = errorsOf(parseAdaptiveSubmission(avvikelseForm, { kbToken: TOKEN }, ctx));
    expect(Object.keys(teams).sort()).toEqual(['konsekvens', 'description', 'informed', 'sannolikhet', 'occurredAt', 'type', 'unitId'].sort());
    expect(teams.description).toBe('Fyll i det här fältet.');
    expect(teams.type).toBe('Välj ett av alternativen.');
    const slack = errorsOf(parseSlackSubmission(avvikelseForm, {}, ctx));
    expect(Object.keys(slack).sort()).toEqual(Object.keys(teams).sort());
  });

  it('treats whitespace-only text as empty', () => {
    expect(errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ description: '  \n\t ' }), ctx))).toEqual({
      description: 'Fyll i det här fältet.',
    });
  });

  it('rejects tampered option values (Teams)', () => {
    const errors = errorsOf(
      parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ type: 'lex_bogus', unitId: 'u-not-mine', konsekvens: '5', sannolikhet: '0', informed: 'kanske' }), ctx),
    );
    expect(Object.keys(errors).sort()).toEqual(['konsekvens', 'informed', 'sannolikhet', 'type', 'unitId'].sort());
    for (const message of Object.values(errors)) expect(message).toMatch(/alternativet finns inte/);
  });

  it('rejects tampered option values and shapes (Slack)', () => {
    const errors = errorsOf(
      parseSlackSubmission(
        avvikelseForm,
        slackAvvikelse({
          ...s('type', { type: 'radio_buttons', selected_option: { value: 'lex_bogus' } }),
          ...s('konsekvens', { type: 'static_select', selected_option: { value: '2.5' } }),
          ...s('description', { type: 'plain_text_input', value: 42 }),
        }),
        ctx,
      ),
    );
    expect(errors.type).toMatch(/alternativet finns inte/);
    expect(errors.konsekvens).toMatch(/alternativet finns inte/);
    expect(errors.description).toMatch(/kunde inte läsas/);
  });

  it('rejects non-string inputs from Teams as unreadable and ignores garbage payloads', () => {
    const errors = errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ description: { $ne: 1 }, konsekvens: 2 }), ctx));
    expect(errors.description).toMatch(/kunde inte läsas/);
    expect(errors.konsekvens).toMatch(/kunde inte läsas/);
    expect(parseAdaptiveSubmission(avvikelseForm, 'not an object', ctx).ok).toBe(false);
    expect(parseSlackSubmission(avvikelseForm, [1, 2], ctx).ok).toBe(false);
  });

  it('rejects oversize text and says the limit', () => {
    const errors = errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ description: 'a'.repeat(3001), location: 'b'.repeat(151) }), ctx));
    expect(errors.description).toBe('Texten är för lång: högst 3000 tecken (nu 3001). Korta ner den – detaljer hör hemma i utredningen.');
    expect(errors.location).toMatch(/högst 150 tecken/);
    // Exactly at the limit is fine.
    expect(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ description: 'a'.repeat(3000) }), ctx).ok).toBe(true);
    const slack = errorsOf(parseSlackSubmission(avvikelseForm, slackAvvikelse(s('improvement', { type: 'plain_text_input', value: 'x'.repeat(50_000) })), ctx));
    expect(slack.improvement).toMatch(/högst 2000 tecken/);
  });

  it('rejects a time in the future, allowing a few minutes of clock skew', () => {
    const dt = adaptiveDateTimeIds('occurredAt');
    // NOW is 11:00 Stockholm.
    const future = errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [dt.time]: '11:30' }), ctx));
    expect(future.occurredAt).toMatch(/framtiden/);
    expect(errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [dt.date]: '2026-03-15', [dt.time]: '08:00' }), ctx)).occurredAt).toMatch(/framtiden/);
    expect(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [dt.time]: '11:04' }), ctx).ok).toBe(true);
    const slack = errorsOf(parseSlackSubmission(avvikelseForm, slackAvvikelse(s('occurredAt', { type: 'datetimepicker', selected_date_time: NOW.getTime() / 1000 + 3600 })), ctx));
    expect(slack.occurredAt).toMatch(/framtiden/);
  });

  it('rejects invalid and incomplete dates and times', () => {
    const dt = adaptiveDateTimeIds('occurredAt');
    const parse = (over: Record<string, unknown>) => errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse(over), ctx)).occurredAt;
    expect(parse({ [dt.date]: '2026-02-30' })).toMatch(/giltigt datum/);
    expect(parse({ [dt.date]: '14/3/2026' })).toMatch(/giltigt datum/);
    expect(parse({ [dt.time]: '25:00' })).toMatch(/giltigt klockslag/);
    expect(parse({ [dt.time]: '' })).toMatch(/både datum och klockslag/);
    // 02:30 on the last Sunday of March does not exist in Stockholm.
    expect(parse({ [dt.date]: '2025-03-30', [dt.time]: '02:30' })).toMatch(/giltigt datum/);
    expect(parse({ [dt.date]: '1850-01-01' })).toMatch(/giltigt datum/);
  });

  it('refuses a personnummer in any free-text field and says what to write instead', () => {
    for (const field of ['description', 'location', 'immediateActions', 'improvement']) {
      const errors = errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [field]: `Gäller ${TOLVAN}.` }), ctx));
      expect(Object.keys(errors), field).toEqual([field]);
      expect(errors[field]).toMatch(/personnummer eller samordningsnummer/);
      expect(errors[field]).toMatch(/"brukaren"/);
      expect(errors[field]).not.toContain('1212');
    }
    const slack = errorsOf(parseSlackSubmission(avvikelseForm, slackAvvikelse(s('description', { type: 'plain_text_input', value: 'Pnr 121212 1212 föll.' })), ctx));
    expect(slack.description).toMatch(/personnummer/);
  });

  it('requires immediate actions for lex Sarah and lex Maria', () => {
    for (const type of ['lex_sarah', 'lex_maria']) {
      const errors = errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ type }), ctx));
      expect(errors).toEqual({ immediateActions: expect.stringMatching(/lex Sarah och lex Maria/) });
      const ok = parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ type, immediateActions: 'Kontaktade sjuksköterska.' }), ctx);
      expect(ok.ok).toBe(true);
    }
  });

  it('returns raw values that re-render the same form with errors and the user input kept', () => {
    const dt = adaptiveDateTimeIds('occurredAt');
    const result = parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ description: `Brukaren ${TOLVAN}`, [dt.time]: '10:15' }), ctx);
    if (result.ok) throw new Error('expected errors');
    const card = renderFormAdaptive(avvikelseForm, renderCtx({ values: result.raw, errors: result.errors }));
    const inputs = new Map(collect(card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.')).map((i) => [i.id, i]));
    expect(inputs.get('description')!.value).toBe(`Brukaren ${TOLVAN}`);
    expect(inputs.get(dt.time)!.value).toBe('10:15');
    expect(inputs.get('konsekvens')!.value).toBe('2');
    expect(collect(card, (o) => o.id === 'description__error')).toHaveLength(1);
  });

  it('gives Slack an error map keyed by block ids that exist in the modal', () => {
    const result = parseSlackSubmission(avvikelseForm, slackAvvikelse({ ...s('description', { type: 'plain_text_input', value: TOLVAN }), ...s('konsekvens', { type: 'static_select', selected_option: null }) }), ctx);
    const errors = errorsOf(result);
    const blockIds = new Set(renderFormSlack(avvikelseForm, renderCtx()).blocks.map((b) => b.block_id));
    expect(Object.keys(errors).sort()).toEqual(['konsekvens', 'description'].sort());
    for (const key of Object.keys(errors)) expect(blockIds.has(key)).toBe(true);
  });

  it('reports in English with locale en', () => {
    const errors = errorsOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ description: '' }), { ...ctx, locale: 'en' }));
    expect(errors.description).toBe('Fill in this field.');
  });
});

describe('synpunkt submission', () => {
  function slackSynpunkt(overrides: SlackState = {}): SlackState {
    return {
      ...s('type', { type: 'radio_buttons', selected_option: { value: 'klagomal' } }),
      ...s('source', { type: 'static_select', selected_option: { value: 'narstaende' } }),
      ...s('channel', { type: 'radio_buttons', selected_option: { value: 'telefon' } }),
      ...s('receivedOn', { type: 'datepicker', selected_date: '2026-03-13' }),
      ...s('unitId', { type: 'static_select', selected_option: { value: 'u-hemtjanst-norr' } }),
      ...s('topic', { type: 'static_select', selected_option: { value: 'kontinuitet' } }),
      ...s('description', { type: 'plain_text_input', value: 'Många olika personal på kort tid.' }),
      ...s('wantsAnswer', { type: 'radio_buttons', selected_option: { value: 'ja' } }),
      ...s('answerMethod', { type: 'static_select', selected_option: { value: 'e_post' } }),
      ...s('contactName', { type: 'plain_text_input', value: 'Anna Andersson' }),
      ...s('contactPhone', { type: 'plain_text_input', value: null }),
      ...s('contactEmail', { type: 'plain_text_input', value: 'anna@example.se' }),
      ...s('contactAddress', { type: 'plain_text_input', value: null }),
      ...overrides,
    };
  }

  /** The registration the Slack fixture `slackSynpunkt()` holds, as parsed values. */
  const registration: SynpunktFormValues = {
    type: 'klagomal',
    source: 'narstaende',
    channel: 'telefon',
    receivedOn: '2026-03-13',
    unitId: 'u-hemtjanst-norr',
    topic: 'kontinuitet',
    description: 'Många olika personal på kort tid.',
    wantsAnswer: 'ja',
    answerMethod: 'e_post',
    contactName: 'Anna Andersson',
    contactEmail: 'anna@example.se',
  };

  it('parses a complete registration from Slack', () => {
    const values: SynpunktFormValues = valuesOf(parseSlackSubmission(synpunktForm, slackSynpunkt(), ctx));
    expect(values).toEqual(registration);
  });

  it('parses the same registration from Teams', () => {
    const data = { kbToken: TOKEN, ...registration };
    expect(valuesOf(parseAdaptiveSubmission(synpunktForm, data, ctx))).toEqual(valuesOf(parseSlackSubmission(synpunktForm, slackSynpunkt(), ctx)));
  });

  it('rejects a received date in the future and an invalid e-mail', () => {
    const errors = errorsOf(
      parseSlackSubmission(
        synpunktForm,
        slackSynpunkt({ ...s('receivedOn', { type: 'datepicker', selected_date: '2026-03-15' }), ...s('contactEmail', { type: 'plain_text_input', value: 'anna(at)example' }) }),
        ctx,
      ),
    );
    expect(errors.receivedOn).toBe('Datumet kan inte ligga i framtiden.');
    expect(errors.contactEmail).toMatch(/giltig e-postadress/);
  });

  it('needs the contact detail that matches the reply channel', () => {
    const errors = errorsOf(parseSlackSubmission(synpunktForm, slackSynpunkt(s('contactEmail', { type: 'plain_text_input', value: null })), ctx));
    expect(errors).toEqual({ contactEmail: expect.stringMatching(/e-postadress/) });
    const letter = errorsOf(parseSlackSubmission(synpunktForm, slackSynpunkt(s('answerMethod', { type: 'static_select', selected_option: { value: 'brev' } })), ctx));
    expect(letter).toEqual({ contactAddress: expect.stringMatching(/postadress/) });
    const noChannel = errorsOf(parseSlackSubmission(synpunktForm, slackSynpunkt(s('answerMethod', { type: 'static_select', selected_option: null })), ctx));
    expect(Object.keys(noChannel)).toEqual(['answerMethod']);
  });

  it('accepts an anonymous registration without contact details and refuses a reply or contact details for it', () => {
    const anonymous = slackSynpunkt({
      ...s('source', { type: 'static_select', selected_option: { value: 'anonym' } }),
      ...s('wantsAnswer', { type: 'radio_buttons', selected_option: { value: 'nej' } }),
      ...s('answerMethod', { type: 'static_select', selected_option: null }),
      ...s('contactName', { type: 'plain_text_input', value: null }),
      ...s('contactEmail', { type: 'plain_text_input', value: null }),
    });
    expect(valuesOf(parseSlackSubmission(synpunktForm, anonymous, ctx))).toMatchObject({ source: 'anonym', wantsAnswer: 'nej' });
    const wantsReply = errorsOf(parseSlackSubmission(synpunktForm, { ...anonymous, ...s('wantsAnswer', { type: 'radio_buttons', selected_option: { value: 'ja' } }) }, ctx));
    expect(wantsReply.wantsAnswer).toMatch(/anonym synpunkt kan inte besvaras/);
    const withContact = errorsOf(parseSlackSubmission(synpunktForm, { ...anonymous, ...s('contactPhone', { type: 'plain_text_input', value: '070-123 45 67' }) }, ctx));
    expect(withContact.contactPhone).toMatch(/anonym/);
  });

  it('runs the guard over contact details with a contact-specific message', () => {
    const errors = errorsOf(parseSlackSubmission(synpunktForm, slackSynpunkt(s('contactAddress', { type: 'plain_text_input', value: `Storgatan 1, ${TOLVAN}` })), ctx));
    expect(errors.contactAddress).toMatch(/kontaktuppgifterna/);
    const narrative = errorsOf(parseSlackSubmission(synpunktForm, slackSynpunkt(s('description', { type: 'plain_text_input', value: `Gäller 121212-1212` })), ctx));
    expect(narrative.description).toMatch(/"brukaren"/);
  });

  it('rejects a source outside 5 kap. 3 §', () => {
    const errors = errorsOf(parseSlackSubmission(synpunktForm, slackSynpunkt(s('source', { type: 'static_select', selected_option: { value: 'journalist' } })), ctx));
    expect(errors.source).toMatch(/alternativet finns inte/);
  });
});

describe('mapping to the domain inputs', () => {
  it('maps avvikelse values onto avvikelseReportSchema', () => {
    const values = valuesOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse(), ctx));
    const report = avvikelseReportSchema.parse(toAvvikelseReport(values, TOKEN));
    expect(report).toMatchObject({ token: TOKEN, konsekvens: 2, sannolikhet: 3, immediateActions: '', location: 'Matsalen' });
  });

  it('offers exactly what the domain stores: the longest texts the avvikelse form accepts pass the domain schema, one more character neither', () => {
    const fields = Object.fromEntries(avvikelseForm.build(ctx).fields.map((f) => [f.id, f]));
    for (const id of ['location', 'description', 'immediateActions', 'improvement'] as const) {
      const max = avvikelseLimits[id];
      expect(fields[id]).toMatchObject({ maxLength: max });
      const longest = valuesOf(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [id]: 'a'.repeat(max) }), ctx));
      expect(avvikelseReportSchema.safeParse(toAvvikelseReport(longest, TOKEN)).success).toBe(true);
      expect(parseAdaptiveSubmission(avvikelseForm, adaptiveAvvikelse({ [id]: 'a'.repeat(max + 1) }), ctx).ok).toBe(false);
      expect(avvikelseReportSchema.safeParse(toAvvikelseReport({ ...longest, [id]: 'a'.repeat(max + 1) }, TOKEN)).success).toBe(false);
    }
    expect(fields.type).toMatchObject({ options: avvikelseTypes.map((value) => expect.objectContaining({ value })) });
  });

  it('offers exactly what the domain stores: synpunkt texts and options', () => {
    const fields = Object.fromEntries(synpunktForm.build(ctx).fields.map((f) => [f.id, f]));
    for (const id of ['description', 'contactName', 'contactPhone', 'contactEmail', 'contactAddress'] as const) expect(fields[id]).toMatchObject({ maxLength: synpunktLimits[id] });
    const values = (id: string) => ((fields[id] as { options: Array<{ value: string }> }).options.map((o) => o.value)).sort();
    expect(values('type')).toEqual([...synpunktTypes].sort());
    expect(values('source')).toEqual([...synpunktSources].sort());
    expect(values('topic')).toEqual([...synpunktTopics].sort());
  });

  it('maps synpunkt values onto synpunktRegistrationSchema, never later than now', () => {
    const data = {
      type: 'berom',
      source: 'personal',
      channel: 'besok',
      receivedOn: '2026-03-14',
      unitId: 'u-solgarden',
      topic: 'ovrigt',
      description: 'Tack till nattpersonalen.',
      wantsAnswer: 'ja',
      answerMethod: 'besok',
      contactName: 'Kim',
      contactPhone: '+46 70 123 45 67',
    };
    const values = valuesOf(parseAdaptiveSubmission(synpunktForm, data, ctx));
    const registration = synpunktRegistrationSchema.parse(toSynpunktRegistration(values, TOKEN, NOW));
    expect(registration).toMatchObject({ wantsAnswer: true, answerMethod: 'besok', contact: { name: 'Kim', phone: '+46 70 123 45 67' } });
    // Received "today" (NOW is 11:00): noon would be in the future, so now is used.
    expect(registration.receivedAt).toEqual(NOW);
    const yesterday = toSynpunktRegistration({ ...values, receivedOn: '2026-03-13' }, TOKEN, NOW);
    expect(yesterday.receivedAt.toISOString()).toBe('2026-03-13T11:00:00.000Z');
  });
});

describe('ansvar question', () => {
  it('parses one question and refuses an identity number in it', () => {
    expect(valuesOf(parseSlackSubmission(ansvarAskForm, s('question', { type: 'plain_text_input', value: ' Vem ansvarar för lex Maria? ' }), ctx))).toEqual({
      question: 'Vem ansvarar för lex Maria?',
    });
    expect(errorsOf(parseAdaptiveSubmission(ansvarAskForm, { question: `Vem har ${TOLVAN}?` }, ctx)).question).toMatch(/personnummer/);
  });

  it('flattens newlines in a single-line text field', () => {
    expect(valuesOf(validateForm(ansvarAskForm, { question: 'Vem\r\n ansvarar?' }, ctx))).toEqual({ question: 'Vem ansvarar?' });
  });
});

describe('submit metadata', () => {
  it('reads the Teams action, form, token and context and refuses malformed ones', () => {
    const card = renderFormAdaptive(avvikelseForm, renderCtx({ privateContext: { conversation: 'a:1' } }));
    const data = (card.actions![0] as { data: Record<string, string> }).data;
    expect(readAdaptiveSubmitMeta({ ...data, description: 'x' })).toEqual({
      action: ActionIds.avvikelseSubmit,
      form: 'avvikelse',
      token: TOKEN,
      context: { conversation: 'a:1' },
    });
    expect(readAdaptiveSubmitMeta({ ...data, kbToken: 'short' })).toBeUndefined();
    expect(readAdaptiveSubmitMeta({ ...data, kbToken: 'tok with spaces and more' })).toBeUndefined();
    expect(readAdaptiveSubmitMeta({ ...data, kbContext: '{"a":1}' })).toBeUndefined();
    expect(readAdaptiveSubmitMeta({ ...data, kbContext: 'not json' })).toBeUndefined();
    expect(readAdaptiveSubmitMeta(null)).toBeUndefined();
  });

  it('reads Slack private_metadata and refuses malformed ones', () => {
    expect(readSlackMetadata(JSON.stringify({ t: TOKEN }))).toEqual({ token: TOKEN, context: {} });
    expect(readSlackMetadata(JSON.stringify({ t: TOKEN, c: { x: 1 } }))).toBeUndefined();
    expect(readSlackMetadata('{')).toBeUndefined();
    expect(readSlackMetadata(undefined)).toBeUndefined();
    expect(readSlackMetadata('x'.repeat(3001))).toBeUndefined();
  });
});
