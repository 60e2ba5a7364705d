import type { ReportingFrequency } from './reporting-obligations';
/** Events of a `task-<id>` stream; every one carries resolutionId so filters need no lookup. */

export interface MeasurementData {
  targetId: string;
  year: number;
  value: string;
}

/** A directive (chỉ đạo) of a concluded review, by its review and place in the list. */
export interface DirectiveRef {
  reviewId: string;
  index: number;
  text: string;
}

/** A directive (chỉ đạo) of a recorded supervision visit, by its visit and place in the list. */
export interface VisitDirectiveRef {
  visitId: string;
  index: number;
  text: string;
}

export type TaskStatus = 'ASSIGNED' | 'ACCEPTED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';

export type TaskEvent =
  | {
      type: 'TaskAssigned';
      data: {
        taskId: string;
        resolutionId: string;
        title: string;
        assigneeUnitId: string | null;
        assigneeMemberId: string | null;
        targetIds: string[];
        dueOn: string;
        /** Set when the task carries out a directive of a concluded review (added field). */
        fromDirective?: DirectiveRef;
        /** Set when the task carries out a directive of a supervision visit (added field). */
        fromVisitDirective?: VisitDirectiveRef;
        /** Added field: how often the assignee owes a report; absent means NONE. */
        reportingFrequency?: ReportingFrequency;
        /** Added field, with reportingFrequency: the grace days its obligations were set with. */
        reportGraceDays?: number;
      };
    }
  | { type: 'TaskAccepted'; data: { taskId: string; resolutionId: string } }
  | {
      type: 'ProgressReported';
      data: {
        taskId: string;
        resolutionId: string;
        reportId: string;
        /** The reporting unit whose values this report carries (assessment keeps the latest per unit). */
        unitKey: string;
        year: number;
        percentComplete: number | null;
        narrative: string | null;
        difficulties: string | null;
        proposals: string | null;
        measurements: MeasurementData[];
        correctsReportId: string | null;
      };
    }
  | {
      type: 'TaskExtensionRequested';
      data: { taskId: string; resolutionId: string; requestedDueOn: string; reason: string };
    }
  | {
      type: 'TaskDueDateExtended';
      data: { taskId: string; resolutionId: string; previousDueOn: string; dueOn: string };
    }
  | { type: 'TaskCompleted'; data: { taskId: string; resolutionId: string } }
  | { type: 'TaskCancelled'; data: { taskId: string; resolutionId: string; reason: string } }
  /** Report approval (duyệt báo cáo): the four-eyes check of a report, once per report. */
  | { type: 'ReportApproved'; data: { taskId: string; resolutionId: string; reportId: string } }
  | {
      type: 'ReportReturned';
      data: { taskId: string; resolutionId: string; reportId: string; reason: string };
    };

/** A report is SUBMITTED until it is approved or returned. */
export type ReportStatus = 'SUBMITTED' | 'APPROVED' | 'RETURNED';

export type TaskEventType = TaskEvent['type'];
