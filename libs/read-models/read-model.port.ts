import type { Observation } from '../assessment/assessment';
import type { StoredEvent } from '../event-store/event-store.port';
import type { CommandRecord, ReportDoc, ResolutionDoc, ReviewDoc, TaskDoc } from './documents';

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

export interface TaskQuery {
  resolutionId?: string | null;
  assigneeUnitId?: string | null;
  /** Filter on overdue as of `today` (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  overdue?: boolean | null;
  today: string;
  after?: string | null;
  limit: number;
}

/** Where read models live (SQLite by default). Writes only through applyBatch. */
export interface ReadModelStore {
  /** Applies events in order and moves the checkpoint past them, in one transaction. */
  applyBatch(events: StoredEvent[]): void;
  checkpoint(): bigint;
  /** Drops every row and the checkpoint, for a rebuild. */
  reset(): void;

  resolution(id: string): ResolutionDoc | null;
  resolutions(q: { status?: string | null; after?: string | null; limit: number }): Page<ResolutionDoc>;
  task(id: string): TaskDoc | null;
  tasks(q: TaskQuery): Page<TaskDoc>;
  review(id: string): ReviewDoc | null;
  /** A task's reports in the order they were made. */
  reports(taskId: string): ReportDoc[];
  report(id: string): ReportDoc | null;
  command(commandId: string): CommandRecord | null;
  observations(resolutionId: string): Observation[];
  /** Every row in a stable order: what a rebuild must reproduce exactly. */
  dump(): Record<string, unknown[]>;
  close(): void;
}
