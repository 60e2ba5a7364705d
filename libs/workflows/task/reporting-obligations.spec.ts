import {
  foldObligationFacts,
  obligationsOf,
  periodsBetween,
  type ObligationFacts,
} from './reporting-obligations';

const facts = (over: Partial<ObligationFacts> = {}): ObligationFacts => ({
  taskId: 'task-1',
  frequency: 'QUARTERLY',
  graceDays: 10,
  assignedOn: '2024-02-10',
  dueOn: '2024-12-31',
  closedOn: null,
  reports: [],
  ...over,
});
const statuses = (f: ObligationFacts, today: string) =>
  obligationsOf(f, today).map((o) => [o.period, o.status, o.reportId]);

describe('reporting obligations: periods', () => {
  it('quarters, halves and years that end on or after the assignment and start by dueOn', () => {
    expect(periodsBetween('QUARTERLY', '2024-02-10', '2024-12-31').map((p) => p.period)).toEqual([
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
    ]);
    expect(periodsBetween('QUARTERLY', '2024-04-01', '2025-01-01').map((p) => p.period)).toEqual([
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
    ]);
    expect(periodsBetween('SEMIANNUAL', '2024-06-30', '2024-07-01')).toEqual([
      { period: '2024-H1', startsOn: '2024-01-01', endsOn: '2024-06-30' },
      { period: '2024-H2', startsOn: '2024-07-01', endsOn: '2024-12-31' },
    ]);
    expect(periodsBetween('ANNUAL', '2021-03-01', '2023-01-15').map((p) => p.period)).toEqual([
      '2021',
      '2022',
      '2023',
    ]);
    expect(periodsBetween('QUARTERLY', '2024-01-01', '2024-03-31')[0].endsOn).toBe('2024-03-31');
    expect(periodsBetween('NONE', '2024-01-01', '2025-01-01')).toEqual([]);
  });

  it('dueOn is the period end plus the grace days; February of a leap year', () => {
    const [q1] = obligationsOf(facts(), '2024-01-01');
    expect(q1).toMatchObject({ startsOn: '2024-01-01', endsOn: '2024-03-31', dueOn: '2024-04-10' });
    const [h] = obligationsOf(facts({ frequency: 'SEMIANNUAL', graceDays: 0 }), '2024-01-01');
    expect(h.dueOn).toBe('2024-06-30');
  });
});

describe('reporting obligations: statuses by date', () => {
  it('UPCOMING before the period, DUE through its dueOn inclusive, MISSED from the day after', () => {
    expect(statuses(facts(), '2024-03-15').slice(0, 2)).toEqual([
      ['2024-Q1', 'DUE', null],
      ['2024-Q2', 'UPCOMING', null],
    ]);
    expect(statuses(facts(), '2024-04-10')[0]).toEqual(['2024-Q1', 'DUE', null]);
    expect(statuses(facts(), '2024-04-11')[0]).toEqual(['2024-Q1', 'MISSED', null]);
  });

  it('a report in the window satisfies the earliest open obligation; a late one the earliest missed', () => {
    const f = facts({
      reports: [
        { reportId: 'r1', date: '2024-04-05' }, // Q1's window (to 04-10)... and Q2's: Q1 first
        { reportId: 'r2', date: '2024-04-20' }, // Q2's window
        { reportId: 'r3', date: '2024-11-02' }, // Q4's window; Q3 (due 10-10) stays MISSED
        { reportId: 'r4', date: '2024-11-03' }, // no open window holds it: Q3, missed, becomes LATE
        { reportId: 'r5', date: '2024-11-04' }, // nothing left to satisfy
      ],
    });
    expect(statuses(f, '2024-11-05')).toEqual([
      ['2024-Q1', 'SUBMITTED', 'r1'],
      ['2024-Q2', 'SUBMITTED', 'r2'],
      ['2024-Q3', 'LATE', 'r4'],
      ['2024-Q4', 'SUBMITTED', 'r3'],
    ]);
  });

  it('closing a task drops the periods not started by then; the others go on by date', () => {
    const f = facts({ closedOn: '2024-05-02' });
    expect(statuses(f, '2024-08-01')).toEqual([
      ['2024-Q1', 'MISSED', null],
      ['2024-Q2', 'MISSED', null],
    ]);
  });

  it('an extension of dueOn adds the periods it reaches', () => {
    expect(statuses(facts({ dueOn: '2025-02-01' }), '2024-01-01').map(([p]) => p)).toEqual([
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
    ]);
  });
});

describe('reporting obligations: facts folded from the task events', () => {
  const at = (date: string) => `${date}T03:00:00.000Z`;
  const fold = (events: Array<[string, Record<string, unknown>, string]>) =>
    events.reduce<ObligationFacts | null>(
      (f, [type, data, date]) => foldObligationFacts(f, { type, data, occurredAt: at(date) }),
      null,
    );

  it('assignment, reports by their date, an extension and the closing', () =>
    expect(
      fold([
        [
          'TaskAssigned',
          {
            taskId: 't',
            dueOn: '2024-06-30',
            reportingFrequency: 'QUARTERLY',
            reportGraceDays: 5,
          },
          '2024-01-10',
        ],
        ['TaskAccepted', { taskId: 't' }, '2024-01-11'],
        ['ProgressReported', { taskId: 't', reportId: 'r1' }, '2024-03-30'],
        ['TaskDueDateExtended', { taskId: 't', dueOn: '2024-09-30' }, '2024-06-01'],
        ['TaskCompleted', { taskId: 't' }, '2024-08-02'],
      ]),
    ).toEqual({
      taskId: 't',
      frequency: 'QUARTERLY',
      graceDays: 5,
      assignedOn: '2024-01-10',
      dueOn: '2024-09-30',
      closedOn: '2024-08-02',
      reports: [{ reportId: 'r1', date: '2024-03-30' }],
    }));

  it('older events: no frequency is NONE, no grace is the default; dates are Vietnam dates', () => {
    const f = foldObligationFacts(null, {
      type: 'TaskAssigned',
      data: { taskId: 't', dueOn: '2024-06-30' },
      occurredAt: '2024-01-10T18:30:00.000Z', // 01:30 on the 11th in Hà Nội
    });
    expect(f).toMatchObject({ frequency: 'NONE', graceDays: 10, assignedOn: '2024-01-11' });
  });

  it('events before the assignment fold to nothing', () =>
    expect(fold([['ProgressReported', { reportId: 'r' }, '2024-01-01']])).toBeNull());
});
