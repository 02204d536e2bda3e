import type { TurnContext } from '@microsoft/agents-hosting';
import { welcomeView } from '../../../cards/welcome.js';
import type { TeamsDeps } from '../deps.js';
import { resolveTeamsUser } from '../identity.js';
import { cardActivity } from '../render.js';

/**
 * The bot was added to a personal chat or a team: remember who added it and where (so they can be told about
 * cases before they ever write), and greet once, in Swedish.
 */
export async function handleMembersAdded(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const botId = context.activity.recipient?.id;
  const added = context.activity.membersAdded ?? [];
  await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
  if (added.some((m) => m.id === botId)) {
    await context.sendActivity(cardActivity(welcomeView()));
  }
}

/** installationUpdate (the app was installed, upgraded or removed): store the installer's chat address. */
export async function handleInstallationUpdate(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const action = String((context.activity as { action?: string }).action ?? 'add');
  if (action.startsWith('remove')) return;
  await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
}
