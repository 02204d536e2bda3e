/**
 * The avvikelse report form (issue 4): avvikelse, lex Sarah or lex Maria, reported by any employee in a minute.
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { type BuiltForm, type FieldErrors, type FieldOption, type FormContext, type FormDefinition, localize } from '../form.js';
import { avvikelseLimits, avvikelseTypes, informedOptions, riskFactorSchema, type AvvikelseReport, type AvvikelseType } from '../../domain/avvikelser/schema.js';
import { assessRisk } from '../../domain/avvikelser/risk.js';
import { avvikelseTexts as T, commonTexts, type Text } from './messages.js';

/**
 * The form's limits are the domain's (`avvikelseLimits`): what the form offers is what `avvikelseReportSchema`
 * stores, so the two cannot drift apart. Option values come from the domain too.
 */
const LIMITS = avvikelseLimits;

/**
 * The typed values of a submitted avvikelse form. Also usable to validate the values read back from storage.
 * `risk` is derived (konsekvens × sannolikhet) with the domain's `assessRisk`.
 */
export const avvikelseValuesSchema = z
  .object({
    type: z.enum(avvikelseTypes),
    unitId: z.string().min(1).max(LIMITS.unitId),
    occurredAt: z.date(),
    location: z.string().max(LIMITS.location).optional(),
    description: z.string().min(1).max(LIMITS.description),
    immediateActions: z.string().max(LIMITS.immediateActions).optional(),
    konsekvens: riskFactorSchema,
    sannolikhet: riskFactorSchema,
    informed: z.enum(informedOptions),
    improvement: z.string().max(LIMITS.improvement).optional(),
  })
  .strict()
  .transform((v) => ({ ...v, risk: assessRisk(v.konsekvens, v.sannolikhet) }));

export type AvvikelseFormValues = z.output<typeof avvikelseValuesSchema>;

/** The label and help of each report type, keyed by the domain's values (a new type fails to compile here). */
const typeTexts: Record<AvvikelseType, { label: Text; help: Text }> = {
  avvikelse: { label: T.typeAvvikelse, help: T.typeAvvikelseHelp },
  lex_sarah: { label: T.typeLexSarah, help: T.typeLexSarahHelp },
  lex_maria: { label: T.typeLexMaria, help: T.typeLexMariaHelp },
};
const informedTexts: Record<(typeof informedOptions)[number], Text> = {
  ja: T.informedYes,
  nej: T.informedNo,
  ej_aktuellt: T.informedNotApplicable,
};

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
        options: avvikelseTypes.map((value) => ({ value, label: t(typeTexts[value].label), help: t(typeTexts[value].help) })),
      },
      { id: 'unitId', kind: 'select', label: t(T.unit), help: t(T.unitHelp), required: true, options: [...units], ...(defaultUnit ? { default: defaultUnit } : {}) },
      { id: 'occurredAt', kind: 'datetime', label: t(T.occurredAt), timeLabel: t(commonTexts.time), help: t(T.occurredAtHelp), required: true, notInFuture: true },
      { id: 'location', kind: 'text', label: t(T.location), placeholder: t(T.locationPlaceholder), required: false, maxLength: LIMITS.location, privacy: 'narrative' },
      { id: 'description', kind: 'textarea', label: t(T.description), help: t(T.descriptionHelp), required: true, maxLength: LIMITS.description, privacy: 'narrative' },
      { id: 'immediateActions', kind: 'textarea', label: t(T.immediateActions), help: t(T.immediateActionsHelp), required: false, maxLength: LIMITS.immediateActions, privacy: 'narrative' },
      { id: 'konsekvens', kind: 'rating', label: t(T.consequence), help: t(T.consequenceHelp), required: true, min: 1, max: 4, options: levels('consequence') },
      { id: 'sannolikhet', kind: 'rating', label: t(T.likelihood), help: t(T.likelihoodHelp), required: true, min: 1, max: 4, options: levels('likelihood') },
      {
        id: 'informed',
        kind: 'choice',
        style: 'radio',
        label: t(T.informed),
        required: true,
        options: informedOptions.map((value) => ({ value, label: t(informedTexts[value]) })),
      },
      { id: 'improvement', kind: 'textarea', label: t(T.improvement), help: t(T.improvementHelp), required: false, maxLength: LIMITS.improvement, privacy: 'narrative' },
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
