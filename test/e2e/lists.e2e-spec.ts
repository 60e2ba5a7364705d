import { actors, failure, MEMBER_ID, ok, UNIT_B } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import { assignTask, draftResolution, report, reportingResolution } from '../support/lifecycle';

/** The lists people look things up by (contract README, Formats), over real HTTP. */

const Ops = {
  resolutions: `query($kind: ResolutionKind, $parentId: ID, $search: String, $first: Int, $after: String) {
    resolutions(kind: $kind, parentId: $parentId, search: $search, first: $first, after: $after) {
      edges { cursor node { id title kind parent { id } } } pageInfo { hasNextPage endCursor } } }`,
  tasks: `query($resolutionId: ID, $member: ID, $status: TaskStatus, $dueBefore: Date) {
    tasks(resolutionId: $resolutionId, assigneeMemberId: $member, status: $status, dueBefore: $dueBefore) {
      edges { node { id status dueOn assigneeMemberId } } } }`,
  reports: `query($resolutionId: ID, $unit: ID, $year: Int, $status: ReportStatus, $first: Int, $after: String) {
    reports(resolutionId: $resolutionId, assigneeUnitId: $unit, year: $year, status: $status, first: $first, after: $after) {
      edges { cursor node { id taskId year status } } pageInfo { hasNextPage endCursor } } }`,
  ret: `mutation($id: ID!) { returnReport(reportId: $id, reason: "Sai số liệu") { id status } }`,
};

describe('lists, end to end over HTTP', () => {
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('resolutions by kind, parent and a search that ignores diacritics', async () => {
    const parent = await draftResolution(s, a, { title: 'Nghị quyết Đại hội Đảng bộ thành phố' });
    const child = await draftResolution(s, a, {
      title: 'Chương trình hành động về phát triển đảng viên',
      kind: 'ACTION_PROGRAMME',
      parentId: parent.id,
      termStart: 2021,
    });
    const ids = async (vars: Record<string, unknown>) =>
      ok(await s.gql(a.auditor, Ops.resolutions, vars)).resolutions.edges.map(
        (e: any) => e.node.id,
      );
    expect(await ids({ search: 'dang bo thanh pho' })).toContain(parent.id);
    expect(await ids({ search: 'ĐẢNG VIÊN' })).toEqual([child.id]);
    expect(await ids({ search: 'dang vien', kind: 'ACTION_PROGRAMME' })).toEqual([child.id]);
    expect(await ids({ parentId: parent.id })).toEqual([child.id]);
    expect(await ids({ kind: 'DIRECTIVE' })).toEqual([]);

    const first = ok(await s.gql(a.member, Ops.resolutions, { search: 'dang', first: 1 }));
    expect(first.resolutions.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await s.gql(a.member, Ops.resolutions, {
        search: 'dang',
        after: first.resolutions.pageInfo.endCursor,
      }),
    );
    expect(rest.resolutions.edges.map((e: any) => e.node.id)).toContain(child.id);
    expect(failure(await s.gql(a.member, Ops.resolutions, { after: 'bogus' })).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(failure(await s.gql(null, Ops.resolutions, {})).code).toBe('UNAUTHENTICATED');
  });

  it('tasks by member, status and due date; reports across tasks by unit, year and status', async () => {
    const r = await reportingResolution(s, a);
    const forMember = await assignTask(s, a, {
      resolutionId: r.resolution.id,
      assigneeUnitId: null,
      assigneeMemberId: MEMBER_ID,
      dueOn: '2026-03-31',
    });
    const forB = await assignTask(s, a, {
      resolutionId: r.resolution.id,
      assigneeUnitId: UNIT_B,
      targetIds: [r.targets[0].id],
      dueOn: '2028-12-31',
    });
    const tasks = async (vars: Record<string, unknown>) =>
      ok(
        await s.gql(a.auditor, Ops.tasks, { resolutionId: r.resolution.id, ...vars }),
      ).tasks.edges.map((e: any) => e.node.id);
    expect(await tasks({ member: MEMBER_ID })).toEqual([forMember.id]);
    expect(await tasks({ status: 'IN_PROGRESS' })).toEqual([r.task.id]);
    expect(await tasks({ status: 'ASSIGNED', dueBefore: '2027-01-01' })).toEqual([forMember.id]);
    expect(await tasks({ dueBefore: '2030-01-01' })).toEqual([r.task.id, forMember.id, forB.id]);
    expect(failure(await s.gql(a.auditor, Ops.tasks, { dueBefore: '2027-13-01' })).code).toBe(
      'BAD_USER_INPUT',
    );

    ok(
      await s.gql(a.unitB, `mutation($id: ID!) { acceptTask(taskId: $id) { id } }`, {
        id: forB.id,
      }),
    );
    const fromB = await report(s, a.unitB, {
      taskId: forB.id,
      year: 2022,
      measurements: [{ targetId: r.targets[0].id, year: 2022, value: '140' }],
    });
    const second = await report(s, a.unitA, { taskId: r.task.id, year: 2022, narrative: 'Tiếp' });
    const reports = async (vars: Record<string, unknown>) =>
      ok(await s.gql(a.auditor, Ops.reports, { resolutionId: r.resolution.id, ...vars })).reports;
    expect((await reports({})).edges.map((e: any) => e.node.id)).toEqual([
      r.report.id,
      fromB.id,
      second.id,
    ]);
    expect((await reports({ unit: UNIT_B })).edges.map((e: any) => e.node.id)).toEqual([fromB.id]);
    expect((await reports({ year: 2022 })).edges.map((e: any) => e.node.id)).toEqual([
      fromB.id,
      second.id,
    ]);
    ok(await s.gql(a.secretariat, Ops.ret, { id: fromB.id }));
    expect((await reports({ status: 'RETURNED' })).edges.map((e: any) => e.node.id)).toEqual([
      fromB.id,
    ]);
    const page = await reports({ first: 2 });
    expect(page.pageInfo.hasNextPage).toBe(true);
    const late = await report(s, a.unitA, { taskId: r.task.id, year: 2022, narrative: 'Bổ sung' });
    const next = await reports({ first: 2, after: page.pageInfo.endCursor });
    expect(next.edges.map((e: any) => e.node.id)).toEqual([second.id, late.id]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });
});
