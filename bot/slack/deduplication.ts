import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from '../../ops/logger.js';

/**
 * How long the shared ledger may take before a request is processed without it (losing a report is worse than a
 * rare double): short where the acknowledgement or a save waits for it (a retry of an interactive request, a modal
 * submission, whose form also carries its own idempotency key), longer where the acknowledgement has already gone
 * (it then only delays the work, not Slack's three seconds; a trigger_id stays valid for three seconds).
 */
export const SLACK_LEDGER_BUDGET_MS = { beforeAck: 300, afterAck: 1000 } as const;

/** Remembers which deliveries were already processed (see storage/slack-requests.ts). */
export interface SlackRequestLedger {
  /** `urgent`: an acknowledgement or a save waits for the answer (no batching delay). */
  firstTime(key: string, urgent?: boolean): Promise<boolean>;
}

/** Keys this instance has seen lately (bounded, oldest dropped first): a duplicate here needs no database. */
class RecentKeys {
  private readonly seen = new Map<string, number>();
  constructor(private readonly max = 20_000, private readonly keepMs = 60 * 60_000) {}
  /** True when `key` is new. */
  add(key: string, now = Date.now()): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.keepMs) return false;
    this.seen.set(key, now);
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }
}

/**
 * The key under which a verified delivery is remembered: Events API deliveries by `event_id` (Slack's retries,
 * X-Slack-Retry-Num, carry the same one), everything else by its signature (an exact replay repeats it).
 */
export function deliveryKey(body: unknown, signature: unknown): string | undefined {
  const eventId = (body as { event_id?: unknown } | undefined)?.event_id;
  if (typeof eventId === 'string' && eventId.length > 0 && eventId.length <= 200) return `event:${eventId}`;
  if (typeof signature === 'string' && signature.length > 0) return `sig:${createHash('sha256').update(signature).digest('hex')}`;
  return undefined;
}

/**
 * Thrown by `ack()` once the acknowledgement has gone, when the shared ledger says another delivery of the same
 * request was taken in first (a replay, or a retry that reached another instance): the listener stops there.
 */
export class DeliverySeenBefore extends Error {
  override readonly name = 'DeliverySeenBefore';
}

/** The context property a listener that works before its `ack()` awaits before it changes anything. */
const FIRST_DELIVERY = 'firstDelivery';

/**
 * Whether this is the first delivery of the request (true when there is no ledger). A listener that does work
 * before `ack()` (a modal submission saves first) reads this before it writes; every other listener is stopped
 * by its `ack()` instead.
 */
export function firstDelivery(context: Record<string, unknown>): Promise<boolean> {
  const verdict = context[FIRST_DELIVERY];
  return typeof verdict === 'function' ? (verdict as () => Promise<boolean>)() : Promise.resolve(true);
}

interface ReceiverEvent {
  body: Record<string, unknown>;
  ack: (response?: unknown) => Promise<void>;
  retryNum?: number;
  customProperties?: Record<string, unknown>;
}

/**
 * Every verified delivery is processed at most once, across every instance sharing the database, without the
 * acknowledgement waiting for the database:
 * - this instance's memory answers a duplicate at once (acknowledged, nothing processed);
 * - Events API deliveries (incl. Slack's retries, X-Slack-Retry-Num) are acknowledged at once, as Bolt does, and
 *   claimed in the shared ledger before a listener sees them;
 * - any other request carrying X-Slack-Retry-Num is claimed before Bolt sees it;
 * - everything else (slash commands, buttons, modal submissions) is claimed concurrently: `ack()` sends the answer
 *   and then waits for the claim, and throws `DeliverySeenBefore` when another delivery had it, so nothing after the
 *   acknowledgement runs twice; a listener that writes before its `ack()` awaits `firstDelivery(context)` first.
 * A ledger that does not answer within `SLACK_LEDGER_BUDGET_MS` lets the request through (forms carry their own
 * idempotency).
 */
export function deduplicateDeliveries(bolt: App, ledger: SlackRequestLedger, logger: Logger): void {
  const recent = new RecentKeys();
  const processEvent = bolt.processEvent.bind(bolt);
  const seenBefore = (event: ReceiverEvent) =>
    logger.info({ retryNum: event.retryNum ?? 0 }, 'Slack delivery seen before (retry or replay): acknowledged, not processed again');

  const claim = async (key: string, budgetMs: number): Promise<boolean> => {
    const urgent = budgetMs === SLACK_LEDGER_BUDGET_MS.beforeAck;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Bounded: Slack's three seconds belong to the listener (a slow database must not eat the save budget).
      return await Promise.race([
        ledger.firstTime(key, urgent),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('ledger timeout'), { name: 'TimeoutError' })), budgetMs);
        }),
      ]);
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name } }, 'Slack de-duplication unavailable; processing the request');
      return true;
    } finally {
      clearTimeout(timer);
    }
  };

  bolt.processEvent = async (incoming) => {
    const event = incoming as unknown as ReceiverEvent;
    const key = deliveryKey(event.body, event.customProperties?.requestSignature);
    if (!key) return processEvent(incoming);
    if (!recent.add(key)) {
      seenBefore(event);
      return event.ack();
    }
    let verdict: Promise<boolean> | undefined;
    const once = (budgetMs: number = SLACK_LEDGER_BUDGET_MS.afterAck) => (verdict ??= claim(key, budgetMs));

    const inner = event.body.event as { type?: unknown } | undefined;
    if (event.body.type === 'event_callback' && inner?.type !== 'function_executed') {
      // Bolt acknowledges events before any listener anyway; here the acknowledgement goes before the claim.
      await event.ack();
      if (!(await once())) return seenBefore(event);
      return processEvent({ ...incoming, ack: async () => undefined } as typeof incoming);
    }
    if (event.retryNum !== undefined) {
      if (!(await once(SLACK_LEDGER_BUDGET_MS.beforeAck))) {
        seenBefore(event);
        return event.ack();
      }
      return processEvent(incoming);
    }
    const ack = async (response?: unknown) => {
      await event.ack(response);
      if (!(await once())) {
        seenBefore(event);
        throw new DeliverySeenBefore('delivery seen before');
      }
    };
    return processEvent({ ...incoming, ack, customProperties: { ...event.customProperties, [FIRST_DELIVERY]: () => once(SLACK_LEDGER_BUDGET_MS.beforeAck) } } as typeof incoming);
  };
}
