/**
 * Several processes on one store (contract README, "Several processes"): two API processes and a
 * projector (which runs the projections, the processes and the timers) as child processes on one
 * DATA_DIR. The same commandIds go to both APIs at once under concurrent load, the projector is
 * killed with SIGKILL midway and while the test clock crosses due dates, and afterwards: one
 * event per commandId, each process follow-up and timer event exactly once, read models equal to
 * a full rebuild.
 */
import * as path from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/sqlite-event-store';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { Projector } from '../../libs/read-models/projector';
import { openSqliteReadModel } from '../../libs/read-models/read-model-dialects';
import { addDays } from '../../libs/workflows/shared/calendar';
import { issuedResolution, Q } from '../support/lifecycle';
import { startApiProcess, startProjectorProcess, type Child } from '../support/processes';
import { actors, ok, tempDir, UNIT_A, type Actors, type TestServer } from '../support/server';

const START = '2021-01-20T03:00:00Z';
const TASKS = 40;
const TIMER_TYPES = ['TaskDueSoon', 'TaskOverdue', 'ReportDueSoon', 'ReportMissed'];
const SET = `mutation($now: DateTime!) { setTestClock(now: $now) }`;

describe('two API processes and a projector on one DATA_DIR', () => {
  const dataDir = tempDir('multi-process-');
  const env = { PROJECTIONS: 'external', TEST_CLOCK: START };
  let projector: Child;
  let api: Array<TestServer & Child>;
  let a: Actors;
  let resolutionId: string;
  const dueOf = (i: number) => addDays('2021-02-01', 3 * i);

  /** The projector dies without warning and a new one takes over from its checkpoints. */
  const crashProjector = async () => {
    await projector.stop('SIGKILL');
    projector = startProjectorProcess(dataDir, env);
  };

  /** The same command sent to both APIs at once: both answer, with the same result. */
  const both = async (tok: string, query: string, variables: Record<string, unknown>) => {
    const [x, y] = await Promise.all(api.map((s) => s.gql(tok, query, variables)));
    expect(ok(y)).toEqual(ok(x));
    return ok(x);
  };

  beforeAll(async () => {
    projector = startProjectorProcess(dataDir, env);
    api = await Promise.all([startApiProcess(dataDir, env), startApiProcess(dataDir, env)]);
    a = await actors();
    resolutionId = (await issuedResolution(api[0], a)).resolution.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...(api ?? []).map((s) => s.stop()), projector?.stop()]);
  });

  it('the same commandIds to both processes at once, the projector killed midway', async () => {
    let answered = 0;
    let crash: Promise<void> | null = null;
    const ids = await Promise.all(
      Array.from({ length: TASKS }, async (_, i) => {
        const input = {
          commandId: `mp-assign-${i}`,
          resolutionId,
          title: `Nhiệm vụ ${i}`,
          assigneeUnitId: UNIT_A,
          dueOn: dueOf(i),
          reportingFrequency: 'QUARTERLY',
        };
        const task = (await both(a.secretariat, Q.assignTask, { input })).assignTask;
        if (++answered === TASKS / 2) crash = crashProjector();
        // Even tasks are accepted and report at once: their first quarter is SUBMITTED.
        if (i % 2 === 0) {
          await both(a.unitA, Q.acceptTask, { id: task.id, c: `mp-accept-${i}` });
          await both(a.unitA, Q.report, {
            input: { commandId: `mp-report-${i}`, taskId: task.id, year: 2021 },
          });
        }
        return task.id as string;
      }),
    );
    await crash;
    expect(new Set(ids).size).toBe(TASKS);
    const r = ok(await api[1].gql(a.auditor, `{ resolution(id: "${resolutionId}") { status } }`));
    expect(r.resolution.status).toBe('IN_IMPLEMENTATION');
  }, 180_000);

  it('the clock crosses every due date while the projector is killed again', async () => {
    const moved = api[1].gql(a.auditor, SET, { now: '2021-04-05T00:00:00+07:00' });
    await new Promise((r) => setTimeout(r, 50));
    await crashProjector();
    ok(await moved);
    ok(await api[0].gql(a.auditor, SET, { now: '2021-08-01T00:00:00+07:00' }));
    const missed = ok(
      await api[0].gql(
        a.auditor,
        `{ reportingObligations(resolutionId: "${resolutionId}", status: MISSED, first: 1000) { edges { node { period } } } }`,
      ),
    ).reportingObligations.edges;
    // Odd tasks missed Q1; tasks due from April on also owe Q2, which nobody reported.
    const owesQ2 = Array.from({ length: TASKS }, (_, i) => dueOf(i)).filter(
      (d) => d >= '2021-04-01',
    );
    expect(missed).toHaveLength(TASKS / 2 + owesQ2.length);
  }, 180_000);

  it('afterwards: one event per command, each follow-up and timer once, read models = rebuild', async () => {
    await Promise.all([...api.map((s) => s.stop()), projector.stop()]);
    const store = SqliteEventStore.open(path.join(dataDir, 'events.db'));
    const live = await openSqliteReadModel(path.join(dataDir, 'read-models.db'));
    const rebuilt = await openSqliteReadModel(path.join(tempDir('rebuild-'), 'read-models.db'));
    try {
      const events: StoredEvent[] = [];
      for await (const e of store.readAll({ fromPosition: 0n })) events.push(e);
      const count = (key: (e: StoredEvent) => string | null) => {
        const n = new Map<string, number>();
        for (const e of events) {
          const k = key(e);
          if (k !== null) n.set(k, (n.get(k) ?? 0) + 1);
        }
        return n;
      };
      const byCommand = count((e) =>
        e.metadata.commandId?.startsWith('mp-') ? e.metadata.commandId : null,
      );
      expect(byCommand.size).toBe(TASKS + TASKS); // 40 assigns, 20 accepts, 20 reports
      expect([...byCommand.values()].every((n) => n === 1)).toBe(true);
      expect(events.filter((e) => e.type === 'ImplementationStarted')).toHaveLength(1);

      const timers = count((e) =>
        TIMER_TYPES.includes(e.type) ? `${e.type}|${e.data.taskId}|${e.data.dueOn}` : null,
      );
      expect([...timers.values()].every((n) => n === 1)).toBe(true);
      const ofType = (t: string) => [...timers.keys()].filter((k) => k.startsWith(`${t}|`)).length;
      // Every task fell due by August: a reminder and an overdue flag each.
      expect(ofType('TaskDueSoon')).toBe(TASKS);
      expect(ofType('TaskOverdue')).toBe(TASKS);
      const owesQ2 = Array.from({ length: TASKS }, (_, i) => dueOf(i)).filter(
        (d) => d >= '2021-04-01',
      ).length;
      expect(ofType('ReportMissed')).toBe(TASKS / 2 + owesQ2);
      expect(ofType('ReportDueSoon')).toBe(TASKS / 2 + owesQ2);

      await new Projector(store, rebuilt).catchUp();
      const expected = await live.dump();
      const actual = await rebuilt.dump();
      for (const table of Object.keys(expected))
        expect([table, actual[table]]).toEqual([table, expected[table]]);
    } finally {
      await live.close();
      await rebuilt.close();
      await store.close();
    }
  }, 120_000);
});
