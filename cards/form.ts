/**
 * A form is defined once and rendered twice: `render-form-adaptive.ts` turns a definition into an Adaptive Card 1.5
 * for a Teams dialog, `render-form-slack.ts` into a Slack modal, and `form-submission.ts` parses what either
 * channel sends back through the same checks and the same zod schema.
 *
 * A definition is a function of a context (units, the user's unit, now, locale, values to show, errors to show),
 * so texts come out in the right language and dynamic options (units) are part of the form.
 */
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ActionId, ViewIds } from '../domain/action-ids.js';
import type { FreeTextPurpose } from '../domain/privacy/guard.js';

export type FormLocale = 'sv' | 'en';

/** Forms work in Swedish time: dates and times the user enters are Stockholm wall-clock time. */
export const FORM_TIME_ZONE = 'Europe/Stockholm';

export interface FieldOption {
  value: string;
  label: string;
  /** A short explanation shown with the option (Slack radio description ≤ 75 characters). */
  help?: string;
}

interface FieldBase {
  /** Stable id: the key in the submitted values, the Adaptive input id, the Slack block_id and action_id. */
  id: string;
  label: string;
  help?: string;
  placeholder?: string;
  required: boolean;
  /** Stored with the case but never shown in a chat message (e.g. contact details). */
  sensitive?: boolean;
}

export interface TextField extends FieldBase {
  kind: 'text' | 'textarea';
  maxLength: number;
  /** Run the personal-number guard over the text; the purpose picks the message. Default: no guard. */
  privacy?: FreeTextPurpose;
  format?: 'email' | 'phone';
  default?: string;
}

/** A calendar day `YYYY-MM-DD` (Stockholm). */
export interface DateField extends FieldBase {
  kind: 'date';
  notInFuture?: boolean;
  default?: string;
}

/** A wall-clock time `HH:mm`. */
export interface TimeField extends FieldBase {
  kind: 'time';
  default?: string;
}

/** An instant entered as a Stockholm date and time; the value is a `Date`. */
export interface DateTimeField extends FieldBase {
  kind: 'datetime';
  /** Label of the time part where a channel shows it as a separate input. */
  timeLabel: string;
  notInFuture?: boolean;
  default?: Date;
}

/** One of fixed options. */
export interface ChoiceField extends FieldBase {
  kind: 'choice';
  style: 'radio' | 'dropdown';
  options: FieldOption[];
  default?: string;
}

/** One of options that come from data (e.g. the organisation's units). */
export interface SelectField extends FieldBase {
  kind: 'select';
  options: FieldOption[];
  default?: string;
}

/** An integer on a small scale (e.g. konsekvens 1–4); one option per level, value = the number as a string. */
export interface RatingField extends FieldBase {
  kind: 'rating';
  min: number;
  max: number;
  options: FieldOption[];
  default?: number;
}

/** A yes/no checkbox; never "required" (unticked is an answer). */
export interface BooleanField extends FieldBase {
  kind: 'boolean';
  /** Text next to the checkbox. */
  title: string;
  default?: boolean;
}

export type FormField = TextField | DateField | TimeField | DateTimeField | ChoiceField | SelectField | RatingField | BooleanField;

/** A datetime as entered in two parts (Adaptive Cards has no combined input). */
export interface DateTimeParts {
  date?: string;
  time?: string;
}

/** A value as entered or prefilled, before validation. */
export type RawValue = string | number | boolean | Date | DateTimeParts | undefined;
export type RawFormValues = Record<string, RawValue>;

/** Swedish (or English) error text per field id — for Slack directly usable as `response_action: 'errors'`. */
export type FieldErrors = Record<string, string>;

export interface FormContext {
  /** From the injected clock: "not in the future" and "today" are relative to it. */
  now: Date;
  /** Swedish unless told otherwise. */
  locale?: FormLocale;
  /** Options of `select` fields fed by the organisation (value = unit id). */
  units?: readonly FieldOption[];
  /** Preselected unit: the user's own. Ignored when not in `units`. */
  defaultUnitId?: string;
  /**
   * Values to show: a prefill (e.g. from a message shortcut) or what the user entered before a failed submit.
   * Typed form values can be passed back as they are.
   */
  values?: Readonly<Record<string, unknown>>;
  /** Errors to show next to their fields. */
  errors?: FieldErrors;
}

/** What a renderer needs beyond the definition context. */
export interface FormRenderContext extends FormContext {
  /** Idempotency token of this form instance: a double or retried submit carries the same token. */
  token: string;
  /**
   * Opaque references the handler needs back on submit (e.g. a conversation or case id). Carried in the Slack
   * private_metadata / the Adaptive submit data; the server re-checks everything, it is never trusted.
   */
  privateContext?: Record<string, string>;
}

/** A definition evaluated for one context: what the renderers and the parser work on. */
export interface BuiltForm<V> {
  /** Dialog title (Teams task module; Slack title is `slackTitle`). */
  title: string;
  /** Slack modal title, at most 24 characters. */
  slackTitle: string;
  /** Short paragraphs shown above the fields. */
  intro?: string[];
  submitLabel: string;
  closeLabel: string;
  fields: FormField[];
  /**
   * The typed schema of the values. Its input is the checked values of the fields (strings, numbers, booleans,
   * Dates, empty optional fields left out); its output is the form's value type.
   */
  schema: z.ZodType<V>;
  /** Rules over several fields, run after the schema. */
  rules?: (values: V, ctx: FormContext) => FieldErrors;
}

export interface FormDefinition<V> {
  /** Short id carried in submissions as `kbForm`, e.g. 'avvikelse'. */
  id: string;
  /** `ActionIds` entry of the submit button / Teams task submit. */
  submitActionId: ActionId;
  /** `ViewIds` entry: the Slack modal callback_id. */
  slackCallbackId: (typeof ViewIds)[keyof typeof ViewIds];
  build(ctx: FormContext): BuiltForm<V>;
}


/** Today's date `YYYY-MM-DD` in Stockholm. */
export function todayIn(now: Date): string {
  return DateTime.fromJSDate(now, { zone: FORM_TIME_ZONE }).toISODate()!;
}

/** Date and time parts of an instant, in Stockholm. */
export function dateTimeParts(instant: Date): Required<DateTimeParts> {
  const dt = DateTime.fromJSDate(instant, { zone: FORM_TIME_ZONE });
  return { date: dt.toISODate()!, time: dt.toFormat('HH:mm') };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A valid calendar date `YYYY-MM-DD` from year 1900 on. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const dt = DateTime.fromISO(value, { zone: FORM_TIME_ZONE });
  return dt.isValid && dt.year >= 1900;
}

/** A valid time `HH:mm` (Teams may send `HH:mm:ss`; normalise first with `normaliseTime`). */
export function isTime(value: string): boolean {
  return HH_MM.test(value);
}

/** Accepts `H:mm`, `HH:mm` and `HH:mm:ss`; returns `HH:mm` or undefined. */
export function normaliseTime(value: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const time = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return isTime(time) ? time : undefined;
}

/** Stockholm wall-clock date + time → instant; undefined when either part is invalid (or in a DST gap). */
export function instantFromParts(date: string, time: string): Date | undefined {
  const t = normaliseTime(time);
  if (!isIsoDate(date) || !t) return undefined;
  const dt = DateTime.fromISO(`${date}T${t}`, { zone: FORM_TIME_ZONE });
  if (!dt.isValid || dt.toFormat('HH:mm') !== t) return undefined;
  return dt.toJSDate();
}

/** The value a field shows initially: the context's value, else the field's default. */
export function initialValue(field: FormField, ctx: FormContext): unknown {
  const v = ctx.values?.[field.id];
  return v !== undefined && v !== null && v !== '' ? v : field.default;
}

/** Picks the text of the form's locale from a `{ sv, en }` pair. */
export function localize(text: { sv: string; en: string }, locale: FormLocale | undefined): string {
  return locale === 'en' ? text.en : text.sv;
}

type Localized = { sv: string; en: string };

/**
 * A one-step form whose texts do not depend on the data (no units, no prefill): the frame — title, Slack title,
 * intro, submit and close — localized in one place, the fields made with the same translator.
 */
export function fixedTextForm<V>(def: {
  id: string;
  submitActionId: ActionId;
  slackCallbackId: (typeof ViewIds)[keyof typeof ViewIds];
  texts: { title: Localized; slackTitle: Localized; intro?: Localized; submit: Localized; close: Localized };
  fields: (t: (text: Localized) => string) => FormField[];
  schema: z.ZodType<V>;
}): FormDefinition<V> {
  const { texts } = def;
  return {
    id: def.id,
    submitActionId: def.submitActionId,
    slackCallbackId: def.slackCallbackId,
    build(ctx) {
      const t = (text: Localized) => localize(text, ctx.locale);
      return {
        title: t(texts.title),
        slackTitle: t(texts.slackTitle),
        ...(texts.intro ? { intro: [t(texts.intro)] } : {}),
        submitLabel: t(texts.submit),
        closeLabel: t(texts.close),
        fields: def.fields(t),
        schema: def.schema,
      };
    },
  };
}
