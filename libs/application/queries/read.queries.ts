import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import type { ReportDoc, ResolutionDoc, ReviewDoc, TaskDoc } from '../../read-models/documents';
import { MemoryReadModel } from '../../read-models/memory-read-model';
import type {
  ObligationKey,
  ObligationQuery,
  Page,
  ReadModelStore,
  ReportQuery,
} from '../../read-models/read-model.port';
import { obligationsOf, type Obligation } from '../../workflows/task/reporting-obligations';
import { projectBatch } from '../../read-models/resolution-tracking.projection';
import type { Clock } from '../clock';
import { CLOCK, EVENT_STORE, READ_MODELS } from '../tokens';
import { liveView, snapshotView, type ReadView } from './read-view';
import { resolutionStream, reviewStream, taskStream } from '../../workflows/shared/streams';

export interface Viewed<T> {
  doc: T;
  view: ReadView;
}

export class GetResolutionQuery {
  constructor(
    readonly id: string,
    /** Time travel: fold only the events up to this instant (ISO) … */
    readonly asOf: string | null = null,
    /** … or up to this global position. */
    readonly asOfPosition: bigint | null = null,
  ) {}
}

@QueryHandler(GetResolutionQuery)
export class GetResolutionHandler implements IQueryHandler<GetResolutionQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(q: GetResolutionQuery): Promise<Viewed<ResolutionDoc> | null> {
    const live = liveView(this.readModels);
    const today = await this.readModels.resolution(q.id);
    if (!today) return null;
    if (q.asOf === null && q.asOfPosition === null) return { doc: today, view: live };
    // Fold the resolution, its tasks and reviews from the events, not from today's rows.
    const snapshot = new MemoryReadModel();
    const streamIds = [
      resolutionStream(q.id),
      ...today.taskIds.map(taskStream),
      ...today.reviewIds.map(reviewStream),
    ];
    const until = q.asOf === null ? null : Date.parse(q.asOf);
    const events: StoredEvent[] = [];
    // The resolution's own streams, and the units' (a task's unit as it was defined then).
    for (const filter of [{ streamIds }, { streamPrefixes: ['orgunit-'] }])
      for await (const e of this.store.readAll({
        filter,
        toPosition: q.asOfPosition ?? undefined,
      })) {
        // occurredAt never decreases along the global order: the first later event ends the fold.
        if (until !== null && Date.parse(e.metadata.occurredAt) > until) break;
        events.push(e);
      }
    events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    projectBatch(snapshot, events);
    const doc = snapshot.getResolution(q.id);
    return doc ? { doc, view: snapshotView(snapshot, live) } : null;
  }
}

export class ListResolutionsQuery {
  constructor(
    readonly status: string | null,
    readonly after: string | null,
    readonly limit: number,
    readonly filter: {
      kind?: string | null;
      parentId?: string | null;
      search?: string | null;
    } = {},
  ) {}
}

@QueryHandler(ListResolutionsQuery)
export class ListResolutionsHandler implements IQueryHandler<ListResolutionsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  async execute(q: ListResolutionsQuery): Promise<Page<ResolutionDoc> & { view: ReadView }> {
    const page = await this.readModels.resolutions({
      ...q.filter,
      status: q.status,
      after: q.after,
      limit: q.limit,
    });
    return { ...page, view: liveView(this.readModels) };
  }
}

export class GetTaskQuery {
  constructor(readonly id: string) {}
}

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  async execute(q: GetTaskQuery): Promise<TaskDoc | null> {
    return this.readModels.task(q.id);
  }
}

export class ListTasksQuery {
  constructor(
    readonly filter: {
      resolutionId?: string | null;
      assigneeUnitId?: string | null;
      overdue?: boolean | null;
      assigneeMemberId?: string | null;
      status?: string | null;
      dueBefore?: string | null;
    },
    readonly after: string | null,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListTasksQuery)
export class ListTasksHandler implements IQueryHandler<ListTasksQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: ListTasksQuery): Promise<Page<TaskDoc>> {
    return this.readModels.tasks({
      ...q.filter,
      after: q.after,
      limit: q.limit,
      today: this.clock.today(),
    });
  }
}

export class ListObligationsQuery {
  constructor(
    readonly filter: Pick<ObligationQuery, 'resolutionId' | 'assigneeUnitId' | 'status'>,
    readonly after: ObligationKey | null,
    readonly limit: number,
  ) {}
}

/** Statuses follow the server's date at the time of the query. */
@QueryHandler(ListObligationsQuery)
export class ListObligationsHandler implements IQueryHandler<ListObligationsQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: ListObligationsQuery): Promise<Page<Obligation>> {
    return this.readModels.reportingObligations({
      ...q.filter,
      after: q.after,
      limit: q.limit,
      today: this.clock.today(),
    });
  }
}

export class TaskObligationsQuery {
  constructor(readonly task: TaskDoc) {}
}

/** One task's obligations by period, from the facts its document carries (time travel included). */
@QueryHandler(TaskObligationsQuery)
export class TaskObligationsHandler implements IQueryHandler<TaskObligationsQuery> {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async execute(q: TaskObligationsQuery): Promise<Obligation[]> {
    return q.task.reporting ? obligationsOf(q.task.reporting, this.clock.today()) : [];
  }
}

export class ListReportsQuery {
  constructor(
    readonly filter: Omit<ReportQuery, 'after' | 'limit'>,
    readonly after: string | null,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListReportsQuery)
export class ListReportsHandler implements IQueryHandler<ListReportsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  async execute(q: ListReportsQuery): Promise<Page<ReportDoc>> {
    return this.readModels.listReports({ ...q.filter, after: q.after, limit: q.limit });
  }
}

export class GetReviewQuery {
  constructor(readonly id: string) {}
}

@QueryHandler(GetReviewQuery)
export class GetReviewHandler implements IQueryHandler<GetReviewQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  async execute(q: GetReviewQuery): Promise<ReviewDoc | null> {
    return this.readModels.review(q.id);
  }
}
