import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../libs/event-store/sqlite-event-store';
import { Projector } from '../../libs/read-models/projector';
import { openSqliteReadModel } from '../../libs/read-models/read-model-dialects';
import {
  actors,
  failure,
  ok,
  startServer,
  tempDir,
  token,
  MEMBER_ID,
  UNIT_A,
  type Actors,
  type GqlResult,
  type TestServer,
} from '../support/server';
import {
  acceptTask,
  assignTask,
  auditTrail,
  cid,
  defineTarget,
  draftResolution,
  implementingResolution,
  issuedResolution,
  Q,
  report,
  REVIEW_FIELDS,
  TASK_FIELDS,
} from '../support/lifecycle';

describe('guarantees: idempotency, concurrency, read-your-writes, restarts, rebuilds', () => {
  let s: TestServer;
  let a: Actors;
  let dataDir: string;

  /** Runs `run` and proves it wrote nothing; answers its result. */
  async function writesNothing(run: () => Promise<GqlResult>): Promise<GqlResult> {
    const before = await s.head();
    const r = await run();
    expect(await s.head()).toBe(before);
    return r;
  }

  async function writesEvents(n: number, run: () => Promise<GqlResult>): Promise<GqlResult> {
    const before = await s.head();
    const r = await run();
    ok(r);
    const after = await s.head();
    // positions are strictly increasing; on the embedded store each event takes one
    expect(after - before).toBe(BigInt(n));
    return r;
  }

  beforeAll(async () => {
    dataDir = tempDir();
    s = await startServer({ dataDir });
    a = await actors();
  });

  afterAll(async () => {
    await s?.close();
  });

  describe('idempotency', () => {
    it('draftResolution: the same commandId, input and actor returns the same result and writes nothing', async () => {
      const commandId = cid();
      const input = {
        commandId,
        title: 'NQ năm 2024',
        kind: 'ANNUAL',
        termStart: 2024,
        termEnd: 2025,
      };
      const first = await writesEvents(1, () => s.gql(a.secretariat, Q.draft, { input }));
      const again = await writesNothing(() => s.gql(a.secretariat, Q.draft, { input }));
      expect(ok(again)).toEqual(ok(first));
      const list = ok(
        await s.gql(a.auditor, `{ resolutions(status: DRAFT) { edges { node { id title } } } }`),
      ).resolutions.edges.filter((e: any) => e.node.title === 'NQ năm 2024');
      expect(list).toHaveLength(1);
    });

    it('defineTarget, assignTask, reportProgress and acceptTask replay their first result', async () => {
      const r = await draftResolution(s, a);
      const targetInput = {
        commandId: cid(),
        resolutionId: r.id,
        code: 'I1',
        group: 'g',
        name: 'n',
        unit: '%',
        kind: 'LEVEL',
        comparison: 'AT_LEAST',
        baseline: '1.50',
        baselineYear: 2020,
        targetValue: '3',
        dueYear: 2025,
      };
      const t1 = await writesEvents(1, () =>
        s.gql(a.secretariat, Q.defineTarget, { input: targetInput }),
      );
      const t2 = await writesNothing(() =>
        s.gql(a.secretariat, Q.defineTarget, { input: targetInput }),
      );
      expect(ok(t2)).toEqual(ok(t1));
      expect(ok(t2).defineTarget.baseline).toBe('1.5');

      ok(await s.gql(a.secretariat, Q.submit, { id: r.id }));
      ok(
        await s.gql(a.standing, Q.issue, {
          input: { resolutionId: r.id, code: '1-NQ', issuedOn: '2021-02-01', signedBy: 'x' },
        }),
      );
      const taskInput = {
        commandId: cid(),
        resolutionId: r.id,
        title: 'Nhiệm vụ',
        assigneeUnitId: UNIT_A,
        targetIds: [ok(t1).defineTarget.id],
        dueOn: '2026-12-31',
      };
      // TaskAssigned and the resolution's ImplementationStarted
      const k1 = await writesEvents(2, () => s.gql(a.standing, Q.assignTask, { input: taskInput }));
      const k2 = await writesNothing(() => s.gql(a.standing, Q.assignTask, { input: taskInput }));
      expect(ok(k2)).toEqual(ok(k1));
      const taskId = ok(k1).assignTask.id;

      const acceptId = cid();
      const acc1 = await writesEvents(1, () =>
        s.gql(a.unitA, Q.acceptTask, { id: taskId, c: acceptId }),
      );
      const acc2 = await writesNothing(() =>
        s.gql(a.unitA, Q.acceptTask, { id: taskId, c: acceptId }),
      );
      expect(ok(acc2)).toEqual(ok(acc1));

      const reportInput = {
        commandId: cid(),
        taskId,
        year: 2022,
        percentComplete: 30,
        narrative: 'Đang triển khai',
        measurements: [{ targetId: ok(t1).defineTarget.id, year: 2022, value: '2.10' }],
      };
      const p1 = await writesEvents(1, () => s.gql(a.unitA, Q.report, { input: reportInput }));
      const p2 = await writesNothing(() => s.gql(a.unitA, Q.report, { input: reportInput }));
      expect(ok(p2)).toEqual(ok(p1));
      expect(ok(p1).reportProgress.measurements[0].value).toBe('2.1');
      const task = ok(await s.gql(a.auditor, Q.task, { id: taskId })).task;
      expect(task.reports).toHaveLength(1);
      expect(task.version).toBe(2);
    });

    it('the same commandId with another input, actor or mutation is BAD_USER_INPUT naming commandId', async () => {
      const { resolution, task, targets } = await implementingResolution(s, a);
      const commandId = cid();
      const input = {
        commandId,
        taskId: task.id,
        year: 2021,
        measurements: [{ targetId: targets[0].id, year: 2021, value: '110' }],
      };
      ok(await s.gql(a.unitA, Q.report, { input }));

      const otherInput = { ...input, measurements: [{ ...input.measurements[0], value: '111' }] };
      let f = failure(await writesNothing(() => s.gql(a.unitA, Q.report, { input: otherInput })));
      expect(f.code).toBe('BAD_USER_INPUT');
      expect(f.message).toContain('commandId');

      // Another reporter of the same unit: another actor.
      const colleague = await token('UNIT_REPORTER', { sub: 'reporter-a2', unitId: UNIT_A });
      f = failure(await writesNothing(() => s.gql(colleague, Q.report, { input })));
      expect(f.code).toBe('BAD_USER_INPUT');
      expect(f.message).toContain('commandId');

      // Another mutation under the same key.
      f = failure(
        await writesNothing(() => s.gql(a.unitA, Q.completeTask, { id: task.id, c: commandId })),
      );
      expect(f.code).toBe('BAD_USER_INPUT');
      expect(f.message).toContain('commandId');
      f = failure(
        await writesNothing(() =>
          s.gql(a.secretariat, Q.draft, {
            input: { commandId, title: 't', kind: 'ANNUAL', termStart: 2020, termEnd: 2021 },
          }),
        ),
      );
      expect(f.code).toBe('BAD_USER_INPUT');
      expect(f.message).toContain('commandId');

      // assignTask by another member of the standing committee under the same key
      const assign = {
        commandId: cid(),
        resolutionId: resolution.id,
        title: 'x',
        assigneeUnitId: UNIT_A,
        dueOn: '2026-12-31',
      };
      ok(await s.gql(a.standing, Q.assignTask, { input: assign }));
      f = failure(await writesNothing(() => s.gql(a.standing2, Q.assignTask, { input: assign })));
      expect(f.code).toBe('BAD_USER_INPUT');
      expect(f.message).toContain('commandId');
    });

    it('a command whose first try failed is not remembered', async () => {
      const { resolution, targets } = await issuedResolution(s, a);
      const taskId = (
        await assignTask(s, a, { resolutionId: resolution.id, targetIds: [targets[0].id] })
      ).id;
      const commandId = cid();
      const input = {
        commandId,
        taskId,
        year: 2021,
        measurements: [{ targetId: targets[0].id, year: 2021, value: '130' }],
      };
      // not accepted yet
      const refused = await writesNothing(() => s.gql(a.unitA, Q.report, { input }));
      expect(failure(refused).code).toBe('INVALID_TRANSITION');
      await acceptTask(s, a.unitA, taskId);
      const written = await writesEvents(1, () => s.gql(a.unitA, Q.report, { input }));
      expect(ok(written).reportProgress.measurements).toEqual([
        { targetId: targets[0].id, year: 2021, value: '130' },
      ]);

      // malformed first try, then another input under the same key
      const key = cid();
      const bad = await writesNothing(() =>
        s.gql(a.secretariat, Q.draft, {
          input: { commandId: key, title: ' ', kind: 'ANNUAL', termStart: 2020, termEnd: 2021 },
        }),
      );
      expect(failure(bad).code).toBe('BAD_USER_INPUT');
      const good = await writesEvents(1, () =>
        s.gql(a.secretariat, Q.draft, {
          input: {
            commandId: key,
            title: 'Đã sửa',
            kind: 'ANNUAL',
            termStart: 2020,
            termEnd: 2021,
          },
        }),
      );
      expect(ok(good).draftResolution.title).toBe('Đã sửa');
    });

    it('commandId is checked before expectedVersion: a retry with the now-stale version gets its first result', async () => {
      const r = await draftResolution(s, a);
      await defineTarget(s, a, r.id, { code: 'V1', kind: 'LEVEL', targetValue: '1' });
      const commandId = cid();
      const first = ok(
        await s.gql(a.secretariat, Q.submit, { id: r.id, v: 1, c: commandId }),
      ).submitForReview;
      expect(first).toMatchObject({ status: 'IN_REVIEW', version: 2 });
      const retry = await writesNothing(() =>
        s.gql(a.secretariat, Q.submit, { id: r.id, v: 1, c: commandId }),
      );
      expect(ok(retry).submitForReview).toEqual(first);
      // Even after the stream moved on, and though submitting is no longer allowed at all.
      ok(await s.gql(a.standing, Q.returnToDraft, { id: r.id, reason: 'chưa đạt', v: 2 }));
      const late = await writesNothing(() =>
        s.gql(a.secretariat, Q.submit, { id: r.id, v: 1, c: commandId }),
      );
      expect(late.errors).toBeUndefined();
      // The same result as the first time: the resolution as that command left it.
      expect(ok(late).submitForReview).toEqual(first);
      // Without the key the stale version is refused.
      const stale = await writesNothing(() => s.gql(a.secretariat, Q.submit, { id: r.id, v: 1 }));
      expect(failure(stale).code).toBe('CONCURRENCY_CONFLICT');
    });

    it('the same command sent several times at once is written once', async () => {
      const commandId = cid();
      const input = {
        commandId,
        title: 'Song song',
        kind: 'DIRECTIVE',
        termStart: 2021,
        termEnd: 2026,
      };
      const before = await s.head();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => s.gql(a.secretariat, Q.draft, { input })),
      );
      expect(await s.head()).toBe(before + 1n);
      const ids = new Set(answers.map((x) => ok(x).draftResolution.id));
      expect(ids.size).toBe(1);
      expect(answers.map((x) => ok(x).draftResolution.version)).toEqual(Array(8).fill(0));
    });
  });

  describe('concurrency without expectedVersion', () => {
    it('80 parallel reports on one task all succeed and versions end dense', async () => {
      const N = 80;
      const { task, targets } = await implementingResolution(s, a);
      const before = await s.head();
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          s.gql(a.unitA, Q.report, {
            input: {
              taskId: task.id,
              year: 2021 + (i % 5),
              percentComplete: i,
              measurements: [
                { targetId: targets[0].id, year: 2021 + (i % 5), value: String(100 + i) },
              ],
            },
          }),
        ),
      );
      for (const x of answers) expect(x.errors).toBeUndefined();
      const reportIds = answers.map((x) => ok(x).reportProgress.id);
      expect(new Set(reportIds).size).toBe(N);
      expect(await s.head()).toBe(before + BigInt(N));

      const after = ok(await s.gql(a.auditor, Q.task, { id: task.id })).task;
      expect(after.version).toBe(N + 1); // assigned, accepted, N reports
      expect(after.status).toBe('IN_PROGRESS');
      expect(after.reports).toHaveLength(N);
      expect(new Set(after.reports.map((r: any) => r.id))).toEqual(new Set(reportIds));
      const trail = (await auditTrail(s, a.auditor, task.resolutionId)).events.filter(
        (e) => e.streamId === `task-${task.id}`,
      );
      expect(trail.map((e) => e.revision)).toEqual(Array.from({ length: N + 2 }, (_, i) => i));
      // reports listed in creation order: the order of their events
      const order = trail.filter((e) => e.type === 'ProgressReported').map((e) => e.data.reportId);
      expect(after.reports.map((r: any) => r.id)).toEqual(order);
    });

    it('parallel first tasks of an issued resolution: all assigned, one ImplementationStarted', async () => {
      const { resolution } = await issuedResolution(s, a);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          s.gql(i % 2 ? a.standing : a.secretariat, Q.assignTask, {
            input: {
              resolutionId: resolution.id,
              title: `Nhiệm vụ ${i}`,
              assigneeMemberId: MEMBER_ID,
              dueOn: '2026-12-31',
            },
          }),
        ),
      );
      for (const x of answers) expect(x.errors).toBeUndefined();
      const r = ok(await s.gql(a.auditor, Q.resolution, { id: resolution.id })).resolution;
      expect(r.status).toBe('IN_IMPLEMENTATION');
      expect(r.version).toBe(resolution.version + 1);
      expect(r.tasks).toHaveLength(10);
      const events = (await auditTrail(s, a.auditor, resolution.id)).events;
      expect(events.filter((e) => e.type === 'ImplementationStarted')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'TaskAssigned')).toHaveLength(10);
    });

    it('parallel accept, report and complete on different tasks never conflict', async () => {
      const { resolution, targets } = await issuedResolution(s, a);
      const tasks = [];
      for (let i = 0; i < 6; i++)
        tasks.push(
          await assignTask(s, a, { resolutionId: resolution.id, targetIds: [targets[0].id] }),
        );
      const accepted = await Promise.all(
        tasks.map((t) => s.gql(a.unitA, Q.acceptTask, { id: t.id })),
      );
      for (const x of accepted) expect(ok(x).acceptTask.status).toBe('ACCEPTED');
      const done = await Promise.all(
        tasks.map((t) => s.gql(a.unitA, Q.completeTask, { id: t.id })),
      );
      for (const x of done)
        expect(ok(x).completeTask).toMatchObject({ status: 'COMPLETED', version: 2 });
    });
  });

  describe('read your writes', () => {
    it('every query right after a mutation reflects it', async () => {
      const r = await draftResolution(s, a);
      for (let i = 0; i < 5; i++) {
        await defineTarget(s, a, r.id, { code: `R${i}`, kind: 'CUMULATIVE', targetValue: '10' });
        const now = ok(await s.gql(a.member, Q.resolution, { id: r.id })).resolution;
        expect(now.version).toBe(i + 1);
        expect(now.targets.map((x: any) => x.code)).toEqual(
          Array.from({ length: i + 1 }, (_, k) => `R${k}`),
        );
      }
      ok(await s.gql(a.secretariat, Q.submit, { id: r.id }));
      expect(ok(await s.gql(a.unitB, Q.resolution, { id: r.id })).resolution.status).toBe(
        'IN_REVIEW',
      );
      ok(
        await s.gql(a.standing, Q.issue, {
          input: { resolutionId: r.id, code: '9-NQ', issuedOn: '2021-03-01', signedBy: 'x' },
        }),
      );
      const targetId = ok(await s.gql(a.auditor, Q.resolution, { id: r.id })).resolution.targets[0]
        .id;
      const t = await assignTask(s, a, { resolutionId: r.id, targetIds: [targetId] });
      const listed = ok(
        await s.gql(
          a.auditor,
          `query($id: ID) { tasks(resolutionId: $id) { edges { node { id status } } } }`,
          {
            id: r.id,
          },
        ),
      ).tasks.edges.map((e: any) => e.node);
      expect(listed).toEqual([{ id: t.id, status: 'ASSIGNED' }]);
      await acceptTask(s, a.unitA, t.id);
      let sum = 0;
      for (let year = 2021; year <= 2025; year++) {
        await report(s, a.unitA, {
          taskId: t.id,
          year,
          measurements: [{ targetId, year, value: '1' }],
        });
        sum += 1;
        const target = ok(await s.gql(a.auditor, Q.resolution, { id: r.id })).resolution.targets[0];
        expect(target.currentValue).toBe(String(sum));
        const trail = (await auditTrail(s, a.auditor, r.id)).events;
        expect(trail.filter((e) => e.type === 'ProgressReported')).toHaveLength(sum);
      }
      const held = ok(
        await s.gql(a.standing, Q.holdFinal, {
          input: { resolutionId: r.id, heldOn: '2025-12-31', coversThroughYear: 2025 },
        }),
      ).holdFinalEvaluation;
      const review = ok(
        await s.gql(a.auditor, `query($id: ID!) { review(id: $id) { ${REVIEW_FIELDS} } }`, {
          id: held.id,
        }),
      ).review;
      expect(review).toEqual(held);
      expect(review.items[0]).toMatchObject({ value: '5', computed: 'BEHIND' });
    });
  });

  describe('restarts and rebuilds', () => {
    const snapshotQuery = `query($id: ID!, $task: ID!, $review: ID!) {
      resolution(id: $id) { id status version code issuedOn targets { id code currentValue assessment } tasks { ${TASK_FIELDS} } reviews { ${REVIEW_FIELDS} } }
      task(id: $task) { ${TASK_FIELDS} }
      review(id: $review) { ${REVIEW_FIELDS} }
      auditTrail(resolutionId: $id) { edges { cursor node { id streamId revision position type data actorId actorRole commandId correlationId causationId occurredAt hash } } pageInfo { hasNextPage endCursor } }
      verifyIntegrity(resolutionId: $id) { intact checkedEvents firstBrokenEventId }
      verifyReview(id: $review) { matches differences { targetId } }
      resolutions(first: 1000) { edges { cursor node { id status version } } pageInfo { hasNextPage endCursor } }
      tasks(first: 1000) { edges { cursor node { id status version overdue } } }
    }`;
    let ids: { id: string; task: string; review: string };
    let reportKey: { commandId: string; input: Record<string, unknown>; answer: any };
    let before: any;

    it('a restart on the same DATA_DIR keeps every answer and every idempotency key', async () => {
      const { resolution, task, targets } = await implementingResolution(s, a);
      const commandId = cid();
      const input = {
        commandId,
        taskId: task.id,
        year: 2022,
        measurements: [{ targetId: targets[0].id, year: 2022, value: '160' }],
      };
      const answer = ok(await s.gql(a.unitA, Q.report, { input })).reportProgress;
      reportKey = { commandId, input, answer };
      const held = ok(
        await s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: resolution.id, heldOn: '2023-03-01', coversThroughYear: 2022 },
        }),
      ).holdMidtermReview;
      ids = { id: resolution.id, task: task.id, review: held.id };
      before = ok(await s.gql(a.auditor, snapshotQuery, ids));
      const head = await s.head();

      await s.close();
      s = await startServer({ dataDir });

      expect(await s.head()).toBe(head);
      expect(ok(await s.gql(a.auditor, snapshotQuery, ids))).toEqual(before);
      // the key survived: same answer, nothing written
      const replay = await writesNothing(() => s.gql(a.unitA, Q.report, { input }));
      expect(ok(replay).reportProgress).toEqual(answer);
      const misuse = await writesNothing(() =>
        s.gql(a.unitA, Q.report, {
          input: { ...input, measurements: [{ ...input.measurements[0], value: '161' }] },
        }),
      );
      expect(failure(misuse).code).toBe('BAD_USER_INPUT');
      expect(failure(misuse).message).toContain('commandId');
      // and the streams go on where they were
      const next = ok(
        await s.gql(a.unitA, Q.report, {
          input: {
            taskId: task.id,
            year: 2023,
            measurements: [{ targetId: targets[0].id, year: 2023, value: '170' }],
          },
        }),
      ).reportProgress;
      expect(next.year).toBe(2023);
      const t = ok(await s.gql(a.auditor, Q.task, { id: task.id })).task;
      expect(t.version).toBe(before.task.version + 1);
      expect(
        BigInt(
          ok(await s.gql(a.auditor, '{ serverInfo { headPosition } }')).serverInfo.headPosition,
        ),
      ).toBe(head + 1n);
      before = ok(await s.gql(a.auditor, snapshotQuery, ids));
    });

    it('rebuilding the read models from the events gives exactly the same rows as the live projection', async () => {
      await s.close();
      const live = await openSqliteReadModel(path.join(dataDir, 'read-models.db'));
      const store = SqliteEventStore.open(path.join(dataDir, 'events.db'));
      const rebuilt = await openSqliteReadModel(path.join(tempDir('rebuild-'), 'read-models.db'));
      try {
        const projector = new Projector(store, rebuilt);
        const applied = await projector.catchUp();
        expect(applied).toBe(Number(await store.headPosition()));
        const expected = await live.dump();
        const actual = await rebuilt.dump();
        for (const table of Object.keys(expected))
          expect([table, actual[table]]).toEqual([table, expected[table]]);
        expect(actual).toEqual(expected);
        expect(expected.resolutions.length).toBeGreaterThan(5);
        expect(expected.commands.length).toBeGreaterThan(50);
        expect(expected.reported_values.length).toBeGreaterThan(10);
      } finally {
        await live.close();
        await rebuilt.close();
        await store.close();
        s = await startServer({ dataDir });
      }
    });

    it('a restart with the read models removed rebuilds them from the events', async () => {
      const head = await s.head();
      await s.close();
      for (const f of ['read-models.db', 'read-models.db-wal', 'read-models.db-shm'])
        fs.rmSync(path.join(dataDir, f), { force: true });
      s = await startServer({ dataDir });
      expect(await s.head()).toBe(head);
      const info = ok(await s.gql(a.auditor, '{ serverInfo { headPosition projectedPosition } }'));
      expect(info.serverInfo.projectedPosition).toBe(head.toString());
      expect(ok(await s.gql(a.auditor, snapshotQuery, ids))).toEqual(before);
      const replay = await writesNothing(() =>
        s.gql(a.unitA, Q.report, { input: reportKey.input }),
      );
      expect(ok(replay).reportProgress).toEqual(reportKey.answer);
    });
  });

  describe('audit checks notice tampering', () => {
    it('verifyIntegrity and verifyReview detect an event altered or removed in the store', async () => {
      const { resolution, task, targets } = await implementingResolution(s, a);
      const rep = await report(s, a.unitA, {
        taskId: task.id,
        year: 2022,
        measurements: [{ targetId: targets[0].id, year: 2022, value: '150' }],
      });
      await report(s, a.unitA, { taskId: task.id, year: 2022, percentComplete: 60 });
      const review = ok(
        await s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: resolution.id, heldOn: '2023-03-01', coversThroughYear: 2022 },
        }),
      ).holdMidtermReview;
      expect(review.items[0]).toMatchObject({ value: '150', computed: 'ON_SCHEDULE' });
      const integrity = `query($id: ID!) { verifyIntegrity(resolutionId: $id) { intact checkedEvents firstBrokenEventId } }`;
      const verify = `query($id: ID!) { verifyReview(id: $id) { matches differences { targetId recorded recomputed } } }`;
      const intact = ok(await s.gql(a.auditor, integrity, { id: resolution.id })).verifyIntegrity;
      expect(intact.intact).toBe(true);

      const events = (await auditTrail(s, a.auditor, resolution.id)).events;
      const evidence = events.find(
        (e) => e.type === 'ProgressReported' && e.data.reportId === rep.id,
      );
      const db = new Database(path.join(dataDir, 'events.db'));
      try {
        const row = db.prepare('SELECT data FROM events WHERE id = ?').get(evidence.id) as {
          data: string;
        };
        const altered = JSON.parse(row.data);
        altered.measurements[0].value = '130';
        db.prepare('UPDATE events SET data = ? WHERE id = ?').run(
          JSON.stringify(altered),
          evidence.id,
        );
        const broken = ok(await s.gql(a.auditor, integrity, { id: resolution.id })).verifyIntegrity;
        expect(broken.intact).toBe(false);
        expect(broken.firstBrokenEventId).toBe(evidence.id);
        expect(ok(await s.gql(a.auditor, verify, { id: review.id })).verifyReview).toEqual({
          matches: false,
          differences: [{ targetId: targets[0].id, recorded: 'ON_SCHEDULE', recomputed: 'BEHIND' }],
        });
        db.prepare('UPDATE events SET data = ? WHERE id = ?').run(row.data, evidence.id);
        expect(
          ok(await s.gql(a.auditor, integrity, { id: resolution.id })).verifyIntegrity,
        ).toEqual(intact);

        // the last event of the task removed
        const last = events.filter((e) => e.streamId === `task-${task.id}`).at(-1);
        db.prepare('DELETE FROM events WHERE id = ?').run(last.id);
        const removed = ok(
          await s.gql(a.auditor, integrity, { id: resolution.id }),
        ).verifyIntegrity;
        expect(removed.intact).toBe(false);
        expect(removed.firstBrokenEventId).not.toBeNull();
      } finally {
        db.close();
      }
    });
  });
});
