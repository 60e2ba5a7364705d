/**
 * Waits on a checkpoint another process commits (the projector's, the processes'): polls it
 * only while someone waits, and wakes each waiter once it has passed their position.
 */
export class CheckpointPoller {
  private current = 0n;
  private timer: NodeJS.Timeout | null = null;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];

  constructor(
    private readonly read: () => Promise<bigint>,
    private readonly pollMs = 5,
  ) {}

  get position(): bigint {
    return this.current;
  }

  async refresh(): Promise<bigint> {
    this.current = await this.read();
    return this.current;
  }

  waitFor(position: bigint): Promise<void> {
    if (this.current >= position) return Promise.resolve();
    const promise = new Promise<void>((resolve) => this.waiters.push({ position, resolve }));
    this.poll();
    return promise;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private poll(): void {
    if (this.timer) return;
    this.timer = setTimeout(async () => {
      this.timer = null;
      try {
        await this.refresh();
      } catch {
        // Briefly unavailable (closing, restarting): look again on the next poll.
      }
      const ready = this.waiters.filter((w) => w.position <= this.current);
      this.waiters = this.waiters.filter((w) => w.position > this.current);
      for (const w of ready) w.resolve();
      if (this.waiters.length > 0) this.poll();
    }, this.pollMs);
  }
}
