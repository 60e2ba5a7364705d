import { initialState as resolutionInitial } from '../resolution/resolution.decider';
import { initialState as taskInitial, type TaskState } from '../task/task.decider';
import type { ObligationFacts } from '../task/reporting-obligations';
import {
  addDays,
  instantOf,
  midtermDueOn,
  reportStillDue,
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
        period: null,
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
        period: null,
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

describe('alerts timers: reporting obligations', () => {
  const facts = (over: Partial<ObligationFacts> = {}): ObligationFacts => ({
    taskId: 'task-1',
    frequency: 'QUARTERLY',
    graceDays: 10,
    assignedOn: '2024-01-10',
    dueOn: '2024-06-30',
    closedOn: null,
    reports: [],
    ...over,
  });
  const reportTimers = (source: TimerSource) =>
    timersCausedBy(source, SETTINGS)
      .filter((t) => t.period)
      .map((t) => [t.timerId, t.period, t.fireAt, t.causationId]);

  it('TaskAssigned: a reminder and a missed flag for every period, at its dueOn', () =>
    expect(reportTimers(assigned({ reporting: facts() }))).toEqual([
      ['ReportDueSoon:task-1:2024-04-10', '2024-Q1', instantOf('2024-04-03'), 'ev-assigned'],
      ['ReportMissed:task-1:2024-04-10', '2024-Q1', instantOf('2024-04-11'), 'ev-assigned'],
      ['ReportDueSoon:task-1:2024-07-10', '2024-Q2', instantOf('2024-07-03'), 'ev-assigned'],
      ['ReportMissed:task-1:2024-07-10', '2024-Q2', instantOf('2024-07-11'), 'ev-assigned'],
    ]));

  it('no report timers without a reporting frequency', () => {
    expect(reportTimers(assigned({ reporting: facts({ frequency: 'NONE' }) }))).toEqual([]);
    expect(reportTimers(assigned())).toEqual([]);
  });

  it('an extension adds the periods it reaches, caused by the extension', () =>
    expect(
      reportTimers(
        assigned({
          id: 'ev-ext',
          type: 'TaskDueDateExtended',
          occurredAt: '2024-06-20T03:00:00.000Z',
          data: {
            taskId: 'task-1',
            resolutionId: 'res-1',
            previousDueOn: '2024-06-30',
            dueOn: '2024-09-30',
          },
          reporting: facts({ dueOn: '2024-09-30' }),
        }),
      ),
    ).toEqual([
      ['ReportDueSoon:task-1:2024-10-10', '2024-Q3', instantOf('2024-10-03'), 'ev-ext'],
      ['ReportMissed:task-1:2024-10-10', '2024-Q3', instantOf('2024-10-11'), 'ev-ext'],
    ]));

  it('unless by then: a report satisfied the obligation, or the task was closed', () => {
    const [q1Soon] = timersCausedBy(assigned({ reporting: facts() }), SETTINGS).filter(
      (t) => t.period === '2024-Q1',
    );
    expect(reportStillDue(q1Soon, facts())).toBe(true);
    expect(
      reportStillDue(q1Soon, facts({ reports: [{ reportId: 'r1', date: '2024-03-20' }] })),
    ).toBe(false);
    // A report for Q1 made before Q1 started satisfies nothing.
    expect(
      reportStillDue(q1Soon, facts({ reports: [{ reportId: 'r0', date: '2023-12-31' }] })),
    ).toBe(true);
    expect(reportStillDue(q1Soon, facts({ closedOn: '2024-03-01' }))).toBe(false);
    expect(reportStillDue(q1Soon, null)).toBe(false);
    expect(timerEvent(q1Soon)).toEqual({
      type: 'ReportDueSoon',
      data: { taskId: 'task-1', resolutionId: 'res-1', period: '2024-Q1', dueOn: '2024-04-10' },
    });
  });
});
