import { BadUserInput, Forbidden, InvalidTransition, NotFound } from '../../shared/domain-errors';
import type { ResolutionStatus } from '../resolution/resolution.events';
import { ROLES, type Actor, type CommandContext, type Role } from '../shared/actor';
import { deciderSpec } from '../shared/decider-spec';
import type { ResolutionContext, TaskCommand } from './task.commands';
import { evolve, initialState, taskDecider } from './task.decider';
import type { MeasurementData, TaskEvent, TaskStatus } from './task.events';

// ---- actors, resolution context ---------------------------------------------------------------

const TASK = 'task-1';
const R = 'res-1';
const UNIT = 'unit-phuong-1';
const MEMBER_ID = 'member-7';

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: `user-${role}`,
  role,
  ...extra,
});
const SECRETARIAT = actor('SECRETARIAT');
const REPORTER = actor('UNIT_REPORTER', { unitId: UNIT });
const OTHER_REPORTER = actor('UNIT_REPORTER', { unitId: 'unit-other' });
const ASSIGNEE_MEMBER: Actor = { id: MEMBER_ID, role: 'MEMBER' };

const TODAY = '2023-06-01';

/** Targets t-1, t-2 (both linked to the task) and t-3 (of the resolution, not linked). */
const resolution = (status: ResolutionStatus = 'IN_IMPLEMENTATION'): ResolutionContext => ({
  status,
  termStart: 2020,
  termEnd: 2025,
  targets: new Map([
    ['t-1', { baselineYear: 2020, dueYear: 2025 }],
    ['t-2', { baselineYear: 2020, dueYear: 2022 }],
    ['t-3', { baselineYear: 2020, dueYear: 2025 }],
  ]),
});

const context = (a: Actor) => ({
  actor: a,
  at: `${TODAY}T03:00:00.000Z`,
  today: TODAY,
  resolution: resolution(),
});

// ---- commands ---------------------------------------------------------------------------------

type Type = TaskCommand['type'];
type Context = CommandContext & { resolution: ResolutionContext | null };
type Payload<T extends Type> = Omit<Extract<TaskCommand, { type: T }>, 'type' | keyof Context>;
type Overrides<T extends Type> = Partial<Payload<T>> & Partial<Context>;

function command<T extends Type>(type: T, by: Actor, defaults: Payload<T>) {
  return (over: Overrides<T> = {}): TaskCommand =>
    ({ ...context(by), type, ...defaults, ...over }) as TaskCommand;
}

const assignTask = command('AssignTask', SECRETARIAT, {
  taskId: TASK,
  resolutionId: R,
  title: ' Phát triển sản phẩm OCOP ',
  assigneeUnitId: UNIT,
  assigneeMemberId: null,
  targetIds: ['t-1', 't-2'],
  dueOn: '2025-12-31',
});
const acceptTask = command('AcceptTask', REPORTER, {});
const m = (targetId: string, year: number, value: string): MeasurementData => ({
  targetId,
  year,
  value,
});
const reportProgress = command('ReportProgress', REPORTER, {
  reportId: 'rep-2',
  year: 2023,
  percentComplete: 60,
  narrative: 'on track',
  difficulties: null,
  proposals: null,
  measurements: [m('t-1', 2023, '170.0')],
  correctsReportId: null,
});
const correctReport = (over: Overrides<'ReportProgress'> = {}) =>
  reportProgress({
    reportId: 'rep-fix',
    year: 2022,
    measurements: [m('t-1', 2022, '165.50')],
    correctsReportId: 'rep-1',
    ...over,
  });
const requestExtension = command('RequestExtension', REPORTER, {
  requestedDueOn: '2026-06-30',
  reason: ' flood season ',
});
const grantExtension = command('GrantExtension', SECRETARIAT, { dueOn: '2026-06-30' });
const completeTask = command('CompleteTask', REPORTER, {});
const cancelTask = command('CancelTask', SECRETARIAT, { reason: ' merged into task-2 ' });
const approveReport = command('ApproveReport', SECRETARIAT, { subjectReportId: 'rep-1' });
const returnReport = command('ReturnReport', SECRETARIAT, {
  subjectReportId: 'rep-1',
  reason: ' figure for 2022 double-counts a ward ',
});

const EVERY_COMMAND: Record<Type, (over?: Overrides<Type>) => TaskCommand> = {
  AssignTask: assignTask,
  AcceptTask: acceptTask,
  ReportProgress: reportProgress,
  RequestExtension: requestExtension,
  GrantExtension: grantExtension,
  CompleteTask: completeTask,
  CancelTask: cancelTask,
  ApproveReport: approveReport,
  ReturnReport: returnReport,
};

// ---- events -----------------------------------------------------------------------------------

const ids = { taskId: TASK, resolutionId: R };
const e = {
  assigned: (
    over: Partial<Extract<TaskEvent, { type: 'TaskAssigned' }>['data']> = {},
  ): TaskEvent => ({
    type: 'TaskAssigned',
    data: {
      ...ids,
      title: 'Phát triển sản phẩm OCOP',
      assigneeUnitId: UNIT,
      assigneeMemberId: null,
      targetIds: ['t-1', 't-2'],
      dueOn: '2025-12-31',
      ...over,
    },
  }),
  accepted: (): TaskEvent => ({ type: 'TaskAccepted', data: ids }),
  reported: (
    over: Partial<Extract<TaskEvent, { type: 'ProgressReported' }>['data']> = {},
  ): TaskEvent => ({
    type: 'ProgressReported',
    data: {
      ...ids,
      reportId: 'rep-1',
      unitKey: `unit:${UNIT}`,
      year: 2022,
      percentComplete: 40,
      narrative: null,
      difficulties: null,
      proposals: null,
      measurements: [{ targetId: 't-1', year: 2022, value: '160' }],
      correctsReportId: null,
      ...over,
    },
  }),
  completed: (): TaskEvent => ({ type: 'TaskCompleted', data: ids }),
  cancelled: (): TaskEvent => ({
    type: 'TaskCancelled',
    data: { ...ids, reason: 'merged into task-2' },
  }),
};

const ASSIGNED = [e.assigned()];
const ACCEPTED = [...ASSIGNED, e.accepted()];
const IN_PROGRESS = [...ACCEPTED, e.reported()];
const COMPLETED = [...IN_PROGRESS, e.completed()];
const HISTORY: Record<TaskStatus, TaskEvent[]> = {
  ASSIGNED,
  ACCEPTED,
  IN_PROGRESS,
  COMPLETED,
  CANCELLED: [...ASSIGNED, e.cancelled()],
};
const TASK_STATUSES = Object.keys(HISTORY) as TaskStatus[];
const RESOLUTION_STATUSES: ResolutionStatus[] = [
  'DRAFT',
  'IN_REVIEW',
  'ISSUED',
  'IN_IMPLEMENTATION',
  'MIDTERM_REVIEWED',
  'FINAL_EVALUATED',
  'WITHDRAWN',
  'SUPERSEDED',
];

/** The event a new report (the default reportProgress) yields. */
const newReport = (over: Partial<Extract<TaskEvent, { type: 'ProgressReported' }>['data']> = {}) =>
  e.reported({
    reportId: 'rep-2',
    year: 2023,
    percentComplete: 60,
    narrative: 'on track',
    measurements: [{ targetId: 't-1', year: 2023, value: '170' }],
    ...over,
  });

const given = deciderSpec(taskDecider);

// ---- happy paths ------------------------------------------------------------------------------

describe('task decider: happy paths', () => {
  it.each<ResolutionStatus>(['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED'])(
    'assigns a task while the resolution is %s',
    (status) =>
      given([])
        .when(assignTask({ resolution: resolution(status) }))
        .then([e.assigned()]),
  );

  it('the standing committee assigns a task to a member, with no targets', () =>
    given([])
      .when(
        assignTask({
          actor: actor('STANDING_COMMITTEE'),
          assigneeUnitId: null,
          assigneeMemberId: MEMBER_ID,
          targetIds: [],
        }),
      )
      .then([e.assigned({ assigneeUnitId: null, assigneeMemberId: MEMBER_ID, targetIds: [] })]));

  it('a reporting frequency is kept with the grace days it was assigned with', () =>
    given([])
      .when(assignTask({ reportingFrequency: 'QUARTERLY', reportGraceDays: 15 }))
      .then([e.assigned({ reportingFrequency: 'QUARTERLY', reportGraceDays: 15 })]));

  it('NONE is not recorded: older events without the field mean the same', () =>
    given([])
      .when(assignTask({ reportingFrequency: 'NONE', reportGraceDays: 15 }))
      .then([e.assigned()]));

  it('accepts an assigned task', () => given(ASSIGNED).when(acceptTask()).then([e.accepted()]));

  it('the assignee member accepts a task assigned to them', () =>
    given([e.assigned({ assigneeUnitId: null, assigneeMemberId: MEMBER_ID })])
      .when(acceptTask({ actor: ASSIGNEE_MEMBER }))
      .then([e.accepted()]));

  it('reports progress on an accepted task, normalising "170.0" to "170"', () =>
    given(ACCEPTED).when(reportProgress()).then([newReport()]));

  it('reports any number of times per year, on IN_PROGRESS too', () =>
    given([...IN_PROGRESS, newReport()])
      .when(reportProgress({ reportId: 'rep-3', measurements: [m('t-1', 2023, '175')] }))
      .then([
        newReport({
          reportId: 'rep-3',
          measurements: [{ targetId: 't-1', year: 2023, value: '175' }],
        }),
      ]));

  it('reports with several measurements (earlier years too), text-only, and on MIDTERM_REVIEWED', () =>
    given(IN_PROGRESS)
      .when(
        reportProgress({
          resolution: resolution('MIDTERM_REVIEWED'),
          percentComplete: null,
          measurements: [m('t-1', 2021, '0.50'), m('t-2', 2022, '-0.0'), m('t-1', 2023, '3700')],
        }),
      )
      .then([
        newReport({
          percentComplete: null,
          measurements: [
            { targetId: 't-1', year: 2021, value: '0.5' },
            { targetId: 't-2', year: 2022, value: '0' },
            { targetId: 't-1', year: 2023, value: '3700' },
          ],
        }),
      ]));

  it('percentComplete 0 and 100 are accepted', () => {
    given(ACCEPTED)
      .when(reportProgress({ percentComplete: 0 }))
      .then([newReport({ percentComplete: 0 })]);
    given(ACCEPTED)
      .when(reportProgress({ percentComplete: 100 }))
      .then([newReport({ percentComplete: 100 })]);
  });

  it('a report by the assignee member carries the member as its unit', () =>
    given([e.assigned({ assigneeUnitId: null, assigneeMemberId: MEMBER_ID }), e.accepted()])
      .when(reportProgress({ actor: ASSIGNEE_MEMBER }))
      .then([newReport({ unitKey: `member:${MEMBER_ID}` })]));

  it('the first report moves the task to IN_PROGRESS', () => {
    given([...ACCEPTED, e.reported()])
      .when(acceptTask())
      .thenThrows(InvalidTransition, /task IN_PROGRESS$/);
    expect(ACCEPTED.reduce(evolve, initialState).status).toBe('ACCEPTED');
    expect(IN_PROGRESS.reduce(evolve, initialState).status).toBe('IN_PROGRESS');
  });

  it('a correction on a COMPLETED task keeps it COMPLETED', () =>
    expect(
      [...COMPLETED, e.reported({ reportId: 'rep-fix', correctsReportId: 'rep-1' })].reduce(
        evolve,
        initialState,
      ).status,
    ).toBe('COMPLETED'));

  it.each<[TaskStatus, ResolutionStatus]>([
    ['IN_PROGRESS', 'IN_IMPLEMENTATION'],
    ['IN_PROGRESS', 'MIDTERM_REVIEWED'],
    ['IN_PROGRESS', 'FINAL_EVALUATED'],
    ['COMPLETED', 'IN_IMPLEMENTATION'],
    ['COMPLETED', 'MIDTERM_REVIEWED'],
    ['COMPLETED', 'FINAL_EVALUATED'],
  ])('corrects a report of a %s task while the resolution is %s', (taskStatus, status) =>
    given(HISTORY[taskStatus])
      .when(correctReport({ resolution: resolution(status) }))
      .then([
        newReport({
          reportId: 'rep-fix',
          year: 2022,
          measurements: [{ targetId: 't-1', year: 2022, value: '165.5' }],
          correctsReportId: 'rep-1',
        }),
      ]),
  );

  it('a correction may correct a correction', () =>
    given([...COMPLETED, e.reported({ reportId: 'rep-fix', correctsReportId: 'rep-1' })])
      .when(correctReport({ reportId: 'rep-fix-2', correctsReportId: 'rep-fix' }))
      .then([
        newReport({
          reportId: 'rep-fix-2',
          year: 2022,
          measurements: [{ targetId: 't-1', year: 2022, value: '165.5' }],
          correctsReportId: 'rep-fix',
        }),
      ]));

  it.each<TaskStatus>(['ACCEPTED', 'IN_PROGRESS'])('completes a task %s', (status) =>
    given(HISTORY[status]).when(completeTask()).then([e.completed()]),
  );

  it.each<TaskStatus>(['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'])(
    'requests an extension while %s',
    (status) =>
      given(HISTORY[status])
        .when(requestExtension())
        .then([
          {
            type: 'TaskExtensionRequested',
            data: { ...ids, requestedDueOn: '2026-06-30', reason: 'flood season' },
          },
        ]),
  );

  it.each<TaskStatus>(['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'])(
    'grants an extension while %s',
    (status) =>
      given(HISTORY[status])
        .when(grantExtension())
        .then([
          {
            type: 'TaskDueDateExtended',
            data: { ...ids, previousDueOn: '2025-12-31', dueOn: '2026-06-30' },
          },
        ]),
  );

  it('a granted extension is the new due date', () =>
    given([
      ...ASSIGNED,
      {
        type: 'TaskDueDateExtended',
        data: { ...ids, previousDueOn: '2025-12-31', dueOn: '2026-06-30' },
      },
    ])
      .when(grantExtension({ dueOn: '2026-06-30' }))
      .thenThrows(BadUserInput, /^dueOn:/));

  it.each<TaskStatus>(['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'])('cancels a task %s', (status) =>
    given(HISTORY[status]).when(cancelTask()).then([e.cancelled()]),
  );
});

// ---- refused transitions ----------------------------------------------------------------------

describe('task decider: INVALID_TRANSITION', () => {
  const byTaskStatus: [string, () => TaskCommand, TaskStatus[]][] = [
    ['AcceptTask', acceptTask, ['ASSIGNED']],
    ['ReportProgress', reportProgress, ['ACCEPTED', 'IN_PROGRESS']],
    ['ReportProgress (correction)', correctReport, ['IN_PROGRESS', 'COMPLETED']],
    ['CompleteTask', completeTask, ['ACCEPTED', 'IN_PROGRESS']],
    ['RequestExtension', requestExtension, ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS']],
    ['GrantExtension', grantExtension, ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS']],
    ['CancelTask', cancelTask, ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS']],
  ];
  it.each(
    byTaskStatus.flatMap(([name, cmd, allowed]) =>
      TASK_STATUSES.filter(
        (s) => !allowed.includes(s) && !(name.includes('correction') && s === 'ACCEPTED'),
      ).map((status) => [name, status, cmd] as const),
    ),
  )('%s is refused on a task %s', (_name, status, cmd) =>
    given(HISTORY[status])
      .when(cmd())
      .thenThrows(InvalidTransition, new RegExp(`task ${status}$`)),
  );

  it('a correction on an ACCEPTED task finds no report to correct', () =>
    given(ACCEPTED)
      .when(correctReport())
      .thenThrows(BadUserInput, /^correctsReportId:/));

  it('accepting twice is refused', () =>
    given(ACCEPTED)
      .when(acceptTask())
      .thenThrows(InvalidTransition, /cannot accept while task ACCEPTED/));

  it('reporting before accepting is refused', () =>
    given(ASSIGNED)
      .when(reportProgress())
      .thenThrows(InvalidTransition, /report progress while task ASSIGNED/));

  it('a new report on a COMPLETED task (without correctsReportId) is refused', () =>
    given(COMPLETED)
      .when(reportProgress())
      .thenThrows(InvalidTransition, /report progress while task COMPLETED/));

  it('assigning an existing task id again is refused', () =>
    given(ASSIGNED)
      .when(assignTask())
      .thenThrows(InvalidTransition, /assign while task ASSIGNED/));

  const byResolutionStatus: [string, () => TaskCommand, TaskEvent[], ResolutionStatus[]][] = [
    ['AssignTask', assignTask, [], ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    ['AcceptTask', acceptTask, ASSIGNED, ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    ['ReportProgress', reportProgress, ACCEPTED, ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    [
      'ReportProgress (correction)',
      correctReport,
      COMPLETED,
      ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
    ['CompleteTask', completeTask, IN_PROGRESS, ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    ['RequestExtension', requestExtension, ASSIGNED, ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    [
      'GrantExtension',
      grantExtension,
      ASSIGNED,
      ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
    [
      'CancelTask',
      cancelTask,
      ASSIGNED,
      ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
    [
      'ApproveReport',
      approveReport,
      IN_PROGRESS,
      ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
    [
      'ReturnReport',
      returnReport,
      IN_PROGRESS,
      ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
  ];
  const refused = byResolutionStatus.flatMap(([name, cmd, history, allowed]) =>
    RESOLUTION_STATUSES.filter((s) => !allowed.includes(s)).map(
      (status) => [name, status, cmd, history] as const,
    ),
  );

  it('every command is refused on a WITHDRAWN or SUPERSEDED resolution', () => {
    for (const [name] of byResolutionStatus) {
      const statuses = refused.filter(([n]) => n === name).map(([, s]) => s);
      expect(statuses).toEqual(expect.arrayContaining(['WITHDRAWN', 'SUPERSEDED']));
    }
    expect(new Set(byResolutionStatus.map(([name]) => name.split(' ')[0]))).toEqual(
      new Set(Object.keys(EVERY_COMMAND)),
    );
  });

  it.each(refused)('%s is refused while the resolution is %s', (_name, status, cmd, history) =>
    given(history)
      .when({ ...cmd(), resolution: resolution(status) })
      .thenThrows(InvalidTransition, new RegExp(`resolution ${status}$`)),
  );

  it.each<[string, () => TaskCommand, TaskEvent[]]>([
    ['GrantExtension', grantExtension, ASSIGNED],
    ['CancelTask', cancelTask, ASSIGNED],
    ['CompleteTask', completeTask, IN_PROGRESS],
  ])(
    '%s on a task of a SUPERSEDED resolution is refused before the task status matters',
    (_n, cmd, history) =>
      given(history)
        .when({ ...cmd(), resolution: resolution('SUPERSEDED') })
        .thenThrows(InvalidTransition, /resolution SUPERSEDED/),
  );
});

// ---- roles ------------------------------------------------------------------------------------

describe('task decider: FORBIDDEN', () => {
  const MANAGERS: Role[] = ['SECRETARIAT', 'STANDING_COMMITTEE'];
  const ASSIGNEES: Role[] = ['UNIT_REPORTER', 'MEMBER'];
  const allowedRoles: Record<Type, Role[]> = {
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
  const happyHistory: Record<Type, TaskEvent[]> = {
    AssignTask: [],
    AcceptTask: ASSIGNED,
    ReportProgress: ACCEPTED,
    RequestExtension: ASSIGNED,
    GrantExtension: ASSIGNED,
    CompleteTask: ACCEPTED,
    CancelTask: ASSIGNED,
    ApproveReport: IN_PROGRESS,
    ReturnReport: IN_PROGRESS,
  };
  const types = Object.keys(EVERY_COMMAND) as Type[];
  const refusals = types.flatMap((type) =>
    ROLES.filter((r) => !allowedRoles[type].includes(r)).map((role) => [type, role] as const),
  );

  it('AUDITOR and INTEGRATION can run nothing', () => {
    for (const role of ['AUDITOR', 'INTEGRATION'] as Role[])
      expect(refusals.filter(([, r]) => r === role).map(([t]) => t)).toEqual(types);
  });

  it.each(refusals)('%s is refused to %s (even with the assignee unit)', (type, role) =>
    given(happyHistory[type])
      .when(EVERY_COMMAND[type]({ actor: actor(role, { unitId: UNIT }) }))
      .thenThrows(Forbidden, new RegExp(`${role} may not ${type}`)),
  );

  const assigneeTypes = types.filter((t) => allowedRoles[t] === ASSIGNEES);
  it.each(assigneeTypes)('%s: a UNIT_REPORTER of another unit is refused', (type) =>
    given(happyHistory[type])
      .when(EVERY_COMMAND[type]({ actor: OTHER_REPORTER }))
      .thenThrows(Forbidden, /only the assignee/),
  );

  it.each(assigneeTypes)('%s: a UNIT_REPORTER without a unit is refused', (type) =>
    given(happyHistory[type])
      .when(EVERY_COMMAND[type]({ actor: actor('UNIT_REPORTER') }))
      .thenThrows(Forbidden, /only the assignee/),
  );

  it.each(assigneeTypes)('%s: a MEMBER who is not the assignee is refused', (type) =>
    given(
      happyHistory[type].map((ev) =>
        ev.type === 'TaskAssigned' ? e.assigned({ assigneeMemberId: MEMBER_ID }) : ev,
      ),
    )
      .when(EVERY_COMMAND[type]({ actor: { id: 'member-8', role: 'MEMBER', unitId: UNIT } }))
      .thenThrows(Forbidden, /only the assignee/),
  );

  it.each(assigneeTypes)('%s: a MEMBER is refused on a task assigned to a unit only', (type) =>
    given(happyHistory[type])
      .when(EVERY_COMMAND[type]({ actor: { id: MEMBER_ID, role: 'MEMBER', unitId: UNIT } }))
      .thenThrows(Forbidden, /only the assignee/),
  );

  it('a UNIT_REPORTER whose id is the assignee member is still refused', () =>
    given([e.assigned({ assigneeUnitId: null, assigneeMemberId: MEMBER_ID })])
      .when(acceptTask({ actor: { id: MEMBER_ID, role: 'UNIT_REPORTER', unitId: 'unit-other' } }))
      .thenThrows(Forbidden, /only the assignee/));

  it('on a task assigned to both, either the unit or the member may act', () => {
    const both = [e.assigned({ assigneeMemberId: MEMBER_ID })];
    given(both).when(acceptTask()).then([e.accepted()]);
    given(both)
      .when(acceptTask({ actor: ASSIGNEE_MEMBER }))
      .then([e.accepted()]);
  });

  it('role refusal wins over bad input (AUDITOR assigning with a blank title)', () =>
    given([])
      .when(assignTask({ actor: actor('AUDITOR'), title: ' ', targetIds: ['t-1', 't-1'] }))
      .thenThrows(Forbidden, /AUDITOR may not AssignTask/));

  it('role refusal wins over bad input (SECRETARIAT reporting percentComplete 101)', () =>
    given(ACCEPTED)
      .when(reportProgress({ actor: SECRETARIAT, percentComplete: 101 }))
      .thenThrows(Forbidden, /SECRETARIAT may not ReportProgress/));

  it('role refusal wins over NOT_FOUND', () =>
    given([])
      .when(acceptTask({ actor: actor('INTEGRATION') }))
      .thenThrows(Forbidden));

  it('malformed input wins over the unit scope (the contract orders shape before scope)', () =>
    given(ACCEPTED)
      .when(
        reportProgress({
          actor: OTHER_REPORTER,
          percentComplete: 101,
          measurements: [m('t-1', 2030, 'x')],
        }),
      )
      .thenThrows(BadUserInput, /percentComplete/));

  it('the other unit is refused even with state-dependent bad input', () =>
    given(ACCEPTED)
      .when(reportProgress({ actor: OTHER_REPORTER, year: 2024 }))
      .thenThrows(Forbidden, /only the assignee/));

  it('the other unit is refused before the transition is checked', () =>
    given(COMPLETED)
      .when(acceptTask({ actor: OTHER_REPORTER }))
      .thenThrows(Forbidden, /only the assignee/));

  it('the member who is not the assignee gets malformed input reported first', () =>
    given([e.assigned({ assigneeUnitId: null, assigneeMemberId: MEMBER_ID }), e.accepted()])
      .when(reportProgress({ actor: { id: 'member-8', role: 'MEMBER' }, percentComplete: -1 }))
      .thenThrows(BadUserInput, /percentComplete/));
});

// ---- existence --------------------------------------------------------------------------------

describe('task decider: NOT_FOUND', () => {
  it('assigning a task on a missing resolution', () =>
    given([])
      .when(assignTask({ resolution: null }))
      .thenThrows(NotFound, /resolution not found/));

  it.each((Object.keys(EVERY_COMMAND) as Type[]).filter((t) => t !== 'AssignTask'))(
    '%s on a missing task',
    (type) =>
      given([])
        .when(EVERY_COMMAND[type]())
        .thenThrows(NotFound, /(task|report) not found/),
  );
});

// ---- bad input --------------------------------------------------------------------------------

describe('task decider: BAD_USER_INPUT', () => {
  it.each<[string, Overrides<'AssignTask'>, RegExp]>([
    ['a blank title', { title: '  ' }, /^title:/],
    ['a bad due date', { dueOn: '2025-02-29' }, /^dueOn:/],
    ['no assignee at all', { assigneeUnitId: null, assigneeMemberId: null }, /^assigneeUnitId:/],
    ['a repeated target', { targetIds: ['t-1', 't-1'] }, /^targetIds:/],
    ['an unknown frequency', { reportingFrequency: 'WEEKLY' as never }, /^reportingFrequency:/],
    [
      'targetIds not of the resolution',
      { targetIds: ['t-1', 't-of-another'] },
      /^targetIds: t-of-another/,
    ],
  ])('assign with %s', (_name, over, field) =>
    given([]).when(assignTask(over)).thenThrows(BadUserInput, field),
  );

  it.each<[string, Overrides<'ReportProgress'>, RegExp]>([
    ['percentComplete 101', { percentComplete: 101 }, /^percentComplete:/],
    ['percentComplete -1', { percentComplete: -1 }, /^percentComplete:/],
    ['percentComplete 50.5', { percentComplete: 50.5 }, /^percentComplete:/],
    ['a year before the term', { year: 2019, measurements: [] }, /^year: must be within the term/],
    [
      'a year after the term (even if today is later)',
      { year: 2026, today: '2027-01-15', measurements: [] },
      /^year: must be within the term/,
    ],
    [
      'a year in the future relative to today',
      { year: 2024, measurements: [] },
      /^year: must not be in the future/,
    ],
    ['a year that is not an integer', { year: 2023.5 }, /^year:/],
    [
      'a target not linked to the task',
      { measurements: [m('t-3', 2023, '1')] },
      /^measurements\[0\]\.targetId:/,
    ],
    [
      'a target not of the resolution',
      { measurements: [m('t-1', 2023, '1'), m('t-9', 2023, '1')] },
      /^measurements\[1\]\.targetId:/,
    ],
    [
      'a measurement year equal to baselineYear',
      { measurements: [m('t-1', 2020, '1')] },
      /^measurements\[0\]\.year:/,
    ],
    [
      'a measurement year after dueYear',
      { measurements: [m('t-2', 2023, '1')] },
      /^measurements\[0\]\.year:/,
    ],
    [
      'a measurement year after the report year',
      { measurements: [m('t-1', 2024, '1')] },
      /^measurements\[0\]\.year:/,
    ],
    [
      'a duplicate (target, year)',
      { measurements: [m('t-1', 2023, '1'), m('t-1', 2023, '2')] },
      /^measurements\[1\]: one measurement per target and year/,
    ],
    [
      'a Vietnamese decimal comma',
      { measurements: [m('t-1', 2023, '1,2')] },
      /^measurements\[0\]\.value:/,
    ],
    ['a blank target id', { measurements: [m(' ', 2023, '1')] }, /^measurements\[0\]\.targetId:/],
  ])('report with %s', (_name, over, field) =>
    given(ACCEPTED).when(reportProgress(over)).thenThrows(BadUserInput, field),
  );

  it('the same target in two different years is fine; the last year of dueYear is allowed', () =>
    given(ACCEPTED)
      .when(reportProgress({ measurements: [m('t-2', 2021, '1'), m('t-2', 2022, '2')] }))
      .then([
        newReport({
          measurements: [
            { targetId: 't-2', year: 2021, value: '1' },
            { targetId: 't-2', year: 2022, value: '2' },
          ],
        }),
      ]));

  it('a correction of an unknown report', () =>
    given(IN_PROGRESS)
      .when(correctReport({ correctsReportId: 'rep-x' }))
      .thenThrows(BadUserInput, /^correctsReportId:/));

  it("a correction of another task's report is unknown here", () =>
    given(COMPLETED)
      .when(correctReport({ correctsReportId: 'rep-of-task-2' }))
      .thenThrows(BadUserInput, /^correctsReportId:/));

  it('a correction for a different year', () =>
    given(IN_PROGRESS)
      .when(correctReport({ year: 2023, measurements: [m('t-1', 2023, '1')] }))
      .thenThrows(BadUserInput, /^year: a correction is for the same year/));

  it('a correction is still checked against the linked targets', () =>
    given(COMPLETED)
      .when(correctReport({ measurements: [m('t-3', 2022, '1')] }))
      .thenThrows(BadUserInput, /^measurements\[0\]\.targetId:/));

  it('an extension request must move the due date later', () =>
    given(ASSIGNED)
      .when(requestExtension({ requestedDueOn: '2025-12-31' }))
      .thenThrows(BadUserInput, /^requestedDueOn:/));

  it('an extension request needs a reason', () =>
    given(ASSIGNED)
      .when(requestExtension({ reason: ' ' }))
      .thenThrows(BadUserInput, /^reason:/));

  it('a granted due date must be later', () =>
    given(ASSIGNED)
      .when(grantExtension({ dueOn: '2025-01-01' }))
      .thenThrows(BadUserInput, /^dueOn:/));

  it('cancelling needs a reason', () =>
    given(ASSIGNED)
      .when(cancelTask({ reason: '' }))
      .thenThrows(BadUserInput, /^reason:/));
});

// ---- report approval --------------------------------------------------------------------------

describe('task decider: report approval', () => {
  const approved: TaskEvent = { type: 'ReportApproved', data: { ...ids, reportId: 'rep-1' } };
  const returned: TaskEvent = {
    type: 'ReportReturned',
    data: { ...ids, reportId: 'rep-1', reason: 'figure for 2022 double-counts a ward' },
  };

  it('the secretariat approves a submitted report', () =>
    given(IN_PROGRESS).when(approveReport()).then([approved]));

  it('the standing committee returns a report with a trimmed reason', () =>
    given(IN_PROGRESS)
      .when(returnReport({ actor: actor('STANDING_COMMITTEE') }))
      .then([returned]));

  it('a report on a COMPLETED task, and on a FINAL_EVALUATED resolution, can still be decided', () =>
    given(COMPLETED)
      .when(approveReport({ resolution: resolution('FINAL_EVALUATED') }))
      .then([approved]));

  it.each<[string, TaskEvent]>([
    ['approved', approved],
    ['returned', returned],
  ])('a report already %s is decided: approving or returning it again is refused', (_s, ev) => {
    given([...IN_PROGRESS, ev])
      .when(approveReport())
      .thenThrows(InvalidTransition, /report (APPROVED|RETURNED)/);
    given([...IN_PROGRESS, ev])
      .when(returnReport())
      .thenThrows(InvalidTransition, /report (APPROVED|RETURNED)/);
  });

  it('a correction of a returned report is a new SUBMITTED report that can be approved', () =>
    given([...IN_PROGRESS, returned, newReport({ reportId: 'rep-fix', correctsReportId: 'rep-1' })])
      .when(approveReport({ subjectReportId: 'rep-fix' }))
      .then([{ type: 'ReportApproved', data: { ...ids, reportId: 'rep-fix' } }]));

  it('an unknown report is NOT_FOUND, on an existing task or none', () => {
    given(IN_PROGRESS)
      .when(approveReport({ subjectReportId: 'rep-x' }))
      .thenThrows(NotFound, /report not found/);
    given([])
      .when(returnReport())
      .thenThrows(NotFound, /report not found/);
  });

  it('a blank reason is malformed input, before NOT_FOUND', () =>
    given([])
      .when(returnReport({ reason: '  ' }))
      .thenThrows(BadUserInput, /reason/));

  it('NOT_FOUND comes before the resolution status', () =>
    given(ACCEPTED)
      .when(approveReport({ resolution: resolution('WITHDRAWN') }))
      .thenThrows(NotFound));

  it('a decision moves no task status', () => {
    const state = [...IN_PROGRESS, approved].reduce(evolve, initialState);
    expect(state.status).toBe('IN_PROGRESS');
    expect(state.reports.get('rep-1')).toEqual({ year: 2022, status: 'APPROVED' });
  });
});

// ---- supervision-visit directives -------------------------------------------------------------

describe('task decider: tasks from a supervision visit directive', () => {
  const visit = { visitId: 'visit-1', index: 2, text: 'Rà soát quy hoạch cán bộ' };

  it('the task carries the directive it answers', () =>
    given([])
      .when(assignTask({ fromVisitDirective: visit }))
      .then([e.assigned({ fromVisitDirective: visit })]));

  it('an unknown visit or index is state-dependent BAD_USER_INPUT naming fromVisitDirective', () =>
    given([])
      .when(assignTask({ fromVisitDirective: { ...visit, text: null } }))
      .thenThrows(BadUserInput, /visit-1 with directive 2/));

  it('…which comes after INVALID_TRANSITION', () =>
    given([])
      .when(
        assignTask({
          fromVisitDirective: { ...visit, text: null },
          resolution: resolution('DRAFT'),
        }),
      )
      .thenThrows(InvalidTransition));

  it('a negative index is malformed, and so is naming a review directive too', () => {
    given([])
      .when(assignTask({ fromVisitDirective: { ...visit, index: -1 } }))
      .thenThrows(BadUserInput, /index/);
    given([])
      .when(
        assignTask({
          fromVisitDirective: visit,
          fromDirective: { reviewId: 'rv-1', index: 0, text: 'x' },
        }),
      )
      .thenThrows(BadUserInput, /one directive/);
  });
});
