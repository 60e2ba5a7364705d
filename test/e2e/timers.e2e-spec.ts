/**
 * Durable timers and the test clock over real HTTP: reminders, overdue flags and the mid-term
 * prompt on each resolution's alerts stream, each written once, by SYSTEM, caused by the event
 * that made it due; cancelled by what happened before their instant; fired at start-up when
 * missed while the server was down.
 */
import { EsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { startPostgres } from '../support/postgres';
import { acceptTask, assignTask, auditTrail, issuedResolution, Q } from '../support/lifecycle';
import {
  actors,
  ok,
  startServer,
  startServerAt,
  type Actors,
  type TestServer,
} from '../support/server';

const SET = `mutation($now: DateTime!) { setTestClock(now: $now) }`;
const TIMER_TYPES = ['TaskDueSoon', 'TaskOverdue', 'MidtermReviewDue'];

const withClock = startServerAt;

const alerts = async (s: TestServer, a: Actors, resolutionId: string) =>
  (await auditTrail(s, a.auditor, resolutionId)).events.filter((e: any) =>
    TIMER_TYPES.includes(e.type),
  );

describe('setTestClock without TEST_CLOCK', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  it('is FORBIDDEN for everyone and writes nothing', async () => {
    const head = await s.head();
    for (const tok of [a.standing, a.auditor]) {
      const r = await s.gql(tok, SET, { now: '2030-01-01T00:00:00Z' });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await s.head()).toBe(head);
  });
});

/** On the embedded store, and on EventStoreDB (gRPC test server) + PostgreSQL. */
const STORES: Array<[string, () => Promise<{ s: TestServer; stop: () => Promise<void> }>]> = [
  [
    'SQLite',
    async () => {
      const s = await withClock('2021-01-20T03:00:00Z');
      return { s, stop: () => s.close() };
    },
  ],
  [
    'EventStoreDB + PostgreSQL',
    async () => {
      const esdb = await EsdbTestServer.start({ maxAppendSize: 4 * 1024 * 1024 });
      const pg = await startPostgres(['timers_read_models']);
      const s = await withClock('2021-01-20T03:00:00Z', {
        eventStore: esdb.connectionString,
        readModelUrl: pg.url('timers_read_models'),
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

describe.each(STORES)('timers driven by the test clock on %s', (_name, start) => {
  let stop: () => Promise<void>;
  let s: TestServer;
  let a: Actors;
  let resolutionId: string;
  let open: any;
  let done: any;
  let extended: any;

  beforeAll(async () => {
    ({ s, stop } = await start());
    a = await actors();
    const { resolution } = await issuedResolution(s, a);
    resolutionId = resolution.id;
    open = await assignTask(s, a, { resolutionId, dueOn: '2021-06-30' });
    done = await assignTask(s, a, { resolutionId, dueOn: '2021-03-31' });
    extended = await assignTask(s, a, { resolutionId, dueOn: '2021-06-30' });
    await acceptTask(s, a.unitA, done.id);
    ok(await s.gql(a.unitA, Q.completeTask, { id: done.id }));
    ok(
      await s.gql(
        a.secretariat,
        `mutation($id: ID!) { grantExtension(taskId: $id, dueOn: "2021-09-30") { id dueOn } }`,
        { id: extended.id },
      ),
    );
  }, 120_000);
  afterAll(() => stop?.());

  it('nothing fires before its instant', async () => {
    // The clock runs on in real time from the value set.
    const now = ok(await s.gql(a.auditor, SET, { now: '2021-06-22T16:59:59Z' })).setTestClock;
    expect(Date.parse(now) - Date.parse('2021-06-22T16:59:59Z')).toBeGreaterThanOrEqual(0);
    expect(Date.parse(now) - Date.parse('2021-06-22T16:59:59Z')).toBeLessThan(1000);
    expect(await alerts(s, a, resolutionId)).toEqual([]);
  });

  it('TaskDueSoon fires REMINDER_DAYS before dueOn, once, by SYSTEM, caused by TaskAssigned', async () => {
    const before = ok(await s.gql(a.auditor, `{ task(id: "${open.id}") { version } }`));
    ok(await s.gql(a.auditor, SET, { now: '2021-06-23T00:00:00+07:00' }));
    const fired = await alerts(s, a, resolutionId);
    const trail = (await auditTrail(s, a.auditor, resolutionId)).events;
    const assigned = trail.find((e: any) => e.type === 'TaskAssigned' && e.data.taskId === open.id);
    expect(fired).toEqual([
      expect.objectContaining({
        type: 'TaskDueSoon',
        streamId: `alerts-${resolutionId}`,
        data: { taskId: open.id, resolutionId, dueOn: '2021-06-30' },
        actorId: 'system',
        actorRole: 'SYSTEM',
        causationId: assigned.id,
        correlationId: assigned.correlationId,
      }),
    ]);
    // Stamped when it fired: at the instant the clock was moved to, not when it was due for.
    expect(Date.parse(fired[0].occurredAt)).toBeGreaterThanOrEqual(
      Date.parse('2021-06-22T17:00:00Z'),
    );
    // Timer events live on the alerts stream: the task's version does not move.
    expect(ok(await s.gql(a.auditor, `{ task(id: "${open.id}") { version } }`))).toEqual(before);
  });

  it('a later move fires every timer due by then, in due order, each exactly once', async () => {
    ok(await s.gql(a.auditor, SET, { now: '2023-01-02T00:00:00+07:00' }));
    ok(await s.gql(a.auditor, SET, { now: '2023-01-02T00:00:00+07:00' })); // the same again
    const fired = (await alerts(s, a, resolutionId)).map((e: any) => [
      e.type,
      e.data.taskId ?? null,
      e.data.dueOn,
    ]);
    expect(fired).toEqual([
      ['TaskDueSoon', open.id, '2021-06-30'],
      ['TaskOverdue', open.id, '2021-06-30'],
      ['TaskDueSoon', extended.id, '2021-09-30'],
      ['TaskOverdue', extended.id, '2021-09-30'],
      ['MidtermReviewDue', null, '2023-01-01'],
    ]);
    // The completed task got none; the extended one none for its old date.
  });

  it('the clock never goes back: an earlier time is BAD_USER_INPUT naming now', async () => {
    const head = await s.head();
    const r = await s.gql(a.standing, SET, { now: '2022-01-01T00:00:00Z' });
    expect(r.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('now'),
    });
    expect(await s.head()).toBe(head);
  });

  it('events are stamped by the moved clock', async () => {
    const t = ok(
      await s.gql(a.secretariat, Q.assignTask, {
        input: { resolutionId, title: 'Sau sơ kết', dueOn: '2024-06-30', assigneeUnitId: 'u-x' },
      }),
    ).assignTask;
    const trail = (await auditTrail(s, a.auditor, resolutionId)).events;
    const assigned = trail.find((e: any) => e.type === 'TaskAssigned' && e.data.taskId === t.id);
    expect(Date.parse(assigned.occurredAt)).toBeGreaterThanOrEqual(
      Date.parse('2023-01-01T17:00:00Z'),
    );
  });
});

describe('a timer missed while the server was down', () => {
  it('fires at start-up, once, and not again after another restart', async () => {
    let s = await withClock('2021-01-20T03:00:00Z');
    const a = await actors();
    const { resolution } = await issuedResolution(s, a);
    const task = await assignTask(s, a, { resolutionId: resolution.id, dueOn: '2021-03-31' });
    const dataDir = s.dataDir;
    await s.close();

    s = await withClock('2021-04-05T00:00:00Z', dataDir);
    const types = async () =>
      (await alerts(s, a, resolution.id)).map((e: any) => [e.type, e.data.taskId]);
    expect(await types()).toEqual([
      ['TaskDueSoon', task.id],
      ['TaskOverdue', task.id],
    ]);
    await s.close();
    s = await withClock('2021-04-06T00:00:00Z', dataDir);
    expect(await types()).toHaveLength(2);
    await s.close();
  });
});
