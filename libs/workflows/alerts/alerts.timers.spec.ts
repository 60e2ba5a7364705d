import { initialState as resolutionInitial } from '../resolution/resolution.decider';
import { initialState as taskInitial, type TaskState } from '../task/task.decider';
import {
  addDays,
  instantOf,
  midtermDueOn,
  stillDue,
  timerEvent,
  timersCausedBy,
  type TimerSource,
} from './alerts.timers';

const SETTINGS = { reminderDays: 7 };
const assigned = (over: Partial<TimerSource> = {}): TimerSource => ({
  id: 'ev-assigned',
  type: 'TaskAssigned',
  data: { taskId: 'task-1', resolutionId: 'res-1', dueOn: '2024-06-30' },
  occurredAt: '2024-01-10T03:00:00.000Z',
  correlationId: 'corr-1',
  ...over,
});
const task = (over: Partial<TaskState>): TaskState => ({ ...taskInitial, ...over });

describe('alerts timers: when they fall due', () => {
  it('dates and instants: 00:00 in Asia/Ho_Chi_Minh, calendar arithmetic across months', () => {
    expect(instantOf('2024-06-30')).toBe('2024-06-29T17:00:00.000Z');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(midtermDueOn(2020, 2025)).toBe('2023-01-01');
    expect(midtermDueOn(2021, 2025)).toBe('2023-01-01');
  });

  it('TaskAssigned: a reminder REMINDER_DAYS before dueOn and an overdue flag the day after', () =>
    expect(timersCausedBy(assigned(), SETTINGS)).toEqual([
      {
        timerId: 'TaskDueSoon:task-1:2024-06-30',
        type: 'TaskDueSoon',
        streamId: 'alerts-res-1',
        resolutionId: 'res-1',
        taskId: 'task-1',
        dueOn: '2024-06-30',
        fireAt: instantOf('2024-06-23'),
        causationId: 'ev-assigned',
        correlationId: 'corr-1',
      },
      {
        timerId: 'TaskOverdue:task-1:2024-06-30',
        type: 'TaskOverdue',
        streamId: 'alerts-res-1',
        resolutionId: 'res-1',
        taskId: 'task-1',
        dueOn: '2024-06-30',
        fireAt: instantOf('2024-07-01'),
        causationId: 'ev-assigned',
        correlationId: 'corr-1',
      },
    ]));

  it('a timer already due when its cause was stored never fires', () => {
    const late = assigned({ occurredAt: '2024-06-25T03:00:00.000Z' });
    expect(timersCausedBy(late, SETTINGS).map((t) => t.type)).toEqual(['TaskOverdue']);
    const exact = assigned({ occurredAt: instantOf('2024-07-01') });
    expect(timersCausedBy(exact, SETTINGS)).toEqual([]);
  });

  it('an extension makes the timers due again for the new date', () => {
    const extended = timersCausedBy(
      assigned({
        id: 'ev-ext',
        type: 'TaskDueDateExtended',
        data: { taskId: 'task-1', resolutionId: 'res-1', dueOn: '2024-09-30' },
      }),
      SETTINGS,
    );
    expect(extended.map((t) => t.timerId)).toEqual([
      'TaskDueSoon:task-1:2024-09-30',
      'TaskOverdue:task-1:2024-09-30',
    ]);
    expect(extended.every((t) => t.causationId === 'ev-ext')).toBe(true);
  });

  it('ResolutionIssued: the mid-term review is due at mid-term, for a CONGRESS resolution only', () => {
    const issued = (kind: 'CONGRESS' | 'THEMATIC') =>
      timersCausedBy(
        {
          id: 'ev-issued',
          type: 'ResolutionIssued',
          data: { resolutionId: 'res-1' },
          occurredAt: '2020-12-15T03:00:00.000Z',
          correlationId: null,
          resolution: { kind, termStart: 2020, termEnd: 2025 },
        },
        SETTINGS,
      );
    expect(issued('CONGRESS')).toEqual([
      expect.objectContaining({
        timerId: 'MidtermReviewDue:res-1:2023-01-01',
        taskId: null,
        fireAt: instantOf('2023-01-01'),
      }),
    ]);
    expect(issued('THEMATIC')).toEqual([]);
  });
});

describe('alerts timers: unless by then', () => {
  const [soon] = timersCausedBy(assigned(), SETTINGS);

  it('fires for an open task still due on that date', () => {
    expect(stillDue(soon, task({ status: 'IN_PROGRESS', dueOn: '2024-06-30' }))).toBe(true);
    expect(timerEvent(soon)).toEqual({
      type: 'TaskDueSoon',
      data: { taskId: 'task-1', resolutionId: 'res-1', dueOn: '2024-06-30' },
    });
  });

  it.each(['COMPLETED', 'CANCELLED'] as const)('not for a task %s by then', (status) =>
    expect(stillDue(soon, task({ status, dueOn: '2024-06-30' }))).toBe(false),
  );

  it('not for the old date once the task was given another', () =>
    expect(stillDue(soon, task({ status: 'ACCEPTED', dueOn: '2024-09-30' }))).toBe(false));

  it('the mid-term reminder: not once a review was held, nor for a closed resolution', () => {
    const due = {
      ...soon,
      type: 'MidtermReviewDue' as const,
      taskId: null,
      timerId: 'MidtermReviewDue:res-1:2023-01-01',
    };
    expect(stillDue(due, { ...resolutionInitial, status: 'IN_IMPLEMENTATION' })).toBe(true);
    expect(
      stillDue(due, { ...resolutionInitial, status: 'IN_IMPLEMENTATION', midtermReviewId: 'r' }),
    ).toBe(false);
    for (const status of ['WITHDRAWN', 'SUPERSEDED', 'FINAL_EVALUATED'] as const)
      expect(stillDue(due, { ...resolutionInitial, status })).toBe(false);
    expect(timerEvent(due)).toEqual({
      type: 'MidtermReviewDue',
      data: { resolutionId: 'res-1', dueOn: '2024-06-30' },
    });
  });
});
