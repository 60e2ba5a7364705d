import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE, PROJECTOR } from '../../../libs/application/tokens';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import type { ProjectionProgress } from '../../../libs/read-models/projection-progress';

/** 200 once requests are taken and projections run (they start before the server listens). */
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: ProjectionProgress,
  ) {}

  @Get('health')
  async health() {
    return {
      status: 'ok',
      headPosition: (await this.store.headPosition()).toString(),
      projectedPosition: this.projector.checkpoint.toString(),
    };
  }
}
