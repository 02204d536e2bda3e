import type { TurnContext } from '@microsoft/agents-hosting';
import type { FormRenderContext } from '../../../cards/form.js';
import { readAdaptiveSubmitMeta } from '../../../cards/form-submission.js';
import { inlineFormTexts } from '../../../cards/forms/messages.js';
import { ActionIds } from '../../../domain/action-ids.js';
import type { MessageView } from '../../../domain/view.js';
import { renderFormAdaptive } from '../../../cards/render-form-adaptive.js';
import { ACTION_KEY, renderMessageAdaptive, type AdaptiveCard } from '../../../cards/render-message.js';
import { withoutDialogs } from '../../../cards/universal-actions.js';
import { userText } from '../../../domain/error-text.js';
import { AppError } from '../../../domain/errors.js';
import { prepareForm, type PairedForm } from '../../conversation/forms.js';
import type { ChatUser } from '../../../domain/chat.js';
import type { TeamsDeps } from '../deps.js';
import { turnUser } from '../turn-user.js';
import { submitAdaptive, withNotice, type InvokeResult } from './task-module.js';

/**
 * Universal Actions (Action.Execute → `adaptiveCard/action`): the forms of clients that cannot open dialogs. The
 * answer is the next card, which the client shows in place of the clicked one: button → form → receipt, or the form
 * again with the errors. The same form definitions, parser and save path as the dialogs; everything is re-authorised
 * from stored data, the card's data is only a hint.
 */
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

const cardResult = (card: AdaptiveCard): InvokeResult => ({ status: 200, body: { statusCode: 200, type: CARD, value: withoutDialogs(card) } });
const viewResult = (view: MessageView): InvokeResult => cardResult(renderMessageAdaptive(view));
/** A short message shown by the client; the clicked card stays as it was. */
const messageResult = (text: string): InvokeResult => ({ status: 200, body: { statusCode: 200, type: MESSAGE, value: text } });
const warning = (error: unknown): InvokeResult => viewResult({ title: userText(error), tone: 'warning' });

const formCard = (form: PairedForm, ctx: FormRenderContext, notice?: string): InvokeResult =>
  cardResult(withNotice(renderFormAdaptive(form.definition, ctx, 'chat'), notice));

async function submitForm(context: TurnContext, deps: TeamsDeps, data: Record<string, unknown>): Promise<InvokeResult> {
  const submitted = await submitAdaptive(deps, data, turnUser(context));
  if (submitted.kind === 'invalid') {
    deps.logger.warn('Teams inline form submit with missing or tampered metadata');
    return warning(new AppError('common.invalid_payload'));
  }
  if (submitted.kind === 'refused') return warning(submitted.error);
  const { form, outcome } = submitted;
  if (outcome.kind === 'reopen') return formCard(form, outcome.ctx, outcome.notice);
  // Saved: the form turns into the receipt, in place.
  return viewResult(outcome.result.view);
}

async function openForm(deps: TeamsDeps, formId: string, carried: Record<string, string>, user: ChatUser): Promise<InvokeResult> {
  const prepared = await prepareForm(deps.conversation.forms, formId, user, carried);
  if (prepared.kind === 'missing') return messageResult(inlineFormTexts.outdated.sv);
  if (prepared.kind === 'refused') return warning(prepared.error);
  return formCard(prepared.form, prepared.ctx);
}

/** adaptiveCard/action: `value.action` is `{ type: 'Action.Execute', verb, data }` with the inputs merged into data. */
export async function handleCardExecute(context: TurnContext, deps: TeamsDeps): Promise<InvokeResult> {
  const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const verb = typeof action?.verb === 'string' ? action.verb : '';
  const data = action?.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
  if (verb === ActionIds.formInlineCancel) {
    return viewResult({ title: inlineFormTexts.cancelledTitle.sv, text: [inlineFormTexts.cancelledText.sv] });
  }
  if (readAdaptiveSubmitMeta(data)) return submitForm(context, deps, data);
  // Any other button of a refreshed card: a form shown in place, a result as the next card, a refusal as a note.
  const user = turnUser(context);
  const reply = await deps.conversation.onButton(verb, { ...data, [ACTION_KEY]: verb }, user, 'inline');
  switch (reply?.kind) {
    case 'form':
      return openForm(deps, reply.formId, reply.context, user);
    case 'message':
    case 'details':
      return viewResult(reply.view);
    case 'refused':
      return messageResult(reply.text);
    default:
      deps.logger.warn({ verb }, 'unknown Teams Action.Execute verb');
      return messageResult(inlineFormTexts.outdated.sv);
  }
}
