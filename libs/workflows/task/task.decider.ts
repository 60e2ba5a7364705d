import { BadUserInput, Forbidden, InvalidTransition, NotFound } from '../../shared/domain-errors';
import { parseDecimal } from '../../shared/decimal';
import type { ResolutionStatus } from '../resolution/resolution.events';
import type { Role } from '../shared/actor';
import {
  optionalText,
  requireDate,
  requireDecimal,
  requireRole,
  requireText,
  requireYear,
  yearOf,
} from '../shared/guards';
import { DEFAULT_REPORT_GRACE_DAYS, REPORTING_FREQUENCIES } from './reporting-obligations';
import type { TaskCommand } from './task.commands';
import type { ReportStatus, TaskEvent, TaskStatus } from './task.events';
import { ASSIGNABLE, IMPLEMENTING, IN_FORCE } from '../resolution/resolution-status';

interface ReportRef {
  year: number;
  status: ReportStatus;
}

export interface TaskState {
  status: 'NONE' | TaskStatus;
  id: string | null;
  resolutionId: string | null;
  assigneeUnitId: string | null;
  assigneeMemberId: string | null;
  targetIds: string[];
  dueOn: string | null;
  reports: Map<string, ReportRef>;
}

export const initialState: TaskState = {
  status: 'NONE',
  id: null,
  resolutionId: null,
  assigneeUnitId: null,
  assigneeMemberId: null,
  targetIds: [],
  dueOn: null,
  reports: new Map(),
};

const ASSIGNEES: Role[] = ['UNIT_REPORTER', 'MEMBER'];
const MANAGERS: Role[] = ['SECRETARIAT', 'STANDING_COMMITTEE'];
export const TASK_ROLES: Record<TaskCommand['type'], Role[]> = {
  AssignTask: MANAGERS,
  AcceptTask: ASSIGNEES,
  ReportProgress: ASSIGNEES,
  RequestExtension: ASSIGNEES,
  GrantExtension: MANAGERS,
  CompleteTask: ASSIGNEES,
  CancelTask: MANAGERS,
  ApproveReport: MANAGERS,
  ReturnReport: MANAGERS,
};

/** Role and shape, before any state is read. */
export function authorize(cmd: TaskCommand): void {
  requireRole(cmd.actor, TASK_ROLES[cmd.type], cmd.type);
  switch (cmd.type) {
    case 'AssignTask': {
      requireText('title', cmd.title, 1000);
      requireDate('dueOn', cmd.dueOn);
      if (!cmd.assigneeUnitId && !cmd.assigneeMemberId)
        throw new BadUserInput('assigneeUnitId', 'a task needs an assignee unit or member');
      if (new Set(cmd.targetIds).size !== cmd.targetIds.length)
        throw new BadUserInput('targetIds', 'must not repeat a target');
      if (cmd.fromDirective && cmd.fromVisitDirective)
        throw new BadUserInput('fromVisitDirective', 'a task carries out one directive');
      if (
        cmd.fromVisitDirective &&
        (!Number.isInteger(cmd.fromVisitDirective.index) || cmd.fromVisitDirective.index < 0)
      )
        throw new BadUserInput('fromVisitDirective', 'index must be a whole number from 0');
      if (cmd.reportingFrequency && !REPORTING_FREQUENCIES.includes(cmd.reportingFrequency))
        throw new BadUserInput('reportingFrequency', 'unknown reporting frequency');
      return;
    }
    case 'ReportProgress': {
      requireYear('year', cmd.year);
      if (
        cmd.percentComplete !== null &&
        (!Number.isInteger(cmd.percentComplete) ||
          cmd.percentComplete < 0 ||
          cmd.percentComplete > 100)
      )
        throw new BadUserInput('percentComplete', 'must be an integer from 0 to 100');
      optionalText('narrative', cmd.narrative);
      optionalText('difficulties', cmd.difficulties);
      optionalText('proposals', cmd.proposals);
      const seen = new Set<string>();
      cmd.measurements.forEach((m, i) => {
        const field = `measurements[${i}]`;
        requireText(`${field}.targetId`, m.targetId, 200);
        requireYear(`${field}.year`, m.year);
        requireDecimal(`${field}.value`, m.value);
        if (m.year > cmd.year)
          throw new BadUserInput(`${field}.year`, 'must not be after the report year');
        const key = `${m.targetId}|${m.year}`;
        if (seen.has(key))
          throw new BadUserInput(`${field}`, 'one measurement per target and year');
        seen.add(key);
      });
      return;
    }
    case 'RequestExtension':
      requireDate('requestedDueOn', cmd.requestedDueOn);
      requireText('reason', cmd.reason);
      return;
    case 'GrantExtension':
      requireDate('dueOn', cmd.dueOn);
      return;
    case 'CancelTask':
    case 'ReturnReport':
      requireText('reason', cmd.reason);
      return;
    default:
      return;
  }
}

/** Existence, then the unit scope of assignees (after NOT_FOUND, before any transition). */
export function checkAccess(cmd: TaskCommand, state: TaskState): void {
  if (cmd.type === 'AssignTask') {
    if (!cmd.resolution) throw new NotFound('resolution not found');
    return;
  }
  if (cmd.type === 'ApproveReport' || cmd.type === 'ReturnReport') {
    // The mutation addresses the report: unknown on this task is NOT_FOUND.
    if (!state.reports.has(cmd.subjectReportId)) throw new NotFound('report not found');
    return;
  }
  if (state.status === 'NONE') throw new NotFound('task not found');
  if (TASK_ROLES[cmd.type] !== ASSIGNEES) return;
  const { actor } = cmd;
  const allowed =
    (actor.role === 'UNIT_REPORTER' && !!actor.unitId && actor.unitId === state.assigneeUnitId) ||
    (actor.role === 'MEMBER' && actor.id === state.assigneeMemberId);
  if (!allowed) throw new Forbidden('only the assignee unit or member acts on this task');
}

function requireTaskStatus(state: TaskState, allowed: TaskStatus[], action: string): void {
  if (state.status === 'NONE' || !allowed.includes(state.status))
    throw new InvalidTransition(action, `task ${state.status}`);
}

function requireResolutionStatus(
  cmd: TaskCommand,
  allowed: readonly ResolutionStatus[],
  action: string,
): void {
  const status = cmd.resolution?.status ?? 'NONE';
  if (!cmd.resolution || !allowed.includes(cmd.resolution.status))
    throw new InvalidTransition(action, `resolution ${status}`);
}

export function decide(cmd: TaskCommand, state: TaskState): TaskEvent[] {
  // authorize and checkAccess have run (the runner's order: they come before the replay check).
  const taskId = state.id as string;
  const resolutionId = state.resolutionId as string;
  switch (cmd.type) {
    case 'AssignTask': {
      if (state.status !== 'NONE') throw new InvalidTransition('assign', `task ${state.status}`);
      requireResolutionStatus(cmd, ASSIGNABLE, 'assign a task');
      const unknown = cmd.targetIds.find((id) => !cmd.resolution?.targets.has(id));
      if (unknown)
        throw new BadUserInput('targetIds', `${unknown} is not a target of the resolution`);
      const visit = cmd.fromVisitDirective;
      if (visit && visit.text === null)
        throw new BadUserInput(
          'fromVisitDirective',
          `the resolution has no supervision visit ${visit.visitId} with directive ${visit.index}`,
        );
      return [
        {
          type: 'TaskAssigned',
          data: {
            taskId: cmd.taskId,
            resolutionId: cmd.resolutionId,
            title: cmd.title.trim(),
            assigneeUnitId: cmd.assigneeUnitId,
            assigneeMemberId: cmd.assigneeMemberId,
            targetIds: cmd.targetIds,
            dueOn: cmd.dueOn,
            ...(cmd.fromDirective ? { fromDirective: cmd.fromDirective } : {}),
            ...(visit
              ? {
                  fromVisitDirective: {
                    visitId: visit.visitId,
                    index: visit.index,
                    text: visit.text as string,
                  },
                }
              : {}),
            // Added field: absent on older events, which mean NONE.
            ...(cmd.reportingFrequency && cmd.reportingFrequency !== 'NONE'
              ? {
                  reportingFrequency: cmd.reportingFrequency,
                  reportGraceDays: cmd.reportGraceDays ?? DEFAULT_REPORT_GRACE_DAYS,
                }
              : {}),
          },
        },
      ];
    }
    case 'AcceptTask':
      requireResolutionStatus(cmd, IMPLEMENTING, 'accept a task');
      requireTaskStatus(state, ['ASSIGNED'], 'accept');
      return [{ type: 'TaskAccepted', data: { taskId, resolutionId } }];
    case 'ReportProgress':
      return reportProgress(cmd, state);
    case 'RequestExtension':
      requireResolutionStatus(cmd, IMPLEMENTING, 'request an extension');
      requireTaskStatus(state, ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'], 'request an extension');
      if (cmd.requestedDueOn <= (state.dueOn as string))
        throw new BadUserInput('requestedDueOn', 'must be after the current due date');
      return [
        {
          type: 'TaskExtensionRequested',
          data: {
            taskId,
            resolutionId,
            requestedDueOn: cmd.requestedDueOn,
            reason: cmd.reason.trim(),
          },
        },
      ];
    case 'GrantExtension':
      requireResolutionStatus(cmd, IN_FORCE, 'extend a task');
      requireTaskStatus(state, ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'], 'extend');
      if (cmd.dueOn <= (state.dueOn as string))
        throw new BadUserInput('dueOn', 'must be after the current due date');
      return [
        {
          type: 'TaskDueDateExtended',
          data: { taskId, resolutionId, previousDueOn: state.dueOn as string, dueOn: cmd.dueOn },
        },
      ];
    case 'CompleteTask':
      requireResolutionStatus(cmd, IMPLEMENTING, 'complete a task');
      requireTaskStatus(state, ['ACCEPTED', 'IN_PROGRESS'], 'complete');
      return [{ type: 'TaskCompleted', data: { taskId, resolutionId } }];
    case 'CancelTask':
      requireResolutionStatus(cmd, IN_FORCE, 'cancel a task');
      requireTaskStatus(state, ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'], 'cancel');
      return [{ type: 'TaskCancelled', data: { taskId, resolutionId, reason: cmd.reason.trim() } }];
    case 'ApproveReport':
    case 'ReturnReport': {
      requireResolutionStatus(cmd, IN_FORCE, 'decide on a report');
      const report = state.reports.get(cmd.subjectReportId) as ReportRef;
      // Once per report: an approved or returned report is decided.
      if (report.status !== 'SUBMITTED')
        throw new InvalidTransition('decide on a report', `report ${report.status}`);
      const reportId = cmd.subjectReportId;
      return cmd.type === 'ApproveReport'
        ? [{ type: 'ReportApproved', data: { taskId, resolutionId, reportId } }]
        : [
            {
              type: 'ReportReturned',
              data: { taskId, resolutionId, reportId, reason: cmd.reason.trim() },
            },
          ];
    }
  }
}

function reportProgress(
  cmd: Extract<TaskCommand, { type: 'ReportProgress' }>,
  state: TaskState,
): TaskEvent[] {
  const correcting = cmd.correctsReportId !== null;
  if (correcting) {
    requireResolutionStatus(cmd, [...IMPLEMENTING, 'FINAL_EVALUATED'], 'correct a report');
    requireTaskStatus(state, ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED'], 'correct a report');
  } else {
    requireResolutionStatus(cmd, IMPLEMENTING, 'report progress');
    requireTaskStatus(state, ['ACCEPTED', 'IN_PROGRESS'], 'report progress');
  }
  const resolution = cmd.resolution!;
  if (correcting) {
    const original = state.reports.get(cmd.correctsReportId as string);
    if (!original) throw new BadUserInput('correctsReportId', 'no such report on this task');
    if (original.year !== cmd.year)
      throw new BadUserInput('year', 'a correction is for the same year as the report it corrects');
  }
  if (cmd.year < resolution.termStart || cmd.year > resolution.termEnd)
    throw new BadUserInput(
      'year',
      `must be within the term ${resolution.termStart}–${resolution.termEnd}`,
    );
  if (cmd.year > yearOf(cmd.today)) throw new BadUserInput('year', 'must not be in the future');
  cmd.measurements.forEach((m, i) => {
    const target = resolution.targets.get(m.targetId);
    if (!target || !state.targetIds.includes(m.targetId))
      throw new BadUserInput(`measurements[${i}].targetId`, 'not a target linked to this task');
    if (m.year <= target.baselineYear || m.year > target.dueYear)
      throw new BadUserInput(
        `measurements[${i}].year`,
        `must be after ${target.baselineYear} and not after ${target.dueYear}`,
      );
  });
  return [
    {
      type: 'ProgressReported',
      data: {
        taskId: state.id as string,
        resolutionId: state.resolutionId as string,
        reportId: cmd.reportId,
        unitKey: unitKeyOf(state),
        year: cmd.year,
        percentComplete: cmd.percentComplete,
        narrative: cmd.narrative,
        difficulties: cmd.difficulties,
        proposals: cmd.proposals,
        measurements: cmd.measurements.map((m) => ({
          targetId: m.targetId,
          year: m.year,
          value: parseDecimal(m.value).toFixed(),
        })),
        correctsReportId: cmd.correctsReportId,
      },
    },
  ];
}

/** The reporting unit: the assignee unit, else the member. */
export function unitKeyOf(task: {
  assigneeUnitId: string | null;
  assigneeMemberId: string | null;
  id: string | null;
}): string {
  if (task.assigneeUnitId) return `unit:${task.assigneeUnitId}`;
  if (task.assigneeMemberId) return `member:${task.assigneeMemberId}`;
  return `task:${task.id}`;
}

export function evolve(state: TaskState, event: TaskEvent): TaskState {
  switch (event.type) {
    case 'TaskAssigned':
      return {
        status: 'ASSIGNED',
        id: event.data.taskId,
        resolutionId: event.data.resolutionId,
        assigneeUnitId: event.data.assigneeUnitId,
        assigneeMemberId: event.data.assigneeMemberId,
        targetIds: event.data.targetIds,
        dueOn: event.data.dueOn,
        reports: new Map(),
      };
    case 'TaskAccepted':
      return { ...state, status: 'ACCEPTED' };
    case 'ProgressReported': {
      const reports = new Map(state.reports);
      reports.set(event.data.reportId, { year: event.data.year, status: 'SUBMITTED' });
      const status = state.status === 'ACCEPTED' ? 'IN_PROGRESS' : state.status;
      return { ...state, status, reports };
    }
    case 'TaskDueDateExtended':
      return { ...state, dueOn: event.data.dueOn };
    case 'TaskCompleted':
      return { ...state, status: 'COMPLETED' };
    case 'TaskCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'ReportApproved':
    case 'ReportReturned': {
      const report = state.reports.get(event.data.reportId);
      if (!report) return state;
      const reports = new Map(state.reports);
      const status = event.type === 'ReportApproved' ? 'APPROVED' : 'RETURNED';
      reports.set(event.data.reportId, { ...report, status });
      return { ...state, reports };
    }
    default:
      return state;
  }
}

export const taskDecider = { decide, evolve, initialState, authorize, checkAccess };
