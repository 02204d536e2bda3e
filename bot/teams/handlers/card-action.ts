import type { TurnContext } from '@microsoft/agents-hosting';
import { ActionIds } from '../../../cards/ids.js';
import { ACTION_KEY } from '../../../cards/render-message.js';
import type { Intent } from '../../conversation/intents.js';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';
import { resolveTeamsUser } from '../identity.js';

const simpleActions: Record<string, Intent> = {
  [ActionIds.helpShow]: { kind: 'help' },
  [ActionIds.myCases]: { kind: 'myCases' },
  [ActionIds.myTasks]: { kind: 'myTasks' },
  [ActionIds.avvikelseOpen]: { kind: 'avvikelse' },
  [ActionIds.synpunktOpen]: { kind: 'synpunkt' },
};

/** Action.Submit from a card in the conversation. The data is a hint only; every feature re-authorises. */
export async function handleCardAction(context: TurnContext, data: Record<string, unknown>, deps: TeamsDeps): Promise<void> {
  const actionId = typeof data[ACTION_KEY] === 'string' ? (data[ACTION_KEY] as string) : undefined;
  const intent = actionId ? simpleActions[actionId] : undefined;
  if (!intent) {
    deps.logger.warn({ actionId }, 'unknown Teams card action');
    await context.sendActivity(
      cardActivity({ title: 'Det här kortet är inaktuellt', text: ['Skriv "hjälp" för att börja om.'], tone: 'warning' }),
    );
    return;
  }
  const reply = await deps.conversation.onIntent(intent, await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger));
  if (reply.kind === 'message') await context.sendActivity(cardActivity(reply.view));
}
