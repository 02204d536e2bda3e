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
  synpunktLimits,
  synpunktSources,
  synpunktTopics,
  synpunktTypes,
  type SynpunktRegistration,
  type SynpunktSource,
  type SynpunktTopic,
  type SynpunktType,
} from '../../domain/synpunkter/schema.js';
import { commonTexts, synpunktTexts as T, type Text } from './messages.js';

/** The form's limits and option values are the domain's: what the form offers is what the domain stores. */
const LIMITS = synpunktLimits;

/** Fields never shown in chat. */
export const SYNPUNKT_CONTACT_FIELDS = ['contactName', 'contactPhone', 'contactEmail', 'contactAddress'] as const;

/** The typed values of a submitted synpunkt form; also usable for documents read back from storage. */
export const synpunktValuesSchema = z
  .object({
    type: z.enum(synpunktTypes),
    source: z.enum(synpunktSources),
    channel: z.enum(synpunktChannels),
    /** Stockholm date `YYYY-MM-DD`. */
    receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    unitId: z.string().min(1).max(LIMITS.unitId),
    topic: z.enum(synpunktTopics),
    description: z.string().min(1).max(LIMITS.description),
    wantsAnswer: z.enum(['ja', 'nej']),
    answerMethod: z.enum(answerMethods).optional(),
    contactName: z.string().max(LIMITS.contactName).optional(),
    contactPhone: z.string().max(LIMITS.contactPhone).optional(),
    contactEmail: z.string().max(LIMITS.contactEmail).optional(),
    contactAddress: z.string().max(LIMITS.contactAddress).optional(),
  })
  .strict();

export type SynpunktFormValues = z.output<typeof synpunktValuesSchema>;

/** Each option's label keyed by the domain's value (in the order the form shows them): a value the domain does not
 * have, or one it has that the form lacks, fails to compile. */
const typeOptions = {
  klagomal: T.typeKlagomal,
  synpunkt: T.typeSynpunkt,
  forslag: T.typeForslag,
  berom: T.typeBerom,
} satisfies Record<SynpunktType, Text>;
const sourceOptions = {
  vard_omsorgstagare: T.sourceBrukare,
  narstaende: T.sourceNarstaende,
  personal: T.sourcePersonal,
  vardgivare: T.sourceVardgivare,
  annan_socialtjanst: T.sourceSocialtjanst,
  lss_verksamhet: T.sourceLss,
  myndighet: T.sourceMyndighet,
  forening: T.sourceForening,
  anonym: T.sourceAnonym,
} satisfies Record<SynpunktSource, Text>;
const channelOptions = {
  telefon: T.viaTelefon,
  besok: T.viaBesok,
  brev: T.viaBrev,
  e_post: T.viaEpost,
  annat: T.viaAnnat,
} satisfies Record<(typeof synpunktChannels)[number], Text>;
const topicOptions = {
  bemotande: T.topicBemotande,
  information: T.topicInformation,
  insatsens_kvalitet: T.topicInsats,
  handlaggning: T.topicHandlaggning,
  tillganglighet: T.topicTillganglighet,
  kontinuitet: T.topicKontinuitet,
  miljo_lokaler: T.topicMiljo,
  mat_maltider: T.topicMat,
  ovrigt: T.topicOvrigt,
} satisfies Record<SynpunktTopic, Text>;
const answerMethodOptions = {
  telefon: T.replyTelefon,
  e_post: T.replyEpost,
  brev: T.replyBrev,
  besok: T.replyBesok,
} satisfies Record<(typeof answerMethods)[number], Text>;

function build(ctx: FormContext): BuiltForm<SynpunktFormValues> {
  const t = (text: { sv: string; en: string }) => localize(text, ctx.locale);
  if (!ctx.units || ctx.units.length === 0) throw new RangeError('The form needs at least one unit in ctx.units');
  const units: FieldOption[] = [...ctx.units];
  const defaultUnit = units.some((u) => u.value === ctx.defaultUnitId) ? ctx.defaultUnitId : undefined;
  const opts = (texts: Record<string, Text>): FieldOption[] => Object.entries(texts).map(([value, text]) => ({ value, label: t(text) }));
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
        options: opts(typeOptions),
      },
      {
        id: 'source',
        kind: 'choice',
        style: 'dropdown',
        label: t(T.source),
        help: t(T.sourceHelp),
        required: true,
        options: opts(sourceOptions),
      },
      {
        id: 'channel',
        kind: 'choice',
        style: 'radio',
        label: t(T.receivedVia),
        required: true,
        options: opts(channelOptions),
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
        options: opts(topicOptions),
      },
      { id: 'description', kind: 'textarea', label: t(T.description), help: t(T.descriptionHelp), required: true, maxLength: LIMITS.description, privacy: 'narrative' },
      {
        id: 'wantsAnswer',
        kind: 'choice',
        style: 'radio',
        label: t(T.wantsReply),
        required: true,
        options: opts({ ja: T.yes, nej: T.no }),
      },
      {
        id: 'answerMethod',
        kind: 'choice',
        style: 'dropdown',
        label: t(T.replyVia),
        required: false,
        options: opts(answerMethodOptions),
      },
      { id: 'contactName', kind: 'text', label: t(T.contactName), help: contactHelp, required: false, sensitive: true, maxLength: LIMITS.contactName, privacy: 'contact' },
      { id: 'contactPhone', kind: 'text', label: t(T.contactPhone), required: false, sensitive: true, maxLength: LIMITS.contactPhone, privacy: 'contact', format: 'phone' },
      { id: 'contactEmail', kind: 'text', label: t(T.contactEmail), required: false, sensitive: true, maxLength: LIMITS.contactEmail, privacy: 'contact', format: 'email' },
      { id: 'contactAddress', kind: 'textarea', label: t(T.contactAddress), required: false, sensitive: true, maxLength: LIMITS.contactAddress, privacy: 'contact' },
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
