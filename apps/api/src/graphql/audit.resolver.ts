import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Context, Query, Resolver, Subscription } from '@nestjs/graphql';
import {
  AuditTrailQuery,
  IntegrityAnchorQuery,
  VerifyAnchorQuery,
  VerifyIntegrityQuery,
  VerifyReviewQuery,
} from '../../../../libs/application/queries/audit.queries';
import { EVENT_STORE, PROJECTOR } from '../../../../libs/application/tokens';
import { formatAnchor, parseAnchor, type AnchorPoint } from '../../../../libs/audit/anchor';
import type { IntegrityReport } from '../../../../libs/audit/integrity';
import type { ReviewVerification } from '../../../../libs/audit/review-verification';
import type { EventStore, StoredEvent } from '../../../../libs/event-store/event-store.port';
import type { ProjectionProgress } from '../../../../libs/read-models/projection-progress';
import { BadUserInput, Forbidden, NotFound } from '../../../../libs/shared/domain-errors';
import type { ActorRole } from '../../../../libs/workflows/shared/actor';
import { AppConfig } from '../config';
import { connection, decodeCursor, pageSize, parsePosition } from './connection';
import type { GqlContext } from './gql-context';
import { auditEvent } from './nodes';
import { eventStream } from './event-stream';

const SUBSCRIBERS: ActorRole[] = ['AUDITOR', 'INTEGRATION', 'STANDING_COMMITTEE', 'SECRETARIAT'];

@Resolver()
export class AuditResolver {
  constructor(
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: ProjectionProgress,
  ) {}

  @Query('auditTrail')
  async auditTrail(
    @Args('resolutionId') resolutionId: string,
    @Args('first') first: number | null,
    @Args('after') after: string | null,
  ) {
    const limit = pageSize(first);
    const from = BigInt(decodeCursor(after) ?? '0');
    const page: { events: StoredEvent[]; hasNextPage: boolean } = await this.queries.execute(
      new AuditTrailQuery(resolutionId, from, limit),
    );
    return connection(page.events.map(auditEvent), page.hasNextPage, (e) => e.position);
  }

  @Query('verifyIntegrity')
  verifyIntegrity(@Args('resolutionId') resolutionId: string): Promise<IntegrityReport> {
    return this.queries.execute(new VerifyIntegrityQuery(resolutionId));
  }

  @Query('verifyReview')
  async verifyReview(@Args('id') id: string): Promise<ReviewVerification> {
    const result: ReviewVerification | null = await this.queries.execute(new VerifyReviewQuery(id));
    if (!result) throw new NotFound(`review ${id} not found`);
    return result;
  }

  @Query('integrityAnchor')
  async integrityAnchor() {
    const p: AnchorPoint = await this.queries.execute(new IntegrityAnchorQuery());
    return {
      position: p.position.toString(),
      events: p.events,
      hash: p.hash,
      anchor: formatAnchor(p),
    };
  }

  @Query('verifyAnchor')
  verifyAnchor(@Args('anchor') anchor: string): Promise<IntegrityReport> {
    const point = parseAnchor(anchor);
    if (!point)
      throw new BadUserInput('anchor', 'not an anchor (as integrityAnchor.anchor gives it)');
    return this.queries.execute(new VerifyAnchorQuery(point));
  }

  @Query('serverInfo')
  async serverInfo() {
    return {
      headPosition: (await this.store.headPosition()).toString(),
      projectedPosition: this.projector.checkpoint.toString(),
    };
  }

  @Subscription('events', { resolve: (payload: unknown) => payload })
  events(
    @Args('filter')
    filter: { streamPrefix?: string; types?: string[]; resolutionId?: string } | null,
    @Args('fromPosition') fromPosition: string | null,
    @Context() ctx: GqlContext,
  ) {
    if (!SUBSCRIBERS.includes(ctx.actor.role))
      throw new Forbidden(`${ctx.actor.role} may not subscribe to events`);
    const from = fromPosition == null ? undefined : parsePosition('fromPosition', fromPosition);
    return eventStream(this.store, {
      filter: filter ?? {},
      fromPosition: from,
      maxLag: this.config.subscriptionBuffer,
      map: auditEvent,
    });
  }
}
