/**
 * The reporter's answer to "Begär komplettering": one text field. The question itself is shown in the case's
 * details dialog (free text stays out of the chat); the answer is stored in the case and the handlers are told.
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { avvikelseTransitionLimits } from '../../domain/avvikelser/schema.js';
import { type BuiltForm, type FormContext, type FormDefinition, localize } from '../form.js';

/** As long as a handler's question may be: the domain's limit, which `AvvikelseService.supplement` checks. */
const SUPPLEMENT_MAX = avvikelseTransitionLimits.question;

const texts = {
  title: { sv: 'Svara på kompletteringen', en: 'Answer the request for more information' },
  slackTitle: { sv: 'Komplettering', en: 'More information' },
  intro: {
    sv: 'Handläggarens fråga finns under "Visa detaljer". Skriv inga personnummer; skriv "brukaren" eller "patienten" i stället för namn.',
    en: 'The handler’s question is under "View details". No personal identity numbers; write "the client" instead of names.',
  },
  answer: { sv: 'Ditt svar', en: 'Your answer' },
  submit: { sv: 'Skicka', en: 'Send' },
  close: { sv: 'Avbryt', en: 'Cancel' },
};

export const supplementValuesSchema = z.object({ answer: z.string().min(1).max(SUPPLEMENT_MAX) }).strict();
export type SupplementValues = z.output<typeof supplementValuesSchema>;

function build(ctx: FormContext): BuiltForm<SupplementValues> {
  const t = (text: { sv: string; en: string }) => localize(text, ctx.locale);
  return {
    title: t(texts.title),
    slackTitle: t(texts.slackTitle),
    intro: [t(texts.intro)],
    submitLabel: t(texts.submit),
    closeLabel: t(texts.close),
    fields: [{ id: 'answer', kind: 'textarea', label: t(texts.answer), required: true, maxLength: SUPPLEMENT_MAX, privacy: 'narrative' }],
    schema: supplementValuesSchema,
  };
}

export const supplementForm: FormDefinition<SupplementValues> = {
  id: 'avvikelse.supplement',
  submitActionId: ActionIds.avvikelseSupplementSubmit,
  slackCallbackId: ViewIds.avvikelseSupplement,
  build,
};
