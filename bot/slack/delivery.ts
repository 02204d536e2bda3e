import { webApi } from '@slack/bolt';
import type { ChatAddress, ChatDelivery, DeliveryOutcome, OutgoingMessage } from '../../scheduler/delivery.js';
import { slackMessage } from './render.js';

const UNREACHABLE = new Set(['cannot_dm_bot', 'user_not_found', 'account_inactive', 'user_disabled', 'channel_not_found', 'is_archived', 'not_in_channel', 'messages_tab_disabled']);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/**
 * Direct messages through the Slack Web API. A dedicated client with no automatic retries and rate-limited calls
 * rejected, so the outbox (not the client) decides when to try again.
 */
export function slackDelivery(options: { token: string; apiUrl?: string; timeoutMs?: number }): ChatDelivery['send'] {
  const client = outboundClient(options);
  const dmChannels = new Map<string, string>();
  return async (address: ChatAddress, message: OutgoingMessage): Promise<DeliveryOutcome> => {
    if (address.channel !== 'slack') return { ok: false, kind: 'permanent', reason: 'not a Slack address' };
    try {
      let channel = dmChannels.get(address.userId);
      if (!channel) {
        const opened = await client.conversations.open({ users: address.userId });
        channel = opened.channel?.id;
        if (!channel) return { ok: false, kind: 'transient', reason: 'conversations.open gave no channel' };
        dmChannels.set(address.userId, channel);
      }
      const rendered = slackMessage(message.view);
      await client.chat.postMessage({ channel, text: message.fallbackText || rendered.text, blocks: rendered.blocks as never });
      return { ok: true };
    } catch (error) {
      return classifySlackError(error);
    }
  };
}

function outboundClient(options: { token: string; apiUrl?: string; timeoutMs?: number }): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 10_000,
  });
}

/**
 * Finds a workspace member by e-mail (users.lookupByEmail, scope users:read.email), so a person who never wrote
 * to the bot can be sent a DM (the delivery opens it with conversations.open). Undefined when Slack does not know
 * the address; throws on faults (rate limits, network), so the caller can try again later.
 */
export function slackUserByEmail(options: { token: string; apiUrl?: string }): (email: string) => Promise<{ userId: string; teamId?: string } | undefined> {
  const client = outboundClient(options);
  return async (email) => {
    try {
      const found = await client.users.lookupByEmail({ email });
      const user = found.user as { id?: string; team_id?: string; deleted?: boolean; is_bot?: boolean } | undefined;
      if (!user?.id || user.deleted || user.is_bot) return undefined;
      return { userId: user.id, ...(user.team_id ? { teamId: user.team_id } : {}) };
    } catch (error) {
      const e = error as { code?: string; data?: { error?: string } };
      if (e.code === webApi.ErrorCode.PlatformError && (e.data?.error === 'users_not_found' || e.data?.error === 'user_not_found')) return undefined;
      throw error;
    }
  };
}

export function classifySlackError(error: unknown): DeliveryOutcome {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { ok: false, kind: 'retry_after', ms: Math.max(1, e.retryAfter ?? 1) * 1000 };
    case webApi.ErrorCode.PlatformError: {
      const reason = e.data?.error ?? 'unknown';
      if (UNREACHABLE.has(reason)) return { ok: false, kind: 'unreachable', reason: `slack ${reason}` };
      if (TRANSIENT.has(reason)) return { ok: false, kind: 'transient', reason: `slack ${reason}` };
      return { ok: false, kind: 'permanent', reason: `slack ${reason}` };
    }
    case webApi.ErrorCode.HTTPError:
      return (e.statusCode ?? 500) >= 500 || e.statusCode === 408
        ? { ok: false, kind: 'transient', reason: `slack http ${e.statusCode}` }
        : { ok: false, kind: 'permanent', reason: `slack http ${e.statusCode}` };
    default:
      return { ok: false, kind: 'transient', reason: 'slack request failed' };
  }
}
