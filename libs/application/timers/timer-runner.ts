import { createHash } from 'node:crypto';
import type { EventStore, EventSubscription } from '../../event-store/event-store.port';
import type { ReadModelStore } from '../../read-models/read-model.port';
import {
  TIMER_SOURCES,
  isReportTimer,
  reportStillDue,
  stillDue,
  timerEvent,
  timersCausedBy,
  type PendingTimer,
  type TimerSettings,
} from '../../workflows/alerts/alerts.timers';
import {
  resolutionDecider,
  type ResolutionState,
} from '../../workflows/resolution/resolution.decider';
import type { ResolutionEvent } from '../../workflows/resolution/resolution.events';
import { SYSTEM_ACTOR } from '../../workflows/shared/actor';
import { resolutionStream, taskStream } from '../../workflows/shared/streams';
import {
  foldObligationFacts,
  type ObligationFacts,
} from '../../workflows/task/reporting-obligations';
import { taskDecider, type TaskState } from '../../workflows/task/task.decider';
import type { TaskEvent } from '../../workflows/task/task.events';
import type { SystemClock } from '../clock';
import { derivedId } from '../command-envelope';
import { CLOCK_CHECKPOINT, followTestClock } from './test-clock';

/** Where pending timers and the scheduler's checkpoint live (the read-model database). */
export type TimerIndex = Pick<
  ReadModelStore,
  | 'scheduleTimers'
  | 'dueTimers'
  | 'nextTimerAt'
  | 'dropTimers'
  | 'engineCheckpoint'
  | 'saveEngineCheckpoint'
>;

export interface TimerLogger {
  error(obj: unknown, msg: string): void;
}

export const TIMER_CHECKPOINT = 'timers';
const BATCH = 500;
/** Longest sleep: a clock moved by another process is noticed within this. */
const MAX_SLEEP_MS = 60_000;

/**
 * Durable timers: reads the events that make timers due (in global order, on its own
 * checkpoint, committed with the timers it adds), keeps them in an on-disk index, and sleeps
 * until the first falls due by the injected clock. Firing appends the timer's event to the
 * resolution's alerts stream with an id derived from the timer, so it is written once however
 * often it is tried; a timer missed while the server was down fires at the next start.
 */
export class TimerRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private sleeper: NodeJS.Timeout | null = null;
  private wake: EventSubscription | null = null;
  private watching: Promise<void> | null = null;
  private stopped = false;
  private clockRevision = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly index: TimerIndex,
    private readonly clock: SystemClock,
    private readonly settings: TimerSettings,
    private readonly logger?: TimerLogger,
  ) {}

  async start(): Promise<void> {
    await this.tick();
    // New causes wake the runner; the work itself always goes through tick(), one at a time.
    const sub = this.store.subscribe({ filter: { types: [...TIMER_SOURCES, 'TestClockSet'] } });
    this.wake = sub;
    this.watching = (async () => {
      try {
        for await (const _ of sub) void this.tick();
      } catch (err) {
        this.logger?.error({ err }, 'timer subscription failed');
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleeper) clearTimeout(this.sleeper);
    await this.wake?.close();
    await this.watching;
    await this.queue.catch(() => undefined);
  }

  /** Schedules what was stored, fires what is due by the clock; resolves when done. */
  tick(): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.stopped) return;
      const clockRevision = await followTestClock(this.store, this.clock, this.clockRevision);
      await this.schedule();
      await this.fireDue();
      if (clockRevision !== this.clockRevision) {
        // Another process that moved the clock waits for this before it answers.
        await this.index.saveEngineCheckpoint(CLOCK_CHECKPOINT, clockRevision);
        this.clockRevision = clockRevision;
      }
      await this.sleepUntilNext();
    });
    this.queue = run.catch((err) => this.logger?.error({ err }, 'timer run failed'));
    return run;
  }

  private async schedule(): Promise<void> {
    let from = await this.index.engineCheckpoint(TIMER_CHECKPOINT);
    for (;;) {
      const timers: PendingTimer[] = [];
      let last = from;
      for await (const e of this.store.readAll({
        fromPosition: from,
        filter: { types: [...TIMER_SOURCES] },
        maxCount: BATCH,
      })) {
        last = e.position;
        const resolution =
          e.type === 'ResolutionIssued'
            ? await this.fold(
                resolutionStream(String(e.data.resolutionId)),
                e.position,
                'resolution',
              )
            : undefined;
        const reporting =
          e.type === 'TaskAssigned'
            ? foldObligationFacts(null, { ...e, occurredAt: e.metadata.occurredAt })
            : e.type === 'TaskDueDateExtended'
              ? await this.reporting(taskStream(String(e.data.taskId)), { toPosition: e.position })
              : undefined;
        timers.push(
          ...timersCausedBy(
            {
              id: e.id,
              type: e.type,
              data: e.data,
              occurredAt: e.metadata.occurredAt,
              correlationId: e.metadata.correlationId,
              resolution: resolution as never,
              reporting,
            },
            this.settings,
          ),
        );
      }
      if (last === from) return;
      await this.index.scheduleTimers(timers, TIMER_CHECKPOINT, last);
      from = last;
    }
  }

  private async fireDue(): Promise<void> {
    for (;;) {
      const now = new Date(this.clock.now()).toISOString();
      const due = await this.index.dueTimers(now, BATCH);
      if (due.length === 0 || this.stopped) return;
      // Judged together (reads only), then written in due order in one go, so the store's group
      // commit shares its fsync among them; a crash before the drop re-fires them as no-ops.
      const fires = await Promise.all(due.map((timer) => this.stillFires(timer)));
      await Promise.all(
        byStream(due.filter((_, i) => fires[i])).map(async (timers) => {
          // One stream's timers in due order (a store without group commit, like EventStoreDB,
          // would otherwise order concurrent appends by arrival); streams run side by side.
          for (const timer of timers) await this.write(timer);
        }),
      );
      await this.index.dropTimers(due.map((t) => t.timerId));
    }
  }

  /** "Unless by then": the entity as its events stored before the instant leave it. */
  private async stillFires(timer: PendingTimer): Promise<boolean> {
    if (isReportTimer(timer))
      return reportStillDue(
        timer,
        await this.reporting(taskStream(timer.taskId!), { before: timer.fireAt }),
      );
    return stillDue(timer, await this.entityBefore(timer));
  }

  private write(timer: PendingTimer): Promise<unknown> {
    const event = timerEvent(timer);
    return this.store.appendToStream(
      timer.streamId,
      [
        {
          id: derivedId(timer.timerId, timer.streamId),
          type: event.type,
          data: event.data,
          metadata: {
            actorId: SYSTEM_ACTOR.id,
            actorRole: SYSTEM_ACTOR.role,
            commandId: timer.timerId,
            correlationId: timer.correlationId ?? timer.causationId,
            causationId: timer.causationId,
            occurredAt: this.clock.stamp(),
            command: 'timer',
            commandFingerprint: createHash('sha256').update(timer.timerId).digest('hex'),
            resultId: timer.timerId,
            fireAt: timer.fireAt,
          },
        },
      ],
      // One writer (this runner); an event id already stored makes the append a no-op.
      { expectedRevision: 'any' },
    );
  }

  private entityBefore(timer: PendingTimer): Promise<TaskState | ResolutionState> {
    return (
      timer.taskId
        ? this.fold(taskStream(timer.taskId), null, 'task', timer.fireAt)
        : this.fold(resolutionStream(timer.resolutionId), null, 'resolution', timer.fireAt)
    ) as Promise<TaskState | ResolutionState>;
  }

  /** A task's obligation facts up to a position (inclusive) or from the events before an instant. */
  private async reporting(
    streamId: string,
    to: { toPosition?: bigint; before?: string },
  ): Promise<ObligationFacts | null> {
    let facts: ObligationFacts | null = null;
    const limit = to.before ? Date.parse(to.before) : Infinity;
    const range = to.toPosition ? { toPosition: to.toPosition } : {};
    for await (const e of this.store.readStream(streamId, range)) {
      if (Date.parse(e.metadata.occurredAt) >= limit) break;
      facts = foldObligationFacts(facts, { ...e, occurredAt: e.metadata.occurredAt });
    }
    return facts;
  }

  /** A stream folded up to a position (inclusive) or to the events stored before an instant. */
  private async fold(
    streamId: string,
    toPosition: bigint | null,
    kind: 'task' | 'resolution',
    before?: string,
  ): Promise<unknown> {
    const decider = kind === 'task' ? taskDecider : resolutionDecider;
    let state: unknown = decider.initialState;
    const limit = before ? Date.parse(before) : Infinity;
    for await (const e of this.store.readStream(streamId, toPosition ? { toPosition } : {})) {
      if (Date.parse(e.metadata.occurredAt) >= limit) break;
      state =
        kind === 'task'
          ? taskDecider.evolve(state as never, e as unknown as TaskEvent)
          : resolutionDecider.evolve(state as never, e as unknown as ResolutionEvent);
    }
    return state;
  }

  private async sleepUntilNext(): Promise<void> {
    if (this.sleeper) clearTimeout(this.sleeper);
    this.sleeper = null;
    if (this.stopped) return;
    const next = await this.index.nextTimerAt();
    const wait = next === null ? MAX_SLEEP_MS : Date.parse(next) - this.clock.now();
    this.sleeper = setTimeout(() => void this.tick(), Math.max(0, Math.min(wait, MAX_SLEEP_MS)));
    this.sleeper.unref();
  }
}

/** Timers grouped by stream, each group keeping the due order it was given in. */
function byStream(timers: PendingTimer[]): PendingTimer[][] {
  const groups = new Map<string, PendingTimer[]>();
  for (const timer of timers) {
    const group = groups.get(timer.streamId);
    if (group) group.push(timer);
    else groups.set(timer.streamId, [timer]);
  }
  return [...groups.values()];
}
