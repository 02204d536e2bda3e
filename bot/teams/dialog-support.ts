import type { Activity } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { AdaptiveCard } from '../../cards/render-message.js';
import { withoutDialogs } from '../../cards/universal-actions.js';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether the client behind an activity (or a stored conversation reference) can open Teams dialogs (task/fetch).
 * Teams can. The Microsoft 365 Agents Playground sends `channelId: msteams` but cannot: it is recognised by its mocked
 * connector, a loopback `serviceUrl` ending in `/_connector`. Other Bot Framework channels (emulator, webchat,
 * directline) have no dialogs at all.
 */
export function supportsDialogs(source: { channelId?: string; serviceUrl?: string }): boolean {
  if (source.channelId && source.channelId !== 'msteams') return false;
  if (!source.serviceUrl) return true;
  try {
    const url = new URL(source.serviceUrl);
    return !(LOOPBACK.has(url.hostname) && /^\/_connector\/?$/.test(url.pathname));
  } catch {
    return true;
  }
}

/** Rewrites the Adaptive Cards of an outgoing activity for a client without dialogs. */
export function adaptForClient(activity: Partial<Activity>, dialogs: boolean): void {
  if (dialogs || !activity.attachments) return;
  for (const a of activity.attachments) {
    if (a.contentType === ADAPTIVE && a.content) a.content = withoutDialogs(a.content as AdaptiveCard);
  }
}

/** For this turn, every card the bot sends fits the client: dialog buttons become Universal Actions where needed. */
export function fitCardsToClient(context: TurnContext): void {
  if (supportsDialogs(context.activity)) return;
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) adaptForClient(a, false);
    return next();
  });
}
