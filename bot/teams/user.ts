import type { TurnContext } from '@microsoft/agents-hosting';
import type { ChatUser } from '../conversation/types.js';

export function teamsUser(context: TurnContext): ChatUser {
  const from = context.activity.from;
  return {
    channel: 'teams',
    channelUserId: from?.id ?? 'unknown',
    ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
    ...(from?.name ? { displayName: from.name.split(' ')[0] } : {}),
  };
}
