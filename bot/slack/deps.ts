import type { Logger } from '../../ops/logger.js';
import type { Conversation } from '../conversation/conversation.js';

export interface SlackDeps {
  conversation: Conversation;
  logger: Logger;
}
