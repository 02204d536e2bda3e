/**
 * The handler dialogs of the case state machines (issues 4 and 5): one small form per action that needs input,
 * e.g. "Åtgärdad" asks for the measure taken, "Anmäld till IVO" for the date and reference. Each form's values are
 * exactly the domain transition without `action`: `{ action, ...values }` passes `avvikelseTransitionSchema` /
 * `synpunktTransitionSchema`, which the services parse (tested in test/cards/forms/case-transition.test.ts).
 *
 * All actions of a kind share the Slack callback id and the submit action id; the form id (`avvikelse.resolve`,
 * `synpunkt.answer`, …) tells them apart — carried as `kbForm` in Teams and, by the handler, in the Slack
 * private metadata. Nothing in the form is trusted: the service re-reads the case and re-checks the action.
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { type BuiltForm, type FieldErrors, type FieldOption, type FormContext, type FormDefinition, type FormField, instantFromParts, localize, todayIn } from '../form.js';
import { avvikelseLimits, avvikelseTransitionLimits, avvikelseTypes, lexAssessments, type AvvikelseType } from '../../domain/avvikelser/schema.js';
import { synpunktTransitionLimits } from '../../domain/synpunkter/schema.js';
import { avvikelseTexts, commonTexts, fill, type Text } from './messages.js';
import { avvikelseTransitionTexts as A, lexTransitionTexts as L, synpunktTransitionTexts as S, transitionCommonTexts as C } from './case-transition-messages.js';
import { ivoOutcomes, lexFindings, patientInformedHow } from '../../domain/avvikelser/schema.js';
import { cite } from '../../domain/law/catalogue.js';

export type CaseKind = 'avvikelse' | 'synpunkt';

/** Field limits: the domain's (`avvikelseTransitionLimits`, `synpunktTransitionLimits`), so the dialogs offer what is stored. */
const TL = avvikelseTransitionLimits;
const TRANSITION_LIMITS = {
  measure: TL.measure,
  question: TL.question,
  reference: TL.reference,
  summary: synpunktTransitionLimits.summary,
  note: synpunktTransitionLimits.note,
  unitId: avvikelseLimits.unitId,
} as const;

/**
 * Keys of `FormContext.values` that are not fields but tell the dialog about the case, so it can say which case it
 * is about and pick the right words (lex Maria speaks of vårdskada, lex Sarah of missförhållande). Set them with
 * `transitionFormContext`; they are display hints only and never part of the submitted values.
 */
export const TRANSITION_HINT_KEYS = { caseNumber: 'kbCaseNumber', caseType: 'kbCaseType', ivoPacket: 'kbIvoPacket' } as const;

/** Hints for a transition dialog. `ivoPacket`: the IVO packet's sections as text, shown in the "Anmäld till IVO" dialog. */
export interface TransitionHints {
  caseNumber?: string;
  caseType?: string;
  ivoPacket?: string[];
}

/** A form context for a transition dialog of a given case: `ctx` plus the display hints. */
export function transitionFormContext<C extends FormContext>(ctx: C, hints: TransitionHints): C {
  return {
    ...ctx,
    values: {
      ...(ctx.values ?? {}),
      ...(hints.caseNumber ? { [TRANSITION_HINT_KEYS.caseNumber]: hints.caseNumber } : {}),
      ...(hints.caseType ? { [TRANSITION_HINT_KEYS.caseType]: hints.caseType } : {}),
      ...(hints.ivoPacket ? { [TRANSITION_HINT_KEYS.ivoPacket]: hints.ivoPacket } : {}),
    },
  };
}

/** The values any transition form produces: field id → clean value. */
export type CaseTransitionFormValues = { [field: string]: string | Date | undefined };

/** A transition dialog; its values are the action's domain input without `action`. */
export type CaseTransitionForm = FormDefinition<CaseTransitionFormValues>;

/** Same rule as the other forms: a dialog without units cannot be filled in, the handler checks first. */
function requireUnits(ctx: FormContext): FieldOption[] {
  if (!ctx.units || ctx.units.length === 0) throw new RangeError('The form needs at least one unit in ctx.units');
  return [...ctx.units];
}

/**
 * A day entered as "when it happened" → an instant: noon Stockholm time that day, or `now` when that is still
 * ahead (today before noon), so the domain's "not in the future" check holds.
 */
export function pastDayInstant(day: string, now: Date): Date {
  const noon = instantFromParts(day, '12:00')!;
  return noon.getTime() > now.getTime() ? now : noon;
}

/** A day entered as a due date → the end of that day, Stockholm time ("senast den dagen"). */
export function dueDayInstant(day: string): Date {
  return instantFromParts(day, '23:59')!;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

interface TransitionSpec {
  title: Text;
  slackTitle: Text;
  submit: Text;
  intro?: Text;
  /** Fills `{ref}` in the intro: a citation from the legal reference catalogue. */
  introRef?: string;
  /** More intro paragraphs from the case (e.g. the IVO packet), after `intro`. */
  extraIntro?(ctx: FormContext, t: (text: Text) => string): string[];
  fields(ctx: FormContext, t: (text: Text) => string): FormField[];
  schema(ctx: FormContext): z.ZodType<CaseTransitionFormValues>;
  rules?(values: CaseTransitionFormValues, ctx: FormContext, t: (text: Text) => string): FieldErrors;
}

function define(kind: CaseKind, action: string, spec: TransitionSpec): CaseTransitionForm {
  const build = (ctx: FormContext): BuiltForm<CaseTransitionFormValues> => {
    const t = (text: Text) => localize(text, ctx.locale);
    const number = ctx.values?.[TRANSITION_HINT_KEYS.caseNumber];
    const intro = [typeof number === 'string' && number ? fill(t(C.intro), { number }) : t(C.introNoNumber)];
    if (spec.intro) intro.push(fill(t(spec.intro), { ref: spec.introRef ?? '' }));
    if (spec.extraIntro) intro.push(...spec.extraIntro(ctx, t));
    const rules = spec.rules;
    return {
      title: t(spec.title),
      slackTitle: t(spec.slackTitle),
      intro,
      submitLabel: t(spec.submit),
      closeLabel: t(commonTexts.close),
      fields: spec.fields(ctx, t),
      schema: spec.schema(ctx),
      ...(rules ? { rules: (values: CaseTransitionFormValues, c: FormContext) => rules(values, c, t) } : {}),
    };
  };
  return {
    id: `${kind}.${action}`,
    submitActionId: kind === 'avvikelse' ? ActionIds.avvikelseTransitionSubmit : ActionIds.synpunktTransitionSubmit,
    slackCallbackId: kind === 'avvikelse' ? ViewIds.avvikelseTransition : ViewIds.synpunktTransition,
    build,
  };
}

function caseType(ctx: FormContext): string | undefined {
  const v = ctx.values?.[TRANSITION_HINT_KEYS.caseType];
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Avvikelse

const avvikelseResolve = define('avvikelse', 'resolve', {
  title: A.resolveTitle,
  slackTitle: A.resolveSlackTitle,
  submit: A.resolveSubmit,
  fields: (_ctx, t) => [
    { id: 'measure', kind: 'textarea', label: t(A.measure), help: t(A.measureHelp), required: true, maxLength: TRANSITION_LIMITS.measure, privacy: 'narrative' },
  ],
  schema: () => z.object({ measure: z.string().min(1).max(TRANSITION_LIMITS.measure) }).strict(),
});

const avvikelseClose = define('avvikelse', 'close', {
  title: A.closeTitle,
  slackTitle: A.closeSlackTitle,
  submit: A.closeSubmit,
  fields: (_ctx, t) => [
    { id: 'measure', kind: 'textarea', label: t(A.measure), help: t(A.closeMeasureHelp), required: false, maxLength: TRANSITION_LIMITS.measure, privacy: 'narrative' },
  ],
  schema: () => z.object({ measure: z.string().min(1).max(TRANSITION_LIMITS.measure).optional() }).strict(),
});

const avvikelseRequestSupplement = define('avvikelse', 'request_supplement', {
  title: A.supplementTitle,
  slackTitle: A.supplementSlackTitle,
  submit: A.supplementSubmit,
  fields: (_ctx, t) => [
    { id: 'question', kind: 'textarea', label: t(A.question), help: t(A.questionHelp), required: true, maxLength: TRANSITION_LIMITS.question, privacy: 'narrative' },
  ],
  schema: () => z.object({ question: z.string().min(1).max(TRANSITION_LIMITS.question) }).strict(),
});

/** The type options with the same labels and help as the report form. */
function avvikelseTypeOptions(t: (text: Text) => string): FieldOption[] {
  const T = avvikelseTexts;
  const byType: Record<AvvikelseType, FieldOption> = {
    avvikelse: { value: 'avvikelse', label: t(T.typeAvvikelse), help: t(T.typeAvvikelseHelp) },
    lex_sarah: { value: 'lex_sarah', label: t(T.typeLexSarah), help: t(T.typeLexSarahHelp) },
    lex_maria: { value: 'lex_maria', label: t(T.typeLexMaria), help: t(T.typeLexMariaHelp) },
  };
  return avvikelseTypes.map((type) => byType[type]);
}

const avvikelseReclassify = define('avvikelse', 'reclassify', {
  title: A.reclassifyTitle,
  slackTitle: A.reclassifySlackTitle,
  submit: A.reclassifySubmit,
  intro: A.reclassifyIntro,
  fields: (ctx, t) => [
    { id: 'type', kind: 'choice', style: 'radio', label: t(A.newType), help: t(A.newTypeHelp), required: false, options: avvikelseTypeOptions(t) },
    { id: 'unitId', kind: 'select', label: t(A.newUnit), help: t(A.newUnitHelp), required: false, options: requireUnits(ctx) },
  ],
  schema: () =>
    z
      .object({
        type: z.enum(avvikelseTypes).optional(),
        unitId: z.string().min(1).max(TRANSITION_LIMITS.unitId).optional(),
      })
      .strict(),
  rules: (values, _ctx, t): FieldErrors => (values.type === undefined && values.unitId === undefined ? { type: t(A.reclassifyNothing) } : {}),
});

const avvikelseAssess = define('avvikelse', 'assess', {
  title: A.assessTitle,
  slackTitle: A.assessSlackTitle,
  submit: A.assessSubmit,
  fields: (ctx, t) => {
    const maria = caseType(ctx) === 'lex_maria';
    const labels: Record<(typeof lexAssessments)[number], [Text, Text]> = maria
      ? { ej_missforhallande: [A.mariaNone, A.mariaNoneHelp], missforhallande: [A.mariaVardskada, A.mariaVardskadaHelp], allvarligt: [A.mariaAllvarlig, A.mariaAllvarligHelp] }
      : {
          ej_missforhallande: [A.sarahNone, A.sarahNoneHelp],
          missforhallande: [A.sarahMissforhallande, A.sarahMissforhallandeHelp],
          allvarligt: [A.sarahAllvarligt, A.sarahAllvarligtHelp],
        };
    return [
      {
        id: 'assessment',
        kind: 'choice',
        style: 'radio',
        label: t(A.assessment),
        help: t(A.assessmentHelp),
        required: true,
        options: lexAssessments.map((value) => ({ value, label: t(labels[value][0]), help: t(labels[value][1]) })),
      },
    ];
  },
  schema: () => z.object({ assessment: z.enum(lexAssessments) }).strict(),
});

const avvikelseReportIvo = define('avvikelse', 'report_ivo', {
  title: A.ivoTitle,
  slackTitle: A.ivoSlackTitle,
  submit: A.ivoSubmit,
  intro: A.ivoIntro,
  extraIntro: (ctx, t) => {
    const packet = ctx.values?.[TRANSITION_HINT_KEYS.ivoPacket];
    return Array.isArray(packet) && packet.length ? [t(L.ivoPacketHeading), ...packet.map(String)] : [];
  },
  fields: (ctx, t) => [
    { id: 'reportedAt', kind: 'date', label: t(A.reportedAt), required: true, notInFuture: true, default: todayIn(ctx.now) },
    {
      id: 'reference',
      kind: 'text',
      label: t(A.reference),
      placeholder: t(A.referencePlaceholder),
      required: true,
      maxLength: TRANSITION_LIMITS.reference,
      privacy: 'narrative',
    },
  ],
  schema: (ctx) =>
    z
      .object({
        reportedAt: isoDay.transform((day) => pastDayInstant(day, ctx.now)),
        reference: z.string().min(1).max(TRANSITION_LIMITS.reference),
      })
      .strict(),
});

/** How far ahead an investigation due date may be set; a typo like 2062 is caught. */
const MAX_DUE_DAYS = 366;

const avvikelseStartInvestigation = define('avvikelse', 'start_investigation', {
  title: A.investigationTitle,
  slackTitle: A.investigationSlackTitle,
  submit: A.investigationSubmit,
  fields: (_ctx, t) => [
    { id: 'investigationDueAt', kind: 'date', label: t(A.investigationDueAt), help: t(A.investigationDueAtHelp), required: false },
  ],
  // The schema turns the day into the end of that day; the rules then compare it with today.
  schema: () => z.object({ investigationDueAt: isoDay.transform(dueDayInstant).optional() }).strict(),
  rules: (values, ctx, t): FieldErrors => {
    const due = values.investigationDueAt;
    if (!(due instanceof Date)) return {};
    const today = instantFromParts(todayIn(ctx.now), '23:59')!;
    if (due.getTime() < today.getTime()) return { investigationDueAt: t(C.dateNotBeforeToday) };
    if (due.getTime() > today.getTime() + MAX_DUE_DAYS * 86_400_000) return { investigationDueAt: t(C.dateTooFarAhead) };
    return {};
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Lex Sarah / lex Maria steps

const dueDateRules = (field: string) => (values: CaseTransitionFormValues, ctx: FormContext, t: (text: Text) => string): FieldErrors => {
  const due = values[field];
  if (!(due instanceof Date)) return {};
  const today = instantFromParts(todayIn(ctx.now), '23:59')!;
  if (due.getTime() < today.getTime()) return { [field]: t(C.dateNotBeforeToday) };
  if (due.getTime() > today.getTime() + MAX_DUE_DAYS * 86_400_000) return { [field]: t(C.dateTooFarAhead) };
  return {};
};

const lexOrderInvestigation = define('avvikelse', 'order_investigation', {
  title: L.orderTitle,
  slackTitle: L.orderSlackTitle,
  submit: L.orderSubmit,
  intro: L.orderIntro,
  fields: (_ctx, t) => [{ id: 'investigationDueAt', kind: 'date', label: t(A.investigationDueAt), help: t(A.investigationDueAtHelp), required: false }],
  schema: () => z.object({ investigationDueAt: isoDay.transform(dueDayInstant).optional() }).strict(),
  rules: dueDateRules('investigationDueAt'),
});

const narrative = (id: string, label: string, required: boolean, max: number, help?: string): FormField => ({
  id,
  kind: 'textarea',
  label,
  ...(help ? { help } : {}),
  required,
  maxLength: max,
  privacy: 'narrative',
});

const lexRecordInvestigation = define('avvikelse', 'record_investigation', {
  title: L.investigationTitle,
  slackTitle: L.investigationSlackTitle,
  submit: L.investigationSubmit,
  intro: L.investigationIntro,
  introRef: cite('sosfs-2011-5'),
  fields: (_ctx, t) => [
    narrative('whatHappened', t(L.whatHappened), true, TL.whatHappened),
    narrative('consequences', t(L.consequences), true, TL.consequences),
    narrative('causes', t(L.causes), true, TL.causes),
    narrative('measuresTaken', t(L.measuresTaken), true, TL.measuresTaken),
    narrative('measuresPlanned', t(L.measuresPlanned), false, TL.measuresPlanned),
    narrative('personInformed', t(L.personInformed), true, TL.personInformed, t(L.personInformedHelp)),
  ],
  schema: () =>
    z
      .object({
        whatHappened: z.string().min(1).max(TL.whatHappened),
        consequences: z.string().min(1).max(TL.consequences),
        causes: z.string().min(1).max(TL.causes),
        measuresTaken: z.string().min(1).max(TL.measuresTaken),
        measuresPlanned: z.string().min(1).max(TL.measuresPlanned).optional(),
        personInformed: z.string().min(1).max(TL.personInformed),
      })
      .strict(),
});

const lexDecide = define('avvikelse', 'decide', {
  title: L.decideTitle,
  slackTitle: L.decideSlackTitle,
  submit: L.decideSubmit,
  intro: L.decideIntro,
  fields: (ctx, t) => {
    const maria = caseType(ctx) === 'lex_maria';
    const labels: Record<(typeof lexFindings)[number], Text> = maria
      ? { intraffat: L.mariaOccurred, risk: L.mariaRisk, inget: L.mariaNone }
      : { intraffat: L.sarahOccurred, risk: L.sarahRisk, inget: L.sarahNone };
    return [
      { id: 'finding', kind: 'choice', style: 'radio', label: t(L.finding), required: true, options: lexFindings.map((value) => ({ value, label: t(labels[value]) })) },
      {
        id: 'serious',
        kind: 'choice',
        style: 'radio',
        label: t(L.serious),
        help: t(L.seriousHelp),
        required: true,
        options: [
          { value: 'ja', label: t(L.yes) },
          { value: 'nej', label: t(L.no) },
        ],
      },
    ];
  },
  schema: () => z.object({ finding: z.enum(lexFindings), serious: z.enum(['ja', 'nej']) }).strict(),
});

const lexInformPatient = define('avvikelse', 'inform_patient', {
  title: L.informTitle,
  slackTitle: L.informSlackTitle,
  submit: L.informSubmit,
  intro: L.informIntro,
  introRef: cite('psl-3-8'),
  fields: (ctx, t) => {
    const labels: Record<(typeof patientInformedHow)[number], Text> = { muntligt: L.howMuntligt, skriftligt: L.howSkriftligt, muntligt_och_skriftligt: L.howBada, inte_mojligt: L.howInte };
    return [
      { id: 'informedAt', kind: 'date', label: t(L.informedAt), required: true, notInFuture: true, default: todayIn(ctx.now) },
      { id: 'how', kind: 'choice', style: 'radio', label: t(L.how), required: true, options: patientInformedHow.map((value) => ({ value, label: t(labels[value]) })) },
    ];
  },
  schema: (ctx) => z.object({ informedAt: isoDay.transform((day) => pastDayInstant(day, ctx.now)), how: z.enum(patientInformedHow) }).strict(),
});

const lexIvoDecision = define('avvikelse', 'record_ivo_decision', {
  title: L.ivoDecisionTitle,
  slackTitle: L.ivoDecisionSlackTitle,
  submit: L.ivoDecisionSubmit,
  intro: L.ivoDecisionIntro,
  fields: (ctx, t) => {
    const labels: Record<(typeof ivoOutcomes)[number], Text> = { avslutat: L.outcomeAvslutat, avslutat_med_kritik: L.outcomeKritik, tillsyn: L.outcomeTillsyn, annat: L.outcomeAnnat };
    return [
      { id: 'decidedAt', kind: 'date', label: t(L.decidedAt), required: true, notInFuture: true, default: todayIn(ctx.now) },
      { id: 'outcome', kind: 'choice', style: 'radio', label: t(L.outcome), required: true, options: ivoOutcomes.map((value) => ({ value, label: t(labels[value]) })) },
      { id: 'reference', kind: 'text', label: t(L.ivoReference), placeholder: t(A.referencePlaceholder), required: false, maxLength: TRANSITION_LIMITS.reference, privacy: 'narrative' },
    ];
  },
  schema: (ctx) =>
    z
      .object({
        decidedAt: isoDay.transform((day) => pastDayInstant(day, ctx.now)),
        outcome: z.enum(ivoOutcomes),
        reference: z.string().min(1).max(TRANSITION_LIMITS.reference).optional(),
      })
      .strict(),
});

const lexFollowUp = define('avvikelse', 'follow_up', {
  title: L.followUpTitle,
  slackTitle: L.followUpSlackTitle,
  submit: L.followUpSubmit,
  fields: (_ctx, t) => [narrative('note', t(L.followUpNote), true, TL.followUp)],
  schema: () => z.object({ note: z.string().min(1).max(TL.followUp) }).strict(),
});

// ---------------------------------------------------------------------------------------------------------------
// Synpunkt

const synpunktAnswer = define('synpunkt', 'answer', {
  title: S.answerTitle,
  slackTitle: S.answerSlackTitle,
  submit: S.answerSubmit,
  fields: (ctx, t) => [
    { id: 'summary', kind: 'textarea', label: t(S.summary), help: t(S.summaryHelp), required: true, maxLength: TRANSITION_LIMITS.summary, privacy: 'narrative' },
    { id: 'answeredAt', kind: 'date', label: t(S.answeredAt), required: true, notInFuture: true, default: todayIn(ctx.now) },
  ],
  schema: (ctx) =>
    z
      .object({
        summary: z.string().min(1).max(TRANSITION_LIMITS.summary),
        answeredAt: isoDay.transform((day) => pastDayInstant(day, ctx.now)),
      })
      .strict(),
});

const synpunktForward = define('synpunkt', 'forward', {
  title: S.forwardTitle,
  slackTitle: S.forwardSlackTitle,
  submit: S.forwardSubmit,
  fields: (ctx, t) => [
    { id: 'unitId', kind: 'select', label: t(S.forwardUnit), help: t(S.forwardUnitHelp), required: true, options: requireUnits(ctx) },
  ],
  schema: () => z.object({ unitId: z.string().min(1).max(TRANSITION_LIMITS.unitId) }).strict(),
});

const synpunktEscalate = define('synpunkt', 'escalate', {
  title: S.escalateTitle,
  slackTitle: S.escalateSlackTitle,
  submit: S.escalateSubmit,
  intro: S.escalateIntro,
  fields: (_ctx, t) => [
    { id: 'note', kind: 'textarea', label: t(S.note), help: t(S.noteHelp), required: false, maxLength: TRANSITION_LIMITS.note, privacy: 'narrative' },
  ],
  schema: () => z.object({ note: z.string().min(1).max(TRANSITION_LIMITS.note).optional() }).strict(),
});

// ---------------------------------------------------------------------------------------------------------------

/** Every transition dialog, keyed by form id `<kind>.<action>`. */
export const caseTransitionForms: Record<string, CaseTransitionForm> = Object.fromEntries(
  [
    avvikelseResolve,
    avvikelseClose,
    avvikelseRequestSupplement,
    avvikelseReclassify,
    avvikelseAssess,
    avvikelseReportIvo,
    avvikelseStartInvestigation,
    lexOrderInvestigation,
    lexRecordInvestigation,
    lexDecide,
    lexInformPatient,
    lexIvoDecision,
    lexFollowUp,
    synpunktAnswer,
    synpunktForward,
    synpunktEscalate,
  ].map((def) => [def.id, def]),
);

/** The dialog of an action, or undefined when the action needs no input (e.g. "Mottagen"). */
export function transitionFormFor(kind: CaseKind, action: string): CaseTransitionForm | undefined {
  return Object.hasOwn(caseTransitionForms, `${kind}.${action}`) ? caseTransitionForms[`${kind}.${action}`] : undefined;
}
