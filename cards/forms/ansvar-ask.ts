/**
 * "Vem ansvarar för …?": one free-text question for the responsibility matrix (the ansvarsmatris feature answers it).
 */
import { z } from 'zod';
import { ActionIds, ViewIds } from '../../domain/action-ids.js';
import { type BuiltForm, type FormContext, type FormDefinition, localize } from '../form.js';
import { ansvarAskTexts as T, commonTexts } from './messages.js';

export const ANSVAR_QUESTION_MAX = 300;

export const ansvarAskValuesSchema = z.object({ question: z.string().min(1).max(ANSVAR_QUESTION_MAX) }).strict();
export type AnsvarAskFormValues = z.output<typeof ansvarAskValuesSchema>;

function build(ctx: FormContext): BuiltForm<AnsvarAskFormValues> {
  const t = (text: { sv: string; en: string }) => localize(text, ctx.locale);
  return {
    title: t(T.title),
    slackTitle: t(T.slackTitle),
    submitLabel: t(T.submit),
    closeLabel: t(commonTexts.close),
    fields: [
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
  };
}

export const ansvarAskForm: FormDefinition<AnsvarAskFormValues> = {
  id: 'ansvar',
  submitActionId: ActionIds.ansvarAskSubmit,
  slackCallbackId: ViewIds.ansvarAsk,
  build,
};
