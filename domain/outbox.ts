import type { MessageView } from './view.js';

/**
 * The port of the outbox every proactive chat message goes through (case notifications, reminders, admin notices):
 * storage/outbox.ts stores it, scheduler/outbox-sender.ts sends it. Shared by every subject, owned by none.
 */

/** Where a person can be reached. Teams: the stored conversation reference of a proactive chat. */
export type ChatAddress =
  | { channel: 'teams'; conversationReference: unknown }
  | { channel: 'slack'; userId: string; teamId?: string };

/** A channel-neutral message; the bot renders `view` per channel. */
export interface OutgoingMessage {
  view: MessageView;
  /** Plain-text fallback (notifications, screen readers). */
  fallbackText: string;
  locale?: 'sv' | 'en';
  /** What the message is about, for logs and metrics. Never client details. */
  meta?: { kind: string; ref?: string };
}

export interface EnqueueRequest {
  /** Unique and stable: enqueueing the same key twice stores one message. */
  dedupeKey: string;
  recipient: ChatAddress;
  message: OutgoingMessage;
  notBefore?: Date;
  /** Who the message is for, so an admin can be told by name when it cannot be delivered. */
  recipientName?: string;
}

export interface Outbox {
  enqueue(request: EnqueueRequest): Promise<{ created: boolean }>;
  enqueueMany(requests: EnqueueRequest[]): Promise<{ created: number }>;
}
