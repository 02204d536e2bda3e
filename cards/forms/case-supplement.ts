/**
 * The reporter's answer to "Begär komplettering": one text field. The question itself is shown in the case's
 * details dialog (free text stays out of the chat); the answer is stored in the case and the handlers are told.
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { avvikelseTransitionLimits } from '../../domain/avvikelser/schema.js';
import { fixedTextForm, type FormDefinition } from '../form.js';

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

export const supplementForm: FormDefinition<SupplementValues> = fixedTextForm({
  id: 'avvikelse.supplement',
  submitActionId: ActionIds.avvikelseSupplementSubmit,
  slackCallbackId: ViewIds.avvikelseSupplement,
  texts,
  fields: (t) => [{ id: 'answer', kind: 'textarea', label: t(texts.answer), required: true, maxLength: SUPPLEMENT_MAX, privacy: 'narrative' }],
  schema: supplementValuesSchema,
});
