import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { verifyAnchor, type AnchorPoint } from '../../audit/anchor';
import { verifyStreams, type IntegrityReport } from '../../audit/integrity';
import { verifyReview, type ReviewVerification } from '../../audit/review-verification';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import type { ProjectionProgress } from '../../read-models/projection-progress';
import type { ReadModelStore } from '../../read-models/read-model.port';
import { NotFound } from '../../shared/domain-errors';
import {
  alertsStream,
  resolutionStream,
  reviewStream,
  taskStream,
} from '../../workflows/shared/streams';
import { EVENT_STORE, PROJECTOR, READ_MODELS } from '../tokens';

/** The streams of a resolution: its own, its tasks' and its reviews'. */
export async function streamsOf(readModels: ReadModelStore, resolutionId: string) {
  const doc = await readModels.resolution(resolutionId);
  if (!doc) return null;
  const tasks = await Promise.all(doc.taskIds.map((id) => readModels.task(id)));
  const reviews = await Promise.all(doc.reviewIds.map((id) => readModels.review(id)));
  return [
    { streamId: resolutionStream(doc.id), expectedLastRevision: doc.version },
    ...doc.taskIds.map((id, i) => ({
      streamId: taskStream(id),
      expectedLastRevision: tasks[i]?.version,
    })),
    ...doc.reviewIds.map((id, i) => ({
      streamId: reviewStream(id),
      expectedLastRevision: reviews[i]?.version,
    })),
    // Timer events: written by the engine alone, so no read model counts them.
    { streamId: alertsStream(doc.id), expectedLastRevision: undefined },
  ];
}

export class AuditTrailQuery {
  constructor(
    readonly resolutionId: string,
    readonly afterPosition: bigint,
    readonly limit: number,
  ) {}
}

@QueryHandler(AuditTrailQuery)
export class AuditTrailHandler implements IQueryHandler<AuditTrailQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(q: AuditTrailQuery): Promise<{ events: StoredEvent[]; hasNextPage: boolean }> {
    const streams = await streamsOf(this.readModels, q.resolutionId);
    if (!streams) return { events: [], hasNextPage: false };
    const events: StoredEvent[] = [];
    for await (const e of this.store.readAll({
      fromPosition: q.afterPosition,
      filter: { streamIds: streams.map((s) => s.streamId) },
      maxCount: q.limit + 1,
    }))
      events.push(e);
    return { events: events.slice(0, q.limit), hasNextPage: events.length > q.limit };
  }
}

export class VerifyIntegrityQuery {
  constructor(readonly resolutionId: string) {}
}

@QueryHandler(VerifyIntegrityQuery)
export class VerifyIntegrityHandler implements IQueryHandler<VerifyIntegrityQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(q: VerifyIntegrityQuery): Promise<IntegrityReport> {
    const known = await streamsOf(this.readModels, q.resolutionId);
    const report = await verifyStreams(
      this.store,
      known ?? [{ streamId: resolutionStream(q.resolutionId) }],
    );
    // Never report an unknown resolution as intact: no document and no stored event is NOT_FOUND.
    if (!known && report.intact && report.checkedEvents === 0)
      throw new NotFound(`resolution ${q.resolutionId} not found`);
    return report;
  }
}

export class VerifyReviewQuery {
  constructor(readonly reviewId: string) {}
}

@QueryHandler(VerifyReviewQuery)
export class VerifyReviewHandler implements IQueryHandler<VerifyReviewQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(q: VerifyReviewQuery): Promise<ReviewVerification | null> {
    const review = await this.readModels.review(q.reviewId);
    if (!review) return null;
    const taskIds = (await this.readModels.resolution(review.resolutionId))?.taskIds ?? [];
    return verifyReview(this.store, review, taskIds);
  }
}

export class IntegrityAnchorQuery {}

/** The anchor of the store's head, from the running hashes the projection keeps. */
@QueryHandler(IntegrityAnchorQuery)
export class IntegrityAnchorHandler implements IQueryHandler<IntegrityAnchorQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: ProjectionProgress,
  ) {}

  async execute(): Promise<AnchorPoint> {
    const head = await this.store.headPosition();
    await this.projector.waitFor(head);
    return this.readModels.anchorAt(head);
  }
}

export class VerifyAnchorQuery {
  constructor(readonly anchor: AnchorPoint) {}
}

/** Recomputes the running hash from the events themselves, against the anchor kept outside. */
@QueryHandler(VerifyAnchorQuery)
export class VerifyAnchorHandler implements IQueryHandler<VerifyAnchorQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute(q: VerifyAnchorQuery): Promise<IntegrityReport> {
    return verifyAnchor(this.store, q.anchor, this.readModels);
  }
}
