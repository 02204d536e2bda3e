import type { Clock } from '../../domain/clock.js';
import type { InFlight } from '../../ops/inflight.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { Conversation } from '../conversation/conversation.js';
import type { CaseActions } from '../conversation/features/case-actions.js';
import type { FormRegistry } from '../conversation/forms.js';
import type { ChatUser } from '../../domain/chat.js';

export interface SlackDeps {
  conversation: Conversation;
  logger: Logger;
  identities: ChatIdentityRepository;
  clock: Clock;
  forms: FormRegistry;
  caseActions?: CaseActions;
  /** The workbook behind a sammanställning button, for the person who clicked (re-authorised, audited). */
  statisticsWorkbook?: (token: string, user: ChatUser) => Promise<{ filename: string; data: Buffer; title: string }>;
  /** For downloading files users send (url_private needs the bot token). */
  botToken?: string;
  slackApiUrl?: string;
  /** Saves acknowledged before they finished; shutdown waits for them within its deadline. */
  inflight?: InFlight;
}
