import { CardFactory } from '@microsoft/agents-hosting';
import { Activity, ActivityTypes, AttachmentLayoutTypes, InputHints } from '@microsoft/agents-activity';
import type { MessageView } from '../../domain/view.js';
import { renderMessageAdaptive } from '../../cards/render-message.js';

/**
 * A message activity carrying the view as an Adaptive Card, with the title as notification text. Built as the SDK's
 * `MessageFactory.attachment` builds it (list layout, accepting input), without validating our own object against
 * the whole activity schema first: the SDK validates every activity it sends anyway.
 */
export function cardActivity(view: MessageView): Activity {
  const activity = new Activity(ActivityTypes.Message);
  activity.attachmentLayout = AttachmentLayoutTypes.List;
  activity.inputHint = InputHints.AcceptingInput;
  activity.attachments = [CardFactory.adaptiveCard(renderMessageAdaptive(view))];
  activity.summary = view.title;
  return activity;
}
