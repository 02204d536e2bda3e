import type { MessageView } from '../../domain/view.js';
import { renderMessageBlocks, type SlackMessage } from '../../cards/render-message.js';

export function slackMessage(view: MessageView): SlackMessage {
  return renderMessageBlocks(view);
}

/** App Home: the same content as the welcome card, as a home tab view. */
export function homeView(view: MessageView): { type: 'home'; blocks: Record<string, unknown>[] } {
  return { type: 'home', blocks: renderMessageBlocks(view).blocks };
}
