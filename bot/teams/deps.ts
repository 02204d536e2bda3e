import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { MessageView } from '../../domain/view.js';
import type { Conversation } from '../conversation/conversation.js';
import type { CaseActions } from '../conversation/features/case-actions.js';
import type { FormRegistry } from '../conversation/forms.js';
import type { ChatUser } from '../../domain/chat.js';

export interface TeamsDeps {
  conversation: Conversation;
  logger: Logger;
  identities: ChatIdentityRepository;
  clock: Clock;
  forms: FormRegistry;
  caseActions?: CaseActions;
  /** Sends a message to the user's personal chat (proactive), when we have one. */
  notifyUser?: (user: ChatUser, view: MessageView) => Promise<void>;
}
