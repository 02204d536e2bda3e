import { CardFactory, type TurnContext } from '@microsoft/agents-hosting';
import type { FormRenderContext } from '../../../cards/form.js';
import { parseAdaptiveSubmission, readAdaptiveSubmitMeta } from '../../../cards/form-submission.js';
import { TeamsCommandIds } from '../../../domain/action-ids.js';
import { ACTION_KEY, type AdaptiveCard } from '../../../cards/render-message.js';
import { formDialogTitle, renderFormAdaptive } from '../../../cards/render-form-adaptive.js';
import { userText } from '../../../domain/error-text.js';
import { AppError } from '../../../domain/errors.js';
import { parseCaseAction } from '../../conversation/features/case-actions.js';
import { completeForm, openContext, SUBMIT_BUDGET_MS, type HostedForm } from '../../conversation/forms.js';
import type { ChatUser } from '../../../domain/chat.js';
import type { TeamsDeps } from '../deps.js';
import { resolveTeamsUser } from '../identity.js';
import { cardActivity } from '../render.js';
import { renderMessageAdaptive } from '../../../cards/render-message.js';
import type { MessageView } from '../../../domain/view.js';

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

function viewDialog(view: MessageView): InvokeResult {
  return { status: 200, body: { task: { type: 'continue', value: { title: view.title.slice(0, 100), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(renderMessageAdaptive(view)) } } } };
}

/**
 * A case button (details or status change) in a card or inside the details dialog. Details and input dialogs are
 * answered as dialogs; an immediate status change shows its result in the dialog.
 */
async function caseActionDialog(context: TurnContext, deps: TeamsDeps, actionId: string, data: Record<string, unknown>): Promise<InvokeResult | undefined> {
  const req = parseCaseAction(actionId, data);
  if (!req || !deps.caseActions) return undefined;
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  try {
    if (req.op === 'view') return viewDialog(await deps.caseActions.details(req, user));
    const form = deps.caseActions.transitionForm(req);
    if (form) {
      const ctx = await openContext(form, user, undefined, { caseId: req.caseId, action: req.action!, ...(req.expectedStatus ? { s: req.expectedStatus } : {}) });
      return dialog(form, ctx);
    }
    return viewDialog(await deps.caseActions.transition(req, {}, user));
  } catch (error) {
    return messageResult(userText(error));
  }
}

async function openDialog(form: HostedForm<unknown>, user: ChatUser, prefill?: Record<string, unknown>, data: Record<string, unknown> = {}): Promise<InvokeResult> {
  try {
    const carried = form.contextFromAction ? form.contextFromAction(data) : {};
    if (!carried) return messageResult(userText(new AppError('common.invalid_payload')));
    return dialog(form, await openContext(form, user, prefill, carried));
  } catch (error) {
    return messageResult(userText(error));
  }
}

/** task/fetch: a button with `msteams.type = task/fetch` asks for a dialog. */
export async function handleTaskFetch(context: TurnContext, deps: TeamsDeps): Promise<InvokeResult> {
  const data = (context.activity.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const actionId = typeof data[ACTION_KEY] === 'string' ? (data[ACTION_KEY] as string) : '';
  const caseResult = await caseActionDialog(context, deps, actionId, data);
  if (caseResult) return caseResult;
  const form = deps.forms.byOpenActionId(actionId);
  if (!form) return messageResult('Det här formuläret finns inte längre. Skriv "hjälp" för att börja om.');
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  return openDialog(form, user, undefined, data);
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

/**
 * The form a submitted card names: a registered form, or a transition form, which is built per case action and
 * found again from its form id and opaque context. Used by dialogs and by forms in the conversation alike.
 */
export function submittedForm(deps: TeamsDeps, meta: { form: string; context: Record<string, string> }): HostedForm<unknown> | undefined {
  const registered = deps.forms.byFormId(meta.form);
  if (registered) return registered;
  const [kind, action] = meta.form.split('.');
  if ((kind !== 'avvikelse' && kind !== 'synpunkt') || !action || !meta.context.caseId) return undefined;
  return deps.caseActions?.transitionForm({ kind, caseId: meta.context.caseId, action }) as HostedForm<unknown> | undefined;
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
  if (!meta && data && typeof data === 'object') {
    // A button inside a dialog (e.g. a status change in the details view) arrives as task/submit.
    const actionId = (data as Record<string, unknown>)[ACTION_KEY];
    const caseResult = typeof actionId === 'string' ? await caseActionDialog(context, deps, actionId, data as Record<string, unknown>) : undefined;
    if (caseResult) return caseResult;
    // A button inside a dialog that opens another form (e.g. "Svara på kompletteringen" in the details): show it.
    const opens = typeof actionId === 'string' ? deps.forms.byOpenActionId(actionId) : undefined;
    if (opens) return openDialog(opens, await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger), undefined, data as Record<string, unknown>);
  }
  const form = meta ? submittedForm(deps, meta) : undefined;
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
  const outcome = await completeForm(form, parsed, base, { token: meta.token, context: meta.context }, user, deps.logger, SUBMIT_BUDGET_MS.teams);
  if (outcome.kind === 'reopen') return dialog(form, outcome.ctx, outcome.notice);
  const personal = context.activity.conversation?.conversationType === 'personal';
  if (personal || kind === 'task') {
    await context.sendActivity(cardActivity(outcome.result.view));
  } else {
    await deps.notifyUser?.(user, outcome.result.view);
  }
  return kind === 'task' ? messageResult(outcome.result.summary) : { status: 200, body: {} };
}
