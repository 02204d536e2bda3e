import type { TurnContext } from '@microsoft/agents-hosting';
import type { FormRenderContext } from '../../../cards/form.js';
import { parseAdaptiveSubmission, readAdaptiveSubmitMeta } from '../../../cards/form-submission.js';
import { inlineFormTexts } from '../../../cards/forms/messages.js';
import { ActionIds } from '../../../domain/action-ids.js';
import type { MessageView } from '../../../domain/view.js';
import { renderFormAdaptive } from '../../../cards/render-form-adaptive.js';
import { ACTION_KEY, renderMessageAdaptive, type AdaptiveCard } from '../../../cards/render-message.js';
import { withoutDialogs } from '../../../cards/universal-actions.js';
import { userText } from '../../../domain/error-text.js';
import { AppError } from '../../../domain/errors.js';
import { parseCaseAction } from '../../conversation/features/case-actions.js';
import { completeForm, openContext, SUBMIT_BUDGET_MS, type HostedForm } from '../../conversation/forms.js';
import type { TeamsDeps } from '../deps.js';
import { resolveTeamsUser } from '../identity.js';
import { submittedForm, type InvokeResult } from './task-module.js';

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

function withNotice(card: AdaptiveCard, notice: string | undefined): AdaptiveCard {
  if (!notice) return card;
  return { ...card, body: [{ type: 'TextBlock', text: notice, wrap: true, color: 'Attention', weight: 'Bolder' }, ...card.body] };
}

const formCard = (form: HostedForm<unknown>, ctx: FormRenderContext, notice?: string): InvokeResult =>
  cardResult(withNotice(renderFormAdaptive(form.definition, ctx, 'chat'), notice));

async function submitForm(context: TurnContext, deps: TeamsDeps, data: Record<string, unknown>): Promise<InvokeResult> {
  const meta = readAdaptiveSubmitMeta(data);
  const form = meta ? submittedForm(deps, meta) : undefined;
  if (!meta || !form) {
    deps.logger.warn('Teams inline form submit with missing or tampered metadata');
    return warning(new AppError('common.invalid_payload'));
  }
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  let base;
  try {
    base = await form.context(user);
  } catch (error) {
    return warning(error);
  }
  const parsed = parseAdaptiveSubmission(form.definition, data, base);
  const outcome = await completeForm(form, parsed, base, { token: meta.token, context: meta.context }, user, deps.logger, SUBMIT_BUDGET_MS.teams);
  if (outcome.kind === 'reopen') return formCard(form, outcome.ctx, outcome.notice);
  // Saved: the form turns into the receipt, in place.
  return viewResult(outcome.result.view);
}

async function caseAction(context: TurnContext, deps: TeamsDeps, verb: string, data: Record<string, unknown>): Promise<InvokeResult | undefined> {
  const req = parseCaseAction(verb, data);
  if (!req || !deps.caseActions) return undefined;
  // Case details are shown only in a dialog for those allowed, never in the conversation.
  if (req.op === 'view') return messageResult(inlineFormTexts.detailsOnlyInDialog.sv);
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  try {
    const form = deps.caseActions.transitionForm(req);
    if (form) {
      const ctx = await openContext(form, user, undefined, { caseId: req.caseId, action: req.action!, ...(req.expectedStatus ? { s: req.expectedStatus } : {}) });
      return formCard(form as HostedForm<unknown>, ctx);
    }
    return viewResult(await deps.caseActions.transition(req, {}, user));
  } catch (error) {
    return warning(error);
  }
}

async function openForm(context: TurnContext, deps: TeamsDeps, form: HostedForm<unknown>, data: Record<string, unknown>): Promise<InvokeResult> {
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  try {
    const carried = form.contextFromAction ? form.contextFromAction(data) : {};
    if (!carried) return warning(new AppError('common.invalid_payload'));
    return formCard(form, await openContext(form, user, undefined, carried));
  } catch (error) {
    return warning(error);
  }
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
  const caseResult = await caseAction(context, deps, verb, data);
  if (caseResult) return caseResult;
  const form = deps.forms.byOpenActionId(verb);
  if (form) return openForm(context, deps, form, data);
  // Any other button of a refreshed card answers as it would in the chat.
  const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  const reply = await deps.conversation.onButton(verb, { ...data, [ACTION_KEY]: verb }, user);
  if (reply?.kind === 'message') return viewResult(reply.view);
  deps.logger.warn({ verb }, 'unknown Teams Action.Execute verb');
  return messageResult(inlineFormTexts.outdated.sv);
}
