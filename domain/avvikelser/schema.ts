import { z } from 'zod';
import { caseBaseShape } from '../cases/types.js';

export const avvikelseTypes = ['avvikelse', 'lex_sarah', 'lex_maria'] as const;
export type AvvikelseType = (typeof avvikelseTypes)[number];

export const avvikelseStatuses = ['ny', 'mottagen', 'under_utredning', 'atgardad', 'avslutad'] as const;
export type AvvikelseStatus = (typeof avvikelseStatuses)[number];

export const lexAssessments = ['ej_missforhallande', 'missforhallande', 'allvarligt'] as const;
export type LexAssessment = (typeof lexAssessments)[number];

/** The decision on a lex report: it happened, there was a clear risk of it, or neither (Sarah: missförhållande; Maria: vårdskada). */
export const lexFindings = ['intraffat', 'risk', 'inget'] as const;
export type LexFinding = (typeof lexFindings)[number];

/** How the patient was informed about a vårdskada (Patientsäkerhetslagen (2010:659) 3 kap. 8 §). No free text. */
export const patientInformedHow = ['muntligt', 'skriftligt', 'muntligt_och_skriftligt', 'inte_mojligt'] as const;

/** What IVO decided on a report. */
export const ivoOutcomes = ['avslutat', 'avslutat_med_kritik', 'tillsyn', 'annat'] as const;
export type IvoOutcome = (typeof ivoOutcomes)[number];

export const riskLevels = ['lag', 'medel', 'hog', 'mycket_hog'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const informedOptions = ['ja', 'nej', 'ej_aktuellt'] as const;

const freeText = (max: number) => z.string().trim().max(max);

/**
 * How long each text of a report may be: the report form offers exactly this and the domain stores exactly this.
 * No field is longer than 3000 characters, the most a Slack text input takes, so a report written in Slack and one
 * written in Teams carry the same.
 */
export const avvikelseLimits = {
  token: 100,
  unitId: 100,
  location: 150,
  description: 3000,
  immediateActions: 2000,
  improvement: 2000,
} as const;

/** How long the texts of a handler's action may be (the dialogs in cards/forms/case-transition.ts offer the same). */
export const avvikelseTransitionLimits = {
  measure: 2000,
  question: 1000,
  reference: 100,
  whatHappened: 3000,
  consequences: 2000,
  causes: 2000,
  measuresTaken: 2000,
  measuresPlanned: 2000,
  personInformed: 1000,
  followUp: 2000,
} as const;
const L = avvikelseLimits;
const TL = avvikelseTransitionLimits;

/** The 1–4 scales of konsekvens and sannolikhet (risk score = their product). */
export const riskFactorSchema = z.number().int().min(1).max(4);

/**
 * What a submitted report carries into the domain (the form's schema maps onto this). `token` comes from the
 * form's private metadata / card data and makes a retried submit return the same case.
 */
export const avvikelseReportSchema = z.object({
  token: z.string().min(8).max(L.token),
  type: z.enum(avvikelseTypes),
  unitId: z.string().min(1).max(L.unitId),
  occurredAt: z.date(),
  location: freeText(L.location).default(''),
  description: freeText(L.description).min(1),
  immediateActions: freeText(L.immediateActions).default(''),
  konsekvens: riskFactorSchema,
  sannolikhet: riskFactorSchema,
  informed: z.enum(informedOptions),
  improvement: freeText(L.improvement).default(''),
  /** The case this report comes from, e.g. a complaint that describes a missförhållande. */
  linkedFrom: z.object({ caseId: z.string().min(1).max(100), number: z.string().min(1).max(40) }).optional(),
});
export type AvvikelseReport = z.input<typeof avvikelseReportSchema>;
/** A report as the domain has parsed it (defaults filled in). */
export type ParsedAvvikelseReport = z.output<typeof avvikelseReportSchema>;

export const avvikelseActions = [
  'acknowledge',
  'start_investigation',
  'resolve',
  'close',
  'request_supplement',
  'reclassify',
  'assess',
  'report_ivo',
  // lex Sarah / lex Maria steps (domain/avvikelser/lex.ts)
  'order_investigation',
  'record_investigation',
  'decide',
  'inform_patient',
  'record_ivo_decision',
  'follow_up',
] as const;
export type AvvikelseAction = (typeof avvikelseActions)[number];

/** A handler's question to the reporter, and the reporter's answer: the same length. */
export const supplementTextSchema = freeText(TL.question).min(1);

/** A handler's action. Only references and short structured values; the case is read from storage. */
export const avvikelseTransitionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('start_investigation'), investigationDueAt: z.date().optional() }),
  z.object({ action: z.literal('resolve'), measure: freeText(TL.measure).min(1) }),
  z.object({ action: z.literal('close'), measure: freeText(TL.measure).min(1).optional() }),
  z.object({ action: z.literal('request_supplement'), question: supplementTextSchema }),
  z
    .object({ action: z.literal('reclassify'), type: z.enum(avvikelseTypes).optional(), unitId: z.string().min(1).max(L.unitId).optional() })
    .refine((v) => v.type !== undefined || v.unitId !== undefined, { message: 'type or unitId' }),
  z.object({ action: z.literal('assess'), assessment: z.enum(lexAssessments) }),
  z.object({ action: z.literal('report_ivo'), reportedAt: z.date(), reference: z.string().trim().min(1).max(TL.reference) }),
  z.object({ action: z.literal('order_investigation'), investigationDueAt: z.date().optional() }),
  z.object({
    action: z.literal('record_investigation'),
    whatHappened: freeText(TL.whatHappened).min(1),
    consequences: freeText(TL.consequences).min(1),
    causes: freeText(TL.causes).min(1),
    measuresTaken: freeText(TL.measuresTaken).min(1),
    measuresPlanned: freeText(TL.measuresPlanned).optional(),
    personInformed: freeText(TL.personInformed).min(1),
  }),
  z.object({ action: z.literal('decide'), finding: z.enum(lexFindings), serious: z.enum(['ja', 'nej']) }),
  z.object({ action: z.literal('inform_patient'), informedAt: z.date(), how: z.enum(patientInformedHow) }),
  z.object({ action: z.literal('record_ivo_decision'), decidedAt: z.date(), outcome: z.enum(ivoOutcomes), reference: z.string().trim().max(TL.reference).optional() }),
  z.object({ action: z.literal('follow_up'), note: freeText(TL.followUp).min(1) }),
]);

export type AvvikelseTransition = z.output<typeof avvikelseTransitionSchema>;

export const riskSchema = z.object({
  konsekvens: riskFactorSchema,
  sannolikhet: riskFactorSchema,
  score: z.number().int().min(1).max(16),
  level: z.enum(riskLevels),
});
export type Risk = z.infer<typeof riskSchema>;

/** Free text of an avvikelse: only returned by `viewDetails`. */
export const avvikelseDetailsSchema = z.object({
  location: z.string(),
  description: z.string(),
  immediateActions: z.string(),
  improvement: z.string(),
  measure: z.string().optional(),
  supplementRequests: z.array(z.object({ at: z.date(), byName: z.string(), question: z.string() })).default([]),
  supplements: z.array(z.object({ at: z.date(), text: z.string() })).default([]),
  /** The lex Sarah / lex Maria investigation record (SOSFS 2011:5 content). */
  investigation: z
    .object({
      whatHappened: z.string(),
      consequences: z.string(),
      causes: z.string(),
      measuresTaken: z.string(),
      measuresPlanned: z.string(),
      personInformed: z.string(),
    })
    .optional(),
  followUp: z.string().optional(),
});
export type AvvikelseDetails = z.infer<typeof avvikelseDetailsSchema>;

const byWhom = { at: z.date(), byId: z.string(), byName: z.string() };

/** Where a lex Sarah / lex Maria case stands in its process; only structured facts, no free text. */
export const lexStateSchema = z.object({
  /** The unit is run by a private provider (utförare): the nämnd is informed of the report and of the IVO report. */
  privateProvider: z.boolean().default(false),
  investigatorIds: z.array(z.string()).default([]),
  ordered: z.object(byWhom).optional(),
  investigated: z.object(byWhom).optional(),
  decision: z.object({ ...byWhom, finding: z.enum(lexFindings), serious: z.boolean() }).optional(),
  patientInformed: z.object({ ...byWhom, informedAt: z.date(), how: z.enum(patientInformedHow) }).optional(),
  ivoDecision: z.object({ ...byWhom, decidedAt: z.date(), outcome: z.enum(ivoOutcomes), reference: z.string().optional() }).optional(),
  followedUp: z.object(byWhom).optional(),
  /** Each time the nämnd was informed, and of what. */
  namndInformed: z.array(z.object({ at: z.date(), what: z.string() })).default([]),
});
export type LexState = z.infer<typeof lexStateSchema>;

export const avvikelseDocSchema = z.object({
  ...caseBaseShape,
  kind: z.literal('avvikelse'),
  type: z.enum(avvikelseTypes),
  status: z.enum(avvikelseStatuses),
  occurredAt: z.date(),
  risk: riskSchema,
  informed: z.enum(informedOptions),
  details: avvikelseDetailsSchema,
  acknowledgedAt: z.date().optional(),
  acknowledgedBy: z.string().optional(),
  escalatedAt: z.date().optional(),
  supplementRequestedAt: z.date().optional(),
  measureRecorded: z.boolean().default(false),
  assessment: z.enum(lexAssessments).optional(),
  ivo: z.object({ reportedAt: z.date(), reference: z.string() }).optional(),
  lex: lexStateSchema.optional(),
  /** A case this one is linked to, e.g. the complaint a lex Sarah report came from. */
  linkedCaseIds: z.array(z.string()).optional(),
});
export type AvvikelseDoc = z.infer<typeof avvikelseDocSchema>;
