import { CardFactory, type TurnContext } from '@microsoft/agents-hosting';
import type { FormRenderContext } from '../../../cards/form.js';
import { parseAdaptiveSubmission, readAdaptiveSubmitMeta } from '../../../cards/form-submission.js';
import { TeamsCommandIds } from '../../../cards/ids.js';
import { ACTION_KEY, type AdaptiveCard } from '../../../cards/render-message.js';
import { formDialogTitle, renderFormAdaptive } from '../../../cards/render-form-adaptive.js';
import { userText } from '../../../domain/error-text.js';
import { AppError } from '../../../domain/errors.js';
import { completeForm, openContext, type HostedForm } from '../../conversation/forms.js';
import type { ChatUser } from '../../conversation/types.js';
import type { TeamsDeps } from '../deps.js';
import { resolveTeamsUser } from '../identity.js';
import { cardActivity } from '../render.js';

export interface InvokeResult {
  status: number;
  body?: unknown;
}

function withNotice(card: AdaptiveCard, notice: string | undefined): AdaptiveCard {
  if (!notice) return card;
  return { ...card, body: [{ type: 'TextBlock', text: notice, wrap: true, color: 'Attention', weight: 'Bolder' }, ...card.body] };
}

function dialog<V>(form: HostedForm<V>, ctx: FormRenderContext, notice?: string): InvokeResult {
  const card = withNotice(renderFormAdaptive(form.definition, ctx), notice);
  return {
    status: 200,
    body: { task: { type: 'continue', value: { title: formDialogTitle(form.definition, ctx), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) } } },
  };
}

const messageResult = (text: string): InvokeResult => ({ status: 200, body: { task: { type: 'message', value: text } } });

async function openDialog(form: HostedForm<unknown>, user: ChatUser, prefill?: Record<string, unknown>): Promise<InvokeResult> {
  try {
    return dialog(form, await openContext(form, user, prefill));
  } catch (error) {
    return messageResult(userText(error));
  }
}

/** task/fetch: a button with `msteams.type = task/fetch` asks for a dialog. */
export async function handleTaskFetch(context: TurnContext, deps: TeamsDeps): Promise<InvokeResult> {
  const data = (context.activity.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const actionId = typeof data[ACTION_KEY] === 'string' ? (data[ACTION_KEY] as string) : '';
  const form = deps.forms.byOpenActionId(actionId);
  if (!form) return messageResult('Det här formuläret finns inte längre. Skriv "hjälp" för att börja om.');
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  return openDialog(form, user);
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

/** composeExtension/fetchTask: the "Rapportera som avvikelse" message action. */
export async function handleMessageActionFetch(context: TurnContext, deps: TeamsDeps): Promise<InvokeResult> {
  const value = (context.activity.value ?? {}) as { commandId?: string; messagePayload?: { body?: { content?: string } } };
  if (value.commandId !== TeamsCommandIds.avvikelseFromMessage) return { status: 200, body: {} };
  const form = deps.forms.byFormId('avvikelse');
  if (!form) return messageResult('Avvikelserapportering är inte aktiverad.');
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  const text = plainText(value.messagePayload?.body?.content ?? '');
  return openDialog(form, user, text ? { description: text } : undefined);
}

/** task/submit and composeExtension/submitAction: parse, validate, save; re-open with errors or a notice. */
export async function handleTaskSubmit(context: TurnContext, deps: TeamsDeps, kind: 'task' | 'messageAction'): Promise<InvokeResult> {
  const data = (context.activity.value as { data?: unknown } | undefined)?.data;
  const meta = readAdaptiveSubmitMeta(data);
  const form = meta ? deps.forms.byFormId(meta.form) : undefined;
  if (!meta || !form) {
    deps.logger.warn({ kind }, 'Teams form submit with missing or tampered metadata');
    return messageResult(userText(new AppError('common.invalid_payload')));
  }
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  let base;
  try {
    base = await form.context(user);
  } catch (error) {
    return messageResult(userText(error));
  }
  const parsed = parseAdaptiveSubmission(form.definition, data, base);
  const outcome = await completeForm(form, parsed, base, { token: meta.token, context: meta.context }, user, deps.logger);
  if (outcome.kind === 'reopen') return dialog(form, outcome.ctx, outcome.notice);
  const personal = context.activity.conversation?.conversationType === 'personal';
  if (personal || kind === 'task') {
    await context.sendActivity(cardActivity(outcome.result.view));
  } else {
    await deps.notifyUser?.(user, outcome.result.view);
  }
  return kind === 'task' ? messageResult(outcome.result.summary) : { status: 200, body: {} };
}
