import { CardFactory, type TurnContext } from '@microsoft/agents-hosting';
import type { FormRenderContext } from '../../../cards/form.js';
import { parseAdaptiveSubmission, readAdaptiveSubmitMeta } from '../../../cards/form-submission.js';
import { ActionIds, TeamsCommandIds } from '../../../domain/action-ids.js';
import { ACTION_KEY, type AdaptiveCard } from '../../../cards/render-message.js';
import { formDialogTitle, renderFormAdaptive } from '../../../cards/render-form-adaptive.js';
import { userText } from '../../../domain/error-text.js';
import { AppError } from '../../../domain/errors.js';
import { prepareForm, submitForm, SUBMIT_BUDGET_MS, type PairedForm, type Submission } from '../../conversation/forms.js';
import type { ChatUser, Reply } from '../../../domain/chat.js';
import type { TeamsDeps } from '../deps.js';
import { turnUser } from '../turn-user.js';
import { cardActivity } from '../render.js';
import { renderMessageAdaptive } from '../../../cards/render-message.js';
import type { MessageView } from '../../../domain/view.js';

export interface InvokeResult {
  status: number;
  body?: unknown;
}

export function withNotice(card: AdaptiveCard, notice: string | undefined): AdaptiveCard {
  if (!notice) return card;
  return { ...card, body: [{ type: 'TextBlock', text: notice, wrap: true, color: 'Attention', weight: 'Bolder' }, ...card.body] };
}

function dialog(form: PairedForm, ctx: FormRenderContext, notice?: string): InvokeResult {
  const card = withNotice(renderFormAdaptive(form.definition, ctx), notice);
  return {
    status: 200,
    body: { task: { type: 'continue', value: { title: formDialogTitle(form.definition, ctx), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) } } },
  };
}

const FORM_GONE = 'Det här formuläret finns inte längre. Skriv "hjälp" för att börja om.';
const messageResult = (text: string): InvokeResult => ({ status: 200, body: { task: { type: 'message', value: text } } });

function viewDialog(view: MessageView): InvokeResult {
  return { status: 200, body: { task: { type: 'continue', value: { title: view.title.slice(0, 100), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(renderMessageAdaptive(view)) } } } };
}

/** Opens the form a reply names as a dialog; a form that cannot open says why. */
async function openDialog(deps: TeamsDeps, formId: string, user: ChatUser, carried: Record<string, string>, prefill?: Record<string, unknown>): Promise<InvokeResult> {
  const prepared = await prepareForm(deps.conversation.forms, formId, user, carried, prefill);
  if (prepared.kind === 'missing') return messageResult(FORM_GONE);
  if (prepared.kind === 'refused') return messageResult(userText(prepared.error));
  return dialog(prepared.form, prepared.ctx);
}

/** A button's reply, in a dialog: the form it opens, details or a result as a dialog, a refusal as its message. */
async function dialogFor(deps: TeamsDeps, reply: Reply, user: ChatUser): Promise<InvokeResult> {
  switch (reply.kind) {
    case 'form':
      return openDialog(deps, reply.formId, user, reply.context);
    case 'details':
    case 'message':
      return viewDialog(reply.view);
    case 'refused':
      return messageResult(reply.text);
    default:
      return messageResult(FORM_GONE);
  }
}

/** task/fetch: a button with `msteams.type = task/fetch` asks for a dialog. */
export async function handleTaskFetch(context: TurnContext, deps: TeamsDeps): Promise<InvokeResult> {
  const data = (context.activity.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const actionId = typeof data[ACTION_KEY] === 'string' ? (data[ACTION_KEY] as string) : '';
  const user = turnUser(context);
  const reply = await deps.conversation.onButton(actionId, data, user, 'dialog');
  return dialogFor(deps, reply ?? { kind: 'none' }, user);
}

/** Strips the HTML Teams puts in message bodies; the user decides in the form whether to keep the text. */
function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
    .slice(0, 2000);
}

/** composeExtension/fetchTask: the "Rapportera som avvikelse" message action opens the avvikelse form. */
export async function handleMessageActionFetch(context: TurnContext, deps: TeamsDeps): Promise<InvokeResult> {
  const value = (context.activity.value ?? {}) as { commandId?: string; messagePayload?: { body?: { content?: string } } };
  if (value.commandId !== TeamsCommandIds.avvikelseFromMessage) return { status: 200, body: {} };
  const formId = deps.conversation.forms.openedBy(ActionIds.avvikelseOpen);
  if (!formId) return messageResult('Avvikelserapportering är inte aktiverad.');
  const text = plainText(value.messagePayload?.body?.content ?? '');
  return openDialog(deps, formId, turnUser(context), {}, text ? { description: text } : undefined);
}

/** A submitted form card (dialog or in-chat card): its values parsed as Adaptive Card data, saved within Teams' budget. */
export function submitAdaptive(deps: TeamsDeps, data: unknown, user: ChatUser): Promise<Exclude<Submission, { kind: 'duplicate' }>> {
  return submitForm(deps.conversation.forms, readAdaptiveSubmitMeta(data), user, (definition, base) => parseAdaptiveSubmission(definition, data, base), deps.logger, SUBMIT_BUDGET_MS.teams);
}

/** task/submit and composeExtension/submitAction: parse, validate, save; re-open with errors or a notice. */
export async function handleTaskSubmit(context: TurnContext, deps: TeamsDeps, kind: 'task' | 'messageAction'): Promise<InvokeResult> {
  const data = (context.activity.value as { data?: unknown } | undefined)?.data;
  const user = turnUser(context);
  if (!readAdaptiveSubmitMeta(data) && data && typeof data === 'object') {
    // A button inside a dialog (a status change in the details view, "Svara på kompletteringen") arrives here.
    const actionId = (data as Record<string, unknown>)[ACTION_KEY];
    const reply = typeof actionId === 'string' ? await deps.conversation.onButton(actionId, data as Record<string, unknown>, user, 'dialog') : undefined;
    if (reply) return dialogFor(deps, reply, user);
  }
  const submitted = await submitAdaptive(deps, data, user);
  if (submitted.kind === 'invalid') {
    deps.logger.warn({ kind }, 'Teams form submit with missing or tampered metadata');
    return messageResult(userText(new AppError('common.invalid_payload')));
  }
  if (submitted.kind === 'refused') return messageResult(userText(submitted.error));
  const { form, outcome } = submitted;
  if (outcome.kind === 'reopen') return dialog(form, outcome.ctx, outcome.notice);
  const personal = context.activity.conversation?.conversationType === 'personal';
  if (personal || kind === 'task') {
    await context.sendActivity(cardActivity(outcome.result.view));
  } else {
    await deps.notifyUser?.(user, outcome.result.view);
  }
  return kind === 'task' ? messageResult(outcome.result.summary) : { status: 200, body: {} };
}
