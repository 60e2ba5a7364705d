import { Inject, Injectable } from '@nestjs/common';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
} from '../event-store/event-store.port';
import type { ProjectionProgress } from '../read-models/projection-progress';
import { BadUserInput, ConcurrencyConflict } from '../shared/domain-errors';
import type { CommandContext } from '../workflows/shared/actor';
import type { Clock } from './clock';
import { derivedId, type CommandEnvelope } from './command-envelope';
import type { FollowUpProgress } from './processes/process-runner';
import { CLOCK, EVENT_STORE, FOLLOW_UPS, PROJECTOR } from './tokens';

export interface StreamDecider<C, S, E extends { type: string; data: object }> {
  authorize(cmd: C): void;
  checkAccess(cmd: C, state: S): void;
  decide(cmd: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

export interface Loaded<S> {
  state: S;
  /** Revision of the stream's last event, or -1 when it does not exist. */
  revision: number;
}

const MAX_ATTEMPTS = 20;

/** The event a command answers (e.g. a review's conclusion for a task given by its directive). */
export interface Cause {
  id: string;
  correlationId: string | null;
}

/** A built command together with its cause: its events carry that causation and correlation. */
export class Caused<C> {
  constructor(
    readonly command: C,
    readonly cause: Cause | null,
  ) {}
}
/** Streams whose folded state is kept between commands (least recently used dropped first). */
const STATE_CACHE_SIZE = 10_000;

/** What a command answers: the entity it wrote, and for a replay the position its result stood at. */
export interface CommandResult {
  id: string;
  /** Set when the command was a replay: read the entity as of this position. */
  replayedAt: bigint | null;
}

export function commandResult(r: {
  resultId: string;
  position: bigint;
  replayed: boolean;
}): CommandResult {
  return { id: r.resultId, replayedAt: r.replayed ? r.position : null };
}

/**
 * Load, decide, append to the one stream, wait: the whole life of a command. The checks run in
 * the contract's order: role and shape, existence and unit scope, idempotent replay, expected
 * version, then the decider's transitions and state-dependent input checks. What must follow on
 * another stream is a process's business (libs/workflows/<name>/<name>.process.ts); the command
 * only waits until those follow-ups are stored and projected (read your writes).
 */
@Injectable()
export class StreamRunner {
  private readonly states = new Map<string, Loaded<unknown>>();
  /** The tail of each stream's queue of in-process writers. */
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(PROJECTOR) readonly projector: ProjectionProgress,
    @Inject(FOLLOW_UPS) readonly followUps: FollowUpProgress,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  context(env: CommandEnvelope): CommandContext {
    return { actor: env.actor, at: this.clock.stamp(), today: this.clock.today() };
  }

  async load<C, S, E extends { type: string; data: object }>(
    streamId: string,
    decider: StreamDecider<C, S, E>,
  ): Promise<Loaded<S>> {
    // States are immutable, so a cached one is only ever extended by the events after it.
    const cached = this.states.get(streamId) as Loaded<S> | undefined;
    let state = cached?.state ?? decider.initialState;
    let revision = cached?.revision ?? -1;
    for await (const e of this.store.readStream(streamId, { fromRevision: BigInt(revision + 1) })) {
      state = decider.evolve(state, { type: e.type, data: e.data } as unknown as E);
      revision = Number(e.revision);
    }
    if (revision >= 0) {
      this.states.delete(streamId);
      this.states.set(streamId, { state, revision });
      if (this.states.size > STATE_CACHE_SIZE)
        this.states.delete(this.states.keys().next().value as string);
    }
    return { state, revision };
  }

  /**
   * A commandId seen before, on any stream (the store keeps them with the events): the same
   * command gets its first result (the entity as it stood right after it, at `position`),
   * anything else is refused.
   */
  async replayed(env: CommandEnvelope): Promise<{ resultId: string; position: bigint } | null> {
    const seen = await this.store.findCommand(env.commandId);
    if (!seen) return null;
    if (seen.command !== env.command || seen.fingerprint !== env.fingerprint)
      throw new BadUserInput('commandId', 'already used for a different command, input or actor');
    return { resultId: seen.resultId ?? '', position: seen.position };
  }

  /**
   * Runs one command against one stream. `build` turns the loaded state into the decider's command
   * (reading whatever context it needs from other streams); it runs again on every retry.
   */
  async run<C, S, E extends { type: string; data: object }>(opts: {
    streamId: string;
    decider: StreamDecider<C, S, E>;
    env: CommandEnvelope;
    build: (loaded: Loaded<S>) => Promise<C | Caused<C>> | C | Caused<C>;
    resultId: (events: E[], state: S) => string;
    /** A process's command: answers once stored, without waiting on projections or processes. */
    system?: boolean;
  }): Promise<{ resultId: string; position: bigint; replayed: boolean }> {
    const { env, decider } = opts;
    for (let attempt = 1; ; attempt++) {
      try {
        // Commands on one stream in this process queue up rather than race: without
        // expectedVersion a caller must never see CONCURRENCY_CONFLICT, however many arrive at
        // once. The retry below is left for writers in other processes.
        const written = await this.withStreamLock(opts.streamId, async () => {
          const loaded = await this.load(opts.streamId, decider);
          const built = await opts.build(loaded);
          const [cmd, cause] =
            built instanceof Caused ? [built.command, built.cause] : [built, null];
          decider.authorize(cmd);
          decider.checkAccess(cmd, loaded.state);
          const replay = await this.replayed(env);
          if (replay !== null) return { ...replay, replayed: true, events: [] as E[] };
          if (env.expectedVersion !== null && env.expectedVersion !== loaded.revision)
            throw new ConcurrencyConflict(
              `expectedVersion ${env.expectedVersion} is stale: the current version is ${loaded.revision}`,
            );
          const events = decider.decide(cmd, loaded.state);
          const resultId = opts.resultId(events, loaded.state);
          const ids = events.map((_, i) => derivedId(env.commandId, opts.streamId, String(i)));
          const position = await this.append(
            opts.streamId,
            events,
            cause ? { ...env, correlationId: cause.correlationId ?? env.correlationId } : env,
            resultId,
            loaded.revision,
            ids,
            cause?.id ?? env.causationId,
          );
          return { resultId, position, replayed: false, events };
        });
        if (!opts.system) await this.settled(written.position, written.events);
        return {
          resultId: written.resultId,
          position: written.position,
          replayed: written.replayed,
        };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        if (env.expectedVersion !== null)
          throw new ConcurrencyConflict('the stream changed since expectedVersion was read');
        if (attempt >= MAX_ATTEMPTS)
          throw new ConcurrencyConflict('too much contention, try again');
      }
    }
  }

  /**
   * Read your writes: the events up to `position` are projected, and so are the follow-ups the
   * processes write for them. (Events that are followed up are written one per command, so the
   * append's last position is theirs.)
   */
  private async settled(position: bigint, events: Array<{ type: string }>): Promise<void> {
    let upTo = position;
    if (events.some((e) => this.followUps.followsUp(e.type))) {
      await this.followUps.waitFor(position);
      const head = await this.store.headPosition();
      if (head > upTo) upTo = head;
    }
    await this.projector.waitFor(upTo);
  }

  /** Runs `fn` once every earlier holder of the stream's lock in this process is done. */
  private async withStreamLock<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(streamId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.locks.set(streamId, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(streamId) === tail) this.locks.delete(streamId);
    }
  }

  private async append(
    streamId: string,
    events: Array<{ type: string; data: object }>,
    env: CommandEnvelope,
    resultId: string,
    revision: number,
    ids: string[],
    causationId: string | null,
  ): Promise<bigint> {
    if (events.length === 0) return 0n;
    const occurredAt = this.clock.stamp();
    const newEvents: NewEvent[] = events.map((e, i) => ({
      id: ids[i],
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: {
        actorId: env.actor.id,
        actorRole: env.actor.role,
        ...(env.actor.unitId ? { actorUnitId: env.actor.unitId } : {}),
        commandId: env.commandId,
        correlationId: env.correlationId,
        causationId,
        occurredAt,
        command: env.command,
        commandFingerprint: env.fingerprint,
        resultId,
      },
    }));
    const result = await this.store.appendToStream(streamId, newEvents, {
      expectedRevision: revision < 0 ? 'no_stream' : BigInt(revision),
    });
    return result.lastPosition;
  }
}
