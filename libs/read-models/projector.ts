import type { EventStore, EventSubscription, StoredEvent } from '../event-store/event-store.port';
import type { ProjectionProgress } from './projection-progress';
import type { ReadModelStore } from './read-model.port';

export interface ProjectorLogger {
  error(obj: unknown, msg: string): void;
}

/**
 * Drives the read models from the store's global order: subscribe from the checkpoint, apply the
 * events that arrived together in one transaction with the new checkpoint, wake the waiters.
 * Batches are applied one at a time, in order.
 */
export class Projector implements ProjectionProgress {
  private subscription: EventSubscription | null = null;
  private pending: StoredEvent[] = [];
  private draining: Promise<void> | null = null;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  private position = 0n;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly logger?: ProjectorLogger,
  ) {}

  get checkpoint(): bigint {
    return this.position;
  }

  /** Applies everything stored so far, then follows live appends. */
  async start(): Promise<void> {
    await this.catchUp();
    this.subscription = this.store.subscribe({ fromPosition: this.position });
    const sub = this.subscription;
    this.running = (async () => {
      try {
        for await (const event of sub) {
          this.pending.push(event);
          this.draining ??= this.drain();
        }
      } catch (err) {
        this.logger?.error({ err }, 'projection subscription failed');
      }
    })();
  }

  /** Reads and applies in pages until the head (or `toPosition`): start-up and rebuilds. */
  async catchUp(
    onProgress?: (position: bigint, count: number) => void,
    toPosition?: bigint,
  ): Promise<number> {
    this.position = await this.readModels.checkpoint();
    let count = 0;
    for (;;) {
      const batch: StoredEvent[] = [];
      for await (const e of this.store.readAll({
        fromPosition: this.position,
        toPosition,
        maxCount: 5000,
      }))
        batch.push(e);
      if (batch.length === 0) return count;
      await this.apply(batch);
      count += batch.length;
      onProgress?.(this.position, count);
    }
  }

  /** Resolves once the read models reflect every event up to `position` (read your writes). */
  waitFor(position: bigint): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.running;
    await this.draining;
  }

  /** Applies whatever has arrived, batch after batch, until nothing is pending. */
  private async drain(): Promise<void> {
    // Let the events that arrive together (a group commit) gather into one batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.filter((e) => e.position > this.position);
      this.pending = [];
      if (batch.length > 0) await this.apply(batch);
    }
    this.draining = null;
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    try {
      await this.readModels.applyBatch(batch);
    } catch {
      // One bad event must not stall every writer: apply one by one and report the culprit.
      for (const event of batch) {
        try {
          await this.readModels.applyBatch([event]);
        } catch (err) {
          this.logger?.error({ err, eventId: event.id, type: event.type }, 'projection failed');
          // The running hash must still cover it, or every later anchor would disagree.
          await this.readModels.applyBatch([event], { skipProjection: true });
        }
      }
    }
    this.position = batch[batch.length - 1].position;
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const w of ready) w.resolve();
  }
}
