import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { SystemClock, TestClock } from '../../../libs/application/clock';
import { TimerRunner } from '../../../libs/application/timers/timer-runner';
import { StreamRunner } from '../../../libs/application/stream-runner';
import {
  CLOCK,
  ENGINE_SETTINGS,
  EVENT_STORE,
  FOLLOW_UPS,
  PROJECTOR,
  READ_MODELS,
  TIMERS,
  type EngineSettings,
} from '../../../libs/application/tokens';
import {
  PROCESSES,
  processCommandSender,
} from '../../../libs/application/processes/process-commands';
import {
  ExternalFollowUps,
  ProcessRunner,
  type FollowUpProgress,
} from '../../../libs/application/processes/process-runner';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { openEventStore, openReadModels } from '../../../libs/infrastructure/open-stores';
import { ExternalProjection } from '../../../libs/read-models/external-projection';
import { Projector } from '../../../libs/read-models/projector';
import type { ProjectionProgress } from '../../../libs/read-models/projection-progress';
import type { ReadModelStore } from '../../../libs/read-models/read-model.port';
import { AppConfig } from './config';
import { createLogger, LOGGER, type Logger } from './logger';

/** Starts the projections before the server takes requests, and closes everything on shutdown. */
@Injectable()
class Lifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(PROJECTOR) private readonly projector: ProjectionProgress,
    @Inject(FOLLOW_UPS) private readonly followUps: FollowUpProgress,
    @Inject(CLOCK) private readonly clock: SystemClock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TIMERS) private readonly timers: TimerRunner | null,
    private readonly runner: StreamRunner,
  ) {}

  async onModuleInit() {
    const head = await this.store.headPosition();
    for await (const last of this.store.readAll({ fromPosition: head > 0n ? head - 1n : 0n }))
      this.clock.notBefore(last.metadata.occurredAt);
    await this.projector.start();
    // The processes send their commands through this process's runner (unless run elsewhere).
    if (this.followUps instanceof ProcessRunner)
      this.followUps.attach(processCommandSender(this.runner));
    await this.followUps.start();
    // Timers missed while the server was down fire now, in due order.
    await this.timers?.start();
    this.logger.info(
      { head: head.toString(), checkpoint: this.projector.checkpoint.toString() },
      'projections running',
    );
  }

  async onApplicationShutdown() {
    await this.timers?.stop();
    await this.followUps.stop();
    await this.projector.stop();
    await this.store.close();
    await this.readModels.close();
  }
}

@Global()
@Module({
  providers: [
    AppConfig,
    {
      provide: LOGGER,
      useFactory: (c: AppConfig) => createLogger(c.logLevel),
      inject: [AppConfig],
    },
    {
      provide: EVENT_STORE,
      useFactory: (c: AppConfig): EventStore => openEventStore(c),
      inject: [AppConfig],
    },
    {
      provide: READ_MODELS,
      useFactory: (c: AppConfig): Promise<ReadModelStore> => openReadModels(c),
      inject: [AppConfig],
    },
    {
      provide: PROJECTOR,
      // In-process by default; with PROJECTIONS=external apps/projector runs them.
      useFactory: (c: AppConfig, store: EventStore, readModels: ReadModelStore, logger: Logger) =>
        c.externalProjections
          ? new ExternalProjection(readModels)
          : new Projector(store, readModels, logger),
      inject: [AppConfig, EVENT_STORE, READ_MODELS, LOGGER],
    },
    {
      provide: FOLLOW_UPS,
      // The processes run where the projections run: here, or in apps/projector.
      useFactory: (c: AppConfig, store: EventStore, readModels: ReadModelStore, logger: Logger) =>
        c.externalProjections
          ? new ExternalFollowUps(PROCESSES, readModels)
          : new ProcessRunner(PROCESSES, store, readModels, logger),
      inject: [AppConfig, EVENT_STORE, READ_MODELS, LOGGER],
    },
    {
      provide: CLOCK,
      useFactory: (c: AppConfig) => (c.testClock ? new TestClock(c.testClock) : new SystemClock()),
      inject: [AppConfig],
    },
    {
      provide: TIMERS,
      // Timers run where the processes run: here, or in apps/projector.
      useFactory: (
        c: AppConfig,
        store: EventStore,
        readModels: ReadModelStore,
        clock: SystemClock,
        logger: Logger,
      ) =>
        c.externalProjections
          ? null
          : new TimerRunner(store, readModels, clock, { reminderDays: c.reminderDays }, logger),
      inject: [AppConfig, EVENT_STORE, READ_MODELS, CLOCK, LOGGER],
    },
    {
      provide: ENGINE_SETTINGS,
      useFactory: (c: AppConfig): EngineSettings => ({
        reminderDays: c.reminderDays,
        reportGraceDays: c.reportGraceDays,
      }),
      inject: [AppConfig],
    },
    StreamRunner,
    Lifecycle,
  ],
  exports: [
    AppConfig,
    LOGGER,
    EVENT_STORE,
    READ_MODELS,
    PROJECTOR,
    FOLLOW_UPS,
    TIMERS,
    CLOCK,
    ENGINE_SETTINGS,
    StreamRunner,
  ],
})
export class InfrastructureModule {}
