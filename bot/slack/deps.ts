import type { InFlight } from '../../ops/inflight.js';
import type { TransportDeps } from '../conversation/conversation.js';

export interface SlackDeps extends TransportDeps {
  /** For downloading files users send (url_private needs the bot token). */
  botToken?: string;
  slackApiUrl?: string;
  /** Saves acknowledged before they finished; shutdown waits for them within its deadline. */
  inflight?: InFlight;
}
