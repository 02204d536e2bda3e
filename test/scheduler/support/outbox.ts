import type { MongoOutbox, OutboxDoc } from '../../../storage/outbox.js';

/** An outbox item as stored, or undefined when there is none (tests look at what the app wrote). */
export async function outboxItem(outbox: MongoOutbox, id: string): Promise<OutboxDoc | undefined> {
  return (await outbox.col.findOne({ _id: id })) ?? undefined;
}

/** Claim the oldest sendable item as the sender does (find, then claim by token), or undefined if none. */
export async function claimOldest(outbox: MongoOutbox, owner: string, leaseMs: number): Promise<OutboxDoc | undefined> {
  return (await outbox.claimMany(await outbox.findClaimable(1), owner, leaseMs))[0];
}
