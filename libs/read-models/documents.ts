/** Read-model documents: what queries serve. Built only by the projection, never by commands. */
import type { Assessment, Observation, TargetSpec } from '../assessment/assessment';
import type { ReviewSummary } from '../assessment/assessment';
import type { AllocationAssessment } from '../assessment/allocation';
import type { ResolutionKind, ResolutionStatus } from '../workflows/resolution/resolution.events';
import type { ReviewKind } from '../workflows/review/review.events';
import type { ObligationFacts } from '../workflows/task/reporting-obligations';
import type { MeasurementData, ReportStatus, TaskStatus } from '../workflows/task/task.events';

export interface TargetDoc extends TargetSpec {
  code: string;
  group: string;
  name: string;
  unit: string;
  /** Provenance: the article or document a figure comes from, or `minh họa` (older data: absent). */
  source?: string | null;
  currentValue: string | null;
  assessment: Assessment;
  /** The split across units in force, each with its unit's figures (older documents: absent). */
  allocations?: AllocationAssessment[];
  amendments: Array<{
    previousTargetValue: string;
    targetValue: string;
    previousDueYear: number;
    dueYear: number;
    reason: string;
    amendedAt: string;
    amendedBy: string;
  }>;
}

export interface ResolutionDoc {
  id: string;
  seq: string;
  code: string | null;
  title: string;
  kind: ResolutionKind;
  status: ResolutionStatus;
  termStart: number;
  termEnd: number;
  summary: string | null;
  issuedOn: string | null;
  signedBy: string | null;
  parentId: string | null;
  version: number;
  /** Position of the last event of the resolution or one of its tasks: a review's evidence cut. */
  lastPosition: string;
  targets: TargetDoc[];
  taskIds: string[];
  reviewIds: string[];
  /** Thematic resolutions and action programmes drafted under this one. */
  childIds: string[];
  opinions: Array<{
    opinionId: string;
    givenBy: string;
    opinion: string;
    handling: string | null;
    response: string | null;
    recordedAt: string;
  }>;
  returns: Array<{ reason: string; returnedAt: string; returnedBy: string }>;
  supervisionVisits: Array<{
    visitId: string;
    visitedOn: string;
    body: string;
    findings: string;
    conclusions: string[];
    directives: string[];
  }>;
  withdrawnReason: string | null;
  supersededBy: string | null;
  /** The resolutions this one replaced, in the order they were superseded (older data: absent). */
  supersedes?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ReportDoc {
  id: string;
  taskId: string;
  eventId: string;
  position: string;
  year: number;
  percentComplete: number | null;
  narrative: string | null;
  difficulties: string | null;
  proposals: string | null;
  measurements: MeasurementData[];
  reportedAt: string;
  reportedBy: string;
  correctsReportId: string | null;
  /** Report approval (older documents: absent, which means SUBMITTED). */
  status?: ReportStatus;
  returnReason?: string | null;
  /** For the lists of reports (older documents: absent). */
  resolutionId?: string;
  assigneeUnitId?: string | null;
}

export interface TaskDoc {
  id: string;
  seq: string;
  resolutionId: string;
  title: string;
  assigneeUnitId: string | null;
  assigneeMemberId: string | null;
  targetIds: string[];
  dueOn: string;
  status: TaskStatus;
  version: number;
  /** How many reports it has; the reports themselves are rows of their own. */
  reportCount: number;
  extensionRequests: Array<{ requestedDueOn: string; reason: string; requestedAt: string }>;
  cancelledReason: string | null;
  /** The review directive this task carries out, if it was given by one. */
  fromDirective: { reviewId: string; index: number; text: string } | null;
  /** What its reporting obligations are computed from; absent or null: no reporting frequency. */
  reporting?: ObligationFacts | null;
  /** The supervision-visit directive this task carries out (older documents: absent). */
  fromVisitDirective?: { visitId: string; index: number; text: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** A registered organisation unit (cơ quan, đơn vị, đảng bộ, chi bộ). */
export interface OrgUnitDoc {
  id: string;
  /** Position of its first definition: lists of units come in that order. */
  seq: string;
  name: string;
  kind: string;
  parentId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewItemDoc {
  targetId: string;
  value: string | null;
  computed: Assessment;
  override: Assessment | null;
  justification: string | null;
  evidenceEventIds: string[];
}

export interface ReviewDoc {
  id: string;
  seq: string;
  resolutionId: string;
  kind: ReviewKind;
  status: 'OPEN' | 'CONCLUDED';
  heldOn: string;
  coversThroughYear: number;
  asOfPosition: string;
  /** The anchor of every event up to asOfPosition, fixed when the review opened (read models only). */
  anchor?: string;
  targets: TargetSpec[];
  items: ReviewItemDoc[];
  summary: ReviewSummary;
  conclusions: string | null;
  directives: string[];
  version: number;
  createdAt: string;
}

export interface CommandRecord {
  commandId: string;
  command: string;
  fingerprint: string;
  resultId: string;
  /** Position of the command's last event: its result is the entity as it stood then. */
  position: string;
}

/** What the projection reads and writes; one implementation per storage (SQLite, memory, …). */
export interface ReadModelWriter {
  getResolution(id: string): ResolutionDoc | undefined;
  putResolution(doc: ResolutionDoc): void;
  getTask(id: string): TaskDoc | undefined;
  putTask(doc: TaskDoc): void;
  getReview(id: string): ReviewDoc | undefined;
  putReview(doc: ReviewDoc): void;
  /** Values a report carries (reportId: the report, so a return can stop them counting). */
  addObservations(resolutionId: string, rows: Observation[], reportId?: string | null): void;
  /** From now on the report's values no longer count. */
  returnReport(resolutionId: string, reportId: string): void;
  /** The values that count: the latest of each (target, year, unit) of a report not returned. */
  observations(resolutionId: string): Observation[];
  putCommand(record: CommandRecord): void;
  addReport(report: ReportDoc): void;
  getReport(id: string): ReportDoc | undefined;
  putReport(report: ReportDoc): void;
  getOrgUnit(id: string): OrgUnitDoc | undefined;
  putOrgUnit(doc: OrgUnitDoc): void;
}
