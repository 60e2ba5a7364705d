import type {
  OrgUnitDoc,
  ReportDoc,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from '../../read-models/documents';
import type { MemoryReadModel } from '../../read-models/memory-read-model';
import type { ReadModelStore } from '../../read-models/read-model.port';

/** Where a resolution's nested tasks and reviews are read from: today's read model or a past fold. */
export interface ReadView {
  resolution(id: string): Promise<ResolutionDoc | null>;
  task(id: string): Promise<TaskDoc | null>;
  review(id: string): Promise<ReviewDoc | null>;
  reports(taskId: string): Promise<ReportDoc[]>;
  /** Units as they were defined then (a past fold covers the units' own streams too). */
  orgUnit(id: string): Promise<OrgUnitDoc | null>;
}

export function liveView(store: ReadModelStore): ReadView {
  return {
    resolution: (id) => store.resolution(id),
    task: (id) => store.task(id),
    review: (id) => store.review(id),
    reports: (taskId) => store.reports(taskId),
    orgUnit: (id) => store.orgUnit(id),
  };
}

/** A view folded from the events up to a past instant; parents outside it come from today's. */
export function snapshotView(snapshot: MemoryReadModel, fallback: ReadView): ReadView {
  return {
    resolution: async (id) => snapshot.getResolution(id) ?? fallback.resolution(id),
    task: async (id) => snapshot.getTask(id) ?? null,
    review: async (id) => snapshot.getReview(id) ?? null,
    reports: async (taskId) => snapshot.reports(taskId),
    orgUnit: async (id) => snapshot.getOrgUnit(id) ?? null,
  };
}
