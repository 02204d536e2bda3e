import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Teams connector and the Slack Web API that records what the bot sent. It can enforce
 * per-key rate limits (answering 429 with Retry-After, like the platforms) and fail chosen messages.
 *   POST /teams/<tenant>/<conversation>   POST /slack/<channel>     body: { dedupeKey, title }
 */
export interface Delivery {
  dedupeKey: string;
  path: string;
  at: number;
}

export interface FakeChatOptions {
  /** Requests per second allowed per rate key (sliding one-second window); undefined = unlimited. */
  limits?: { teamsTenant?: number; teamsConversation?: number; slackChannel?: number };
  /** Retry-After in seconds sent with a 429. */
  retryAfterSeconds?: number;
  latencyMs?: number;
}

export class FakeChatServer {
  readonly deliveries: Delivery[] = [];
  throttled = 0;
  /** Called with each accepted delivery, at once (a test can act at an exact count, not at its next poll). */
  onDelivery?: (delivery: Delivery, count: number) => void;
  /** dedupeKey → status codes to answer, one per attempt (then 200). */
  readonly script = new Map<string, number[]>();
  private server?: Server;
  private windows = new Map<string, number[]>();
  url = '';

  constructor(private readonly options: FakeChatOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req).then(({ status, headers }) => res.writeHead(status, headers).end()));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private overLimit(key: string, limit: number | undefined, now: number): boolean {
    if (!limit) return false;
    const w = (this.windows.get(key) ?? []).filter((t) => now - t < 1000);
    this.windows.set(key, w);
    return w.length >= limit;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string> }> {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const { dedupeKey } = JSON.parse(body || '{}') as { dedupeKey: string };
    const path = req.url ?? '';
    const scripted = this.script.get(dedupeKey);
    if (scripted && scripted.length) return { status: scripted.shift()!, headers: { 'retry-after': '1' } };
    const now = Date.now();
    const parts = path.split('/').filter(Boolean);
    const keys: Array<[string, number | undefined]> =
      parts[0] === 'teams'
        ? [[`tenant:${parts[1]}`, this.options.limits?.teamsTenant], [`conv:${parts[2]}`, this.options.limits?.teamsConversation]]
        : [[`slack:${parts[1]}`, this.options.limits?.slackChannel]];
    if (keys.some(([k, l]) => this.overLimit(k, l, now))) {
      this.throttled++;
      return { status: 429, headers: { 'retry-after': String(this.options.retryAfterSeconds ?? 1) } };
    }
    for (const [k] of keys) this.windows.get(k)?.push(now) ?? this.windows.set(k, [now]);
    this.deliveries.push({ dedupeKey, path, at: now });
    this.onDelivery?.(this.deliveries.at(-1)!, this.deliveries.length);
    return { status: 200, headers: {} };
  }

  counts(): { total: number; unique: number; duplicates: number } {
    const unique = new Set(this.deliveries.map((d) => d.dedupeKey)).size;
    return { total: this.deliveries.length, unique, duplicates: this.deliveries.length - unique };
  }
}
