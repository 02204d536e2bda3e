import type { App } from '@slack/bolt';
import { ActionIds, SlashCommands } from '../../../domain/action-ids.js';
import type { Intent } from '../../../domain/chat.js';
import type { SlackDeps } from '../deps.js';
import { openSlackForm } from '../modals.js';
import { slackMessage } from '../render.js';
import { requestUser } from '../request-user.js';

/**
 * Slash commands: acknowledge at once (Slack's 3 s), then answer privately through the response_url, or open the
 * form the command stands for (/avvikelse, /synpunkt open what their buttons open).
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  const answer = (fixed?: Intent) =>
    async ({ command, ack, respond, context }: Parameters<Parameters<App['command']>[1]>[0]) => {
      await ack();
      const user = await requestUser(context);
      const reply = fixed ? await deps.conversation.onIntent(fixed, user) : await deps.conversation.onText(command.text, user);
      if (reply.kind === 'message') await respond({ response_type: 'ephemeral', ...slackMessage(reply.view) });
    };
  app.command(SlashCommands.kvalitet, answer());
  app.command(SlashCommands.vemAnsvarar, async (args) => {
    const text = args.command.text.trim();
    return answer(text ? { kind: 'ask', question: text } : { kind: 'help' })(args);
  });

  const formCommands: Array<[string, string]> = [
    [SlashCommands.avvikelse, ActionIds.avvikelseOpen],
    [SlashCommands.synpunkt, ActionIds.synpunktOpen],
  ];
  for (const [command, opener] of formCommands) {
    app.command(command, async ({ command: cmd, ack, client, context }) => {
      await ack();
      const formId = deps.conversation.forms.openedBy(opener);
      if (formId) await openSlackForm(deps.conversation, formId, { triggerId: cmd.trigger_id }, await requestUser(context), client);
    });
  }
}
