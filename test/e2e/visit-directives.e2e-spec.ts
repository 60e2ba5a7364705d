import { actors, failure, ok } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import { auditTrail, issuedResolution } from '../support/lifecycle';

/** Supervision directives become tasks (DOMAIN.md): fromVisitDirective, directiveTasks, causation. */

const Ops = {
  visit: `mutation($input: RecordSupervisionVisitInput!) { recordSupervisionVisit(input: $input) {
    supervisionVisits { id directives directiveTasks { id } } } }`,
  assign: `mutation($i: AssignTaskInput!) { assignTask(input: $i) {
    id fromVisitDirective { visitId index text } fromDirective { reviewId } } }`,
  visits: `query($id: ID!) { resolution(id: $id) { supervisionVisits { id directiveTasks { id title fromVisitDirective { index text } } } } }`,
  head: `{ serverInfo { headPosition } }`,
};

describe('tasks from a supervision visit directive, over HTTP', () => {
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('links a task to a directive; its TaskAssigned is caused by the visit; errors in order', async () => {
    const { resolution } = await issuedResolution(s, a);
    const other = (await issuedResolution(s, a)).resolution;
    const recorded = ok(
      await s.gql(a.standing, Ops.visit, {
        input: {
          resolutionId: resolution.id,
          visitedOn: '2024-01-10',
          body: 'Đoàn giám sát của Ban Thường vụ Tỉnh ủy',
          findings: 'Cơ bản thực hiện tốt',
          directives: ['Rà soát quy hoạch cán bộ', 'Đẩy mạnh phát triển đảng viên'],
        },
      }),
    ).recordSupervisionVisit;
    const visit = recorded.supervisionVisits[0];
    expect(visit.directiveTasks).toEqual([]);
    const input = (fromVisitDirective: unknown, resolutionId = resolution.id) => ({
      i: {
        resolutionId,
        title: 'Phát triển đảng viên mới',
        assigneeUnitId: 'unit-a',
        dueOn: '2025-06-30',
        fromVisitDirective,
      },
    });
    const task = ok(
      await s.gql(a.secretariat, Ops.assign, input({ visitId: visit.id, index: 1 })),
    ).assignTask;
    expect(task).toMatchObject({
      fromVisitDirective: { visitId: visit.id, index: 1, text: 'Đẩy mạnh phát triển đảng viên' },
      fromDirective: null,
    });
    const plain = ok(await s.gql(a.secretariat, Ops.assign, input(null))).assignTask;
    expect(plain.fromVisitDirective).toBeNull();
    const listed = ok(await s.gql(a.auditor, Ops.visits, { id: resolution.id })).resolution;
    expect(listed.supervisionVisits[0].directiveTasks).toEqual([
      {
        id: task.id,
        title: 'Phát triển đảng viên mới',
        fromVisitDirective: { index: 1, text: 'Đẩy mạnh phát triển đảng viên' },
      },
    ]);

    const trail = (await auditTrail(s, a.auditor, resolution.id)).events;
    const visitEvent = trail.find((e) => e.type === 'SupervisionVisitRecorded');
    const assigned = trail.find(
      (e) => e.type === 'TaskAssigned' && e.streamId === `task-${task.id}`,
    );
    expect(assigned).toMatchObject({
      causationId: visitEvent.id,
      correlationId: visitEvent.correlationId,
      data: { fromVisitDirective: { visitId: visit.id, index: 1 } },
    });

    const at = ok(await s.gql(a.auditor, Ops.head)).serverInfo.headPosition;
    for (const bad of [
      input({ visitId: visit.id, index: 2 }),
      input({ visitId: 'no-such-visit', index: 0 }),
      // A visit of another resolution is unknown here.
      input({ visitId: visit.id, index: 0 }, other.id),
    ]) {
      const e = failure(await s.gql(a.secretariat, Ops.assign, bad));
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toMatch(/fromVisitDirective/);
    }
    // Role first, then the unknown resolution (NOT_FOUND) before the unknown directive.
    expect(failure(await s.gql(a.unitA, Ops.assign, input({ visitId: 'x', index: 0 }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      failure(await s.gql(a.secretariat, Ops.assign, input({ visitId: 'x', index: 0 }, 'nope')))
        .code,
    ).toBe('NOT_FOUND');
    expect(ok(await s.gql(a.auditor, Ops.head)).serverInfo.headPosition).toBe(at);
  });
});
