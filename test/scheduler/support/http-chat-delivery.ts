import type { ChatDelivery, DeliveryOutcome } from '../../../scheduler/delivery.js';
import type { ChatAddress, OutgoingMessage } from '../../../domain/outbox.js';

/**
 * A ChatDelivery that posts to the fake chat server, mapping HTTP answers the way the real Teams/Slack senders
 * should: 2xx ok, 429 retry_after, 412/5xx transient, 403 unreachable (blocked), other 4xx permanent.
 */
export class HttpChatDelivery implements ChatDelivery {
  constructor(private readonly baseUrl: string) {}

  async send(address: ChatAddress, message: OutgoingMessage, context: { dedupeKey: string }): Promise<DeliveryOutcome> {
    let path: string;
    if (address.channel === 'slack') path = `/slack/${encodeURIComponent(address.userId)}`;
    else {
      const ref = address.conversationReference as { conversation?: { id?: string; tenantId?: string } };
      path = `/teams/${encodeURIComponent(ref.conversation?.tenantId ?? '-')}/${encodeURIComponent(ref.conversation?.id ?? '-')}`;
    }
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dedupeKey: context.dedupeKey, title: message.view.title }),
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    if (res.ok) return { ok: true };
    if (res.status === 429) return { ok: false, kind: 'retry_after', ms: Number(res.headers.get('retry-after') ?? '1') * 1000 };
    if (res.status === 412 || res.status >= 500) return { ok: false, kind: 'transient', reason: `HTTP ${res.status}` };
    if (res.status === 403) return { ok: false, kind: 'unreachable', reason: 'HTTP 403' };
    return { ok: false, kind: 'permanent', reason: `HTTP ${res.status}` };
  }
}
