import type { ProjectionProgress } from './projection-progress';
import type { ReadModelStore } from './read-model.port';

/**
 * Read-your-writes when the projections run in another process (apps/projector): wait until the
 * read models' own checkpoint, committed with their rows, has passed the event.
 */
export class ExternalProjection implements ProjectionProgress {
  private position = 0n;
  private timer: NodeJS.Timeout | null = null;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];

  constructor(
    private readonly readModels: ReadModelStore,
    private readonly pollMs = 5,
  ) {}

  get checkpoint(): bigint {
    return this.position;
  }

  async start(): Promise<void> {
    this.position = await this.readModels.checkpoint();
  }

  waitFor(position: bigint): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    const promise = new Promise<void>((resolve) => this.waiters.push({ position, resolve }));
    this.poll();
    return promise;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private poll(): void {
    if (this.timer) return;
    this.timer = setTimeout(async () => {
      this.position = await this.readModels.checkpoint();
      this.timer = null;
      const ready = this.waiters.filter((w) => w.position <= this.position);
      this.waiters = this.waiters.filter((w) => w.position > this.position);
      for (const w of ready) w.resolve();
      if (this.waiters.length > 0) this.poll();
    }, this.pollMs);
  }
}
