import type { MessageView } from './view.js';

/** The person behind a chat request, as the channel told us. Authorisation always re-reads the directory. */
export interface ChatUser {
  channel: 'teams' | 'slack';
  /** Teams: from.id (29:…); Slack: user id (U…). */
  channelUserId: string;
  /** Teams: AAD object id, when present. */
  aadObjectId?: string;
  email?: string;
  displayName?: string;
  /** Where the message was written: a one-to-one chat with the bot, or a channel others can read. Default personal. */
  where?: 'personal' | 'shared';
}

/** What the bot answers to a chat message or a button. */
export type Reply = { kind: 'message'; view: MessageView } | { kind: 'none' };

export const message = (view: MessageView): Reply => ({ kind: 'message', view });
