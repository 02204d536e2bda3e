import type { MessageView } from '../../domain/view.js';
import type { TransportDeps } from '../conversation/conversation.js';
import type { ChatUser } from '../../domain/chat.js';

export interface TeamsDeps extends TransportDeps {
  /** Sends a message to the user's personal chat (proactive), when we have one. */
  notifyUser?: (user: ChatUser, view: MessageView) => Promise<void>;
}
