import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ActionIds } from '../../../cards/ids.js';
import type { Intent } from '../../conversation/intents.js';
import type { SlackDeps } from '../deps.js';
import { slackMessage } from '../render.js';
import { resolveSlackUser } from '../identity.js';

const simpleActions: Record<string, Intent> = {
  [ActionIds.helpShow]: { kind: 'help' },
  [ActionIds.myCases]: { kind: 'myCases' },
  [ActionIds.myTasks]: { kind: 'myTasks' },
};

/** Buttons in messages and App Home. The button value is a hint; features re-authorise from storage. */
export function registerActions(app: App, deps: SlackDeps): void {
  for (const [actionId, intent] of Object.entries(simpleActions)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, client }) => {
      await ack();
      const reply = await deps.conversation.onIntent(intent, await resolveSlackUser(body.user.id, body.team?.id, client, deps.identities, deps.clock, deps.logger));
      if (reply.kind !== 'message') return;
      // Answer in the user's DM with the bot, also when the button was in App Home.
      const dm = await client.conversations.open({ users: body.user.id });
      const channel = dm.channel?.id;
      if (channel) await client.chat.postMessage({ channel, ...slackMessage(reply.view) });
    });
  }
}
