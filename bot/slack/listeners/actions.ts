import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { resolveSlackUser } from '../identity.js';
import { slackMessage } from '../render.js';

function parseValue(value: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Buttons in messages and App Home that answer with a message. The button value is a hint; features re-check. */
export function registerActions(app: App, deps: SlackDeps): void {
  // Link buttons (e.g. the workbook of a sammanställning) open in the browser; Slack still reports the click.
  app.action<BlockAction<ButtonAction>>(/^url\./, async ({ ack }) => {
    await ack();
  });
  // A button that opens a form (e.g. "Rapportera avvikelse" on the welcome message) is the forms listener's: Bolt
  // runs only the first listener that matches, so registering it here too would answer with a message instead.
  for (const actionId of deps.conversation.buttonIds().filter((id) => !deps.forms.byOpenActionId(id))) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const user = await resolveSlackUser(body.user.id, body.team?.id, client as webApi.WebClient, deps.identities, deps.clock, deps.logger);
      const reply = await deps.conversation.onButton(actionId, parseValue(action.value), user);
      if (reply?.kind !== 'message') return;
      // Answer in the user's DM with the bot, also when the button was in App Home.
      const dm = await client.conversations.open({ users: body.user.id });
      const channel = dm.channel?.id;
      if (channel) await client.chat.postMessage({ channel, ...slackMessage(reply.view) });
    });
  }
}
