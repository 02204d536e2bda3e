import type { ChatUser } from '../conversation/types.js';

export function slackUser(userId: string, name?: string): ChatUser {
  return { channel: 'slack', channelUserId: userId, ...(name ? { displayName: name } : {}) };
}
