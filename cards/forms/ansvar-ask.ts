/**
 * "Vem ansvarar för …?": one free-text question for the responsibility matrix (the ansvarsmatris feature answers it).
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { fixedTextForm, type FormDefinition } from '../form.js';
import { ansvarAskTexts as T, commonTexts } from './messages.js';

export const ANSVAR_QUESTION_MAX = 300;

export const ansvarAskValuesSchema = z.object({ question: z.string().min(1).max(ANSVAR_QUESTION_MAX) }).strict();
export type AnsvarAskFormValues = z.output<typeof ansvarAskValuesSchema>;

export const ansvarAskForm: FormDefinition<AnsvarAskFormValues> = fixedTextForm({
  id: 'ansvar',
  submitActionId: ActionIds.ansvarAskSubmit,
  slackCallbackId: ViewIds.ansvarAsk,
  texts: { ...T, close: commonTexts.close },
  fields: (t) => [
    {
      id: 'question',
      kind: 'text',
      label: t(T.question),
      placeholder: t(T.questionPlaceholder),
      help: t(T.questionHelp),
      required: true,
      maxLength: ANSVAR_QUESTION_MAX,
      // Questions may be logged for tuning the search: keep identity numbers out of them too.
      privacy: 'narrative',
    },
  ],
  schema: ansvarAskValuesSchema,
});
