/**
 * The projector as its own process: the API (PROJECTIONS=external) writes events, a separate
 * apps/projector process keeps the read models, and read-your-writes still holds because the API
 * waits until the read models' own checkpoint has passed its event.
 */
import type { ChildProcess } from 'node:child_process';
import { implementingResolution, report } from '../support/lifecycle';
import { startProjectorProcess } from '../support/processes';
import { actors, ok, startServer, tempDir, type Actors, type TestServer } from '../support/server';

const startProjector = (dataDir: string) => startProjectorProcess(dataDir).process;

describe('projections in a separate process', () => {
  let dataDir: string;
  let projector: ChildProcess;
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    dataDir = tempDir();
    projector = startProjector(dataDir);
    process.env.PROJECTIONS = 'external';
    s = await startServer({ dataDir });
    a = await actors();
  }, 60_000);
  afterAll(async () => {
    delete process.env.PROJECTIONS;
    await s.close();
    projector.kill('SIGTERM');
    await new Promise((r) => projector.once('exit', r));
  });

  it('every mutation is visible to the very next query', async () => {
    const r = await implementingResolution(s, a);
    for (let i = 0; i < 5; i++) {
      const rep = await report(s, a.unitA, {
        taskId: r.task.id,
        year: 2021,
        measurements: [{ targetId: r.targets[0].id, year: 2021, value: `${110 + i}` }],
      });
      const task = ok(
        await s.gql(a.auditor, `{ task(id: "${r.task.id}") { version reports { id } } }`),
      ).task;
      expect(task.reports.map((x: { id: string }) => x.id)).toContain(rep.id);
      expect(task.version).toBe(2 + i);
      const resolution = ok(
        await s.gql(
          a.auditor,
          `{ resolution(id: "${r.resolution.id}") { targets { currentValue } } }`,
        ),
      ).resolution;
      expect(resolution.targets[0].currentValue).toBe(`${110 + i}`);
    }
    const info = ok(await s.gql(a.auditor, '{ serverInfo { headPosition projectedPosition } }'));
    expect(info.serverInfo.projectedPosition).toBe(info.serverInfo.headPosition);
  }, 60_000);

  it('the projector survives a restart and continues from its checkpoint', async () => {
    projector.kill('SIGKILL');
    await new Promise((r) => projector.once('exit', r));
    projector = startProjector(dataDir);
    const r = await implementingResolution(s, a);
    const task = ok(await s.gql(a.auditor, `{ task(id: "${r.task.id}") { status } }`)).task;
    expect(task.status).toBe('ACCEPTED');
  }, 60_000);
});

describe('processes and timers in the projector process', () => {
  let dataDir: string;
  let projector: ChildProcess;
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    dataDir = tempDir();
    process.env.TEST_CLOCK = '2021-01-20T03:00:00Z';
    process.env.PROJECTIONS = 'external';
    projector = startProjector(dataDir);
    s = await startServer({ dataDir });
    a = await actors();
  }, 60_000);
  afterAll(async () => {
    delete process.env.PROJECTIONS;
    delete process.env.TEST_CLOCK;
    await s.close();
    projector.kill('SIGTERM');
    await new Promise((r) => projector.once('exit', r));
  });

  it('a clock moved through the API fires the timers the projector runs, before it answers', async () => {
    const r = await implementingResolution(s, a);
    ok(await s.gql(a.auditor, `mutation { setTestClock(now: "2028-01-01T00:00:00+07:00") }`));
    const trail = ok(
      await s.gql(
        a.auditor,
        `{ auditTrail(resolutionId: "${r.resolution.id}", first: 1000) { edges { node { type actorRole } } } }`,
      ),
    ).auditTrail.edges.map((e: { node: { type: string; actorRole: string } }) => e.node);
    const alerts = trail.filter((n: { type: string }) =>
      ['TaskDueSoon', 'TaskOverdue', 'MidtermReviewDue'].includes(n.type),
    );
    expect(alerts.map((n: { type: string }) => n.type).sort()).toEqual([
      'MidtermReviewDue',
      'TaskDueSoon',
      'TaskOverdue',
    ]);
    expect(alerts.every((n: { actorRole: string }) => n.actorRole === 'SYSTEM')).toBe(true);
  }, 60_000);
});
