import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  await openView(client, trigger.overModal ? 'views.push' : 'views.open', trigger.triggerId, renderFormSlack(prepared.form.definition, prepared.ctx));
}

/** A Web API answer that is not `ok`, as the Web API client reports it (Bolt's error handler logs the code). */
class SlackPlatformError extends Error {
  override readonly name = 'SlackPlatformError';
  readonly code = 'slack_webapi_platform_error';
}

/**
 * views.open / views.push of a form, sent as one JSON body with node's HTTP client. Through the Web API client a
 * 12 KB form is url-encoded character by character into 30 KB, copied and stringified once more for a debug line
 * nobody logs, and sent with fetch, which clones the request and tees the response through web streams: measured
 * under load, that was most of what a button or a slash command allocated, and the garbage collections it caused
 * held up other requests' acknowledgements. Slack takes JSON bodies for these methods. The trigger is valid for
 * three seconds, so there is nothing to retry (the client's retries would outlive it).
 */
function openView(client: webApi.WebClient, method: 'views.open' | 'views.push', triggerId: string, view: unknown): Promise<void> {
  const url = new URL(`${client.slackApiUrl}${method}`);
  const body = JSON.stringify({ trigger_id: triggerId, view });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<void>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        // node's global agents keep connections alive (and close them after five idle seconds).
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...(client.token ? { authorization: `Bearer ${client.token}` } : {}) },
      },
      (res) => {
        // Slack answers with the whole view again; only `ok` (or the error) matters here, and Slack sends it first.
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const outcome = webApiOutcome(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
          if (outcome.ok) resolve();
          else reject(new SlackPlatformError(`An API error occurred: ${outcome.error ?? `HTTP ${res.statusCode}`}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `ok` and `error` of a Web API answer, read from its first bytes when it starts as Slack's answers do
 * (`{"ok":true,…` or `{"ok":false,"error":"…"`), else from the whole answer.
 */
function webApiOutcome(answer: Buffer): { ok: boolean; error?: string } {
  const start = answer.toString('utf8', 0, Math.min(answer.length, 300));
  if (/^\s*\{\s*"ok"\s*:\s*true\s*[,}]/.test(start)) return { ok: true };
  const error = /^\s*\{\s*"ok"\s*:\s*false\s*,\s*"error"\s*:\s*"([^"\\]{1,200})"/.exec(start)?.[1];
  if (error) return { ok: false, error };
  try {
    const parsed = JSON.parse(answer.toString('utf8')) as { ok?: unknown; error?: unknown };
    return { ok: parsed.ok === true, ...(typeof parsed.error === 'string' ? { error: parsed.error } : {}) };
  } catch {
    return { ok: false };
  }
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
