/**
 * Reporting obligations (chế độ báo cáo) over real HTTP, on the test clock: the periods a task
 * owes, matched to its reports by date (SUBMITTED, LATE, MISSED), the list across tasks in
 * (dueOn, taskId, period) order with its cursor, and the report reminders on the alerts stream.
 */
import { EsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { startPostgres } from '../support/postgres';
import { acceptTask, assignTask, auditTrail, issuedResolution, report } from '../support/lifecycle';
import { actors, ok, startServerAt, UNIT_B, type Actors, type TestServer } from '../support/server';

const SET = `mutation($now: DateTime!) { setTestClock(now: $now) }`;
const TASK_OBLIGATIONS = `query($id: ID!) { task(id: $id) { reportingFrequency
  obligations { taskId period startsOn endsOn dueOn status reportId } } }`;
const LIST = `query($r: ID, $u: ID, $s: ObligationStatus, $first: Int, $after: String) {
  reportingObligations(resolutionId: $r, assigneeUnitId: $u, status: $s, first: $first, after: $after) {
    edges { cursor node { taskId period dueOn status reportId } } pageInfo { hasNextPage endCursor } } }`;

const at = (s: TestServer, a: Actors, date: string) =>
  s.gql(a.auditor, SET, { now: `${date}T09:00:00+07:00` }).then(ok);

/** The same e2e on the embedded store and on EventStoreDB (gRPC test server) + PostgreSQL. */
const STORES: Array<[string, () => Promise<{ s: TestServer; stop: () => Promise<void> }>]> = [
  [
    'SQLite',
    async () => {
      const s = await startServerAt('2024-01-10T03:00:00Z');
      return { s, stop: () => s.close() };
    },
  ],
  [
    'EventStoreDB + PostgreSQL',
    async () => {
      const esdb = await EsdbTestServer.start({ maxAppendSize: 4 * 1024 * 1024 });
      const pg = await startPostgres(['obligations_read_models']);
      const s = await startServerAt('2024-01-10T03:00:00Z', {
        eventStore: esdb.connectionString,
        readModelUrl: pg.url('obligations_read_models'),
      });
      return {
        s,
        stop: async () => {
          await s.close();
          await pg.stop();
          await esdb.stop();
        },
      };
    },
  ],
];

describe.each(STORES)('reporting obligations and their timers on %s', (_name, start) => {
  let stop: () => Promise<void>;
  let s: TestServer;
  let a: Actors;
  let resolutionId: string;
  let quarterly: any;
  let annual: any;
  let plain: any;
  const reports: string[] = [];

  beforeAll(async () => {
    ({ s, stop } = await start());
    a = await actors();
    ({
      resolution: { id: resolutionId },
    } = await issuedResolution(s, a));
    quarterly = await assignTask(s, a, {
      resolutionId,
      dueOn: '2024-12-31',
      reportingFrequency: 'QUARTERLY',
    });
    annual = await assignTask(s, a, {
      resolutionId,
      dueOn: '2025-06-30',
      assigneeUnitId: UNIT_B,
      reportingFrequency: 'ANNUAL',
    });
    plain = await assignTask(s, a, { resolutionId, dueOn: '2024-12-31' });
    await acceptTask(s, a.unitA, quarterly.id);
    const file = async () =>
      reports.push((await report(s, a.unitA, { taskId: quarterly.id, year: 2024 })).id);
    await at(s, a, '2024-03-20');
    await file(); // Q1, in its window
    await at(s, a, '2024-07-15');
    await file(); // Q3's window is open: Q3 is SUBMITTED, Q2 stays MISSED
    await at(s, a, '2024-07-16');
    await file(); // no window open: the earliest one already due, Q2, becomes LATE
    await at(s, a, '2024-10-20');
  }, 120_000);
  afterAll(() => stop?.());

  it('a task lists its obligations by period, each status by the server date', async () => {
    const t = ok(await s.gql(a.auditor, TASK_OBLIGATIONS, { id: quarterly.id })).task;
    expect(t.reportingFrequency).toBe('QUARTERLY');
    expect(t.obligations.map((o: any) => [o.period, o.dueOn, o.status, o.reportId])).toEqual([
      ['2024-Q1', '2024-04-10', 'SUBMITTED', reports[0]],
      ['2024-Q2', '2024-07-10', 'LATE', reports[2]],
      ['2024-Q3', '2024-10-10', 'SUBMITTED', reports[1]],
      ['2024-Q4', '2025-01-10', 'DUE', null],
    ]);
    expect(t.obligations[0]).toMatchObject({ startsOn: '2024-01-01', endsOn: '2024-03-31' });
    const none = ok(await s.gql(a.auditor, TASK_OBLIGATIONS, { id: plain.id })).task;
    expect(none).toEqual({ reportingFrequency: 'NONE', obligations: [] });
  });

  it('reportingObligations: every task, by (dueOn, taskId, period), filters combined', async () => {
    const all = ok(await s.gql(a.auditor, LIST, { r: resolutionId })).reportingObligations;
    const rows = all.edges.map((e: any) => [e.node.taskId, e.node.period, e.node.status]);
    // Q4 and the year 2024 are both due 2025-01-10: the taskId decides.
    const sameDay = [
      [quarterly.id, '2024-Q4', 'DUE'],
      [annual.id, '2024', 'DUE'],
    ].sort((x, y) => (x[0] < y[0] ? -1 : 1));
    expect(rows).toEqual([
      [quarterly.id, '2024-Q1', 'SUBMITTED'],
      [quarterly.id, '2024-Q2', 'LATE'],
      [quarterly.id, '2024-Q3', 'SUBMITTED'],
      ...sameDay,
      [annual.id, '2025', 'UPCOMING'],
    ]);
    const byUnit = ok(await s.gql(a.auditor, LIST, { u: UNIT_B })).reportingObligations;
    expect(byUnit.edges.map((e: any) => e.node.period)).toEqual(['2024', '2025']);
    const due = ok(
      await s.gql(a.auditor, LIST, { r: resolutionId, s: 'DUE' }),
    ).reportingObligations;
    expect(due.edges.map((e: any) => [e.node.taskId, e.node.period, 'DUE'])).toEqual(sameDay);
  });

  it('pages by a cursor on that key; a foreign cursor is BAD_USER_INPUT naming after', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(
        await s.gql(a.auditor, LIST, { r: resolutionId, first: 4, after }),
      ).reportingObligations;
      seen.push(...page.edges.map((e: any) => `${e.node.taskId}/${e.node.period}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const r = await s.gql(a.auditor, LIST, { after: 'djE6MTI=' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toContain('after');
  });

  it('the status filter follows the clock: a DUE obligation becomes MISSED after its dueOn', async () => {
    await at(s, a, '2025-01-11');
    const missed = ok(
      await s.gql(a.auditor, LIST, { r: resolutionId, s: 'MISSED' }),
    ).reportingObligations;
    expect(missed.edges.map((e: any) => [e.node.taskId, e.node.period]).sort()).toEqual(
      [
        [quarterly.id, '2024-Q4'],
        [annual.id, '2024'],
      ].sort(),
    );
  });

  it('report reminders fire once, by SYSTEM, caused by TaskAssigned; not for satisfied ones', async () => {
    const trail = (await auditTrail(s, a.auditor, resolutionId)).events;
    const assigned = trail.find(
      (e: any) => e.type === 'TaskAssigned' && e.data.taskId === quarterly.id,
    );
    const fired = trail
      .filter((e: any) => e.type.startsWith('Report') && e.data.taskId === quarterly.id)
      .map((e: any) => [e.type, e.data.period, e.data.dueOn, e.causationId, e.actorRole]);
    // Q1 and Q3 were reported in time: neither reminded nor missed. Q2's reminder fired 07-03
    // and its miss 07-11; Q4's reminder 01-03 and its miss 01-11.
    expect(fired).toEqual([
      ['ReportDueSoon', '2024-Q2', '2024-07-10', assigned.id, 'SYSTEM'],
      ['ReportMissed', '2024-Q2', '2024-07-10', assigned.id, 'SYSTEM'],
      ['ReportDueSoon', '2024-Q4', '2025-01-10', assigned.id, 'SYSTEM'],
      ['ReportMissed', '2024-Q4', '2025-01-10', assigned.id, 'SYSTEM'],
    ]);
    const data = trail.find((e: any) => e.type === 'ReportMissed').data;
    expect(data).toEqual({
      taskId: quarterly.id,
      resolutionId,
      period: '2024-Q2',
      dueOn: '2024-07-10',
    });
  });

  it('an unknown frequency is refused before anything is written', async () => {
    const head = await s.head();
    const r = await s.gql(
      a.secretariat,
      `mutation { assignTask(input: { resolutionId: "${resolutionId}", title: "x", dueOn: "2025-01-01", assigneeUnitId: "u", reportingFrequency: WEEKLY }) { id } }`,
    );
    expect(r.errors?.[0]?.extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
    expect(await s.head()).toBe(head);
  });
});
