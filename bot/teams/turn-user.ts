import type { TurnContext } from '@microsoft/agents-hosting';
import type { ChatUser } from '../../domain/chat.js';
import type { TeamsDeps } from './deps.js';
import { resolveTeamsUser } from './identity.js';

const USER_KEY = Symbol('kvalitetsbot.user');

/** Resolves the user of a turn once, when the turn begins; the handlers read it with `turnUser`. */
export async function resolveTurnUser(context: TurnContext, deps: Pick<TeamsDeps, 'identities' | 'clock' | 'logger'>): Promise<void> {
  context.turnState.set(USER_KEY, await resolveTeamsUser(context, deps.identities, deps.clock, deps.logger));
}

/** The user of this turn (see `resolveTurnUser`). */
export function turnUser(context: TurnContext): ChatUser {
  const user = context.turnState.get<ChatUser>(USER_KEY);
  if (!user) throw new Error('turnUser called in a turn that does not act for a user');
  return user;
}
