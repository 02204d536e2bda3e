import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import type { Activity } from '@microsoft/agents-activity';
import type { MessageView } from '../../domain/view.js';
import { renderMessageAdaptive } from '../../cards/render-message.js';

/** A message activity carrying the view as an Adaptive Card, with the title as notification text. */
export function cardActivity(view: MessageView): Activity {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderMessageAdaptive(view)));
  activity.summary = view.title;
  return activity;
}
