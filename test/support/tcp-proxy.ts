import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the test MongoDB, so a test can take the database away (`cut`) and bring it
 * back (`restore`) while the app keeps running.
 */
export class TcpProxy {
  private server?: Server;
  private sockets = new Set<Socket>();
  private up = true;
  /** Extra delay of every chunk towards the database (a slow or overloaded server); 0 = none; `freeze()` = days. */
  latencyMs = 0;
  port = 0;
  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (!this.up) return client.destroy();
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      // In order, each chunk held back by the latency in force when it arrived.
      let last = 0;
      client.on('data', (chunk: Buffer) => {
        if (this.latencyMs <= 0 && last <= Date.now()) return void upstream.write(chunk);
        const at = Math.max(Date.now() + this.latencyMs, last);
        last = at;
        setTimeout(() => upstream.writable && upstream.write(chunk), at - Date.now()).unref();
      });
      client.on('end', () => upstream.end());
      upstream.pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as { port: number }).port;
    return this;
  }

  /** The database stops answering but keeps its connections open (a hung server): nothing is forwarded any more. */
  freeze(): void {
    this.latencyMs = 1e9;
  }

  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** MONGODB_URI rewritten to go through the proxy. */
  static uriThrough(uri: string, port: number): string {
    const u = new URL(uri);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  }
}
