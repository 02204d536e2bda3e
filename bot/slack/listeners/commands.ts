import type { App } from '@slack/bolt';
import { SlashCommands } from '../../../domain/action-ids.js';
import type { Intent } from '../../conversation/intents.js';
import type { SlackDeps } from '../deps.js';
import { slackMessage } from '../render.js';
import { resolveSlackUser } from '../identity.js';

/** Slash commands: acknowledge at once (Slack's 3 s), then answer privately through the response_url. */
export function registerCommands(app: App, deps: SlackDeps): void {
  const answer = (fixed?: Intent) =>
    async ({ command, ack, respond, client }: Parameters<Parameters<App['command']>[1]>[0]) => {
      await ack();
      const user = await resolveSlackUser(command.user_id, command.team_id, client, deps.identities, deps.clock, deps.logger);
      const reply = fixed ? await deps.conversation.onIntent(fixed, user) : await deps.conversation.onText(command.text, user);
      if (reply.kind === 'message') await respond({ response_type: 'ephemeral', ...slackMessage(reply.view) });
    };
  app.command(SlashCommands.kvalitet, answer());
  app.command(SlashCommands.vemAnsvarar, async (args) => {
    const text = args.command.text.trim();
    return answer(text ? { kind: 'ask', question: text } : { kind: 'help' })(args);
  });
}
