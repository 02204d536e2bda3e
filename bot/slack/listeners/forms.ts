import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from '@slack/bolt';
import type { FormRenderContext } from '../../../cards/form.js';
import { parseSlackSubmission, readSlackMetadata } from '../../../cards/form-submission.js';
import { ActionIds, ShortcutIds, SlashCommands } from '../../../domain/action-ids.js';
import { renderFormSlack, type SlackModalView } from '../../../cards/render-form-slack.js';
import { isAppError } from '../../../domain/errors.js';
import { userText } from '../../../domain/error-text.js';
import { completeForm, MAX_PENDING_SAVES, notSavedNotice, openContext, savingTexts, SUBMIT_BUDGET_MS, type HostedForm, type SubmitResult } from '../../conversation/forms.js';
import type { ChatUser } from '../../../domain/chat.js';
import { firstDelivery } from '../deduplication.js';
import type { SlackDeps } from '../deps.js';
import { resolveSlackUser } from '../identity.js';
import { keptView, noticeBlock } from '../kept-view.js';
import { slackMessage } from '../render.js';

function withNotice(view: SlackModalView, notice: string | undefined): SlackModalView {
  if (!notice) return view;
  return { ...view, blocks: [noticeBlock(notice), ...view.blocks] as never };
}

/** The DM channel of each user this instance opened one with: it does not change, so a receipt needs one call, not two. */
type DmChannels = Map<string, string>;
const DM_CHANNELS_MAX = 10_000;

async function dm(client: webApi.WebClient, userId: string, view: Parameters<typeof slackMessage>[0], channels?: DmChannels): Promise<void> {
  let channel = channels?.get(userId);
  if (!channel) {
    const opened = await client.conversations.open({ users: userId });
    channel = opened.channel?.id;
    if (channel && channels) {
      channels.set(userId, channel);
      if (channels.size > DM_CHANNELS_MAX) channels.delete(channels.keys().next().value!);
    }
  }
  if (channel) await client.chat.postMessage({ channel, ...slackMessage(view) });
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
  // The view as the Web API's form field carries it (JSON). Handed over as an object, the client walks a large form
  // once more per call only to build a debug line nobody logs (and stringifies it anyway).
  const view = JSON.stringify(renderFormSlack(form.definition, ctx)) as never;
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
  const dmChannels: DmChannels = new Map();
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
    const { ack, view, body, client, context } = args;
    const meta = readSlackMetadata(view.private_metadata);
    const form = deps.forms.bySlackCallbackId(view.callback_id) ?? (meta ? transitionForm(deps, meta.context) : undefined);
    if (!form || !meta) {
      deps.logger.warn({ callbackId: view.callback_id }, 'Slack view submission for an unknown form or with tampered metadata');
      await ack({ response_action: 'errors', errors: {} } as never);
      return;
    }
    // Slack's 3-second window is running (Bolt has verified the request), and the user and form look-ups count inside it. What finishes within
    // `slackAck` is answered in the ack itself (field errors next to the fields, the modal closing on a receipt);
    // anything slower is acknowledged with a "saving" view and the modal is updated when the save is done.
    if (deps.inflight && deps.inflight.size >= MAX_PENDING_SAVES) {
      deps.logger.warn({ pending: deps.inflight.size }, 'too many saves waiting for MongoDB; a submission was refused with the form kept (is the database overloaded?)');
      await ack({ response_action: 'update', view: keptView(view as never, view.state.values as never, savingTexts.busy) } as never);
      return;
    }
    // The claim in the shared de-duplication ledger runs beside the look-ups; the save waits for it.
    const work = submitView(deps, form, meta, view, body.user.id, body.team?.id ?? undefined, client, firstDelivery(context));
    deps.inflight?.track(work);
    const early = await Promise.race([work, new Promise<undefined>((r) => setTimeout(() => r(undefined), SUBMIT_BUDGET_MS.slackAck).unref())]);
    if (early) {
      // A replay of a submission another delivery took in: acknowledged, nothing saved or sent (ack() stops here).
      if (early.kind === 'duplicate') return void (await ack());
      if (early.kind === 'errors') await ack({ response_action: 'errors', errors: early.errors });
      else if (early.kind === 'update') await ack({ response_action: 'update', view: early.view } as never);
      else {
        await ack();
        await dm(client, body.user.id, early.result.view, dmChannels).catch((error: unknown) => deps.logger.warn({ err: errInfo(error) }, 'Slack receipt could not be sent'));
      }
      return;
    }
    await ack({ response_action: 'update', view: savingView(view.private_metadata, view.callback_id) } as never);
    const outcome = await work;
    if (outcome.kind === 'duplicate') return;
    const shown = await client.views
      .update({ view_id: view.id, view: JSON.stringify(outcome.kind === 'saved' ? savedView(outcome.result, view.callback_id) : outcome.view) as never })
      .then(() => true)
      .catch((error: unknown) => {
        deps.logger.warn({ err: errInfo(error) }, 'Slack modal could not be updated after the save (closed by the user?)');
        return false;
      });
    if (outcome.kind === 'saved') {
      await dm(client, body.user.id, outcome.result.view, dmChannels).catch((error: unknown) => deps.logger.warn({ err: errInfo(error) }, 'Slack receipt could not be sent'));
    } else if (!shown) {
      await dm(client, body.user.id, { title: savingTexts.notSavedDmTitle, text: [savingTexts.notSavedDm], tone: 'warning' }, dmChannels).catch(() => undefined);
    }
  });
}

function errInfo(error: unknown): { name: string; message: string } {
  return { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
}

/** What a submission comes to: field errors, the form again (with a notice), or saved. */
type ViewOutcome =
  /** `view` shows the same errors when the ack has already gone (views.update cannot set field errors). */
  | { kind: 'errors'; errors: Record<string, string>; view: SlackModalView }
  | { kind: 'update'; view: SlackModalView }
  | { kind: 'saved'; result: SubmitResult }
  /** Another delivery of the same request was taken in first: nothing done. */
  | { kind: 'duplicate' };

/** User and form look-ups, parse, review and save of one modal submission. Never rejects. */
async function submitView(
  deps: SlackDeps,
  form: HostedForm<unknown>,
  meta: NonNullable<ReturnType<typeof readSlackMetadata>>,
  submitted: ViewSubmitAction['view'],
  userId: string,
  teamId: string | undefined,
  client: webApi.WebClient,
  first: Promise<boolean>,
): Promise<ViewOutcome> {
  const values = submitted.state.values;
  // The form as submitted, with what was typed: it needs nothing that may just have failed (units, the database).
  const again = (notice: string): ViewOutcome => ({ kind: 'update', view: keptView(submitted as never, values as never, notice) as never });
  try {
    const chatUser = await resolveSlackUser(userId, teamId, client, deps.identities, deps.clock, deps.logger);
    let base;
    try {
      base = await form.context(chatUser);
    } catch (error) {
      // A refusal (e.g. no units yet) says why; a fault says plainly that nothing was saved and the text is kept.
      return again(isAppError(error) && error.code !== 'common.storage_unavailable' ? userText(error) : notSavedNotice(error));
    }
    const parsed = parseSlackSubmission(form.definition, values, base);
    if (!parsed.ok) {
      const ctx = { ...base, values: parsed.raw, errors: parsed.errors, token: meta.token, privateContext: meta.context };
      return { kind: 'errors', errors: parsed.errors, view: renderFormSlack(form.definition, ctx) };
    }
    if (!(await first)) return { kind: 'duplicate' };
    const outcome = await completeForm(form, parsed, base, meta, chatUser, deps.logger, SUBMIT_BUDGET_MS.slack);
    if (outcome.kind === 'saved') return outcome;
    if (outcome.ctx.errors && Object.keys(outcome.ctx.errors).length && !outcome.notice) {
      return { kind: 'errors', errors: outcome.ctx.errors, view: renderFormSlack(form.definition, outcome.ctx) };
    }
    return { kind: 'update', view: withNotice(renderFormSlack(form.definition, outcome.ctx), outcome.notice) };
  } catch (error) {
    deps.logger.error({ form: form.definition.id, err: errInfo(error) }, 'Slack form submission failed');
    return again(notSavedNotice(error));
  }
}

/** The modal while the save runs: no inputs, no submit (nothing can be sent twice), the metadata kept. */
function savingView(privateMetadata: string, callbackId: string) {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: savingTexts.title },
    close: { type: 'plain_text', text: savingTexts.close },
    private_metadata: privateMetadata,
    blocks: [{ type: 'section', block_id: 'form__saving', text: { type: 'mrkdwn', text: savingTexts.saving } }],
  };
}

/** The modal after a save acknowledged early: the one-line receipt (no free text from the form). */
function savedView(result: SubmitResult, callbackId: string) {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: savingTexts.savedTitle },
    close: { type: 'plain_text', text: savingTexts.close },
    blocks: [
      { type: 'section', block_id: 'form__saved', text: { type: 'mrkdwn', text: `:white_check_mark: ${result.summary.replace(/[<>&]/g, '')}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: savingTexts.savedNote }] },
    ],
  };
}
