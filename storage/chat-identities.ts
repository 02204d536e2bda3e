import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { ChatAddress } from '../domain/paminnelser/ports.js';

/**
 * Who is who in each chat channel, and how to reach them proactively. One document per channel user:
 * `_id` = "teams:<from.id>" or "slack:<user id>". E-mail is the key into the organisation data.
 */
const IdentitySchema = z.object({
  _id: z.string(),
  channel: z.enum(['teams', 'slack']),
  channelUserId: z.string(),
  aadObjectId: z.string().optional(),
  teamId: z.string().optional(),
  email: z.string().optional(),
  /** Teams: the conversation reference of the personal chat (for proactive messages). */
  conversationReference: z.unknown().optional(),
  updatedAt: z.date(),
});
export type ChatIdentity = z.infer<typeof IdentitySchema>;

export class ChatIdentityRepository {
  private readonly col: Collection<ChatIdentity>;
  constructor(db: Db) {
    this.col = db.collection<ChatIdentity>('chat_identities');
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndexes([
      { key: { email: 1 }, name: 'email' },
      { key: { aadObjectId: 1 }, name: 'aadObjectId' },
    ]);
  }

  async get(channel: 'teams' | 'slack', channelUserId: string): Promise<ChatIdentity | undefined> {
    const doc = await this.col.findOne({ _id: `${channel}:${channelUserId}` });
    return doc ? IdentitySchema.parse(doc) : undefined;
  }

  async record(identity: Omit<ChatIdentity, '_id' | 'updatedAt'>, now: Date): Promise<void> {
    const set: Record<string, unknown> = { channel: identity.channel, channelUserId: identity.channelUserId, updatedAt: now };
    for (const key of ['aadObjectId', 'teamId', 'email', 'conversationReference'] as const) {
      if (identity[key] !== undefined) set[key] = key === 'email' ? String(identity.email).toLowerCase() : identity[key];
    }
    await this.col.updateOne({ _id: `${identity.channel}:${identity.channelUserId}` }, { $set: set }, { upsert: true });
  }

  /** The most recently seen way to reach a person: by Slack id, AAD object id or e-mail. */
  async addressFor(person: { email?: string; slackUserId?: string; teamsAadObjectId?: string }): Promise<ChatAddress | undefined> {
    const or: Record<string, unknown>[] = [];
    if (person.email) or.push({ email: person.email.toLowerCase() });
    if (person.slackUserId) or.push({ _id: `slack:${person.slackUserId}` });
    if (person.teamsAadObjectId) or.push({ aadObjectId: person.teamsAadObjectId });
    if (!or.length) return person.slackUserId ? { channel: 'slack', userId: person.slackUserId } : undefined;
    const docs = await this.col.find({ $or: or }).sort({ updatedAt: -1 }).limit(5).toArray();
    for (const raw of docs) {
      const doc = IdentitySchema.parse(raw);
      if (doc.channel === 'slack') return { channel: 'slack', userId: doc.channelUserId, ...(doc.teamId ? { teamId: doc.teamId } : {}) };
      if (doc.conversationReference) return { channel: 'teams', conversationReference: doc.conversationReference };
    }
    return person.slackUserId ? { channel: 'slack', userId: person.slackUserId } : undefined;
  }
}
