import type { TurnContext } from '@microsoft/agents-hosting';
import { welcomeView } from '../../../cards/welcome.js';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';

/** The bot was added to a personal chat or a team: greet once, in Swedish. */
export async function handleMembersAdded(context: TurnContext, _deps: TeamsDeps): Promise<void> {
  const botId = context.activity.recipient?.id;
  const added = context.activity.membersAdded ?? [];
  if (added.some((m) => m.id === botId)) {
    await context.sendActivity(cardActivity(welcomeView()));
  }
}
