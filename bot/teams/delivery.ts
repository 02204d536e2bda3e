import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { ChatAddress, ChatDelivery, DeliveryOutcome, OutgoingMessage } from '../../scheduler/delivery.js';
import { cardActivity } from './render.js';
import { adaptForClient, supportsDialogs } from './dialog-support.js';

/**
 * Proactive messages to a stored Teams conversation reference. Connector answers map onto outcomes:
 * 429 → wait Retry-After; 412/5xx/network → transient; 403/404 (bot removed or blocked) → unreachable.
 */
export function teamsDelivery(adapter: CloudAdapter, appId: string | undefined): ChatDelivery['send'] {
  return async (address: ChatAddress, message: OutgoingMessage): Promise<DeliveryOutcome> => {
    if (address.channel !== 'teams') return { ok: false, kind: 'permanent', reason: 'not a Teams address' };
    const reference = address.conversationReference as ConversationReference;
    try {
      // Without an app id (local development) the identity is anonymous, as for incoming activities.
      await adapter.continueConversation(appId ?? {}, reference, async (context) => {
        const activity = cardActivity(message.view);
        activity.text = message.fallbackText;
        adaptForClient(activity, supportsDialogs(reference));
        await context.sendActivity(activity);
      });
      return { ok: true };
    } catch (error) {
      return classifyTeamsError(error);
    }
  };
}

export function classifyTeamsError(error: unknown): DeliveryOutcome {
  const e = error as { status?: number; response?: { headers?: Record<string, string> }; name?: string; message?: string };
  const status = e.status;
  if (status === 429) {
    const header = e.response?.headers?.['retry-after'];
    const seconds = header ? Number(header) : NaN;
    return { ok: false, kind: 'retry_after', ms: Number.isFinite(seconds) ? seconds * 1000 : 1000 };
  }
  if (status === 403 || status === 404) return { ok: false, kind: 'unreachable', reason: `teams ${status}` };
  if (status === undefined || status === 412 || status >= 500) return { ok: false, kind: 'transient', reason: status ? `teams ${status}` : (e.name ?? 'network') };
  return { ok: false, kind: 'permanent', reason: `teams ${status}` };
}
