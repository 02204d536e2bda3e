import { CloudAdapter, type ConnectorClient, type TurnContext } from '@microsoft/agents-hosting';
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { ChatUser } from '../conversation/types.js';

/**
 * Resolves the Teams user behind a turn: AAD object id from the activity, e-mail from our records or, the first
 * time, from the connector's member look-up. Stores the personal chat's conversation reference for proactive
 * messages. Failures here never block the turn: the user is then simply not matched to the organisation.
 */
export async function resolveTeamsUser(
  context: TurnContext,
  identities: ChatIdentityRepository,
  clock: Clock,
  logger: Logger,
): Promise<ChatUser> {
  const from = context.activity.from;
  const user: ChatUser = {
    channel: 'teams',
    channelUserId: from?.id ?? 'unknown',
    ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
    ...(from?.name ? { displayName: from.name.split(' ')[0] } : {}),
    where: context.activity.conversation?.conversationType === 'personal' ? 'personal' : 'shared',
  };
  if (!from?.id) return user;
  try {
    const known = await identities.get('teams', from.id);
    let email = known?.email;
    if (!email) {
      const client = context.turnState.get<ConnectorClient>((context.adapter as CloudAdapter).ConnectorClientKey);
      const conversationId = context.activity.conversation?.id;
      if (client && conversationId) {
        const member = (await client.getConversationMember(from.id, conversationId).catch(() => undefined)) as
          | { email?: string; userPrincipalName?: string }
          | undefined;
        email = member?.email ?? member?.userPrincipalName;
      }
    }
    const personal = context.activity.conversation?.conversationType === 'personal';
    await identities.record(
      {
        channel: 'teams',
        channelUserId: from.id,
        ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
        ...(email ? { email } : {}),
        ...(personal ? { conversationReference: context.activity.getConversationReference() } : {}),
      },
      clock.now(),
    );
    if (email) user.email = email.toLowerCase();
  } catch (error) {
    logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'could not resolve the Teams user');
  }
  return user;
}
