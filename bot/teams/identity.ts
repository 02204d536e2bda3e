import { CloudAdapter, type ConnectorClient, type TurnContext } from '@microsoft/agents-hosting';
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { ChatUser } from '../../domain/chat.js';

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
    const tenantId = context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    const bot = context.activity.recipient;
    // Written only when something changed: most turns cost no database write.
    await identities.record(
      {
        channel: 'teams',
        channelUserId: from.id,
        ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
        ...(email ? { email } : {}),
        ...(personal ? { conversationReference: personalReference(context) } : {}),
        ...(tenantId ? { tenantId } : {}),
        ...(context.activity.serviceUrl ? { serviceUrl: context.activity.serviceUrl } : {}),
        ...(bot?.id ? { bot: { id: bot.id, ...(bot.name ? { name: bot.name } : {}) } } : {}),
      },
      clock.now(),
      known ?? null,
    );
    if (email) user.email = email.toLowerCase();
  } catch (error) {
    logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'could not resolve the Teams user');
  }
  return user;
}

/** The personal chat's reference without what changes on every turn (the activity id, the locale). */
function personalReference(context: TurnContext): Record<string, unknown> {
  const { activityId: _activityId, locale: _locale, ...reference } = context.activity.getConversationReference() as unknown as Record<string, unknown>;
  return reference;
}
