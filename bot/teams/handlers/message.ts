import type { TurnContext } from '@microsoft/agents-hosting';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';
import { teamsUser } from '../user.js';
import { handleCardAction } from './card-action.js';

/** A typed message, or an Action.Submit from a card posted in the chat (then `value` carries the action). */
export async function handleMessage(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const value = context.activity.value;
  if (value && typeof value === 'object') {
    await handleCardAction(context, value as Record<string, unknown>, deps);
    return;
  }
  const reply = await deps.conversation.onText(context.activity.text, teamsUser(context));
  if (reply.kind === 'message') await context.sendActivity(cardActivity(reply.view));
}
