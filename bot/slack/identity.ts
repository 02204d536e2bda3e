import type { webApi } from '@slack/bolt';
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';
import type { ChatUser } from '../../domain/chat.js';

/** The Slack user behind a request, with the e-mail (users:read.email) looked up once and remembered. */
export async function resolveSlackUser(
  userId: string,
  teamId: string | undefined,
  client: webApi.WebClient,
  identities: ChatIdentityRepository,
  clock: Clock,
  logger: Logger,
  displayName?: string,
): Promise<ChatUser> {
  const user: ChatUser = { channel: 'slack', channelUserId: userId, ...(displayName ? { displayName } : {}) };
  try {
    const known = await identities.get('slack', userId);
    let email = known?.email;
    if (!email) {
      const info = await client.users.info({ user: userId }).catch(() => undefined);
      email = info?.user?.profile?.email;
      if (!user.displayName && info?.user?.profile?.first_name) user.displayName = info.user.profile.first_name;
      await identities.record({ channel: 'slack', channelUserId: userId, ...(teamId ? { teamId } : {}), ...(email ? { email } : {}) }, clock.now(), known ?? null);
    }
    if (email) user.email = email.toLowerCase();
  } catch (error) {
    logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'could not resolve the Slack user');
  }
  return user;
}
