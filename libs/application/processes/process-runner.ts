import type {
  EventStore,
  EventSubscription,
  StoredEvent,
} from '../../event-store/event-store.port';
import { DomainError } from '../../shared/domain-errors';
import { CheckpointPoller } from '../../read-models/checkpoint-poller';
import type { ReadModelStore } from '../../read-models/read-model.port';
import type { Process, ProcessCommand } from '../../workflows/shared/process';

/** What a command waits on before it answers: the follow-ups of its events are stored. */
export interface FollowUpProgress {
  /** True when some process reacts to events of this type. */
  followsUp(type: string): boolean;
  /** Resolves once every process has handled the events up to `position` (their commands stored). */
  waitFor(position: bigint): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ProcessLogger {
  error(obj: unknown, msg: string): void;
}

/** Sends one process command through the write side (its own stream, SYSTEM as the actor). */
export type ProcessCommandSender = (command: ProcessCommand, event: StoredEvent) => Promise<void>;

export const PROCESS_CHECKPOINT = 'processes';
const RETRY_DELAY_MS = 200;

/**
 * Runs every process from the store's global order on its own checkpoint. The checkpoint moves
 * past an event only once the commands it caused are stored; after a crash the runner resumes
 * there and the derived commandIds make the commands it sends again write nothing.
 */
export class ProcessRunner implements FollowUpProgress {
  private position = 0n;
  private subscription: EventSubscription | null = null;
  private running: Promise<void> | null = null;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  private send: ProcessCommandSender | null = null;
  private stopped = false;
  private readonly types: Set<string>;

  constructor(
    private readonly processes: readonly Process[],
    private readonly store: EventStore,
    private readonly checkpoints: Pick<ReadModelStore, 'engineCheckpoint' | 'saveEngineCheckpoint'>,
    private readonly logger?: ProcessLogger,
  ) {
    this.types = new Set(processes.flatMap((p) => p.handles));
  }

  /** The write side that sends the commands (it depends on this runner, hence set afterwards). */
  attach(send: ProcessCommandSender): void {
    this.send = send;
  }

  get checkpoint(): bigint {
    return this.position;
  }

  followsUp(type: string): boolean {
    return this.types.has(type);
  }

  async start(): Promise<void> {
    if (!this.send) throw new Error('ProcessRunner.start before attach');
    this.position = await this.checkpoints.engineCheckpoint(PROCESS_CHECKPOINT);
    const sub = this.store.subscribe({
      fromPosition: this.position,
      filter: { types: [...this.types] },
    });
    this.subscription = sub;
    this.running = (async () => {
      try {
        for await (const event of sub) await this.handle(event);
      } catch (err) {
        this.logger?.error({ err }, 'process subscription failed');
      }
    })();
  }

  waitFor(position: bigint): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running;
  }

  private async handle(event: StoredEvent): Promise<void> {
    const seen = {
      id: event.id,
      streamId: event.streamId,
      type: event.type,
      data: event.data,
      position: event.position,
      correlationId: event.metadata.correlationId,
    };
    for (const process of this.processes) {
      if (!process.handles.includes(event.type)) continue;
      for (const command of process.react(seen)) await this.sendUntilStored(command, event);
    }
    await this.checkpoints.saveEngineCheckpoint(PROCESS_CHECKPOINT, event.position);
    this.position = event.position;
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const w of ready) w.resolve();
  }

  /**
   * A follow-up must not be lost: a failure that may pass (contention, a store that is down) is
   * retried. A refusal by the decider is final for this event: it is logged and the runner
   * goes on, since retrying a rule would stall every later follow-up.
   */
  private async sendUntilStored(command: ProcessCommand, event: StoredEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send!(command, event);
        return;
      } catch (err) {
        const refused = err instanceof DomainError && err.code !== 'CONCURRENCY_CONFLICT';
        this.logger?.error(
          { err, eventId: event.id, commandId: command.commandId, attempt },
          refused ? 'process command refused' : 'process command failed, retrying',
        );
        if (refused) return;
        if (this.stopped) throw err;
        await new Promise((r) => setTimeout(r, Math.min(RETRY_DELAY_MS * attempt, 5000)));
      }
    }
  }
}

/**
 * Read-your-writes when the processes run in another process (apps/projector): poll their
 * checkpoint, committed once their commands are stored.
 */
export class ExternalFollowUps implements FollowUpProgress {
  private readonly poller: CheckpointPoller;
  private readonly types: Set<string>;

  constructor(
    processes: readonly Process[],
    checkpoints: Pick<ReadModelStore, 'engineCheckpoint'>,
    pollMs = 5,
  ) {
    this.types = new Set(processes.flatMap((p) => p.handles));
    this.poller = new CheckpointPoller(
      () => checkpoints.engineCheckpoint(PROCESS_CHECKPOINT),
      pollMs,
    );
  }

  followsUp(type: string): boolean {
    return this.types.has(type);
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
