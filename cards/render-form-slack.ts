/**
 * Renders a form definition to a Slack modal view (views.open / views.update / response_action: 'update').
 * Pure. Block ids and action ids are the field ids, so `view.state.values[id][id]` is the field's state and
 * the error map from `parseSlackSubmission` is directly `response_action: 'errors'`.
 */
import {
  type DateTimeParts,
  type FieldOption,
  type FormDefinition,
  type FormField,
  type FormRenderContext,
  initialValue,
  instantFromParts,
  localize,
} from './form.js';
import { encodeSlackMetadata } from './form-submission.js';
import { escapeSlack } from './render-message.js';
import { commonTexts, validationMessages } from './forms/messages.js';

/** Documented Block Kit limits that matter for forms. */
export const SLACK_LIMITS = {
  titleText: 24,
  buttonText: 24,
  labelText: 2000,
  hintText: 2000,
  placeholderText: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  options: 100,
  optionGroups: 100,
  radioOptions: 10,
  blocks: 100,
  privateMetadata: 3000,
  plainTextInputMaxLength: 3000,
  sectionText: 3000,
} as const;

type Block = Record<string, unknown>;

export interface SlackModalView {
  type: 'modal';
  callback_id: string;
  title: { type: 'plain_text'; text: string };
  submit: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  private_metadata: string;
  /** Slack keeps the modal open after submit so `response_action: 'errors'` can show field errors. */
  clear_on_close?: boolean;
  notify_on_close?: boolean;
  blocks: Block[];
}

function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: boolean } {
  return { type: 'plain_text', text: clip(text, max), emoji: false };
}

/** Cuts at `max` characters with an ellipsis; definitions are tested to fit, this is a last guard. */
function clip(text: string, max: number): string {
  // UTF-16 length is never below the number of characters: short texts (nearly all) need no splitting.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function option(o: FieldOption, withDescription: boolean): Block {
  return {
    text: plain(o.label, SLACK_LIMITS.optionText),
    value: o.value,
    ...(withDescription && o.help ? { description: plain(o.help, SLACK_LIMITS.optionDescription) } : {}),
  };
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A static_select with options, or option groups of 100 when there are more (e.g. a large organisation). */
function staticSelect(field: FormField & { options: FieldOption[] }, selected: string | undefined, placeholder: string): Block {
  const initial = field.options.find((o) => o.value === selected);
  const base: Block = {
    type: 'static_select',
    action_id: field.id,
    placeholder: plain(field.placeholder ?? placeholder, SLACK_LIMITS.placeholderText),
    ...(initial ? { initial_option: option(initial, false) } : {}),
  };
  if (field.options.length <= SLACK_LIMITS.options) return { ...base, options: field.options.map((o) => option(o, false)) };
  const groups: Block[] = [];
  for (let i = 0; i < field.options.length && groups.length < SLACK_LIMITS.optionGroups; i += SLACK_LIMITS.options) {
    const chunk = field.options.slice(i, i + SLACK_LIMITS.options);
    const first = chunk[0]!.label.slice(0, 30);
    const last = chunk[chunk.length - 1]!.label.slice(0, 30);
    groups.push({ label: plain(`${first} – ${last}`, SLACK_LIMITS.optionText), options: chunk.map((o) => option(o, false)) });
  }
  return { ...base, option_groups: groups };
}

function element(field: FormField, ctx: FormRenderContext): Block {
  const value = initialValue(field, ctx);
  const v = asString(value);
  const choose = localize(commonTexts.choose, ctx.locale);
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return {
        type: 'plain_text_input',
        action_id: field.id,
        ...(field.kind === 'textarea' ? { multiline: true } : {}),
        max_length: Math.min(field.maxLength, SLACK_LIMITS.plainTextInputMaxLength),
        ...(field.placeholder ? { placeholder: plain(field.placeholder, SLACK_LIMITS.placeholderText) } : {}),
        ...(v ? { initial_value: v } : {}),
      };
    case 'date':
      return { type: 'datepicker', action_id: field.id, placeholder: plain(field.placeholder ?? 'ÅÅÅÅ-MM-DD', 150), ...(v ? { initial_date: v } : {}) };
    case 'time':
      return { type: 'timepicker', action_id: field.id, ...(v ? { initial_time: v } : {}) };
    case 'datetime': {
      let instant: Date | undefined;
      if (value instanceof Date && !Number.isNaN(value.getTime())) instant = value;
      else if (value && typeof value === 'object') {
        const parts = value as DateTimeParts;
        if (parts.date && parts.time) instant = instantFromParts(parts.date, parts.time);
      }
      return { type: 'datetimepicker', action_id: field.id, ...(instant ? { initial_date_time: Math.floor(instant.getTime() / 1000) } : {}) };
    }
    case 'choice': {
      const initial = field.options.find((o) => o.value === v);
      if (field.style === 'radio' && field.options.length <= SLACK_LIMITS.radioOptions) {
        return {
          type: 'radio_buttons',
          action_id: field.id,
          options: field.options.map((o) => option(o, true)),
          ...(initial ? { initial_option: option(initial, true) } : {}),
        };
      }
      return staticSelect(field, v, choose);
    }
    case 'select':
    case 'rating':
      return staticSelect(field, v, choose);
    case 'boolean': {
      const opt = { text: plain(field.title, SLACK_LIMITS.optionText), value: 'true' };
      return { type: 'checkboxes', action_id: field.id, options: [opt], ...(value === true || value === 'true' ? { initial_options: [opt] } : {}) };
    }
  }
}

/** Help text for Slack's hint: the field help plus option help that a dropdown cannot show itself. */
function hint(field: FormField): string | undefined {
  const parts: string[] = field.help ? [field.help] : [];
  const showsDescriptions = field.kind === 'choice' && field.style === 'radio' && field.options.length <= SLACK_LIMITS.radioOptions;
  if ((field.kind === 'choice' || field.kind === 'select') && !showsDescriptions) {
    for (const o of field.options) if (o.help) parts.push(`${o.label}: ${o.help}`);
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function fieldBlocks(field: FormField, ctx: FormRenderContext): Block[] {
  const help = hint(field);
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: field.id,
      label: plain(field.label, SLACK_LIMITS.labelText),
      // Booleans are never required: an unticked box is an answer.
      optional: field.kind === 'boolean' ? true : !field.required,
      element: element(field, ctx),
      ...(help ? { hint: plain(help, SLACK_LIMITS.hintText) } : {}),
    },
  ];
  const error = ctx.errors?.[field.id];
  if (error) blocks.push({ type: 'context', block_id: `${field.id}__error`, elements: [{ type: 'mrkdwn', text: `:warning: ${escapeSlack(error)}` }] });
  return blocks;
}

/**
 * The Slack modal of `def`. `private_metadata` carries only the idempotency token and `ctx.privateContext`;
 * throws a RangeError when they exceed Slack's 3000 characters or the form exceeds 100 blocks (a programming
 * error, not user input).
 */
export function renderFormSlack<V>(def: FormDefinition<V>, ctx: FormRenderContext): SlackModalView {
  const form = def.build(ctx);
  const blocks: Block[] = [];
  if (ctx.errors && Object.keys(ctx.errors).length > 0) {
    blocks.push({ type: 'section', block_id: 'form__errors', text: { type: 'mrkdwn', text: `:warning: *${escapeSlack(localize(validationMessages.summary, ctx.locale))}*` } });
  }
  for (const [i, paragraph] of (form.intro ?? []).entries()) {
    blocks.push({ type: 'context', block_id: `form__intro_${i}`, elements: [{ type: 'mrkdwn', text: escapeSlack(paragraph) }] });
  }
  for (const field of form.fields) blocks.push(...fieldBlocks(field, ctx));
  if (blocks.length > SLACK_LIMITS.blocks) throw new RangeError(`Form ${def.id} renders ${blocks.length} Slack blocks (max ${SLACK_LIMITS.blocks})`);
  const privateMetadata = encodeSlackMetadata({ token: ctx.token, context: ctx.privateContext ?? {} });
  if (privateMetadata.length > SLACK_LIMITS.privateMetadata) {
    throw new RangeError(`Form ${def.id}: private_metadata is ${privateMetadata.length} characters (max ${SLACK_LIMITS.privateMetadata})`);
  }
  return {
    type: 'modal',
    callback_id: def.slackCallbackId,
    title: { type: 'plain_text', text: clip(form.slackTitle, SLACK_LIMITS.titleText) },
    submit: { type: 'plain_text', text: clip(form.submitLabel, SLACK_LIMITS.buttonText) },
    close: { type: 'plain_text', text: clip(form.closeLabel, SLACK_LIMITS.buttonText) },
    private_metadata: privateMetadata,
    clear_on_close: true,
    blocks,
  };
}
