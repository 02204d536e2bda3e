import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { ConversationReference } from '@microsoft/agents-activity';
import { serviceUrlAllowed, type AppConfig } from '../../config/env.js';
import type { ChatAddress, ChatDelivery, DeliveryOutcome, OutgoingMessage } from '../../scheduler/delivery.js';
import { cardActivity } from './render.js';
import { adaptForClient, supportsDialogs } from './dialog-support.js';

/** How long one proactive send may take before it counts as a transient failure (the connector has no timeout). */
export const TEAMS_SEND_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY_MS = 1000;
const MAX_RETRY_MS = 10 * 60_000;

/**
 * Proactive messages to a stored Teams conversation reference. Connector answers map onto outcomes:
 * 429 → wait Retry-After; 412/5xx/network/timeout → transient; 403/404 (bot removed or blocked) → unreachable.
 * A reference whose serviceUrl is not on the allow-list is never called.
 */
export function teamsDelivery(
  adapter: CloudAdapter,
  config: AppConfig,
  options: { timeoutMs?: number; now?: () => number } = {},
): ChatDelivery['send'] {
  const timeoutMs = options.timeoutMs ?? TEAMS_SEND_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  return async (address: ChatAddress, message: OutgoingMessage): Promise<DeliveryOutcome> => {
    if (address.channel !== 'teams') return { ok: false, kind: 'permanent', reason: 'not a Teams address' };
    const reference = address.conversationReference as ConversationReference;
    if (!serviceUrlAllowed(config, reference?.serviceUrl)) return { ok: false, kind: 'permanent', reason: 'teams serviceUrl not allowed' };
    let timer: NodeJS.Timeout | undefined;
    // Success is what the connector confirmed inside the turn, not that continueConversation returned: the adapter
    // may hand an error in the turn to its error handler and resolve anyway.
    let posted = false;
    let failure: unknown;
    try {
      const send = adapter.continueConversation(config.teams.appId ?? {}, reference, async (context) => {
        const activity = cardActivity(message.view);
        activity.text = message.fallbackText;
        adaptForClient(activity, supportsDialogs(reference));
        try {
          await context.sendActivity(activity);
          posted = true;
        } catch (error) {
          failure = error;
          throw error;
        }
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
      });
      send.catch(() => undefined); // settled late after a timeout: already counted as transient
      await Promise.race([send, timeout]);
      if (failure) throw failure;
      if (!posted) return { ok: false, kind: 'permanent', reason: 'teams: the message was not posted' };
      return { ok: true };
    } catch (error) {
      return classifyTeamsError(error, now());
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Retry-After as the connector sends it: delay-seconds or an HTTP-date (RFC 9110 10.2.3). The SDK hands the
 * headers over as a fetch `Headers` object; a plain object is read too.
 */
export function retryAfterMs(headers: unknown, nowMs: number): number | undefined {
  let raw: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function') raw = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') {
    const entry = Object.entries(headers as Record<string, unknown>).find(([k]) => k.toLowerCase() === 'retry-after');
    raw = typeof entry?.[1] === 'string' ? entry[1] : undefined;
  }
  if (!raw) return undefined;
  const value = raw.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_MS);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - nowMs), MAX_RETRY_MS);
}

export function classifyTeamsError(error: unknown, nowMs: number = Date.now()): DeliveryOutcome {
  const e = error as { status?: number; response?: { headers?: unknown }; name?: string };
  const status = e.status;
  if (status === 429) return { ok: false, kind: 'retry_after', ms: retryAfterMs(e.response?.headers, nowMs) ?? DEFAULT_RETRY_MS };
  if (status === 403 || status === 404) return { ok: false, kind: 'unreachable', reason: `teams ${status}` };
  if (status === undefined || status === 412 || status >= 500) return { ok: false, kind: 'transient', reason: status ? `teams ${status}` : e.name === 'TimeoutError' ? 'timeout' : 'network' };
  return { ok: false, kind: 'permanent', reason: `teams ${status}` };
}
