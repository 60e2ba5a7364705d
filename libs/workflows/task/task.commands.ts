import type { CommandContext } from '../shared/actor';
import type { ResolutionStatus } from '../resolution/resolution.events';
import type { MeasurementData } from './task.events';

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
  );

export type TaskCommandType = TaskCommand['type'];
