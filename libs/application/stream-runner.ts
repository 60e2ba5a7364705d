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
import { StateCache, type Loaded } from './streams/state-cache';
import { StreamQueue } from './streams/stream-queue';
import { CLOCK, EVENT_STORE, FOLLOW_UPS, PROJECTOR } from './tokens';

export interface StreamDecider<C, S, E extends { type: string; data: object }> {
  authorize(cmd: C): void;
  checkAccess(cmd: C, state: S): void;
  decide(cmd: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

export type { Loaded };

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

function unwrap<C>(built: C | Caused<C>): { command: C; cause: Cause | null } {
  return built instanceof Caused
    ? { command: built.command, cause: built.cause }
    : { command: built, cause: null };
}

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
  private readonly states = new StateCache();
  private readonly queue = new StreamQueue();

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
    const cached = this.states.get<S>(streamId);
    let state = cached?.state ?? decider.initialState;
    let revision = cached?.revision ?? -1;
    for await (const e of this.store.readStream(streamId, { fromRevision: BigInt(revision + 1) })) {
      state = decider.evolve(state, { type: e.type, data: e.data } as unknown as E);
      revision = Number(e.revision);
    }
    this.states.put(streamId, { state, revision });
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
        const written = await this.queue.run(opts.streamId, async () => {
          const loaded = await this.load(opts.streamId, decider);
          const { command, cause } = unwrap(await opts.build(loaded));
          // The contract's order: role and shape, existence and scope, replay, version, state.
          decider.authorize(command);
          decider.checkAccess(command, loaded.state);
          const replay = await this.replayed(env);
          if (replay !== null) return { ...replay, replayed: true, events: [] as E[] };
          if (env.expectedVersion !== null && env.expectedVersion !== loaded.revision)
            throw new ConcurrencyConflict(
              `expectedVersion ${env.expectedVersion} is stale: the current version is ${loaded.revision}`,
            );
          const events = decider.decide(command, loaded.state);
          const resultId = opts.resultId(events, loaded.state);
          const position = await this.append(opts.streamId, events, env, resultId, loaded, cause);
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

  /** The events with their metadata: who, when, which command, why (its cause, if any). */
  private async append(
    streamId: string,
    events: Array<{ type: string; data: object }>,
    command: CommandEnvelope,
    resultId: string,
    loaded: Loaded<unknown>,
    cause: Cause | null,
  ): Promise<bigint> {
    if (events.length === 0) return 0n;
    const env = cause
      ? { ...command, correlationId: cause.correlationId ?? command.correlationId }
      : command;
    const causationId = cause?.id ?? command.causationId;
    const ids = events.map((_, i) => derivedId(command.commandId, streamId, String(i)));
    const revision = loaded.revision;
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
