import type { Observation } from '../assessment/assessment';
import type { PendingTimer } from '../workflows/alerts/alerts.timers';
import type { StoredEvent } from '../event-store/event-store.port';
import type { AnchorPoint } from '../audit/anchor';
import type { Obligation, ObligationStatus } from '../workflows/task/reporting-obligations';
import type {
  CommandRecord,
  OrgUnitDoc,
  ReportDoc,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from './documents';

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
  assigneeMemberId?: string | null;
  status?: string | null;
  /** Keeps tasks whose dueOn is before this date (YYYY-MM-DD). */
  dueBefore?: string | null;
  after?: string | null;
  limit: number;
}

export interface ResolutionQuery {
  status?: string | null;
  kind?: string | null;
  parentId?: string | null;
  /** A substring of the code or title, ignoring case and Vietnamese diacritics. */
  search?: string | null;
  after?: string | null;
  limit: number;
}

export interface ReportQuery {
  resolutionId?: string | null;
  assigneeUnitId?: string | null;
  year?: number | null;
  status?: string | null;
  after?: string | null;
  limit: number;
}

/** Where a page of reportingObligations ends: its key order is (dueOn, taskId, period). */
export interface ObligationKey {
  dueOn: string;
  taskId: string;
  period: string;
}

export interface ObligationQuery {
  resolutionId?: string | null;
  assigneeUnitId?: string | null;
  /** Filter on the status as of `today` (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  status?: ObligationStatus | null;
  today: string;
  after?: ObligationKey | null;
  limit: number;
}

/** Where read models live (SQLite by default, PostgreSQL in production). Written only by applyBatch. */
export interface ReadModelStore {
  /**
   * Applies events in order and moves the checkpoint (and the running hash) past them, in one
   * transaction. `skipProjection`: only the running hash and checkpoint, for an event the
   * projection cannot apply (it is logged), so the running hash never misses one.
   */
  applyBatch(events: StoredEvent[], opts?: { skipProjection?: boolean }): Promise<void>;
  /** The running hash at the last event at or before `position` (the empty anchor when none). */
  anchorAt(position: bigint): Promise<AnchorPoint>;
  /** The running hashes with position in (after, to], in position order, at most `limit`. */
  anchorPoints(after: bigint, to: bigint, limit: number): Promise<AnchorPoint[]>;
  checkpoint(): Promise<bigint>;
  /** The engine's checkpoints (processes, timers): separate from the read models' own. */
  engineCheckpoint(name: string): Promise<bigint>;
  saveEngineCheckpoint(name: string, position: bigint): Promise<void>;
  /** Pending timers (the timer runner's on-disk index) and the checkpoint of what scheduled them. */
  scheduleTimers(timers: PendingTimer[], checkpoint: string, position: bigint): Promise<void>;
  dueTimers(instant: string, limit: number): Promise<PendingTimer[]>;
  nextTimerAt(): Promise<string | null>;
  dropTimers(timerIds: string[]): Promise<void>;
  /** Drops every row and the checkpoint, for a rebuild. */
  reset(): Promise<void>;

  resolution(id: string): Promise<ResolutionDoc | null>;
  resolutions(q: ResolutionQuery): Promise<Page<ResolutionDoc>>;
  task(id: string): Promise<TaskDoc | null>;
  tasks(q: TaskQuery): Promise<Page<TaskDoc>>;
  review(id: string): Promise<ReviewDoc | null>;
  /** A task's reports in the order they were made. */
  reports(taskId: string): Promise<ReportDoc[]>;
  report(id: string): Promise<ReportDoc | null>;
  /** Every task's reporting obligations, by (dueOn, taskId, period), statuses as of q.today. */
  reportingObligations(q: ObligationQuery): Promise<Page<Obligation>>;
  /** Reports across tasks (corrections included), in the order stored. */
  listReports(q: ReportQuery): Promise<Page<ReportDoc>>;
  command(commandId: string): Promise<CommandRecord | null>;
  orgUnit(id: string): Promise<OrgUnitDoc | null>;
  /** The units directly under parentId (null: the top-level units), in the order first defined. */
  orgUnits(parentId: string | null): Promise<OrgUnitDoc[]>;
  /** The latest value of each (target, year, unit) of a resolution, in position order. */
  observations(resolutionId: string): Promise<Observation[]>;
  /** Every row in a stable order: what a rebuild must reproduce exactly. */
  dump(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}
