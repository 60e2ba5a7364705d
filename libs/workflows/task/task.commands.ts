import type { ReportingFrequency } from './reporting-obligations';
import type { CommandContext } from '../shared/actor';
import type { ResolutionStatus } from '../resolution/resolution.events';
import type { DirectiveRef, MeasurementData } from './task.events';

/** What a task command needs to know of its resolution; read by the handler, passed in. */
export interface ResolutionContext {
  status: ResolutionStatus;
  termStart: number;
  termEnd: number;
  targets: Map<string, { baselineYear: number; dueYear: number }>;
}

export type TaskCommand = CommandContext & { resolution: ResolutionContext | null } & (
    | {
        type: 'AssignTask';
        taskId: string;
        resolutionId: string;
        title: string;
        assigneeUnitId: string | null;
        assigneeMemberId: string | null;
        targetIds: string[];
        dueOn: string;
        /** The directive it carries out, already checked against its review by the handler. */
        fromDirective?: DirectiveRef | null;
        /**
         * The supervision-visit directive it carries out, as the handler found it on the
         * resolution's stream (text null: no such visit or index there).
         */
        fromVisitDirective?: { visitId: string; index: number; text: string | null } | null;
        /** How often the assignee owes a report (default NONE). */
        reportingFrequency?: ReportingFrequency | null;
        /** REPORT_GRACE_DAYS as configured when the task is assigned (passed in, like time). */
        reportGraceDays?: number;
      }
    | { type: 'AcceptTask' }
    | {
        type: 'ReportProgress';
        reportId: string;
        year: number;
        percentComplete: number | null;
        narrative: string | null;
        difficulties: string | null;
        proposals: string | null;
        measurements: MeasurementData[];
        correctsReportId: string | null;
      }
    | { type: 'RequestExtension'; requestedDueOn: string; reason: string }
    | { type: 'GrantExtension'; dueOn: string }
    | { type: 'CompleteTask' }
    | { type: 'CancelTask'; reason: string }
    /** `subjectReportId`: the report approved or returned (reportId names a new report). */
    | { type: 'ApproveReport'; subjectReportId: string }
    | { type: 'ReturnReport'; subjectReportId: string; reason: string }
  );

export type TaskCommandType = TaskCommand['type'];
