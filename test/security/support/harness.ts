import { vi } from 'vitest';

/** Runs `fn` over `items` with at most `limit` at a time (attacks are concurrent, but bounded: two cores). */
export async function bounded<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** Log lines (already parsed JSON) that carry a stack trace or an internal error text. */
export function hostileLogLines(logs: Array<Record<string, unknown>>): string[] {
  return logs
    .map((l) => JSON.stringify(l))
    .filter((line) => /"stack"|\\n\s+at |ENOTFOUND|ECONNREFUSED/.test(line));
}

/**
 * Everything written to the process's stdout/stderr or the console while attacks run, outside the app's JSON
 * logger (Express's default error page logs stacks there): every line must be JSON.
 */
export function captureRawOutput(): { nonJsonLines: () => string[]; restore: () => void } {
  const lines: string[] = [];
  const record = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue;
      try {
        JSON.parse(line);
      } catch {
        lines.push(line.slice(0, 200));
      }
    }
  };
  const spies = [
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (record(chunk), true)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (record(chunk), true)),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => record(args.map(String).join(' ')))),
  ];
  return { nonJsonLines: () => [...lines], restore: () => spies.forEach((s) => s.mockRestore()) };
}
