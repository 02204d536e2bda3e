/**
 * The synpunkt/klagomål registration form (issue 5): what a member of staff fills in after a phone call, visit,
 * letter or e-mail. Sources follow SOSFS 2011:9 5 kap. 3 §, plus anonymous. Contact details are `sensitive`:
 * stored with the case, never shown in a chat message.
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { type BuiltForm, type FieldErrors, type FieldOption, type FormContext, type FormDefinition, instantFromParts, localize, todayIn } from '../form.js';
import {
  answerMethods,
  synpunktChannels,
  synpunktSources,
  synpunktTopics,
  synpunktTypes,
  type SynpunktRegistration,
} from '../../domain/synpunkter/types.js';
import { commonTexts, synpunktTexts as T } from './messages.js';

// Option values come from the domain so the form and `synpunktRegistrationSchema` cannot drift apart.
export const SYNPUNKT_TYPES = synpunktTypes;
/** The source kinds of SOSFS 2011:9 5 kap. 3 §, plus anonymous. */
export const SYNPUNKT_SOURCES = synpunktSources;
export const RECEIVED_VIA = synpunktChannels;
/** Topics for the yearly compilation (SOSFS 2011:9 5 kap. 6 §). */
export const SYNPUNKT_TOPICS = synpunktTopics;
export const REPLY_VIA = answerMethods;

export const SYNPUNKT_LIMITS = {
  description: 3000,
  contactName: 120,
  contactPhone: 30,
  contactEmail: 254,
  contactAddress: 300,
  unitId: 100,
} as const;

/** Fields never shown in chat. */
export const SYNPUNKT_CONTACT_FIELDS = ['contactName', 'contactPhone', 'contactEmail', 'contactAddress'] as const;

/** The typed values of a submitted synpunkt form; also usable for documents read back from storage. */
export const synpunktValuesSchema = z
  .object({
    type: z.enum(SYNPUNKT_TYPES),
    source: z.enum(SYNPUNKT_SOURCES),
    channel: z.enum(RECEIVED_VIA),
    /** Stockholm date `YYYY-MM-DD`. */
    receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    unitId: z.string().min(1).max(SYNPUNKT_LIMITS.unitId),
    topic: z.enum(SYNPUNKT_TOPICS),
    description: z.string().min(1).max(SYNPUNKT_LIMITS.description),
    wantsAnswer: z.enum(['ja', 'nej']),
    answerMethod: z.enum(REPLY_VIA).optional(),
    contactName: z.string().max(SYNPUNKT_LIMITS.contactName).optional(),
    contactPhone: z.string().max(SYNPUNKT_LIMITS.contactPhone).optional(),
    contactEmail: z.string().max(SYNPUNKT_LIMITS.contactEmail).optional(),
    contactAddress: z.string().max(SYNPUNKT_LIMITS.contactAddress).optional(),
  })
  .strict();

export type SynpunktFormValues = z.output<typeof synpunktValuesSchema>;

function build(ctx: FormContext): BuiltForm<SynpunktFormValues> {
  const t = (text: { sv: string; en: string }) => localize(text, ctx.locale);
  if (!ctx.units || ctx.units.length === 0) throw new RangeError('The form needs at least one unit in ctx.units');
  const units: FieldOption[] = [...ctx.units];
  const defaultUnit = units.some((u) => u.value === ctx.defaultUnitId) ? ctx.defaultUnitId : undefined;
  const opts = (pairs: Array<[string, { sv: string; en: string }]>): FieldOption[] => pairs.map(([value, text]) => ({ value, label: t(text) }));
  const contactHelp = t(T.contactHelp);
  return {
    title: t(T.title),
    slackTitle: t(T.slackTitle),
    intro: [t(T.intro)],
    submitLabel: t(commonTexts.submit),
    closeLabel: t(commonTexts.close),
    fields: [
      {
        id: 'type',
        kind: 'choice',
        style: 'radio',
        label: t(T.type),
        required: true,
        options: opts([
          ['klagomal', T.typeKlagomal],
          ['synpunkt', T.typeSynpunkt],
          ['forslag', T.typeForslag],
          ['berom', T.typeBerom],
        ]),
      },
      {
        id: 'source',
        kind: 'choice',
        style: 'dropdown',
        label: t(T.source),
        help: t(T.sourceHelp),
        required: true,
        options: opts([
          ['vard_omsorgstagare', T.sourceBrukare],
          ['narstaende', T.sourceNarstaende],
          ['personal', T.sourcePersonal],
          ['vardgivare', T.sourceVardgivare],
          ['annan_socialtjanst', T.sourceSocialtjanst],
          ['lss_verksamhet', T.sourceLss],
          ['myndighet', T.sourceMyndighet],
          ['forening', T.sourceForening],
          ['anonym', T.sourceAnonym],
        ]),
      },
      {
        id: 'channel',
        kind: 'choice',
        style: 'radio',
        label: t(T.receivedVia),
        required: true,
        options: opts([
          ['telefon', T.viaTelefon],
          ['besok', T.viaBesok],
          ['brev', T.viaBrev],
          ['e_post', T.viaEpost],
          ['annat', T.viaAnnat],
        ]),
      },
      { id: 'receivedOn', kind: 'date', label: t(T.receivedOn), required: true, notInFuture: true, default: todayIn(ctx.now) },
      { id: 'unitId', kind: 'select', label: t(T.unit), help: t(T.unitHelp), required: true, options: units, ...(defaultUnit ? { default: defaultUnit } : {}) },
      {
        id: 'topic',
        kind: 'choice',
        style: 'dropdown',
        label: t(T.topic),
        help: t(T.topicHelp),
        required: true,
        options: opts([
          ['bemotande', T.topicBemotande],
          ['information', T.topicInformation],
          ['insatsens_kvalitet', T.topicInsats],
          ['handlaggning', T.topicHandlaggning],
          ['tillganglighet', T.topicTillganglighet],
          ['kontinuitet', T.topicKontinuitet],
          ['miljo_lokaler', T.topicMiljo],
          ['mat_maltider', T.topicMat],
          ['ovrigt', T.topicOvrigt],
        ]),
      },
      { id: 'description', kind: 'textarea', label: t(T.description), help: t(T.descriptionHelp), required: true, maxLength: SYNPUNKT_LIMITS.description, privacy: 'narrative' },
      {
        id: 'wantsAnswer',
        kind: 'choice',
        style: 'radio',
        label: t(T.wantsReply),
        required: true,
        options: opts([
          ['ja', T.yes],
          ['nej', T.no],
        ]),
      },
      {
        id: 'answerMethod',
        kind: 'choice',
        style: 'dropdown',
        label: t(T.replyVia),
        required: false,
        options: opts([
          ['telefon', T.replyTelefon],
          ['e_post', T.replyEpost],
          ['brev', T.replyBrev],
          ['besok', T.replyBesok],
        ]),
      },
      { id: 'contactName', kind: 'text', label: t(T.contactName), help: contactHelp, required: false, sensitive: true, maxLength: SYNPUNKT_LIMITS.contactName, privacy: 'contact' },
      { id: 'contactPhone', kind: 'text', label: t(T.contactPhone), required: false, sensitive: true, maxLength: SYNPUNKT_LIMITS.contactPhone, privacy: 'contact', format: 'phone' },
      { id: 'contactEmail', kind: 'text', label: t(T.contactEmail), required: false, sensitive: true, maxLength: SYNPUNKT_LIMITS.contactEmail, privacy: 'contact', format: 'email' },
      { id: 'contactAddress', kind: 'textarea', label: t(T.contactAddress), required: false, sensitive: true, maxLength: SYNPUNKT_LIMITS.contactAddress, privacy: 'contact' },
    ],
    schema: synpunktValuesSchema,
    rules: (v): FieldErrors => {
      const errors: FieldErrors = {};
      if (v.source === 'anonym') {
        if (v.wantsAnswer === 'ja') errors.wantsAnswer = t(T.anonymousNoReply);
        const filled = SYNPUNKT_CONTACT_FIELDS.find((id) => v[id]);
        if (filled) errors[filled] = t(T.contactAnonymous);
        return errors;
      }
      if (v.wantsAnswer !== 'ja') return errors;
      if (!v.answerMethod) errors.answerMethod = t(T.replyViaRequired);
      if (!v.contactName) errors.contactName = t(T.contactNameRequired);
      if (v.answerMethod === 'telefon' && !v.contactPhone) errors.contactPhone = t(T.contactPhoneRequired);
      if (v.answerMethod === 'e_post' && !v.contactEmail) errors.contactEmail = t(T.contactEmailRequired);
      if (v.answerMethod === 'brev' && !v.contactAddress) errors.contactAddress = t(T.contactAddressRequired);
      if (v.answerMethod === 'besok' && !v.contactPhone && !v.contactEmail) errors.contactPhone = t(T.contactMeetingRequired);
      return errors;
    },
  };
}

/** The synpunkt registration form. */
export const synpunktForm: FormDefinition<SynpunktFormValues> = {
  id: 'synpunkt',
  submitActionId: ActionIds.synpunktSubmit,
  slackCallbackId: ViewIds.synpunktRegister,
  build,
};

/**
 * The domain input of `SynpunktService` for submitted form values. The form asks for the day it was received;
 * `receivedAt` is that day at 12:00 Stockholm time, or `now` when received today (so it is never in the future).
 */
export function toSynpunktRegistration(values: SynpunktFormValues, token: string, now: Date): SynpunktRegistration {
  const noon = instantFromParts(values.receivedOn, '12:00')!;
  const contact = {
    ...(values.contactName ? { name: values.contactName } : {}),
    ...(values.contactPhone ? { phone: values.contactPhone } : {}),
    ...(values.contactEmail ? { email: values.contactEmail } : {}),
    ...(values.contactAddress ? { address: values.contactAddress } : {}),
  };
  return {
    token,
    type: values.type,
    source: values.source,
    channel: values.channel,
    receivedAt: noon.getTime() > now.getTime() ? now : noon,
    unitId: values.unitId,
    topic: values.topic,
    description: values.description,
    wantsAnswer: values.wantsAnswer === 'ja',
    ...(values.answerMethod ? { answerMethod: values.answerMethod } : {}),
    contact,
  };
}
