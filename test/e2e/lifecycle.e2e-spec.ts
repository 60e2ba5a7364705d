import { actors, failure, ok, MEMBER_ID, UNIT_A, UNIT_B } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import {
  auditTrail,
  cid,
  draftResolution,
  Q,
  sleep,
  TASK_FIELDS,
  type TargetSpecInput,
} from '../support/lifecycle';

/**
 * One resolution through its whole life, term 2020–2025, every target with baseline year 2020 and
 * due year 2025, so a review covering 2022 is at share 2/5 and one covering 2025 at share 1.
 */
const TARGETS: Array<TargetSpecInput & { key: string }> = [
  // LEVEL, AT_LEAST: path at 2/5 = 100 + 100 × 2/5 = 140
  {
    key: 'revenue',
    code: 'KT-01',
    group: 'Kinh tế',
    name: 'Thu ngân sách',
    unit: 'tỷ đồng',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '100.0',
    targetValue: '200.00',
  },
  // CUMULATIVE: path at 2/5 = 450 × 2/5 = 180
  {
    key: 'members',
    code: 'XD-01',
    group: 'Xây dựng Đảng',
    name: 'Kết nạp đảng viên',
    unit: 'người',
    kind: 'CUMULATIVE',
    comparison: 'AT_LEAST',
    baseline: null,
    targetValue: '450',
  },
  // AVERAGE_RATE: no path
  {
    key: 'growth',
    code: 'KT-02',
    group: 'Kinh tế',
    name: 'Tăng thu bình quân',
    unit: '%/năm',
    kind: 'AVERAGE_RATE',
    comparison: 'AT_LEAST',
    baseline: null,
    targetValue: '8',
  },
  // EVERY_YEAR: judged on its worst year
  {
    key: 'rated',
    code: 'XD-02',
    group: 'Xây dựng Đảng',
    name: 'Tổ chức đảng hoàn thành tốt nhiệm vụ',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    targetValue: '80',
  },
  // LEVEL, AT_MOST: path at 2/5 = 3.5 + (1.2 − 3.5) × 2/5 = 2.58
  {
    key: 'poverty',
    code: 'XH-01',
    group: 'Xã hội',
    name: 'Tỷ lệ hộ nghèo',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_MOST',
    baseline: '3.5',
    targetValue: '1.2',
  },
  // linked to no task: NO_DATA throughout
  {
    key: 'forest',
    code: 'MT-01',
    group: 'Môi trường',
    name: 'Tỷ lệ che phủ rừng',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '70',
    targetValue: '75',
  },
];

type Key = (typeof TARGETS)[number]['key'];

describe('the lifecycle of a resolution, end to end over HTTP', () => {
  let s: TestServer;
  let a: Actors;
  let resolutionId: string;
  let childId: string;
  const t: Record<Key, string> = {};
  let taskA: string;
  let taskB: string;
  let taskC: string;
  const reports: Record<string, any> = {};
  let midtermId: string;
  let finalId: string;
  let whileDraft: string;
  let beforeIssue: string;
  const draftCommandId = cid();
  const assignACommandId = cid();

  const resolution = async (asOf?: string) =>
    ok(await s.gql(a.auditor, Q.resolution, { id: resolutionId, asOf })).resolution;
  const task = async (id: string) => ok(await s.gql(a.auditor, Q.task, { id })).task;
  const review = async (id: string) => ok(await s.gql(a.auditor, Q.review, { id })).review;
  const targetsByKey = async () => {
    const r = await resolution();
    return Object.fromEntries(
      TARGETS.map((spec) => [spec.key, r.targets.find((x: any) => x.id === t[spec.key])]),
    );
  };
  const values = async () => {
    const byKey = await targetsByKey();
    return Object.fromEntries(
      Object.entries(byKey).map(([k, x]: [string, any]) => [k, [x.currentValue, x.assessment]]),
    );
  };
  const report = async (tok: string, input: Record<string, unknown>) =>
    ok(await s.gql(tok, Q.report, { input })).reportProgress;
  const m = (key: Key, year: number, value: string) => ({ targetId: t[key], year, value });

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });

  afterAll(async () => {
    await s?.close();
  });

  it('drafts a resolution at version 0, and a thematic child pointing at it', async () => {
    const data = ok(
      await s.gql(a.secretariat, Q.draft, {
        input: {
          commandId: draftCommandId,
          title: '  Nghị quyết Đại hội Đảng bộ thành phố Bắc Kạn lần thứ XXII  ',
          kind: 'CONGRESS',
          termStart: 2020,
          termEnd: 2025,
          summary: 'nhiệm kỳ 2020–2025',
        },
      }),
    );
    const r = data.draftResolution;
    resolutionId = r.id;
    expect(r).toMatchObject({
      title: 'Nghị quyết Đại hội Đảng bộ thành phố Bắc Kạn lần thứ XXII',
      kind: 'CONGRESS',
      status: 'DRAFT',
      termStart: 2020,
      termEnd: 2025,
      version: 0,
      code: null,
      issuedOn: null,
      parent: null,
      targets: [],
      tasks: [],
      reviews: [],
    });
    const child = await draftResolution(s, a, {
      title: 'Nghị quyết chuyên đề 08',
      kind: 'THEMATIC',
      parentId: resolutionId,
    });
    childId = child.id;
    expect(child.version).toBe(0);
    expect(child.parent).toEqual({ id: resolutionId });
    expect(child.id).not.toBe(resolutionId);
    expect((await resolution()).version).toBe(0);
  });

  it('defines every kind of target, one event each, in creation order, with shortest decimals', async () => {
    for (const [i, spec] of TARGETS.entries()) {
      const { key: _key, ...input } = spec;
      const data = ok(
        await s.gql(a.secretariat, Q.defineTarget, {
          input: { resolutionId, baselineYear: 2020, dueYear: 2025, ...input },
        }),
      );
      const target = data.defineTarget;
      t[spec.key] = target.id;
      expect(target).toMatchObject({
        code: spec.code,
        group: spec.group,
        name: spec.name,
        unit: spec.unit,
        kind: spec.kind,
        comparison: spec.comparison,
        baselineYear: 2020,
        dueYear: 2025,
        currentValue: null,
        assessment: 'NO_DATA',
      });
      expect((await resolution()).version).toBe(i + 1);
    }
    const r = await resolution();
    expect(r.targets.map((x: any) => x.code)).toEqual(TARGETS.map((x) => x.code));
    const revenue = r.targets[0];
    expect(revenue.baseline).toBe('100');
    expect(revenue.targetValue).toBe('200');
    expect(r.targets[1].baseline).toBeNull();
    expect(r.targets[4]).toMatchObject({
      comparison: 'AT_MOST',
      baseline: '3.5',
      targetValue: '1.2',
    });
    expect(new Set(r.targets.map((x: any) => x.id)).size).toBe(TARGETS.length);
  });

  it('submits, returns to draft with a reason, redefines a target in place, submits again', async () => {
    const submitted = ok(
      await s.gql(a.secretariat, Q.submit, { id: resolutionId }),
    ).submitForReview;
    expect(submitted).toMatchObject({ status: 'IN_REVIEW', version: 7 });

    const returned = ok(
      await s.gql(a.standing, Q.returnToDraft, {
        id: resolutionId,
        reason: 'Bổ sung chỉ tiêu môi trường',
      }),
    ).returnToDraft;
    expect(returned).toMatchObject({ status: 'DRAFT', version: 8 });
    const reasons = ok(
      await s.gql(a.auditor, `query($id: ID!) { resolution(id: $id) { returnReasons } }`, {
        id: resolutionId,
      }),
    );
    expect(reasons.resolution.returnReasons).toEqual(['Bổ sung chỉ tiêu môi trường']);
    await sleep(15);
    whileDraft = new Date().toISOString();
    await sleep(15);

    // Same code again: the same target, changed, still in its place.
    const redefined = ok(
      await s.gql(a.secretariat, Q.defineTarget, {
        input: {
          resolutionId,
          code: 'MT-01',
          group: 'Môi trường',
          name: 'Tỷ lệ che phủ rừng ổn định',
          unit: '%',
          kind: 'LEVEL',
          comparison: 'AT_LEAST',
          baseline: '70',
          baselineYear: 2020,
          targetValue: '75.0',
          dueYear: 2025,
        },
      }),
    ).defineTarget;
    expect(redefined.id).toBe(t.forest);
    expect(redefined.name).toBe('Tỷ lệ che phủ rừng ổn định');
    const r = await resolution();
    expect(r.version).toBe(9);
    expect(r.targets.map((x: any) => x.id)).toEqual(TARGETS.map((x) => t[x.key]));

    const again = ok(
      await s.gql(a.secretariat, Q.submit, { id: resolutionId, v: 9 }),
    ).submitForReview;
    expect(again).toMatchObject({ status: 'IN_REVIEW', version: 10 });
  });

  it('issues it: code, date, version +1; targets frozen', async () => {
    await sleep(15);
    beforeIssue = new Date().toISOString();
    await sleep(15);
    const issued = ok(
      await s.gql(a.standing, Q.issue, {
        input: {
          resolutionId,
          expectedVersion: 10,
          code: '08-NQ/TU',
          issuedOn: '2021-01-15',
          signedBy: 'Bí thư Thành ủy',
        },
      }),
    ).issueResolution;
    expect(issued).toMatchObject({
      status: 'ISSUED',
      code: '08-NQ/TU',
      issuedOn: '2021-01-15',
      version: 11,
    });
    const refused = await s.gql(a.secretariat, Q.defineTarget, {
      input: {
        resolutionId,
        code: 'KT-09',
        group: 'g',
        name: 'n',
        unit: 'u',
        kind: 'LEVEL',
        comparison: 'AT_LEAST',
        baselineYear: 2020,
        targetValue: '1',
        dueYear: 2025,
      },
    });
    expect(failure(refused).code).toBe('INVALID_TRANSITION');
  });

  it('time travel: asOf answers the state as it stood then', async () => {
    const draft = await resolution(whileDraft);
    expect(draft).toMatchObject({ status: 'DRAFT', version: 8, code: null, issuedOn: null });
    expect(draft.targets.find((x: any) => x.id === t.forest).name).toBe('Tỷ lệ che phủ rừng');
    const inReview = await resolution(beforeIssue);
    expect(inReview).toMatchObject({
      status: 'IN_REVIEW',
      version: 10,
      code: null,
      tasks: [],
      reviews: [],
    });
    expect(inReview.targets.find((x: any) => x.id === t.forest).name).toBe(
      'Tỷ lệ che phủ rừng ổn định',
    );
    const now = await resolution(new Date().toISOString());
    expect(now).toMatchObject({ status: 'ISSUED', version: 11, code: '08-NQ/TU' });
    const beforeItExisted = ok(
      await s.gql(a.auditor, Q.resolution, { id: resolutionId, asOf: '2000-01-01T00:00:00Z' }),
    );
    expect(beforeItExisted.resolution).toBeNull();
  });

  it('assigns tasks; the first one moves ISSUED → IN_IMPLEMENTATION with an event on the resolution', async () => {
    const first = ok(
      await s.gql(
        a.secretariat,
        Q.assignTask,
        {
          input: {
            commandId: assignACommandId,
            resolutionId,
            title: 'Tổ chức thực hiện các chỉ tiêu kinh tế – xã hội',
            assigneeUnitId: UNIT_A,
            targetIds: ['revenue', 'members', 'growth', 'rated', 'poverty'].map((k) => t[k]),
            dueOn: '2027-06-30',
          },
        },
        { 'x-correlation-id': 'corr-assign-a' },
      ),
    ).assignTask;
    taskA = first.id;
    expect(first).toMatchObject({
      resolutionId,
      assigneeUnitId: UNIT_A,
      assigneeMemberId: null,
      status: 'ASSIGNED',
      version: 0,
      overdue: false,
      dueOn: '2027-06-30',
      reports: [],
    });
    expect(first.targetIds).toEqual(
      ['revenue', 'members', 'growth', 'rated', 'poverty'].map((k) => t[k]),
    );
    let r = await resolution();
    expect(r).toMatchObject({ status: 'IN_IMPLEMENTATION', version: 12 });

    const second = ok(
      await s.gql(a.standing, Q.assignTask, {
        input: {
          resolutionId,
          title: 'Chỉ đạo công tác dân vận',
          assigneeMemberId: MEMBER_ID,
          dueOn: '2024-01-31',
        },
      }),
    ).assignTask;
    taskB = second.id;
    expect(second).toMatchObject({
      assigneeUnitId: null,
      assigneeMemberId: MEMBER_ID,
      targetIds: [],
      status: 'ASSIGNED',
      version: 0,
      overdue: true,
    });
    const third = ok(
      await s.gql(a.secretariat, Q.assignTask, {
        input: {
          resolutionId,
          title: 'Công tác xây dựng Đảng ở phường',
          assigneeUnitId: UNIT_B,
          targetIds: [t.members, t.rated],
          dueOn: '2025-03-31',
        },
      }),
    ).assignTask;
    taskC = third.id;
    expect(third).toMatchObject({ overdue: true, version: 0 });

    r = await resolution();
    expect(r.version).toBe(12);
    expect(r.status).toBe('IN_IMPLEMENTATION');
    expect(r.tasks.map((x: any) => x.id)).toEqual([taskA, taskB, taskC]);
  });

  it('assignees accept their own tasks', async () => {
    const accepted = ok(await s.gql(a.unitA, Q.acceptTask, { id: taskA, v: 0 })).acceptTask;
    expect(accepted).toMatchObject({ id: taskA, status: 'ACCEPTED', version: 1, overdue: false });
    expect(ok(await s.gql(a.member, Q.acceptTask, { id: taskB })).acceptTask).toMatchObject({
      status: 'ACCEPTED',
      version: 1,
      overdue: true,
    });
    expect(ok(await s.gql(a.unitB, Q.acceptTask, { id: taskC })).acceptTask).toMatchObject({
      status: 'ACCEPTED',
      version: 1,
    });
  });

  it('reports 2021 and 2022 and a correction; values and live assessments follow DOMAIN.md', async () => {
    reports.a2021 = await report(a.unitA, {
      taskId: taskA,
      year: 2021,
      percentComplete: 20,
      narrative: 'Triển khai đồng bộ',
      difficulties: 'Nguồn lực hạn chế',
      proposals: 'Bổ sung kinh phí',
      measurements: [
        m('revenue', 2021, '120'),
        m('members', 2021, '90'),
        m('growth', 2021, '8'),
        m('rated', 2021, '85'),
        m('poverty', 2021, '2.9'),
      ],
    });
    expect(reports.a2021).toMatchObject({
      taskId: taskA,
      year: 2021,
      percentComplete: 20,
      narrative: 'Triển khai đồng bộ',
      difficulties: 'Nguồn lực hạn chế',
      proposals: 'Bổ sung kinh phí',
      reportedBy: 'reporter-a',
      correctsReportId: null,
    });
    expect(Date.parse(reports.a2021.reportedAt)).not.toBeNaN();
    let ta = await task(taskA);
    expect(ta).toMatchObject({ status: 'IN_PROGRESS', version: 2 });

    reports.a2022 = await report(a.unitA, {
      taskId: taskA,
      year: 2022,
      percentComplete: 45,
      measurements: [
        m('revenue', 2022, '130'),
        m('members', 2022, '80'),
        m('growth', 2022, '8.00008'),
        m('rated', 2022, '90'),
        m('poverty', 2022, '2.60'),
      ],
    });
    expect(reports.a2022.measurements).toEqual([
      m('revenue', 2022, '130'),
      m('members', 2022, '80'),
      m('growth', 2022, '8.00008'),
      m('rated', 2022, '90'),
      m('poverty', 2022, '2.6'),
    ]);
    // At 2022: revenue 130 is below the path 140.
    expect((await values()).revenue).toEqual(['130', 'BEHIND']);

    reports.a2022fix = await report(a.unitA, {
      taskId: taskA,
      year: 2022,
      correctsReportId: reports.a2022.id,
      narrative: 'Điều chỉnh số liệu thu ngân sách',
      measurements: [m('revenue', 2022, '170.50')],
    });
    expect(reports.a2022fix).toMatchObject({
      correctsReportId: reports.a2022.id,
      year: 2022,
      measurements: [m('revenue', 2022, '170.5')],
    });
    // Unit B reports later for 2021: the latest value of the year from any unit counts for
    // EVERY_YEAR; CUMULATIVE adds it.
    reports.c2021 = await report(a.unitB, {
      taskId: taskC,
      year: 2021,
      measurements: [m('members', 2021, '10'), m('rated', 2021, '84')],
    });

    ta = await task(taskA);
    expect(ta.version).toBe(4);
    expect(ta.reports.map((x: any) => x.id)).toEqual([
      reports.a2021.id,
      reports.a2022.id,
      reports.a2022fix.id,
    ]);
    expect(ta.reports[2].measurements).toEqual([m('revenue', 2022, '170.5')]);
    expect((await task(taskC)).version).toBe(2);

    expect(await values()).toEqual({
      revenue: ['170.5', 'ON_SCHEDULE'], // corrected 2022 value, ≥ path 140
      members: ['180', 'ON_SCHEDULE'], // 90 + 80 + 10, exactly on the path 180
      growth: ['8', 'MET'], // mean 8.00004 rounded half-up to 4 decimals
      rated: ['84', 'EXCEEDED'], // worst year 2021: unit B's later 84
      poverty: ['2.6', 'BEHIND'], // AT_MOST: 2.6 > path 2.58
      forest: [null, 'NO_DATA'],
    });
  });

  it('holds the mid-term review: frozen items, evidence, summary', async () => {
    const trail = (await auditTrail(s, a.auditor, resolutionId)).events;
    const eventOf = (reportId: string) =>
      trail.find((e) => e.type === 'ProgressReported' && e.data.reportId === reportId).id;
    const headBefore = await s.head();
    const before = await resolution();

    const held = ok(
      await s.gql(a.standing, Q.holdMidterm, {
        input: { resolutionId, heldOn: '2023-06-30', coversThroughYear: 2022 },
      }),
    ).holdMidtermReview;
    midtermId = held.id;
    expect(held).toMatchObject({
      resolutionId,
      kind: 'MIDTERM',
      status: 'OPEN',
      heldOn: '2023-06-30',
      coversThroughYear: 2022,
      asOfPosition: headBefore.toString(),
      conclusions: null,
      directives: [],
    });
    expect(held.items).toEqual([
      {
        targetId: t.revenue,
        value: '170.5',
        computed: 'ON_SCHEDULE',
        override: null,
        justification: null,
        evidenceEventIds: [eventOf(reports.a2022fix.id)],
      },
      {
        targetId: t.members,
        value: '180',
        computed: 'ON_SCHEDULE',
        override: null,
        justification: null,
        evidenceEventIds: [
          eventOf(reports.a2021.id),
          eventOf(reports.a2022.id),
          eventOf(reports.c2021.id),
        ],
      },
      {
        targetId: t.growth,
        value: '8',
        computed: 'MET',
        override: null,
        justification: null,
        evidenceEventIds: [eventOf(reports.a2021.id), eventOf(reports.a2022.id)],
      },
      {
        targetId: t.rated,
        value: '84',
        computed: 'EXCEEDED',
        override: null,
        justification: null,
        evidenceEventIds: [eventOf(reports.a2022.id), eventOf(reports.c2021.id)],
      },
      {
        targetId: t.poverty,
        value: '2.6',
        computed: 'BEHIND',
        override: null,
        justification: null,
        evidenceEventIds: [eventOf(reports.a2022.id)],
      },
      {
        targetId: t.forest,
        value: null,
        computed: 'NO_DATA',
        override: null,
        justification: null,
        evidenceEventIds: [],
      },
    ]);
    expect(held.summary).toEqual({
      total: 6,
      exceeded: 1,
      met: 1,
      onSchedule: 2,
      behind: 1,
      noData: 1,
      achievedOrExceeded: 2,
    });
    const sum = held.summary;
    expect(sum.exceeded + sum.met + sum.onSchedule + sum.behind + sum.noData).toBe(sum.total);

    const r = await resolution();
    expect(r).toMatchObject({ status: 'MIDTERM_REVIEWED', version: before.version + 1 });
    expect(r.reviews).toEqual([{ id: midtermId, kind: 'MIDTERM', status: 'OPEN' }]);
  });

  it('an override changes the summary and keeps the computed assessment', async () => {
    const assessed = ok(
      await s.gql(a.standing, Q.assess, {
        input: {
          reviewId: midtermId,
          targetId: t.poverty,
          assessment: 'MET',
          justification: 'Số liệu rà soát hộ nghèo theo chuẩn mới',
        },
      }),
    ).assessTarget;
    const item = assessed.items.find((x: any) => x.targetId === t.poverty);
    expect(item).toMatchObject({
      value: '2.6',
      computed: 'BEHIND',
      override: 'MET',
      justification: 'Số liệu rà soát hộ nghèo theo chuẩn mới',
    });
    expect(assessed.summary).toEqual({
      total: 6,
      exceeded: 1,
      met: 2,
      onSchedule: 2,
      behind: 0,
      noData: 1,
      achievedOrExceeded: 3,
    });
    expect(await review(midtermId)).toEqual(assessed);
    // Target.assessment is computed, never the override.
    expect((await values()).poverty).toEqual(['2.6', 'BEHIND']);
  });

  it('concludes the mid-term review once', async () => {
    const concluded = ok(
      await s.gql(a.standing, Q.conclude, {
        input: {
          reviewId: midtermId,
          conclusions: '18/30 chỉ tiêu đạt và vượt',
          directives: ['Đẩy nhanh giải ngân vốn đầu tư công', 'Rà soát hộ nghèo'],
        },
      }),
    ).concludeReview;
    expect(concluded).toMatchObject({
      status: 'CONCLUDED',
      conclusions: '18/30 chỉ tiêu đạt và vượt',
      directives: ['Đẩy nhanh giải ngân vốn đầu tư công', 'Rà soát hộ nghèo'],
    });
    expect(concluded.summary.achievedOrExceeded).toBe(3);
    const again = await s.gql(a.standing, Q.conclude, {
      input: { reviewId: midtermId, conclusions: 'lần hai' },
    });
    expect(failure(again).code).toBe('INVALID_TRANSITION');
    expect(
      ok(
        await s.gql(
          a.auditor,
          `query($id: ID!) { verifyReview(id: $id) { matches differences { targetId } } }`,
          { id: midtermId },
        ),
      ).verifyReview,
    ).toEqual({ matches: true, differences: [] });
  });

  it('reports after the mid-term review and a correction of an older year; completes a task', async () => {
    reports.a2022fix2 = await report(a.unitA, {
      taskId: taskA,
      year: 2022,
      correctsReportId: reports.a2022.id,
      measurements: [m('growth', 2022, '9')],
    });
    reports.a2023 = await report(a.unitA, {
      taskId: taskA,
      year: 2023,
      measurements: [
        m('revenue', 2023, '190'),
        m('members', 2023, '100'),
        m('growth', 2023, '7.1'),
        m('rated', 2023, '82'),
        m('poverty', 2023, '1.5'),
      ],
    });
    reports.a2025 = await report(a.unitA, {
      taskId: taskA,
      year: 2025,
      percentComplete: 100,
      measurements: [
        m('revenue', 2025, '210'),
        m('members', 2025, '150'),
        m('growth', 2025, '9'),
        m('rated', 2025, '79'),
        m('poverty', 2025, '1.2'),
      ],
    });
    expect((await task(taskA)).version).toBe(7);

    const completed = ok(await s.gql(a.member, Q.completeTask, { id: taskB })).completeTask;
    expect(completed).toMatchObject({ status: 'COMPLETED', overdue: false, version: 2 });

    // Latest reported year 2025: share 1, every path is the target itself.
    expect(await values()).toEqual({
      revenue: ['210', 'EXCEEDED'],
      members: ['430', 'BEHIND'], // 90 + 80 + 10 + 100 + 150
      growth: ['8.275', 'EXCEEDED'], // (8 + 9 + 7.1 + 9) / 4
      rated: ['79', 'BEHIND'],
      poverty: ['1.2', 'MET'],
      forest: [null, 'NO_DATA'],
    });
  });

  it('tasks() filters by resolution, unit and overdue, in creation order', async () => {
    const list = async (args: string) =>
      ok(
        await s.gql(
          a.auditor,
          `query { tasks(${args}) { edges { cursor node { id overdue status } } pageInfo { hasNextPage endCursor } } }`,
        ),
      ).tasks;
    const ids = (c: any) => c.edges.map((e: any) => e.node.id);
    const all = await list(`resolutionId: "${resolutionId}"`);
    expect(ids(all)).toEqual([taskA, taskB, taskC]);
    expect(all.edges.map((e: any) => e.node.overdue)).toEqual([false, false, true]);
    expect(ids(await list(`resolutionId: "${resolutionId}", assigneeUnitId: "${UNIT_B}"`))).toEqual(
      [taskC],
    );
    expect(ids(await list(`assigneeUnitId: "${UNIT_A}"`))).toEqual([taskA]);
    expect(ids(await list(`resolutionId: "${resolutionId}", overdue: true`))).toEqual([taskC]);
    expect(ids(await list(`resolutionId: "${resolutionId}", overdue: false`))).toEqual([
      taskA,
      taskB,
    ]);
    expect(ids(await list(`assigneeUnitId: "${UNIT_A}", overdue: true`))).toEqual([]);
    const page1 = await list(`resolutionId: "${resolutionId}", first: 2`);
    expect(ids(page1)).toEqual([taskA, taskB]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await list(
      `resolutionId: "${resolutionId}", first: 2, after: "${page1.pageInfo.endCursor}"`,
    );
    expect(ids(page2)).toEqual([taskC]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const tb = ok(
      await s.gql(a.auditor, `query($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`, { id: taskB }),
    ).task;
    expect(tb).toMatchObject({ status: 'COMPLETED', overdue: false, dueOn: '2024-01-31' });
  });

  it('holds the final evaluation on the evidence up to 2025', async () => {
    await sleep(15);
    const beforeFinal = new Date().toISOString();
    await sleep(15);
    const held = ok(
      await s.gql(a.standing, Q.holdFinal, {
        input: { resolutionId, heldOn: '2025-12-20', coversThroughYear: 2025 },
      }),
    ).holdFinalEvaluation;
    finalId = held.id;
    expect(held).toMatchObject({ kind: 'FINAL', status: 'OPEN', coversThroughYear: 2025 });
    expect(held.items.map((x: any) => [x.targetId, x.value, x.computed])).toEqual([
      [t.revenue, '210', 'EXCEEDED'],
      [t.members, '430', 'BEHIND'],
      [t.growth, '8.275', 'EXCEEDED'],
      [t.rated, '79', 'BEHIND'],
      [t.poverty, '1.2', 'MET'],
      [t.forest, null, 'NO_DATA'],
    ]);
    expect(held.summary).toEqual({
      total: 6,
      exceeded: 2,
      met: 1,
      onSchedule: 0,
      behind: 2,
      noData: 1,
      achievedOrExceeded: 3,
    });
    const r = await resolution();
    expect(r.status).toBe('FINAL_EVALUATED');
    expect(r.reviews.map((x: any) => [x.id, x.kind])).toEqual([
      [midtermId, 'MIDTERM'],
      [finalId, 'FINAL'],
    ]);

    // As it stood just before: mid-term reviewed and concluded, no final evaluation yet.
    const then = await resolution(beforeFinal);
    expect(then).toMatchObject({ status: 'MIDTERM_REVIEWED', version: 13 });
    expect(then.reviews).toEqual([{ id: midtermId, kind: 'MIDTERM', status: 'CONCLUDED' }]);
    expect(then.tasks.map((x: any) => [x.id, x.status, x.version])).toEqual([
      [taskA, 'IN_PROGRESS', 7],
      [taskB, 'COMPLETED', 2],
      [taskC, 'IN_PROGRESS', 2],
    ]);
    expect(then.targets.find((x: any) => x.id === t.rated)).toMatchObject({
      currentValue: '79',
      assessment: 'BEHIND',
    });
  });

  it('after FINAL_EVALUATED only corrections are taken; reviews keep what they knew', async () => {
    const fresh = await s.gql(a.unitA, Q.report, {
      input: { taskId: taskA, year: 2025, measurements: [m('rated', 2025, '81')] },
    });
    expect(failure(fresh).code).toBe('INVALID_TRANSITION');

    reports.a2025fix = await report(a.unitA, {
      taskId: taskA,
      year: 2025,
      correctsReportId: reports.a2025.id,
      measurements: [m('rated', 2025, '80')],
    });
    expect(reports.a2025fix.correctsReportId).toBe(reports.a2025.id);
    expect((await values()).rated).toEqual(['80', 'MET']);
    const final = await review(finalId);
    expect(final.items.find((x: any) => x.targetId === t.rated)).toMatchObject({
      value: '79',
      computed: 'BEHIND',
    });
    for (const id of [midtermId, finalId]) {
      const v = ok(
        await s.gql(
          a.auditor,
          `query($id: ID!) { verifyReview(id: $id) { matches differences { targetId recorded recomputed } } }`,
          { id },
        ),
      ).verifyReview;
      expect(v).toEqual({ matches: true, differences: [] });
    }
  });

  it('versions: each entity is at the revision of its last event', async () => {
    const r = await resolution();
    // 0 drafted, 6 targets, submit, return, redefine, submit, issue, started, midterm, final
    expect(r.version).toBe(14);
    expect((await task(taskA)).version).toBe(8);
    expect((await task(taskB)).version).toBe(2);
    expect((await task(taskC)).version).toBe(2);
    expect(r.tasks.map((x: any) => [x.id, x.version])).toEqual([
      [taskA, 8],
      [taskB, 2],
      [taskC, 2],
    ]);
  });

  it('the audit trail lists every event of the resolution, its tasks and reviews, by position', async () => {
    const { events } = await auditTrail(s, a.auditor, resolutionId);
    const streams = new Map<string, number[]>();
    for (const e of events) {
      if (!streams.has(e.streamId)) streams.set(e.streamId, []);
      streams.get(e.streamId)!.push(e.revision);
    }
    expect([...streams.keys()].sort()).toEqual(
      [
        `resolution-${resolutionId}`,
        `task-${taskA}`,
        `task-${taskB}`,
        `task-${taskC}`,
        `review-${midtermId}`,
        `review-${finalId}`,
      ].sort(),
    );
    const dense = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
    expect(streams.get(`resolution-${resolutionId}`)).toEqual(dense(14));
    expect(streams.get(`task-${taskA}`)).toEqual(dense(8));
    expect(streams.get(`task-${taskB}`)).toEqual(dense(2));
    expect(streams.get(`task-${taskC}`)).toEqual(dense(2));
    expect(streams.get(`review-${midtermId}`)).toEqual(dense(2)); // held, assessed, concluded
    expect(streams.get(`review-${finalId}`)).toEqual(dense(0));
    expect(events).toHaveLength(15 + 9 + 3 + 3 + 3 + 1);
    expect(events.some((e) => e.streamId === `resolution-${childId}`)).toBe(false);

    const positions = events.map((e) => BigInt(e.position));
    for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
    for (const [i, e] of events.entries()) {
      expect(e.position).toMatch(/^\d+$/);
      expect(e.actorId).toEqual(expect.any(String));
      // The two follow-ups are the engine's (DOMAIN.md, "Automatic events in detail").
      if (e.type === 'ImplementationStarted' || e.type === 'ReviewHeld')
        expect([e.actorId, e.actorRole]).toEqual(['system', 'SYSTEM']);
      else
        expect(['SECRETARIAT', 'STANDING_COMMITTEE', 'MEMBER', 'UNIT_REPORTER']).toContain(
          e.actorRole,
        );
      expect(e.commandId).toEqual(expect.any(String));
      expect(e.correlationId).toEqual(expect.any(String));
      expect(e.causationId).toEqual(expect.any(String));
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
      if (i > 0)
        expect(Date.parse(e.occurredAt)).toBeGreaterThanOrEqual(
          Date.parse(events[i - 1].occurredAt),
        );
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const drafted = events[0];
    expect(drafted).toMatchObject({
      streamId: `resolution-${resolutionId}`,
      revision: 0,
      type: 'ResolutionDrafted',
      actorId: 'sec-1',
      actorRole: 'SECRETARIAT',
      commandId: draftCommandId,
    });
    expect(drafted.data).toMatchObject({ resolutionId, kind: 'CONGRESS', termStart: 2020 });

    const assigned = events.find(
      (e) => e.type === 'TaskAssigned' && e.streamId === `task-${taskA}`,
    );
    expect(assigned).toMatchObject({
      commandId: assignACommandId,
      correlationId: 'corr-assign-a',
      causationId: assignACommandId,
      actorRole: 'SECRETARIAT',
    });
    const started = events.find((e) => e.type === 'ImplementationStarted');
    expect(started).toMatchObject({
      streamId: `resolution-${resolutionId}`,
      revision: 12,
      commandId: `implementation-start:${assigned.id}`,
      actorId: 'system',
      actorRole: 'SYSTEM',
      correlationId: 'corr-assign-a',
      causationId: assigned.id,
    });
    expect(BigInt(started.position) > BigInt(assigned.position)).toBe(true);

    const accepted = events.find(
      (e) => e.type === 'TaskAccepted' && e.streamId === `task-${taskA}`,
    );
    expect(accepted).toMatchObject({ actorId: 'reporter-a', actorRole: 'UNIT_REPORTER' });
    const types = events.map((e) => e.type);
    expect(types.filter((x) => x === 'ProgressReported')).toHaveLength(8);
    expect(types).toEqual(
      expect.arrayContaining([
        'ResolutionSubmittedForReview',
        'ResolutionReturnedToDraft',
        'ResolutionIssued',
        'MidtermReviewHeld',
        'FinalEvaluationHeld',
        'TaskCompleted',
      ]),
    );
  });

  it('audit trail pages with first/after without skip or repeat', async () => {
    const whole = (await auditTrail(s, a.auditor, resolutionId)).events;
    for (const size of [1, 4, 7]) {
      const paged = await auditTrail(s, a.auditor, resolutionId, size);
      expect(paged.events.map((e) => e.id)).toEqual(whole.map((e) => e.id));
      expect(paged.pages).toBe(Math.ceil(whole.length / size));
    }
    const first = ok(
      await s.gql(
        a.auditor,
        `query($id: ID!) { auditTrail(resolutionId: $id, first: 3) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { id: resolutionId },
      ),
    ).auditTrail;
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[2].cursor });
  });

  it('verifyIntegrity: intact, every event checked', async () => {
    const { events } = await auditTrail(s, a.auditor, resolutionId);
    const report = ok(
      await s.gql(
        a.auditor,
        `query($id: ID!) { verifyIntegrity(resolutionId: $id) { intact checkedEvents firstBrokenEventId } }`,
        { id: resolutionId },
      ),
    ).verifyIntegrity;
    expect(report).toEqual({
      intact: true,
      checkedEvents: events.length,
      firstBrokenEventId: null,
    });
  });

  it('resolutions(status) pages with stable cursors; new items only after the last page', async () => {
    for (let i = 0; i < 4; i++)
      await draftResolution(s, a, {
        title: `Chương trình hành động ${i + 1}`,
        kind: 'ACTION_PROGRAMME',
      });
    const list = async (args: string) =>
      ok(
        await s.gql(
          a.auditor,
          `query { resolutions(${args}) { edges { cursor node { id status title } } pageInfo { hasNextPage endCursor } } }`,
        ),
      ).resolutions;
    const everyDraft = await list('status: DRAFT');
    const draftIds = everyDraft.edges.map((e: any) => e.node.id);
    expect(draftIds).toHaveLength(5); // the child and the four programmes
    expect(draftIds[0]).toBe(childId);
    expect(everyDraft.edges.every((e: any) => e.node.status === 'DRAFT')).toBe(true);
    expect(everyDraft.pageInfo.hasNextPage).toBe(false);

    const seen: string[] = [];
    const cursors: Array<string | null> = [null];
    let after: string | null = null;
    for (;;) {
      const page = await list(`status: DRAFT, first: 2${after ? `, after: "${after}"` : ''}`);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      cursors.push(after);
    }
    expect(seen).toEqual(draftIds);
    expect(cursors).toHaveLength(3);

    // A new draft appears after the last page; earlier pages are unchanged.
    const newer = await draftResolution(s, a, { title: 'Kết luận mới', kind: 'CONCLUSION' });
    const again = await list(`status: DRAFT, first: 2, after: "${cursors[1]}"`);
    expect(again.edges.map((e: any) => e.node.id)).toEqual(draftIds.slice(2, 4));
    const last = await list(`status: DRAFT, first: 2, after: "${cursors[2]}"`);
    expect(last.edges.map((e: any) => e.node.id)).toEqual([draftIds[4], newer.id]);
    expect(last.pageInfo.hasNextPage).toBe(false);

    const finals = await list('status: FINAL_EVALUATED');
    expect(finals.edges.map((e: any) => e.node.id)).toEqual([resolutionId]);
    const everything = await list('first: 1000');
    expect(everything.edges.map((e: any) => e.node.id)).toEqual([
      resolutionId,
      ...draftIds,
      newer.id,
    ]);
  });

  it('decimals keep every digit, in the shortest form, never an exponent', async () => {
    const r = await draftResolution(s, a, { title: 'Số thập phân' });
    const target = ok(
      await s.gql(a.secretariat, Q.defineTarget, {
        input: {
          resolutionId: r.id,
          code: 'DEC',
          group: 'g',
          name: 'n',
          unit: 'tỷ đồng',
          kind: 'LEVEL',
          comparison: 'AT_MOST',
          baseline: '-0.50',
          baselineYear: 2020,
          targetValue: '0012345678901234567890.1234567890',
          dueYear: 2025,
        },
      }),
    ).defineTarget;
    expect(target.baseline).toBe('-0.5');
    expect(target.targetValue).toBe('12345678901234567890.123456789');
    const small = ok(
      await s.gql(a.secretariat, Q.defineTarget, {
        input: {
          resolutionId: r.id,
          code: 'DEC2',
          group: 'g',
          name: 'n',
          unit: '%',
          kind: 'LEVEL',
          comparison: 'AT_LEAST',
          baseline: '-0.0',
          baselineYear: 2020,
          targetValue: '0.0000001',
          dueYear: 2025,
        },
      }),
    ).defineTarget;
    expect(small.baseline).toBe('0');
    expect(small.targetValue).toBe('0.0000001');
  });

  it('connections default to 100 items and take at most 1000', async () => {
    const r = await draftResolution(s, a, { title: 'Nhiều chỉ tiêu' });
    await Promise.all(
      Array.from({ length: 105 }, (_, i) =>
        s.gql(a.secretariat, Q.defineTarget, {
          input: {
            resolutionId: r.id,
            code: `C${i}`,
            group: 'g',
            name: 'n',
            unit: '%',
            kind: 'CUMULATIVE',
            comparison: 'AT_LEAST',
            baselineYear: 2020,
            targetValue: '1',
            dueYear: 2025,
          },
        }),
      ),
    );
    const trail = async (first?: number) =>
      ok(
        await s.gql(
          a.auditor,
          `query($id: ID!, $first: Int) { auditTrail(resolutionId: $id, first: $first) { edges { node { revision } } pageInfo { hasNextPage } } }`,
          { id: r.id, first },
        ),
      ).auditTrail;
    const byDefault = await trail();
    expect(byDefault.edges).toHaveLength(100);
    expect(byDefault.pageInfo.hasNextPage).toBe(true);
    const most = await trail(1000);
    expect(most.edges.map((e: any) => e.node.revision)).toEqual(
      Array.from({ length: 106 }, (_, i) => i),
    );
    expect(most.pageInfo.hasNextPage).toBe(false);
    expect(
      failure(await s.gql(a.auditor, `{ tasks(first: 1001) { edges { cursor } } }`)).code,
    ).toBe('BAD_USER_INPUT');
    expect((await resolution()).version).toBe(14);
    const big = ok(await s.gql(a.auditor, Q.resolution, { id: r.id })).resolution;
    expect(big.version).toBe(105);
    expect(big.targets).toHaveLength(105);
  });
});
