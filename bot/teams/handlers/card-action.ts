import type { TurnContext } from '@microsoft/agents-hosting';
import { ACTION_KEY } from '../../../cards/render-message.js';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';
import { turnUser } from '../turn-user.js';

/** Action.Submit from a card in the conversation. The data is a hint only; every subject re-authorises. */
export async function handleCardAction(context: TurnContext, data: Record<string, unknown>, deps: TeamsDeps): Promise<void> {
  const actionId = typeof data[ACTION_KEY] === 'string' ? (data[ACTION_KEY] as string) : undefined;
  const reply = actionId ? await deps.conversation.onButton(actionId, data, turnUser(context), 'chat') : undefined;
  if (reply?.kind === 'message') await context.sendActivity(cardActivity(reply.view));
  else if (reply?.kind === 'refused') await context.sendActivity(cardActivity({ title: reply.text, tone: 'warning' }));
  else if (!reply) {
    deps.logger.warn({ actionId }, 'unknown Teams card action');
    await context.sendActivity(cardActivity({ title: 'Det här kortet är inaktuellt', text: ['Skriv "hjälp" för att börja om.'], tone: 'warning' }));
  }
}
