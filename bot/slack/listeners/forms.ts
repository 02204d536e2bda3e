import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from '@slack/bolt';
import type { FormRenderContext } from '../../../cards/form.js';
import { parseSlackSubmission, readSlackMetadata } from '../../../cards/form-submission.js';
import { ActionIds, ShortcutIds, SlashCommands } from '../../../cards/ids.js';
import { renderFormSlack, type SlackModalView } from '../../../cards/render-form-slack.js';
import { userText } from '../../../domain/error-text.js';
import { completeForm, openContext, SUBMIT_BUDGET_MS, type HostedForm } from '../../conversation/forms.js';
import type { ChatUser } from '../../conversation/types.js';
import type { SlackDeps } from '../deps.js';
import { resolveSlackUser } from '../identity.js';
import { slackMessage } from '../render.js';

function withNotice(view: SlackModalView, notice: string | undefined): SlackModalView {
  if (!notice) return view;
  return { ...view, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: *${notice.replace(/[<>&]/g, '')}*` } }, ...view.blocks] as never };
}

async function dm(client: webApi.WebClient, userId: string, view: Parameters<typeof slackMessage>[0]): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  if (opened.channel?.id) await client.chat.postMessage({ channel: opened.channel.id, ...slackMessage(view) });
}

/** Opens `form` as a modal; when it cannot open (e.g. no units yet) the user gets the reason in a DM. */
export async function openSlackForm(
  form: HostedForm<unknown>,
  triggerId: string,
  user: ChatUser,
  client: webApi.WebClient,
  prefill?: Record<string, unknown>,
  carried: Record<string, string> = {},
  overModal = false,
): Promise<void> {
  let ctx: FormRenderContext;
  try {
    ctx = await openContext(form, user, prefill, carried);
  } catch (error) {
    await dm(client, user.channelUserId, { title: 'Formuläret kunde inte öppnas', text: [userText(error)], tone: 'warning' });
    return;
  }
  const view = renderFormSlack(form.definition, ctx) as never;
  // From a button inside a modal (e.g. the case details) the form is pushed on top of it.
  if (overModal) await client.views.push({ trigger_id: triggerId, view });
  else await client.views.open({ trigger_id: triggerId, view });
}

/** Transition dialogs are built per case action; find one again from the opaque context (form id, case id). */
function transitionForm(deps: SlackDeps, context: Record<string, string>): HostedForm<unknown> | undefined {
  const [kind, action] = (context.f ?? '').split('.');
  if ((kind !== 'avvikelse' && kind !== 'synpunkt') || !action || !context.caseId) return undefined;
  return deps.caseActions?.transitionForm({ kind, caseId: context.caseId, action }) as HostedForm<unknown> | undefined;
}

/** Every way into a form in Slack: slash commands, shortcuts, buttons; and the modal submissions. */
export function registerForms(app: App, deps: SlackDeps): void {
  const user = (id: string, team: string | undefined, client: webApi.WebClient) => resolveSlackUser(id, team, client, deps.identities, deps.clock, deps.logger);

  const commandForms: Array<[string, string]> = [
    [SlashCommands.avvikelse, 'avvikelse'],
    [SlashCommands.synpunkt, 'synpunkt'],
  ];
  for (const [command, formId] of commandForms) {
    app.command(command, async ({ command: cmd, ack, client }) => {
      await ack();
      const form = deps.forms.byFormId(formId);
      if (!form) return;
      await openSlackForm(form, cmd.trigger_id, await user(cmd.user_id, cmd.team_id, client), client);
    });
  }

  const globalShortcuts: Array<[string, string]> = [
    [ShortcutIds.avvikelseGlobal, 'avvikelse'],
    [ShortcutIds.synpunktGlobal, 'synpunkt'],
  ];
  for (const [callbackId, formId] of globalShortcuts) {
    app.shortcut(callbackId, async ({ shortcut, ack, client }) => {
      await ack();
      const form = deps.forms.byFormId(formId);
      if (!form) return;
      await openSlackForm(form, shortcut.trigger_id, await user(shortcut.user.id, shortcut.team?.id, client), client);
    });
  }

  // "Rapportera som avvikelse" on a message: the text is offered in the form; the user keeps or removes it.
  app.shortcut(ShortcutIds.avvikelseFromMessage, async ({ shortcut, ack, client }) => {
    await ack();
    const form = deps.forms.byFormId('avvikelse');
    if (!form || shortcut.type !== 'message_action') return;
    const text = (shortcut.message.text ?? '').slice(0, 2000);
    await openSlackForm(form, shortcut.trigger_id, await user(shortcut.user.id, shortcut.team?.id, client), client, text ? { description: text } : undefined);
  });

  for (const actionId of [ActionIds.avvikelseOpen, ActionIds.synpunktOpen, ActionIds.ansvarAsk, ActionIds.reminderDone, ActionIds.avvikelseSupplement]) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const form = deps.forms.byOpenActionId(actionId);
      if (!form) return;
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(action.value ?? '{}') as Record<string, unknown>;
      } catch {
        // an unreadable value is refused below when the form needs context
      }
      const carried = form.contextFromAction ? form.contextFromAction(data) : {};
      if (!carried) return;
      const inModal = body.container?.type === 'view';
      await openSlackForm(form, body.trigger_id, await user(body.user.id, body.team?.id, client), client, undefined, carried, inModal);
    });
  }

  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: /.+/ }, async (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const { ack, view, body, client } = args;
    // Slack's 3-second window starts now: looking the user and the form up counts against the save's budget.
    const started = Date.now();
    const meta = readSlackMetadata(view.private_metadata);
    const form = deps.forms.bySlackCallbackId(view.callback_id) ?? (meta ? transitionForm(deps, meta.context) : undefined);
    if (!form || !meta) {
      deps.logger.warn({ callbackId: view.callback_id }, 'Slack view submission for an unknown form or with tampered metadata');
      await ack({ response_action: 'errors', errors: {} } as never);
      return;
    }
    const chatUser = await user(body.user.id, body.team?.id ?? undefined, client);
    let base;
    try {
      base = await form.context(chatUser);
    } catch (error) {
      await ack({ response_action: 'update', view: withNotice(renderFormSlack(form.definition, { now: deps.clock.now(), token: meta.token, privateContext: meta.context }), userText(error)) } as never);
      return;
    }
    const parsed = parseSlackSubmission(form.definition, view.state.values, base);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const outcome = await completeForm(form, parsed, base, meta, chatUser, deps.logger, Math.max(300, SUBMIT_BUDGET_MS.slack - (Date.now() - started)));
    if (outcome.kind === 'reopen') {
      if (outcome.ctx.errors && Object.keys(outcome.ctx.errors).length && !outcome.notice) {
        await ack({ response_action: 'errors', errors: outcome.ctx.errors });
      } else {
        await ack({ response_action: 'update', view: withNotice(renderFormSlack(form.definition, outcome.ctx), outcome.notice) } as never);
      }
      return;
    }
    await ack();
    await dm(client, body.user.id, outcome.result.view);
  });
}
