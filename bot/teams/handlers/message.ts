import type { TurnContext } from '@microsoft/agents-hosting';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';
import { turnUser } from '../turn-user.js';
import { handleCardAction } from './card-action.js';
import { downloadFile, MAX_IMPORT_BYTES } from '../../download.js';

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * Files sent in the personal chat (an admin's import). Teams hands the bot pre-authorised download URLs on
 * SharePoint/OneDrive; anything else is refused (the connector's own host is accepted for local tools).
 */
async function handleFiles(context: TurnContext, attachments: Array<{ name?: string; content?: unknown }>, deps: TeamsDeps): Promise<void> {
  const connectorHost = context.activity.serviceUrl ? new URL(context.activity.serviceUrl).host : '';
  const allowed = (host: string) => host === connectorHost || /(^|\.)sharepoint\.com$/i.test(host) || /(^|\.)sharepoint-df\.com$/i.test(host);
  const user = turnUser(context);
  const files: Array<{ name: string; data: Uint8Array }> = [];
  for (const a of attachments) {
    const url = (a.content as { downloadUrl?: string } | undefined)?.downloadUrl;
    if (!url) continue;
    try {
      files.push({ name: a.name ?? 'fil', data: await downloadFile(url, { allowedHosts: allowed, maxBytes: MAX_IMPORT_BYTES }) });
    } catch (error) {
      deps.logger.warn({ err: { message: (error as Error).message } }, 'could not download a file sent in Teams');
      await context.sendActivity(cardActivity({ title: 'Filen kunde inte hämtas', text: ['Försök igen, eller importera med kommandoraden (se docs/admin.md).'], tone: 'warning' }));
      return;
    }
  }
  const reply = await deps.conversation.onFiles(files, user);
  if (reply.kind === 'message') await context.sendActivity(cardActivity(reply.view));
}

/** A typed message, or an Action.Submit from a card posted in the chat (then `value` carries the action). */
export async function handleMessage(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const files = (context.activity.attachments ?? []).filter((a) => a.contentType === FILE_DOWNLOAD_INFO);
  if (files.length && context.activity.conversation?.conversationType === 'personal') {
    await handleFiles(context, files, deps);
    return;
  }
  const value = context.activity.value;
  if (value && typeof value === 'object') {
    await handleCardAction(context, value as Record<string, unknown>, deps);
    return;
  }
  const reply = await deps.conversation.onText(context.activity.text, turnUser(context));
  if (reply.kind === 'message') await context.sendActivity(cardActivity(reply.view));
}
