/**
 * Downloads a file a user sent to the bot, with limits: only from hosts the channel uses for files, at most
 * `maxBytes`, within a timeout. Never follows a redirect to another host.
 */
export async function downloadFile(url: string, options: { allowedHosts: (host: string) => boolean; headers?: Record<string, string>; maxBytes: number; timeoutMs?: number }): Promise<Uint8Array> {
  const parsed = new URL(url);
  if (!options.allowedHosts(parsed.host)) throw new Error(`download from ${parsed.host} is not allowed`);
  const res = await fetch(parsed, { headers: options.headers ?? {}, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
  if (!res.ok || !res.body) throw new Error(`download failed with HTTP ${res.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw new Error('file too large');
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
