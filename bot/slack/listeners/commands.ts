import type { App } from '@slack/bolt';
import { ActionIds, SlashCommands } from '../../../domain/action-ids.js';
import type { Intent } from '../../../domain/chat.js';
import type { SlackDeps } from '../deps.js';
import { openSlackForm } from '../modals.js';
import { slackMessage } from '../render.js';
import { requestUser } from '../request-user.js';
import { exactlyOneOf } from './actions.js';

/**
 * Slash commands: acknowledge at once (Slack's 3 s), then answer privately through the response_url, or open the
 * form the command stands for (/avvikelse, /synpunkt open what their buttons open).
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  type CommandArgs = Parameters<Parameters<App['command']>[1]>[0];
  const answer = (fixed?: Intent) =>
    async ({ command, ack, respond, context }: CommandArgs) => {
      await ack();
      const user = await requestUser(context);
      const reply = fixed ? await deps.conversation.onIntent(fixed, user) : await deps.conversation.onText(command.text, user);
      if (reply.kind === 'message') await respond({ response_type: 'ephemeral', ...slackMessage(reply.view) });
    };
  const openForm = (opener: string) =>
    async ({ command, ack, client, context }: CommandArgs) => {
      await ack();
      const formId = deps.conversation.forms.openedBy(opener);
      if (formId) await openSlackForm(deps.conversation, formId, { triggerId: command.trigger_id }, await requestUser(context), client);
    };
  const handlers: Record<string, (args: CommandArgs) => Promise<void>> = {
    [SlashCommands.kvalitet]: answer(),
    [SlashCommands.vemAnsvarar]: (args) => {
      const text = args.command.text.trim();
      return answer(text ? { kind: 'ask', question: text } : { kind: 'help' })(args);
    },
    [SlashCommands.avvikelse]: openForm(ActionIds.avvikelseOpen),
    [SlashCommands.synpunkt]: openForm(ActionIds.synpunktOpen),
  };
  app.command(exactlyOneOf(Object.keys(handlers)), (args) => handlers[args.command.command]!(args));
}
