/**
 * The process that runs processes and timers (the projector, with PROJECTIONS=external) killed
 * with SIGKILL at random moments while tasks are assigned and the test clock crosses 500 due
 * dates. After the last restart: each timer event exactly once, each process follow-up exactly
 * once, and read models equal to a full rebuild.
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { SqliteEventStore } from '../../libs/event-store/sqlite-event-store';
import { Projector } from '../../libs/read-models/projector';
import { openSqliteReadModel } from '../../libs/read-models/read-model-dialects';
import { addDays } from '../../libs/workflows/shared/calendar';
import { issuedResolution, Q } from '../support/lifecycle';
import { startApiProcess, startProjectorProcess, type Child } from '../support/processes';
import { actors, ok, tempDir, UNIT_A, type TestServer } from '../support/server';

const RESOLUTIONS = 10;
const TASKS_EACH = 25; // 250 tasks, each with a reminder and an overdue flag: 500 due dates
const MAX_KILLS = Number(process.env.CRASH_KILLS ?? 6);
const SEED = Number(process.env.CRASH_SEED ?? 20261202);

/** A small deterministic generator, so a failing run can be repeated with CRASH_SEED. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe(`timers and processes under SIGKILL (CRASH_SEED=${SEED})`, () => {
  const dataDir = tempDir('timers-crash-');
  const env = { PROJECTIONS: 'external', TEST_CLOCK: '2021-01-20T03:00:00Z' };
  const next = random(SEED);
  let projector: Child;
  let api: TestServer & Child;
  let kills = 0;
  let killing = false;
  let killer: Promise<void> = Promise.resolve();

  const alive = path.join(dataDir, 'projector-alive');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /**
   * Kills the projector at a random moment within 1.5 s of each time it is running again (its
   * heartbeat file appears once its projections, processes and timers have started).
   */
  const startKiller = () => {
    killing = true;
    killer = (async () => {
      while (killing && kills < MAX_KILLS) {
        while (killing && !existsSync(alive)) await sleep(20);
        await sleep(next() * 1500);
        if (!killing) break;
        rmSync(alive, { force: true });
        await projector.stop('SIGKILL');
        kills++;
        projector = startProjectorProcess(dataDir, env);
      }
    })();
  };
  const stopKiller = async () => {
    killing = false;
    await killer;
  };

  beforeAll(async () => {
    projector = startProjectorProcess(dataDir, env);
    api = await startApiProcess(dataDir, env);
  }, 60_000);
  afterAll(async () => {
    await stopKiller();
    await Promise.all([api?.stop(), projector?.stop()]);
  });

  it('assigns 250 tasks and crosses 500 due dates while the projector keeps dying', async () => {
    const a = await actors();
    startKiller();
    for (let r = 0; r < RESOLUTIONS; r++) {
      const { resolution } = await issuedResolution(api, a);
      await Promise.all(
        Array.from({ length: TASKS_EACH }, async (_, t) => {
          const i = r * TASKS_EACH + t;
          ok(
            await api.gql(a.secretariat, Q.assignTask, {
              input: {
                commandId: `crash-assign-${i}`,
                resolutionId: resolution.id,
                title: `Nhiệm vụ ${i}`,
                assigneeUnitId: UNIT_A,
                dueOn: addDays('2021-02-01', i),
              },
            }),
          );
        }),
      );
    }
    for (const month of ['03', '05', '07', '09', '10', '11'])
      ok(
        await api.gql(
          a.auditor,
          `mutation { setTestClock(now: "2021-${month}-15T00:00:00+07:00") }`,
        ),
      );
    await stopKiller();
    expect(kills).toBeGreaterThanOrEqual(5);
  }, 600_000);

  it('after the last restart: every timer and follow-up exactly once, read models = rebuild', async () => {
    await Promise.all([api.stop(), projector.stop()]);
    const store = SqliteEventStore.open(path.join(dataDir, 'events.db'));
    const live = await openSqliteReadModel(path.join(dataDir, 'read-models.db'));
    const rebuilt = await openSqliteReadModel(path.join(tempDir('rebuild-'), 'read-models.db'));
    try {
      const events: StoredEvent[] = [];
      for await (const e of store.readAll({ fromPosition: 0n })) events.push(e);
      const once = (type: string, key: (e: StoredEvent) => string) => {
        const keys = events.filter((e) => e.type === type).map(key);
        expect(new Set(keys).size).toBe(keys.length);
        return keys.length;
      };
      expect(once('TaskDueSoon', (e) => `${e.data.taskId}|${e.data.dueOn}`)).toBe(250);
      expect(once('TaskOverdue', (e) => `${e.data.taskId}|${e.data.dueOn}`)).toBe(250);
      expect(once('ImplementationStarted', (e) => String(e.data.resolutionId))).toBe(RESOLUTIONS);

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
