import type { Clock } from '../../domain/clock.js';
import type { InFlight } from '../../ops/inflight.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { Conversation } from '../conversation/conversation.js';

export interface SlackDeps {
  conversation: Conversation;
  logger: Logger;
  identities: ChatIdentityRepository;
  clock: Clock;
  /** For downloading files users send (url_private needs the bot token). */
  botToken?: string;
  slackApiUrl?: string;
  /** Saves acknowledged before they finished; shutdown waits for them within its deadline. */
  inflight?: InFlight;
}
