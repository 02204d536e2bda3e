import { adminNoticeCard } from './messaging.js';
import type { Directory, Outbox } from './ports.js';

/**
 * Tell every reminder administrator, once per `dedupeKey` (enqueueing is idempotent). Returns how many admins had
 * a chat address; 0 means nobody could be told, which the caller logs as an error.
 */
export async function notifyAdmins(
  directory: Directory,
  outbox: Outbox,
  dedupeKey: string,
  title: string,
  text: string,
): Promise<number> {
  const admins = await directory.admins();
  const view = adminNoticeCard(title, text);
  const reachable = admins.filter((a) => a.chat);
  await outbox.enqueueMany(
    reachable.map((a) => ({
      dedupeKey: `${dedupeKey}|admin:${a.id}`,
      recipient: a.chat!,
      message: { view, fallbackText: `${title}\n${text}`, locale: a.locale ?? 'sv', meta: { kind: 'admin_notice' } },
    })),
  );
  return reachable.length;
}
