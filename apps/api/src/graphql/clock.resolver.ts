import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { TestClock, type SystemClock } from '../../../../libs/application/clock';
import {
  CLOCK,
  EVENT_STORE,
  PROJECTOR,
  READ_MODELS,
  TIMERS,
} from '../../../../libs/application/tokens';
import { CheckpointPoller } from '../../../../libs/read-models/checkpoint-poller';
import type { ReadModelStore } from '../../../../libs/read-models/read-model.port';
import { CLOCK_CHECKPOINT, moveTestClock } from '../../../../libs/application/timers/test-clock';
import type { TimerRunner } from '../../../../libs/application/timers/timer-runner';
import type { EventStore } from '../../../../libs/event-store/event-store.port';
import type { ProjectionProgress } from '../../../../libs/read-models/projection-progress';
import { BadUserInput, Forbidden } from '../../../../libs/shared/domain-errors';
import type { GqlContext } from './gql-context';

/** setTestClock: the test facility of DOMAIN.md ("The clock"), only with TEST_CLOCK set. */
@Resolver()
export class ClockResolver {
  constructor(
    @Inject(CLOCK) private readonly clock: SystemClock,
    @Inject(TIMERS) private readonly timers: TimerRunner | null,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: ProjectionProgress,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  @Mutation('setTestClock')
  async setTestClock(@Args('now') now: string, @Context() ctx: GqlContext): Promise<string> {
    if (!(this.clock instanceof TestClock))
      throw new Forbidden('setTestClock needs the server started with TEST_CLOCK');
    const instant = Date.parse(now);
    if (instant < this.clock.lastSetAt)
      throw new BadUserInput('now', 'is earlier than the last value set');
    const revision = await moveTestClock(this.store, this.clock, instant, ctx.actor);
    // Every timer due by then has fired and been projected when this answers.
    if (this.timers) await this.timers.tick();
    else await this.timersElsewhere(revision);
    await this.projector.waitFor(await this.store.headPosition());
    return new Date(this.clock.now()).toISOString();
  }

  /** Timers run in apps/projector: wait until it has acted on this move of the clock. */
  private async timersElsewhere(revision: bigint): Promise<void> {
    const poller = new CheckpointPoller(() => this.readModels.engineCheckpoint(CLOCK_CHECKPOINT));
    await poller.refresh();
    await poller.waitFor(revision + 1n);
  }
}
