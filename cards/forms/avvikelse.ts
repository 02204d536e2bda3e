/**
 * The avvikelse report form (issue 4): avvikelse, lex Sarah or lex Maria, reported by any employee in a minute.
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { type BuiltForm, type FieldErrors, type FieldOption, type FormContext, type FormDefinition, localize } from '../form.js';
import { avvikelseTypes, informedOptions, type AvvikelseReport } from '../../domain/avvikelser/types.js';
import { assessRisk } from '../../domain/avvikelser/risk.js';
import { avvikelseTexts as T, commonTexts } from './messages.js';

/** Option values come from the domain so the form and `avvikelseReportSchema` cannot drift apart. */
export const AVVIKELSE_TYPES = avvikelseTypes;

/** Whether the person concerned or next of kin has been informed. */
export const INFORMED_VALUES = informedOptions;

export const AVVIKELSE_LIMITS = {
  location: 150,
  description: 3000,
  immediateActions: 2000,
  improvement: 2000,
  unitId: 100,
} as const;

const factor = z.number().int().min(1).max(4);

/**
 * The typed values of a submitted avvikelse form. Also usable to validate the values read back from storage.
 * `risk` is derived (konsekvens × sannolikhet) with the domain's `assessRisk`.
 */
export const avvikelseValuesSchema = z
  .object({
    type: z.enum(AVVIKELSE_TYPES),
    unitId: z.string().min(1).max(AVVIKELSE_LIMITS.unitId),
    occurredAt: z.date(),
    location: z.string().max(AVVIKELSE_LIMITS.location).optional(),
    description: z.string().min(1).max(AVVIKELSE_LIMITS.description),
    immediateActions: z.string().max(AVVIKELSE_LIMITS.immediateActions).optional(),
    konsekvens: factor,
    sannolikhet: factor,
    informed: z.enum(INFORMED_VALUES),
    improvement: z.string().max(AVVIKELSE_LIMITS.improvement).optional(),
  })
  .strict()
  .transform((v) => ({ ...v, risk: assessRisk(v.konsekvens, v.sannolikhet) }));

export type AvvikelseFormValues = z.output<typeof avvikelseValuesSchema>;

function requireUnits(ctx: FormContext): readonly FieldOption[] {
  if (!ctx.units || ctx.units.length === 0) {
    // The handler must check this first and show `validationMessages.noUnits`; a form without units cannot be filled in.
    throw new RangeError('The form needs at least one unit in ctx.units');
  }
  return ctx.units;
}

function build(ctx: FormContext): BuiltForm<AvvikelseFormValues> {
  const t = (text: { sv: string; en: string }) => localize(text, ctx.locale);
  const units = requireUnits(ctx);
  const defaultUnit = units.some((u) => u.value === ctx.defaultUnitId) ? ctx.defaultUnitId : undefined;
  const levels = (prefix: 'consequence' | 'likelihood'): FieldOption[] =>
    ([1, 2, 3, 4] as const).map((n) => ({ value: String(n), label: t(T[`${prefix}${n}`]) }));
  return {
    title: t(T.title),
    slackTitle: t(T.title),
    intro: [t(T.intro)],
    submitLabel: t(commonTexts.submit),
    closeLabel: t(commonTexts.close),
    fields: [
      {
        id: 'type',
        kind: 'choice',
        style: 'radio',
        label: t(T.type),
        help: t(T.typeHelp),
        required: true,
        default: 'avvikelse',
        options: [
          { value: 'avvikelse', label: t(T.typeAvvikelse), help: t(T.typeAvvikelseHelp) },
          { value: 'lex_sarah', label: t(T.typeLexSarah), help: t(T.typeLexSarahHelp) },
          { value: 'lex_maria', label: t(T.typeLexMaria), help: t(T.typeLexMariaHelp) },
        ],
      },
      { id: 'unitId', kind: 'select', label: t(T.unit), help: t(T.unitHelp), required: true, options: [...units], ...(defaultUnit ? { default: defaultUnit } : {}) },
      { id: 'occurredAt', kind: 'datetime', label: t(T.occurredAt), timeLabel: t(commonTexts.time), help: t(T.occurredAtHelp), required: true, notInFuture: true },
      { id: 'location', kind: 'text', label: t(T.location), placeholder: t(T.locationPlaceholder), required: false, maxLength: AVVIKELSE_LIMITS.location, privacy: 'narrative' },
      { id: 'description', kind: 'textarea', label: t(T.description), help: t(T.descriptionHelp), required: true, maxLength: AVVIKELSE_LIMITS.description, privacy: 'narrative' },
      { id: 'immediateActions', kind: 'textarea', label: t(T.immediateActions), help: t(T.immediateActionsHelp), required: false, maxLength: AVVIKELSE_LIMITS.immediateActions, privacy: 'narrative' },
      { id: 'konsekvens', kind: 'rating', label: t(T.consequence), help: t(T.consequenceHelp), required: true, min: 1, max: 4, options: levels('consequence') },
      { id: 'sannolikhet', kind: 'rating', label: t(T.likelihood), help: t(T.likelihoodHelp), required: true, min: 1, max: 4, options: levels('likelihood') },
      {
        id: 'informed',
        kind: 'choice',
        style: 'radio',
        label: t(T.informed),
        required: true,
        options: [
          { value: 'ja', label: t(T.informedYes) },
          { value: 'nej', label: t(T.informedNo) },
          { value: 'ej_aktuellt', label: t(T.informedNotApplicable) },
        ],
      },
      { id: 'improvement', kind: 'textarea', label: t(T.improvement), help: t(T.improvementHelp), required: false, maxLength: AVVIKELSE_LIMITS.improvement, privacy: 'narrative' },
    ],
    schema: avvikelseValuesSchema,
    rules: (values): FieldErrors => {
      const errors: FieldErrors = {};
      // Lex Sarah and lex Maria demand that the risk is removed at once; the report must say how.
      if (values.type !== 'avvikelse' && !values.immediateActions) errors.immediateActions = t(T.immediateActionsRequiredForLex);
      return errors;
    },
  };
}

/** The avvikelse form: `renderFormAdaptive(avvikelseForm, ctx)`, `parseSlackSubmission(avvikelseForm, …)`. */
export const avvikelseForm: FormDefinition<AvvikelseFormValues> = {
  id: 'avvikelse',
  submitActionId: ActionIds.avvikelseSubmit,
  slackCallbackId: ViewIds.avvikelseReport,
  build,
};

/**
 * The domain input of `AvvikelseService` for submitted form values: the token comes from the submit metadata
 * (`readAdaptiveSubmitMeta` / `readSlackMetadata`).
 */
export function toAvvikelseReport(values: AvvikelseFormValues, token: string): AvvikelseReport {
  return {
    token,
    type: values.type,
    unitId: values.unitId,
    occurredAt: values.occurredAt,
    location: values.location ?? '',
    description: values.description,
    immediateActions: values.immediateActions ?? '',
    konsekvens: values.konsekvens,
    sannolikhet: values.sannolikhet,
    informed: values.informed,
    improvement: values.improvement ?? '',
  };
}
