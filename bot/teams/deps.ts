import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { Conversation } from '../conversation/conversation.js';

export interface TeamsDeps {
  conversation: Conversation;
  logger: Logger;
  identities: ChatIdentityRepository;
  clock: Clock;
}
