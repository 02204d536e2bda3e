import type { Activity } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { AdaptiveCard } from '../../cards/render-message.js';
import { inlineFormTexts } from '../../cards/forms/messages.js';
import { withChatFallback, withoutDialogs } from '../../cards/universal-actions.js';

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

/**
 * Rewrites the Adaptive Cards of an outgoing activity for the client: without dialogs, dialog buttons become
 * Universal Actions; with dialogs, a form launcher also offers the form in the conversation.
 */
export function adaptForClient(activity: Partial<Activity>, dialogs: boolean): void {
  for (const a of activity.attachments ?? []) {
    if (a.contentType !== ADAPTIVE || !a.content) continue;
    const card = a.content as AdaptiveCard;
    a.content = dialogs ? withChatFallback(card, inlineFormTexts.openHere.sv) : withoutDialogs(card);
  }
}

/** For this turn, every card the bot sends fits the client it is sent to. */
export function fitCardsToClient(context: TurnContext): void {
  const dialogs = supportsDialogs(context.activity);
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) adaptForClient(a, dialogs);
    return next();
  });
}
