import type { webApi } from '@slack/bolt';
import { renderFormSlack } from '../../cards/render-form-slack.js';
import { userText } from '../../domain/error-text.js';
import type { ChatUser, Reply } from '../../domain/chat.js';
import type { MessageView } from '../../domain/view.js';
import type { Conversation } from '../conversation/conversation.js';
import { prepareForm } from '../conversation/forms.js';
import { slackMessage } from './render.js';

/** A read-only modal for a message view (case details, results). */
export function messageModal(view: MessageView): Record<string, unknown> {
  const title = view.title.length > 24 ? 'Ärende' : view.title;
  return { type: 'modal', title: { type: 'plain_text', text: title }, close: { type: 'plain_text', text: 'Stäng' }, blocks: slackMessage(view).blocks.slice(0, 100) };
}

/** The DM channel of each user this instance opened one with: it does not change, so a receipt needs one call, not two. */
export type DmChannels = Map<string, string>;
const DM_CHANNELS_MAX = 10_000;

/** Posts `view` in the person's DM with the bot (the channel remembered in `channels` when given). */
export async function dm(client: webApi.WebClient, userId: string, view: MessageView, channels?: DmChannels): Promise<void> {
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

/**
 * Opens the form `formId` as a modal (pushed on top when the button was inside one); when it cannot open (e.g. no
 * units yet) the user gets the reason in a DM. Forms made per request carry their id in the context (`f`).
 */
export async function openSlackForm(
  conversation: Conversation,
  formId: string,
  trigger: { triggerId: string; overModal?: boolean },
  user: ChatUser,
  client: webApi.WebClient,
  carried: Record<string, string> = {},
  prefill?: Record<string, unknown>,
): Promise<void> {
  const prepared = await prepareForm(conversation.forms, formId, user, conversation.forms.knownByCallback(formId) ? carried : { ...carried, f: formId }, prefill);
  if (prepared.kind === 'missing') return;
  if (prepared.kind === 'refused') {
    await dm(client, user.channelUserId, { title: 'Formuläret kunde inte öppnas', text: [userText(prepared.error)], tone: 'warning' });
    return;
  }
  // The view as the Web API's form field carries it (JSON). Handed over as an object, the client walks a large form
  // once more per call only to build a debug line nobody logs (and stringifies it anyway).
  const view = JSON.stringify(renderFormSlack(prepared.form.definition, prepared.ctx)) as never;
  if (trigger.overModal) await client.views.push({ trigger_id: trigger.triggerId, view });
  else await client.views.open({ trigger_id: trigger.triggerId, view });
}

/**
 * A button's reply in Slack. Forms and details open as modals (pushed over a modal the button was in); a message
 * replaces the modal it came from, else goes to the person's DM — also when the button was in App Home or a channel;
 * a file is uploaded into the DM.
 */
export async function showReply(
  conversation: Conversation,
  reply: Reply,
  at: { triggerId: string; userId: string; modalId?: string },
  user: ChatUser,
  client: webApi.WebClient,
): Promise<void> {
  const inModal = at.modalId !== undefined;
  const answer = async (view: MessageView) => {
    if (inModal) await client.views.update({ view_id: at.modalId!, view: messageModal(view) as never });
    else await dm(client, at.userId, view);
  };
  switch (reply.kind) {
    case 'form':
      return openSlackForm(conversation, reply.formId, { triggerId: at.triggerId, overModal: inModal }, user, client, reply.context);
    case 'details': {
      const view = messageModal(reply.view) as never;
      if (inModal) await client.views.push({ trigger_id: at.triggerId, view });
      else await client.views.open({ trigger_id: at.triggerId, view });
      return;
    }
    case 'message':
      return answer(reply.view);
    case 'refused':
      return answer({ title: reply.text, tone: 'warning' });
    case 'file': {
      const opened = await client.conversations.open({ users: at.userId });
      if (opened.channel?.id) await client.filesUploadV2({ channel_id: opened.channel.id, file: reply.file.data, filename: reply.file.filename, title: reply.file.title });
      return;
    }
    case 'none':
      return;
  }
}
