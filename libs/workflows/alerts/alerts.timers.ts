import type { ResolutionState } from '../resolution/resolution.decider';
import { addDays, instantOf } from '../shared/calendar';
import { alertsStream } from '../shared/streams';
import type { TaskState } from '../task/task.decider';
import { obligationsOf, periodsBetween, type ObligationFacts } from '../task/reporting-obligations';
import { isClosed } from '../task/task-status';

/**
 * The timers of DOMAIN.md ("Timers"): pure rules for when each falls due and whether it still
 * fires then. Instants are 00:00 Asia/Ho_Chi_Minh of the date named.
 */
export type TimerType =
  'TaskDueSoon' | 'TaskOverdue' | 'ReportDueSoon' | 'ReportMissed' | 'MidtermReviewDue';
const REPORT_TIMERS: readonly TimerType[] = ['ReportDueSoon', 'ReportMissed'];

export interface TimerSettings {
  /** Days before a due date that the reminder fires (REMINDER_DAYS, default 7). */
  reminderDays: number;
}

export interface PendingTimer {
  /** `<type>:<entity>:<dueOn>`: one timer per (entity, kind, date), and its commandId. */
  timerId: string;
  type: TimerType;
  streamId: string;
  resolutionId: string;
  taskId: string | null;
  /** The date it is due for (the task's or obligation's dueOn, or the mid-term review's). */
  dueOn: string;
  /** A report timer's reporting period ("2024-Q2"); null for the others. */
  period: string | null;
  /** ISO instant it fires at. */
  fireAt: string;
  causationId: string;
  correlationId: string | null;
}

/** A stored event that makes timers due, with what its stream said of itself at the time. */
export interface TimerSource {
  id: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
  correlationId: string | null;
  /** For ResolutionIssued: the resolution as it stood then. */
  resolution?: Pick<ResolutionState, 'kind' | 'termStart' | 'termEnd'>;
  /** For TaskAssigned and TaskDueDateExtended: the task's obligation facts after it. */
  reporting?: ObligationFacts | null;
}

export { addDays, instantOf };

export const TIMER_SOURCES = ['TaskAssigned', 'TaskDueDateExtended', 'ResolutionIssued'] as const;

/** 1 January of termStart + ⌊(termEnd − termStart + 1) / 2⌋: 2020–2025 → 2023-01-01. */
export function midtermDueOn(termStart: number, termEnd: number): string {
  return `${termStart + Math.floor((termEnd - termStart + 1) / 2)}-01-01`;
}

/**
 * The timers an event makes due. One already due when its cause was stored never fires (it was
 * due already; `overdue` still shows it).
 */
export function timersCausedBy(source: TimerSource, settings: TimerSettings): PendingTimer[] {
  const d = source.data;
  const resolutionId = String(d.resolutionId);
  const timer = (
    type: TimerType,
    entity: string,
    dueOn: string,
    fireOn: string,
    period: string | null = null,
  ) => ({
    timerId: `${type}:${entity}:${dueOn}`,
    type,
    streamId: alertsStream(resolutionId),
    resolutionId,
    taskId: type === 'MidtermReviewDue' ? null : entity,
    dueOn,
    period,
    fireAt: instantOf(fireOn),
    causationId: source.id,
    correlationId: source.correlationId,
  });
  let timers: PendingTimer[] = [];
  switch (source.type) {
    case 'TaskAssigned':
    case 'TaskDueDateExtended': {
      const taskId = String(d.taskId);
      const dueOn = String(d.dueOn);
      timers = [
        timer('TaskDueSoon', taskId, dueOn, addDays(dueOn, -settings.reminderDays)),
        timer('TaskOverdue', taskId, dueOn, addDays(dueOn, 1)),
      ];
      // The obligations this event made exist: all on assignment, the reached ones on extension.
      const facts = source.reporting;
      if (facts && facts.frequency !== 'NONE') {
        const before =
          source.type === 'TaskDueDateExtended'
            ? new Set(
                periodsBetween(facts.frequency, facts.assignedOn, String(d.previousDueOn)).map(
                  (p) => p.period,
                ),
              )
            : new Set<string>();
        for (const o of obligationsOf(facts, '').filter((o) => !before.has(o.period)))
          timers.push(
            timer(
              'ReportDueSoon',
              taskId,
              o.dueOn,
              addDays(o.dueOn, -settings.reminderDays),
              o.period,
            ),
            timer('ReportMissed', taskId, o.dueOn, addDays(o.dueOn, 1), o.period),
          );
      }
      break;
    }
    case 'ResolutionIssued': {
      const r = source.resolution;
      if (r?.kind !== 'CONGRESS') return [];
      const dueOn = midtermDueOn(r.termStart, r.termEnd);
      timers = [timer('MidtermReviewDue', resolutionId, dueOn, dueOn)];
      break;
    }
  }
  return timers.filter((t) => Date.parse(t.fireAt) > Date.parse(source.occurredAt));
}

/**
 * Whether a timer still fires, judged on its entity as it stood just before its instant: a task
 * closed by then, or given another due date, cancels it; so does a mid-term review held, or a
 * resolution withdrawn, superseded or finally evaluated.
 */
export function stillDue(timer: PendingTimer, entity: TaskState | ResolutionState): boolean {
  if (timer.type === 'MidtermReviewDue') {
    const r = entity as ResolutionState;
    return (
      r.midtermReviewId === null &&
      !['WITHDRAWN', 'SUPERSEDED', 'FINAL_EVALUATED', 'MIDTERM_REVIEWED'].includes(r.status)
    );
  }
  const t = entity as TaskState;
  return !isClosed(t.status) && t.dueOn === timer.dueOn;
}

export function isReportTimer(timer: PendingTimer): boolean {
  return REPORT_TIMERS.includes(timer.type);
}

/**
 * Whether a report timer still fires, judged on the task's obligation facts folded from the events
 * stored before its instant: not if the task is closed, or a report satisfied the obligation.
 */
export function reportStillDue(timer: PendingTimer, facts: ObligationFacts | null): boolean {
  if (!facts || facts.closedOn) return false;
  // Only whether a report matched is read, which does not depend on the date.
  const obligation = obligationsOf(facts, '').find((o) => o.period === timer.period);
  return obligation !== undefined && obligation.reportId === null;
}

/** The event a timer writes on the resolution's alerts stream. */
export function timerEvent(timer: PendingTimer): { type: TimerType; data: Record<string, string> } {
  const data: Record<string, string> = { resolutionId: timer.resolutionId, dueOn: timer.dueOn };
  if (timer.taskId) data.taskId = timer.taskId;
  if (timer.period) data.period = timer.period;
  return { type: timer.type, data };
}
