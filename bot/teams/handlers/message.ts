import type { TurnContext } from '@microsoft/agents-hosting';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';
import { resolveTeamsUser } from '../identity.js';
import { handleCardAction } from './card-action.js';

/** A typed message, or an Action.Submit from a card posted in the chat (then `value` carries the action). */
export async function handleMessage(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const value = context.activity.value;
  if (value && typeof value === 'object') {
    await handleCardAction(context, value as Record<string, unknown>, deps);
    return;
  }
  const reply = await deps.conversation.onText(context.activity.text, await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger));
  if (reply.kind === 'message') await context.sendActivity(cardActivity(reply.view));
}
