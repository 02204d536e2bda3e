import { z } from 'zod';
import { caseBaseShape } from '../cases/types.js';

export const synpunktTypes = ['klagomal', 'synpunkt', 'forslag', 'berom'] as const;
export type SynpunktType = (typeof synpunktTypes)[number];

/** The source kinds of SOSFS 2011:9 5 kap. 3 §, or anonymous. */
export const synpunktSources = [
  'vard_omsorgstagare',
  'narstaende',
  'personal',
  'vardgivare',
  'annan_socialtjanst',
  'lss_verksamhet',
  'myndighet',
  'forening',
  'anonym',
] as const;
export type SynpunktSource = (typeof synpunktSources)[number];

export const synpunktChannels = ['telefon', 'besok', 'brev', 'e_post', 'annat'] as const;
export const answerMethods = ['telefon', 'brev', 'e_post', 'besok'] as const;
export const synpunktTopics = [
  'bemotande',
  'information',
  'insatsens_kvalitet',
  'tillganglighet',
  'handlaggning',
  'mat_maltider',
  'miljo_lokaler',
  'kontinuitet',
  'ovrigt',
] as const;
export type SynpunktTopic = (typeof synpunktTopics)[number];

export const synpunktStatuses = ['ny', 'mottagen', 'besvarad', 'avslutad'] as const;
export type SynpunktStatus = (typeof synpunktStatuses)[number];

const freeText = (max: number) => z.string().trim().max(max);

/**
 * How long each text of a registration may be: the form offers exactly this and the domain stores exactly this
 * (at most 3000, the most a Slack text input takes; an e-mail address may be 254 characters long).
 */
export const synpunktLimits = {
  token: 100,
  unitId: 100,
  description: 3000,
  contactName: 120,
  contactPhone: 30,
  contactEmail: 254,
  contactAddress: 300,
} as const;
const L = synpunktLimits;

/** How long the texts of a handler's action may be (the dialogs in cards/forms/case-transition.ts offer the same). */
export const synpunktTransitionLimits = { summary: 1000, note: 1000 } as const;

export const contactSchema = z.object({
  name: freeText(L.contactName).optional(),
  phone: freeText(L.contactPhone).optional(),
  email: freeText(L.contactEmail).optional(),
  address: freeText(L.contactAddress).optional(),
});

/** What a registration carries into the domain (the form's schema maps onto this). */
export const synpunktRegistrationSchema = z
  .object({
    token: z.string().min(8).max(L.token),
    type: z.enum(synpunktTypes),
    source: z.enum(synpunktSources),
    channel: z.enum(synpunktChannels),
    receivedAt: z.date(),
    unitId: z.string().min(1).max(L.unitId),
    topic: z.enum(synpunktTopics).default('ovrigt'),
    description: freeText(L.description).min(1),
    wantsAnswer: z.boolean(),
    answerMethod: z.enum(answerMethods).optional(),
    contact: contactSchema.default({}),
  })
  .superRefine((v, ctx) => {
    const hasContact = Object.values(v.contact).some((x) => x && x.length > 0);
    if (v.source === 'anonym' && hasContact) ctx.addIssue({ code: 'custom', path: ['contact'], message: 'anonyma synpunkter har inga kontaktuppgifter' });
    if (v.source === 'anonym' && v.wantsAnswer) ctx.addIssue({ code: 'custom', path: ['wantsAnswer'], message: 'en anonym person kan inte få svar' });
    if (v.wantsAnswer && !v.answerMethod) ctx.addIssue({ code: 'custom', path: ['answerMethod'], message: 'ange hur personen vill få svar' });
    if (v.wantsAnswer && !hasContact) ctx.addIssue({ code: 'custom', path: ['contact'], message: 'ange kontaktuppgifter för svaret' });
  });
export type SynpunktRegistration = z.input<typeof synpunktRegistrationSchema>;
/** A registration as the domain has parsed it (defaults filled in). */
export type ParsedSynpunktRegistration = z.output<typeof synpunktRegistrationSchema>;

export const synpunktActions = ['acknowledge', 'answer', 'forward', 'escalate', 'close'] as const;
export type SynpunktAction = (typeof synpunktActions)[number];

export const synpunktTransitionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('answer'), summary: freeText(synpunktTransitionLimits.summary).min(1), answeredAt: z.date() }),
  z.object({ action: z.literal('forward'), unitId: z.string().min(1).max(L.unitId) }),
  z.object({ action: z.literal('escalate'), note: freeText(synpunktTransitionLimits.note).optional() }),
  z.object({ action: z.literal('close') }),
]);

export type SynpunktTransition = z.output<typeof synpunktTransitionSchema>;

export const synpunktDetailsSchema = z.object({
  description: z.string(),
  contact: contactSchema,
  answerSummary: z.string().optional(),
  escalationNotes: z.array(z.object({ at: z.date(), byName: z.string(), note: z.string() })).default([]),
});
export type SynpunktDetails = z.infer<typeof synpunktDetailsSchema>;

export const synpunktDocSchema = z.object({
  ...caseBaseShape,
  kind: z.literal('synpunkt'),
  /** Cases this one is linked to, e.g. the lex Sarah report made because the complaint describes a missförhållande. */
  linkedCaseIds: z.array(z.string()).optional(),
  type: z.enum(synpunktTypes),
  status: z.enum(synpunktStatuses),
  source: z.enum(synpunktSources),
  channel: z.enum(synpunktChannels),
  receivedAt: z.date(),
  topic: z.enum(synpunktTopics),
  wantsAnswer: z.boolean(),
  answerMethod: z.enum(answerMethods).optional(),
  details: synpunktDetailsSchema,
  /** Kept for statistics after the deadline itself is removed. */
  answerDueAt: z.date(),
  acknowledgedAt: z.date().optional(),
  answeredAt: z.date().optional(),
  answeredInTime: z.boolean().optional(),
  escalatedAt: z.date().optional(),
  forwardedFrom: z.array(z.string()).default([]),
});
export type SynpunktDoc = z.infer<typeof synpunktDocSchema>;
