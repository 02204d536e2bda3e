/**
 * Work that outlives the HTTP request that started it (a Slack save acknowledged before it finished). Shutdown
 * waits for it, within its own deadline, so a report the user is about to be told "saved" is not cut off.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Keeps `work` in the set until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves true when everything tracked has settled, false when `timeoutMs` passed first. Never rejects. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
    });
    try {
      while (this.running.size > 0) {
        const all = Promise.allSettled([...this.running]).then(() => true as const);
        if (!(await Promise.race([all, timeout]))) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
