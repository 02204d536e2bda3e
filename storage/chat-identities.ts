import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { ChatAddress } from '../domain/outbox.js';

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
  /** Teams: where this user was last seen (any conversation), so a personal chat can be created proactively. */
  tenantId: z.string().optional(),
  serviceUrl: z.string().optional(),
  /** Teams: the bot's account in that tenant (the `recipient` of the user's activities). */
  bot: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  updatedAt: z.date(),
});
export type ChatIdentity = z.infer<typeof IdentitySchema>;
export type ChatIdentityInput = Omit<ChatIdentity, '_id' | 'updatedAt'>;

const FIELDS = ['aadObjectId', 'teamId', 'email', 'conversationReference', 'tenantId', 'serviceUrl', 'bot'] as const;

/** The chat address an identity gives, if any. */
export function addressOfIdentity(doc: Pick<ChatIdentity, 'channel' | 'channelUserId' | 'teamId' | 'conversationReference'>): ChatAddress | undefined {
  if (doc.channel === 'slack') return { channel: 'slack', userId: doc.channelUserId, ...(doc.teamId ? { teamId: doc.teamId } : {}) };
  return doc.conversationReference ? { channel: 'teams', conversationReference: doc.conversationReference } : undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * How long a turn trusts the identity this process last read or wrote before reading it again. A turn then needs
 * no database at all (the identity is the only thing a "hjälp" or "vem ansvarar" turn would read), and what another
 * instance wrote is seen within this time. Identities are only ever added to, never removed, so a remembered one
 * is at worst older than the stored one, never wrong about who someone is.
 */
export const IDENTITY_MEMORY_MS = 60_000;
/** Identities remembered at most (the least recently used are forgotten first); a few MB at most. */
const IDENTITY_MEMORY_MAX = 5_000;

export class ChatIdentityRepository {
  private readonly col: Collection<ChatIdentity>;
  private readonly listeners: Array<(identity: ChatIdentity, address: ChatAddress) => void | Promise<void>> = [];
  private readonly recent = new Map<string, { doc: ChatIdentity; at: number }>();
  /** Addresses found by `addressFor`, by the keys asked with; emptied whenever this process writes an identity. */
  private readonly recentAddresses = new Map<string, { address: ChatAddress; at: number }>();
  /** `monotonicMs` measures how long an identity was remembered (not the domain clock: tests move that by days). */
  constructor(
    db: Db,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.col = db.collection<ChatIdentity>('chat_identities');
  }

  private remember(doc: ChatIdentity): void {
    this.keep(this.recent, doc._id, { doc });
  }

  /** What `memory` holds under `key` if it was kept less than IDENTITY_MEMORY_MS ago; an older entry is dropped. */
  private recall<T>(memory: Map<string, T & { at: number }>, key: string): T | undefined {
    const hit = memory.get(key);
    if (hit && this.monotonicMs() - hit.at < IDENTITY_MEMORY_MS) return hit;
    memory.delete(key);
    return undefined;
  }

  /** Remembers `value` under `key` now; the least recently kept go first past IDENTITY_MEMORY_MAX. */
  private keep<T>(memory: Map<string, T & { at: number }>, key: string, value: T): void {
    memory.delete(key);
    memory.set(key, { ...value, at: this.monotonicMs() });
    if (memory.size > IDENTITY_MEMORY_MAX) memory.delete(memory.keys().next().value!);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndexes([
      { key: { email: 1 }, name: 'email' },
      { key: { aadObjectId: 1 }, name: 'aadObjectId' },
    ]);
  }

  /** Called (after the write) whenever a person becomes reachable: a new Slack user, a new Teams personal chat. */
  onNewAddress(listener: (identity: ChatIdentity, address: ChatAddress) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  /** The stored identity, from memory when this process read or wrote it less than IDENTITY_MEMORY_MS ago. */
  async get(channel: 'teams' | 'slack', channelUserId: string): Promise<ChatIdentity | undefined> {
    const id = `${channel}:${channelUserId}`;
    const hit = this.recall(this.recent, id);
    if (hit) return hit.doc;
    const raw = await this.col.findOne({ _id: id });
    const doc = raw ? IdentitySchema.parse(raw) : undefined;
    // Someone not stored yet is not remembered: their first turn writes them, and that is remembered.
    if (doc) this.remember(doc);
    else this.recent.delete(id);
    return doc;
  }

  /**
   * Stores what is new about a channel user. `known` is the stored document when the caller has read it already:
   * nothing is written when nothing changed (most turns), so a turn costs no write. Returns whether it wrote.
   */
  async record(identity: ChatIdentityInput, now: Date, known?: ChatIdentity | null): Promise<boolean> {
    const before = known === undefined ? await this.get(identity.channel, identity.channelUserId) : (known ?? undefined);
    const set: Record<string, unknown> = {};
    for (const key of FIELDS) {
      if (identity[key] === undefined) continue;
      const value = key === 'email' ? String(identity.email).toLowerCase() : identity[key];
      if (!before || !same(before[key], value)) set[key] = value;
    }
    if (before && Object.keys(set).length === 0) return false;
    // The stored document as it is after the write (what other instances wrote included) is what is remembered.
    const written = await this.col.findOneAndUpdate(
      { _id: `${identity.channel}:${identity.channelUserId}` },
      { $set: { ...set, channel: identity.channel, channelUserId: identity.channelUserId, updatedAt: now } },
      { upsert: true, returnDocument: 'after' },
    );
    const after = written
      ? IdentitySchema.parse(written)
      : ({ ...(before ?? {}), ...set, _id: `${identity.channel}:${identity.channelUserId}`, channel: identity.channel, channelUserId: identity.channelUserId, updatedAt: now } as ChatIdentity);
    this.remember(after);
    // A new or changed identity may change where someone is reached best: look again.
    this.recentAddresses.clear();
    const address = addressOfIdentity(after);
    const wasReachable = before ? addressOfIdentity(before) : undefined;
    const newAddress = address && (!wasReachable || (after.channel === 'teams' && set.conversationReference !== undefined));
    if (address && newAddress) for (const listener of this.listeners) await listener(after, address);
    return true;
  }

  /**
   * The most recently seen way to reach a person: by Slack id, AAD object id or e-mail. An address found is
   * remembered as identities are (IDENTITY_MEMORY_MS): each notification of a case would otherwise read it again.
   * A person with no address yet is not remembered, so the moment they become reachable counts.
   */
  async addressFor(person: { email?: string; slackUserId?: string; teamsAadObjectId?: string }): Promise<ChatAddress | undefined> {
    const key = `${person.email?.toLowerCase() ?? ''}\n${person.slackUserId ?? ''}\n${person.teamsAadObjectId ?? ''}`;
    const hit = this.recall(this.recentAddresses, key);
    if (hit) return hit.address;
    for (const doc of await this.identitiesOf(person)) {
      const address = addressOfIdentity(doc);
      if (address) {
        this.keep(this.recentAddresses, key, { address });
        return address;
      }
    }
    return person.slackUserId ? { channel: 'slack', userId: person.slackUserId } : undefined;
  }

  /** Every stored identity of a person (newest first), reachable or not. */
  async identitiesOf(person: { email?: string; slackUserId?: string; teamsAadObjectId?: string }): Promise<ChatIdentity[]> {
    const or: Record<string, unknown>[] = [];
    if (person.email) or.push({ email: person.email.toLowerCase() });
    if (person.slackUserId) or.push({ _id: `slack:${person.slackUserId}` });
    if (person.teamsAadObjectId) or.push({ aadObjectId: person.teamsAadObjectId });
    if (!or.length) return [];
    const docs = await this.col.find({ $or: or }).sort({ updatedAt: -1 }).limit(5).toArray();
    return docs.map((raw) => IdentitySchema.parse(raw));
  }

  /** Where the bot last heard from a Teams tenant (service URL and its own account), to start a chat there. */
  async teamsTenant(tenantId?: string): Promise<{ tenantId: string; serviceUrl: string; bot: { id: string; name?: string } } | undefined> {
    const filter: Record<string, unknown> = { channel: 'teams', serviceUrl: { $exists: true }, tenantId: tenantId ?? { $exists: true }, bot: { $exists: true } };
    const raw = await this.col.find(filter).sort({ updatedAt: -1 }).limit(1).next();
    if (!raw) return undefined;
    const doc = IdentitySchema.parse(raw);
    return doc.tenantId && doc.serviceUrl && doc.bot ? { tenantId: doc.tenantId, serviceUrl: doc.serviceUrl, bot: doc.bot } : undefined;
  }
}
