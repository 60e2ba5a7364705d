import type { ResolutionState } from '../resolution/resolution.decider';
import { addDays, instantOf } from '../shared/calendar';
import { alertsStream } from '../shared/streams';
import type { TaskState } from '../task/task.decider';

/**
 * The timers of DOMAIN.md ("Timers"): pure rules for when each falls due and whether it still
 * fires then. Instants are 00:00 Asia/Ho_Chi_Minh of the date named.
 */
export type TimerType = 'TaskDueSoon' | 'TaskOverdue' | 'MidtermReviewDue';

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
  /** The date it is due for (the task's dueOn, or the mid-term review's due date). */
  dueOn: string;
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
  const timer = (type: TimerType, entity: string, dueOn: string, fireOn: string) => ({
    timerId: `${type}:${entity}:${dueOn}`,
    type,
    streamId: alertsStream(resolutionId),
    resolutionId,
    taskId: type === 'MidtermReviewDue' ? null : entity,
    dueOn,
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
  return t.status !== 'COMPLETED' && t.status !== 'CANCELLED' && t.dueOn === timer.dueOn;
}

/** The event a timer writes on the resolution's alerts stream. */
export function timerEvent(timer: PendingTimer): { type: TimerType; data: Record<string, string> } {
  const data: Record<string, string> = { resolutionId: timer.resolutionId, dueOn: timer.dueOn };
  if (timer.taskId) data.taskId = timer.taskId;
  return { type: timer.type, data };
}
