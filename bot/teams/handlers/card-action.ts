import type { TurnContext } from '@microsoft/agents-hosting';
import { ACTION_KEY } from '../../../cards/render-message.js';
import type { TeamsDeps } from '../deps.js';
import { cardActivity } from '../render.js';
import { resolveTeamsUser } from '../identity.js';
import { parseCaseAction } from '../../conversation/features/case-actions.js';
import { userText } from '../../../domain/error-text.js';


/** Action.Submit from a card in the conversation. The data is a hint only; every feature re-authorises. */
export async function handleCardAction(context: TurnContext, data: Record<string, unknown>, deps: TeamsDeps): Promise<void> {
  const actionId = typeof data[ACTION_KEY] === 'string' ? (data[ACTION_KEY] as string) : undefined;
  const caseReq = actionId ? parseCaseAction(actionId, data) : undefined;
  if (caseReq && deps.caseActions) {
    const user = await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger);
    try {
      // Case details are shown only in a dialog (task/fetch), never posted into a chat.
      const view =
        caseReq.op === 'view'
          ? { title: 'Detaljerna visas bara i en dialog', text: ['Använd knappen "Visa detaljer" på ärendekortet.'], tone: 'warning' as const }
          : await deps.caseActions.transition(caseReq, {}, user);
      await context.sendActivity(cardActivity(view));
    } catch (error) {
      await context.sendActivity(cardActivity({ title: userText(error), tone: 'warning' }));
    }
    return;
  }
  const reply = actionId ? await deps.conversation.onButton(actionId, data, await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger)) : undefined;
  if (!reply) {
    deps.logger.warn({ actionId }, 'unknown Teams card action');
    await context.sendActivity(
      cardActivity({ title: 'Det här kortet är inaktuellt', text: ['Skriv "hjälp" för att börja om.'], tone: 'warning' }),
    );
    return;
  }
  if (reply.kind === 'message') await context.sendActivity(cardActivity(reply.view));
}
