import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { ChatAddress } from '../../scheduler/delivery.js';

export interface TeamsChatTarget {
  /** The user's Teams id (29:…) or AAD object id. */
  userId: string;
  tenantId: string;
  serviceUrl: string;
  bot: { id: string; name?: string };
}

/**
 * Starts the personal chat with a user who has not written to the bot (POST /v3/conversations on the connector),
 * so a case notification can reach them. Teams allows this when the app is installed for the user (personally or
 * in a team they are in). Returns the new chat's address, or undefined when Teams refuses.
 */
export function teamsChatCreator(adapter: CloudAdapter, appId: string | undefined): (target: TeamsChatTarget) => Promise<ChatAddress | undefined> {
  return async (target) => {
    let reference: Record<string, unknown> | undefined;
    await adapter.createConversationAsync(
      appId ?? '',
      'msteams',
      target.serviceUrl,
      'https://api.botframework.com',
      {
        isGroup: false,
        agent: { id: target.bot.id, name: target.bot.name ?? '' },
        members: [{ id: target.userId }],
        tenantId: target.tenantId,
        channelData: { tenant: { id: target.tenantId } },
      } as never,
      async (context) => {
        const id = context.activity.conversation?.id;
        if (!id) return;
        // Built by hand: the SDK's reference of a created conversation carries empty fields its own parser refuses.
        reference = {
          channelId: 'msteams',
          serviceUrl: target.serviceUrl,
          conversation: { id, conversationType: 'personal', tenantId: target.tenantId, isGroup: false },
          agent: { id: target.bot.id, ...(target.bot.name ? { name: target.bot.name } : {}) },
          user: { id: target.userId },
        };
      },
    );
    return reference ? { channel: 'teams', conversationReference: reference } : undefined;
  };
}
