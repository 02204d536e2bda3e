import type { ChatAddress, OutgoingMessage } from '../domain/outbox.js';

export type { ChatAddress, OutgoingMessage } from '../domain/outbox.js';

/**
 * What a send attempt came to. The Teams/Slack implementations (bot/) map platform answers onto these:
 * - `retry_after`: 429 with Retry-After (ms) — the item waits and the channel key is paused.
 * - `transient`: 412, 500, 502, 503, 504, timeouts, network errors — retried with jittered backoff.
 * - `unreachable`: the user blocked/uninstalled the bot, 403 "bot not in conversation", Slack `cannot_dm_bot`,
 *   `user_not_found`, `account_inactive` — recorded, never retried.
 * - `permanent`: anything else that will not get better (e.g. 400 invalid card) — dead-lettered at once.
 */
export type DeliveryOutcome =
  | { ok: true }
  | { ok: false; kind: 'retry_after'; ms: number }
  | { ok: false; kind: 'transient'; reason?: string }
  | { ok: false; kind: 'unreachable'; reason?: string }
  | { ok: false; kind: 'permanent'; reason: string };

/** The port each channel implements (bot/teams/delivery.ts, bot/slack/delivery.ts); app.ts dispatches on `address.channel`. */
export interface ChatDelivery {
  send(address: ChatAddress, message: OutgoingMessage, context: { dedupeKey: string; attempt: number }): Promise<DeliveryOutcome>;
}
