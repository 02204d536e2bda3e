import type { App, webApi } from '@slack/bolt';
import type { ChatUser } from '../../domain/chat.js';
import type { SlackDeps } from './deps.js';
import { resolveSlackUser } from './identity.js';

const KEY = 'kvalitetsbotUser';

/** The Slack user id and team a request is from, whatever its kind (command, interaction, event). */
function senderOf(body: Record<string, any>): { userId?: string; teamId?: string } {
  const userId = body.user_id ?? body.user?.id ?? body.event?.user;
  const teamId = body.team_id ?? body.team?.id ?? body.event?.team;
  return { ...(typeof userId === 'string' ? { userId } : {}), ...(typeof teamId === 'string' ? { teamId } : {}) };
}

/**
 * Resolves the user of every request once (stored identity, the e-mail from users.info the first time), when a
 * listener first asks: a view submission's three seconds are counted from the request, so nothing waits for it
 * before a listener has started its own clock.
 */
export function useRequestUser(app: App, deps: Pick<SlackDeps, 'identities' | 'clock' | 'logger'>): void {
  app.use(async ({ body, context, client, next }) => {
    const { userId, teamId } = senderOf(body as Record<string, any>);
    if (userId) {
      let resolved: Promise<ChatUser> | undefined;
      context[KEY] = () => (resolved ??= resolveSlackUser(userId, teamId ?? context.teamId, client as webApi.WebClient, deps.identities, deps.clock, deps.logger));
    }
    await next();
  });
}

/** The user of this request (see `useRequestUser`). */
export function requestUser(context: Record<string, unknown>): Promise<ChatUser> {
  const get = context[KEY] as (() => Promise<ChatUser>) | undefined;
  if (!get) throw new Error('requestUser called for a request without a Slack user');
  return get();
}
