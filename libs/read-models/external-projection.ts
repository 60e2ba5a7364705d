import { CheckpointPoller } from './checkpoint-poller';
import type { ProjectionProgress } from './projection-progress';
import type { ReadModelStore } from './read-model.port';

/**
 * Read-your-writes when the projections run in another process (apps/projector): wait until the
 * read models' own checkpoint, committed with their rows, has passed the event.
 */
export class ExternalProjection implements ProjectionProgress {
  private readonly poller: CheckpointPoller;

  constructor(readModels: ReadModelStore, pollMs = 5) {
    this.poller = new CheckpointPoller(() => readModels.checkpoint(), pollMs);
  }

  get checkpoint(): bigint {
    return this.poller.position;
  }

  async start(): Promise<void> {
    await this.poller.refresh();
  }

  waitFor(position: bigint): Promise<void> {
    return this.poller.waitFor(position);
  }

  async stop(): Promise<void> {
    this.poller.stop();
  }
}
