import { randomUUID } from 'node:crypto';
import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';

/**
 * Batch claim by token, shared by the outbox and the reminder nudges. For each group of candidate ids, one
 * conditional updateMany stamps a fresh claim token (with the caller's lease fields) on every document that still
 * matches the group's `claimable` filter; one read then returns what this call won. Each document's update is atomic,
 * so however many instances race, every document has exactly one winner. Two round trips per group, not one per item.
 * Returns the stored documents after the claim, in the order of the ids given.
 */
export async function claimByToken<T extends Document & { _id: string }>(
  col: Collection<T>,
  groups: Array<{ ids: string[]; claimable: Filter<T> }>,
  owner: string,
  update: { set: Record<string, unknown> },
): Promise<T[]> {
  const ids = groups.flatMap((g) => g.ids);
  if (ids.length === 0) return [];
  const claimToken = `${owner}:${randomUUID()}`;
  const change = { $set: { ...update.set, leaseOwner: owner, claimToken }, $inc: { attempts: 1 } } as unknown as UpdateFilter<T>;
  for (const g of groups) {
    if (g.ids.length) await col.updateMany({ ...g.claimable, _id: { $in: g.ids } } as Filter<T>, change);
  }
  const won = (await col.find({ _id: { $in: ids }, claimToken, leaseOwner: owner } as unknown as Filter<T>).toArray()) as T[];
  const rank = new Map(ids.map((id, i) => [id, i]));
  return won.sort((a, b) => rank.get(a._id)! - rank.get(b._id)!);
}
