/**
 * Parses what Teams (Adaptive Card submit data) or Slack (view.state.values) sends back for a form, through the
 * same checks and the same zod schema. The result is typed values or Swedish errors per field: for Slack the
 * error map is directly the `errors` of `response_action: 'errors'`; for Teams, re-render the card with
 * `errors` and the returned `raw` values so the user keeps what they typed.
 *
 * Nothing in a submission is trusted: option values must be among the options offered, texts are capped, dates
 * must exist, the personal-number guard runs on every guarded free-text field.
 */
import { z } from 'zod';
import { checkFreeText } from '../domain/privacy/guard.js';
import {
  type BuiltForm,
  type DateTimeParts,
  type FieldErrors,
  type FormContext,
  type FormDefinition,
  type FormField,
  type RawFormValues,
  type RawValue,
  instantFromParts,
  isIsoDate,
  localize,
  normaliseTime,
  todayIn,
} from './form.js';
import { ACTION_KEY } from './render-message.js';
import { fill, validationMessages as msg } from './forms/messages.js';

export type FormResult<V> =
  | { ok: true; values: V }
  | {
      ok: false;
      /** Message per field id (= Slack block_id). */
      errors: FieldErrors;
      /** What the user entered, to render the form again with `ctx.values = raw, ctx.errors = errors`. */
      raw: RawFormValues;
    };

/** Keys the Adaptive renderer puts into the submit data next to the inputs. */
export const FORM_KEY = 'kbForm';
export const TOKEN_KEY = 'kbToken';
export const CONTEXT_KEY = 'kbContext';

/** Input ids of the two parts of a datetime field in the Adaptive Card. */
export function adaptiveDateTimeIds(fieldId: string): { date: string; time: string } {
  return { date: `${fieldId}__date`, time: `${fieldId}__time` };
}

/** A datetime may be up to this far "in the future", for clock skew and rounding up to the minute. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Longer than any field allows: anything beyond is cut before checks so a huge payload cannot cost much. */
const HARD_TEXT_CAP = 20_000;

const token = z.string().min(8).max(100).regex(/^[A-Za-z0-9_.:-]+$/);

/** Cleans user text: unified newlines, no control characters except newline and tab, trimmed. */
function cleanText(value: string): string {
  return value
    .slice(0, HARD_TEXT_CAP)
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
}

function isEmpty(value: RawValue): boolean {
  if (value === undefined || value === '') return true;
  if (typeof value === 'object' && !(value instanceof Date)) return !value.date && !value.time;
  return false;
}

const EMAIL = z.email();
const PHONE = /^\+?[0-9][0-9 \-()]{4,24}$/;

/**
 * Checks one field's raw value; returns the clean value (or undefined when empty) or an error.
 * Shared by both channels.
 */
function checkField(field: FormField, value: RawValue, ctx: FormContext): { value?: unknown; error?: string } {
  const locale = ctx.locale;
  const t = (text: { sv: string; en: string }) => localize(text, locale);
  if (typeof value === 'string') value = cleanText(value);
  if (isEmpty(value)) {
    if (field.kind === 'boolean') return { value: false };
    if (!field.required) return {};
    const isPick = field.kind === 'choice' || field.kind === 'select' || field.kind === 'rating';
    if (field.kind === 'datetime') return { error: t(msg.dateTimeIncomplete) };
    return { error: t(isPick ? msg.requiredChoice : msg.required) };
  }
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return { error: t(msg.invalidValue) };
      if (field.kind === 'text' && value.includes('\n')) value = value.replace(/\s*\n\s*/g, ' ');
      if (value.length > field.maxLength) return { error: fill(t(msg.tooLong), { max: field.maxLength, length: value.length }) };
      // Every text field, not only the narrative ones: a link or a short answer reaches the case or the audit trail too.
      const check = checkFreeText(value, field.privacy ?? 'narrative', locale ?? 'sv');
      if (!check.ok) return { error: check.message };
      if (field.format === 'email' && !EMAIL.safeParse(value).success) return { error: t(msg.invalidEmail) };
      if (field.format === 'phone' && !PHONE.test(value)) return { error: t(msg.invalidPhone) };
      return { value };
    }
    case 'date': {
      if (typeof value !== 'string' || !isIsoDate(value)) return { error: t(msg.invalidDate) };
      if (field.notInFuture && value > todayIn(ctx.now)) return { error: t(msg.dateInFuture) };
      return { value };
    }
    case 'time': {
      const time = typeof value === 'string' ? normaliseTime(value) : undefined;
      return time ? { value: time } : { error: t(msg.invalidTime) };
    }
    case 'datetime': {
      let instant: Date | undefined;
      if (value instanceof Date) instant = Number.isNaN(value.getTime()) ? undefined : value;
      else if (typeof value === 'object') {
        const parts = value as DateTimeParts;
        if (!parts.date || !parts.time) return { error: t(msg.dateTimeIncomplete) };
        if (!isIsoDate(parts.date)) return { error: t(msg.invalidDate) };
        if (!normaliseTime(parts.time)) return { error: t(msg.invalidTime) };
        instant = instantFromParts(parts.date, parts.time);
      }
      if (!instant || instant.getUTCFullYear() < 1900) return { error: t(msg.invalidDate) };
      if (field.notInFuture && instant.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS) return { error: t(msg.dateTimeInFuture) };
      return { value: instant };
    }
    case 'choice':
    case 'select': {
      if (typeof value !== 'string') return { error: t(msg.invalidValue) };
      if (!field.options.some((o) => o.value === value)) return { error: t(msg.invalidOption) };
      return { value };
    }
    case 'rating': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n) || n < field.min || n > field.max || !field.options.some((o) => o.value === String(n))) {
        return { error: t(msg.invalidOption) };
      }
      return { value: n };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      if (value === 'true') return { value: true };
      if (value === 'false') return { value: false };
      return { error: t(msg.invalidValue) };
    }
  }
}

/**
 * Channel-neutral validation: the raw values of the fields → typed values or errors. The channel parsers below
 * call it; a handler that already has raw values (e.g. tests, an import) may call it directly.
 */
export function validateForm<V>(def: FormDefinition<V>, raw: RawFormValues, ctx: FormContext, preErrors: FieldErrors = {}): FormResult<V> {
  const form: BuiltForm<V> = def.build(ctx);
  const errors: FieldErrors = { ...preErrors };
  const clean: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (errors[field.id]) continue;
    const result = checkField(field, raw[field.id], ctx);
    if (result.error) errors[field.id] = result.error;
    else if (result.value !== undefined) clean[field.id] = result.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, raw };

  const parsed = form.schema.safeParse(clean);
  if (!parsed.success) {
    const fieldIds = new Set(form.fields.map((f) => f.id));
    for (const issue of parsed.error.issues) {
      const key = typeof issue.path[0] === 'string' && fieldIds.has(issue.path[0]) ? issue.path[0] : form.fields[0]!.id;
      // Custom issues from the schema carry user text; zod's own messages are English and technical.
      errors[key] ??= issue.code === 'custom' ? issue.message : localize(msg.invalidValue, ctx.locale);
    }
    return { ok: false, errors, raw };
  }
  const ruleErrors = form.rules?.(parsed.data, ctx) ?? {};
  if (Object.keys(ruleErrors).length > 0) return { ok: false, errors: ruleErrors, raw };
  return { ok: true, values: parsed.data };
}

// ---------------------------------------------------------------------------------------------------------------
// Teams / Adaptive Cards

const adaptiveData = z.record(z.string(), z.unknown());

/** The form id, idempotency token and opaque context of an Adaptive submit, or undefined when malformed. */
export function readAdaptiveSubmitMeta(data: unknown):
  | { action: string; form: string; token: string; context: Record<string, string> }
  | undefined {
  const parsed = z
    .object({
      [ACTION_KEY]: z.string().max(100),
      [FORM_KEY]: z.string().max(50),
      [TOKEN_KEY]: token,
      [CONTEXT_KEY]: z.string().max(3000).optional(),
    })
    .safeParse(data);
  if (!parsed.success) return undefined;
  const d = parsed.data as Record<string, string | undefined>;
  let context: Record<string, string> = {};
  if (d[CONTEXT_KEY]) {
    const c = z.record(z.string(), z.string()).safeParse(safeJson(d[CONTEXT_KEY]!));
    if (!c.success) return undefined;
    context = c.data;
  }
  return { action: d[ACTION_KEY]!, form: d[FORM_KEY]!, token: d[TOKEN_KEY]!, context };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses the `data` of a Teams task/submit (or Action.Submit) for `def`. Inputs arrive as strings keyed by
 * field id (datetime as two inputs, see `adaptiveDateTimeIds`); other keys are ignored.
 */
export function parseAdaptiveSubmission<V>(def: FormDefinition<V>, data: unknown, ctx: FormContext): FormResult<V> {
  const form = def.build(ctx);
  const record = adaptiveData.safeParse(data);
  const input: Record<string, unknown> = record.success ? record.data : {};
  const raw: RawFormValues = {};
  const preErrors: FieldErrors = {};
  const invalid = localize(msg.invalidValue, ctx.locale);
  const str = (v: unknown): string | undefined | null => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : null);
  for (const field of form.fields) {
    if (field.kind === 'datetime') {
      const ids = adaptiveDateTimeIds(field.id);
      const date = str(input[ids.date]);
      const time = str(input[ids.time]);
      if (date === null || time === null) preErrors[field.id] = invalid;
      else raw[field.id] = { ...(date ? { date } : {}), ...(time ? { time } : {}) };
      continue;
    }
    const value = str(input[field.id]);
    if (value === null) preErrors[field.id] = invalid;
    else if (value !== undefined) raw[field.id] = typeof value === 'string' ? value.slice(0, HARD_TEXT_CAP) : value;
  }
  return validateForm(def, raw, ctx, preErrors);
}

// ---------------------------------------------------------------------------------------------------------------
// Slack

/** One element's state in `view.state.values[block_id][action_id]`. */
const slackElementState = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).passthrough().nullish(),
    selected_options: z.array(z.object({ value: z.string() }).passthrough()).nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_date_time: z.number().nullish(),
  })
  .passthrough();

const slackStateValues = z.record(z.string(), z.record(z.string(), z.unknown()));

/**
 * Parses `view.state.values` of a Slack view_submission for `def`. Block and action ids are the field ids.
 * The error map of a failed result is directly `{ response_action: 'errors', errors }`.
 */
export function parseSlackSubmission<V>(def: FormDefinition<V>, stateValues: unknown, ctx: FormContext): FormResult<V> {
  const form = def.build(ctx);
  const parsed = slackStateValues.safeParse(stateValues);
  const blocks = parsed.success ? parsed.data : {};
  const raw: RawFormValues = {};
  const preErrors: FieldErrors = {};
  const invalid = localize(msg.invalidValue, ctx.locale);
  for (const field of form.fields) {
    const stateRaw = blocks[field.id]?.[field.id];
    if (stateRaw === undefined) continue;
    const state = slackElementState.safeParse(stateRaw);
    if (!state.success) {
      preErrors[field.id] = invalid;
      continue;
    }
    const s = state.data;
    switch (field.kind) {
      case 'text':
      case 'textarea':
        if (s.value) raw[field.id] = s.value.slice(0, HARD_TEXT_CAP);
        break;
      case 'date':
        if (s.selected_date) raw[field.id] = s.selected_date;
        break;
      case 'time':
        if (s.selected_time) raw[field.id] = s.selected_time;
        break;
      case 'datetime':
        if (typeof s.selected_date_time === 'number') {
          if (!Number.isFinite(s.selected_date_time)) preErrors[field.id] = invalid;
          else raw[field.id] = new Date(s.selected_date_time * 1000);
        }
        break;
      case 'choice':
      case 'select':
      case 'rating':
        if (s.selected_option) raw[field.id] = s.selected_option.value;
        break;
      case 'boolean': {
        const selected = s.selected_options ?? [];
        if (selected.some((o) => o.value !== 'true')) preErrors[field.id] = invalid;
        else raw[field.id] = selected.length > 0;
        break;
      }
    }
  }
  return validateForm(def, raw, ctx, preErrors);
}

/** What `renderFormSlack` puts into `private_metadata`: the idempotency token and opaque context. */
export interface SlackFormMetadata {
  token: string;
  context: Record<string, string>;
}

const slackMetadata = z.object({ t: token, c: z.record(z.string(), z.string()).optional() });

export function encodeSlackMetadata(meta: SlackFormMetadata): string {
  return JSON.stringify({ t: meta.token, ...(Object.keys(meta.context).length ? { c: meta.context } : {}) });
}

/** Reads `view.private_metadata`; undefined when malformed. Identity and permissions never come from here. */
export function readSlackMetadata(privateMetadata: unknown): SlackFormMetadata | undefined {
  if (typeof privateMetadata !== 'string' || privateMetadata.length > 3000) return undefined;
  const parsed = slackMetadata.safeParse(safeJson(privateMetadata));
  if (!parsed.success) return undefined;
  return { token: parsed.data.t, context: parsed.data.c ?? {} };
}

