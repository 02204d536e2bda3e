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

/** Who can be told: a person with (maybe) a chat address. */
export interface Addressee {
  id: string;
  chat?: ChatAddress;
  locale?: 'sv' | 'en';
}

/** The administrators, told about messages that cannot be delivered and other problems only they can fix. */
export interface AdminList {
  admins(): Promise<Addressee[]>;
}

/**
 * Tell every administrator, once per `dedupeKey` (enqueueing is idempotent). Returns how many admins had a chat
 * address; 0 means nobody could be told, which the caller logs as an error.
 */
export async function notifyAdmins(directory: AdminList, outbox: Outbox, dedupeKey: string, title: string, text: string): Promise<number> {
  const view: MessageView = { title, text: [text], tone: 'warning' };
  const reachable = (await directory.admins()).filter((a) => a.chat);
  await outbox.enqueueMany(
    reachable.map((a) => ({
      dedupeKey: `${dedupeKey}|admin:${a.id}`,
      recipient: a.chat!,
      message: { view, fallbackText: `${title}\n${text}`, locale: a.locale ?? 'sv', meta: { kind: 'admin_notice' } },
    })),
  );
  return reachable.length;
}

/** What the admins are told about a message the sender gave up on (Swedish; admins read Swedish). */
export const deliveryNotices = {
  title: 'Meddelande kunde inte levereras',
  dead: (attempts: number, reason: string) => `Ett meddelande gav upp efter ${attempts} försök (${reason}). Det finns i listan över olevererade meddelanden.`,
  unreachable: 'Mottagaren går inte att nå (har t.ex. blockerat boten). Meddelandet skickas inte igen.',
  /** Admin notices say who could not be reached, when the item knows. */
  withName: (text: string, name: string | undefined) => (name ? `Mottagare: ${name}. ${text}` : text),
} as const;
