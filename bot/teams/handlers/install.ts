import type { TurnContext } from '@microsoft/agents-hosting';
import { welcomeView } from '../../../cards/welcome.js';
import { cardActivity } from '../render.js';

/**
 * The bot was added to a personal chat or a team: who added it and where was stored when the turn began (so they
 * can be told about cases before they ever write); greet once, in Swedish.
 */
export async function handleMembersAdded(context: TurnContext): Promise<void> {
  const botId = context.activity.recipient?.id;
  const added = context.activity.membersAdded ?? [];
  if (added.some((m) => m.id === botId)) {
    await context.sendActivity(cardActivity(welcomeView()));
  }
}
