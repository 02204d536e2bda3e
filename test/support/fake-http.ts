import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The body as sent (binary uploads). */
  bytes: Buffer;
  body: unknown;
}

export type Responder = (req: RecordedRequest) => { status?: number; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer } | undefined;

/**
 * A recording HTTP server on 127.0.0.1 (random port) for the fake Teams connector and the fake Slack Web API.
 * Requests are parsed (JSON or form-encoded) and kept in order; `waitFor` polls for an expected call.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /**
   * Which requests are kept in `requests` (all, unless set). A load generator keeps only what it reads again: a
   * recording of every request would grow its own heap, and its collections would be billed to the latencies it
   * measures.
   */
  keep: (r: RecordedRequest) => boolean = () => true;
  private server?: Server;
  private responders: Responder[] = [];
  url = '';

  constructor(private readonly fallback: Responder) {}

  private holds: Array<{ matches: (r: RecordedRequest) => boolean; released: Promise<void> }> = [];

  /** Requests matching `matches` are recorded at once but answered only after `release()` (a call still running). */
  hold(matches: (r: RecordedRequest) => boolean): { release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    this.holds.push({ matches, released });
    return { release };
  }

  /** Responders added here run before the fallback; return undefined to pass. */
  use(responder: Responder): void {
    this.responders.unshift(responder);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  clear(): void {
    this.requests.length = 0;
  }

  async waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.requests.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`Expected request not received within ${timeoutMs} ms. Received: ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const rawBody = bytes.toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      rawBody,
      bytes,
      body: parseBody(rawBody, req.headers['content-type']),
    };
    if (this.keep(recorded)) this.requests.push(recorded);
    for (const h of this.holds) if (h.matches(recorded)) await h.released;
    const answer = this.responders.map((r) => r(recorded)).find((a) => a !== undefined) ?? this.fallback(recorded) ?? { status: 404 };
    if (answer.raw !== undefined) {
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/octet-stream', ...(answer.headers ?? {}) });
      res.end(answer.raw);
      return;
    }
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      // The Slack client form-encodes nested arguments (blocks, view) as JSON strings.
      out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
    }
    return out;
  }
  return safeJson(raw);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
