import type { App } from '@slack/bolt';
import { welcomeView } from '../../../cards/welcome.js';
import type { SlackDeps } from '../deps.js';
import { downloadFile, MAX_IMPORT_BYTES } from '../../download.js';
import { homeView, slackMessage } from '../render.js';
import { requestUser } from '../request-user.js';

/** App Home, mentions in channels and direct messages (text and files). */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    // Opening the app is often the first thing a person does: from now on they can be told about cases.
    await requestUser(context);
    await client.views.publish({ user_id: event.user, view: homeView(welcomeView()) as never });
  });

  // @Kvalitetsbot in a channel: everyone can read the answer, so it answers with the same rule as Teams channels.
  app.event('app_mention', async ({ event, client, context }) => {
    if (!event.user) return;
    const user = await requestUser(context);
    const reply = await deps.conversation.onText(event.text, { ...user, where: 'shared' });
    if (reply.kind === 'message') await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...slackMessage(reply.view) });
  });

  // Direct messages to the bot. Bot messages and edits are ignored.
  app.message(async ({ message, client, context }) => {
    if (message.channel_type !== 'im' || !('user' in message) || !message.user) return;
    if (message.subtype === 'file_share' && 'files' in message && message.files?.length) {
      const user = await requestUser(context);
      const apiHost = deps.slackApiUrl ? new URL(deps.slackApiUrl).host : undefined;
      const allowed = (host: string) => host === 'files.slack.com' || host === apiHost;
      const files: Array<{ name: string; data: Uint8Array }> = [];
      try {
        for (const f of message.files) {
          const url = f.url_private_download ?? f.url_private;
          if (!url) continue;
          files.push({ name: f.name ?? 'fil', data: await downloadFile(url, { allowedHosts: allowed, headers: { authorization: `Bearer ${deps.botToken}` }, maxBytes: MAX_IMPORT_BYTES }) });
        }
      } catch (error) {
        deps.logger.warn({ err: { message: (error as Error).message } }, 'could not download a file sent in Slack');
        await client.chat.postMessage({ channel: message.channel, ...slackMessage({ title: 'Filen kunde inte hämtas', text: ['Försök igen, eller importera med kommandoraden (se docs/admin.md).'], tone: 'warning' }) });
        return;
      }
      const reply = await deps.conversation.onFiles(files, user);
      if (reply.kind === 'message') await client.chat.postMessage({ channel: message.channel, ...slackMessage(reply.view) });
      return;
    }
    if (message.subtype !== undefined) return;
    const reply = await deps.conversation.onText(message.text, await requestUser(context));
    if (reply.kind === 'message') await client.chat.postMessage({ channel: message.channel, ...slackMessage(reply.view) });
  });
}
