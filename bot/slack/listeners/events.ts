import type { App } from '@slack/bolt';
import { welcomeView } from '../../../cards/welcome.js';
import type { SlackDeps } from '../deps.js';
import { homeView, slackMessage } from '../render.js';
import { resolveSlackUser } from '../identity.js';

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await client.views.publish({ user_id: event.user, view: homeView(welcomeView()) as never });
  });

  // Direct messages to the bot. Bot messages and edits are ignored.
  app.message(async ({ message, client, context }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || !('user' in message) || !message.user) return;
    const reply = await deps.conversation.onText(message.text, await resolveSlackUser(message.user, context.teamId, client, deps.identities, deps.clock, deps.logger));
    if (reply.kind === 'message') await client.chat.postMessage({ channel: message.channel, ...slackMessage(reply.view) });
  });
}
