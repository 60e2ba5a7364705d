/**
 * The read-model suite: the same commands run through the real handlers, event store and
 * projector, then every query is checked, for any ReadModelStore (SQLite, PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../application/clock';
import { envelope } from '../application/command-envelope';
import {
  ChangeResolutionCommand,
  ChangeResolutionHandler,
  type ResolutionChange,
} from '../application/resolution/change-resolution.command';
import {
  DraftResolutionCommand,
  DraftResolutionHandler,
} from '../application/resolution/draft-resolution.command';
import {
  ChangeReviewCommand,
  ChangeReviewHandler,
} from '../application/review/change-review.command';
import { HoldReviewCommand, HoldReviewHandler } from '../application/review/hold-review.command';
import { writeSide } from '../application/processes/process-commands';
import { AssignTaskCommand, AssignTaskHandler } from '../application/task/assign-task.command';
import {
  DefineOrgUnitCommand,
  DefineOrgUnitHandler,
} from '../application/org-unit/define-org-unit.command';
import {
  ChangeTaskCommand,
  ChangeTaskHandler,
  type TaskChange,
} from '../application/task/change-task.command';
import { advanceAnchor, EMPTY_ANCHOR, formatAnchor, verifyAnchor } from '../audit/anchor';
import type { StoredEvent } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { Projector } from '../read-models/projector';
import type { ReadModelStore } from '../read-models/read-model.port';
import type { Actor } from '../workflows/shared/actor';

const SECRETARIAT: Actor = { id: 'sec-1', role: 'SECRETARIAT' };
const STANDING: Actor = { id: 'sc-1', role: 'STANDING_COMMITTEE' };
const REPORTER_A: Actor = { id: 'rep-a', role: 'UNIT_REPORTER', unitId: 'phuong-duc-xuan' };
const REPORTER_B: Actor = { id: 'rep-b', role: 'UNIT_REPORTER', unitId: 'xa-duong-quang' };

/** The write side wired by hand, as Nest would: store, read models, projector, handlers. */
async function workbench(open: () => Promise<ReadModelStore>) {
  const dir = mkdtempSync(join(tmpdir(), 'read-model-suite-'));
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  const readModels = await open();
  const projector = new Projector(store, readModels);
  await projector.start();
  const clock = new SystemClock(() => Date.parse('2024-03-01T03:00:00Z'));
  const { runner, processes } = writeSide(store, readModels, projector, clock);
  await processes.start();
  let n = 0;
  const env = (command: string, actor: Actor, input: Record<string, unknown>) =>
    envelope(command, actor, input, { commandId: `cmd-${++n}` });
  const draft = new DraftResolutionHandler(runner);
  const changeResolution = new ChangeResolutionHandler(runner);
  const assign = new AssignTaskHandler(runner, { reminderDays: 7, reportGraceDays: 10 });
  const changeTask = new ChangeTaskHandler(runner);
  const hold = new HoldReviewHandler(runner);
  const changeReview = new ChangeReviewHandler(runner);
  const defineUnit = new DefineOrgUnitHandler(runner);
  return {
    unit: (input: { id: string; name: string; kind: string; parentId?: string | null }) =>
      defineUnit
        .execute(new DefineOrgUnitCommand(env('defineOrgUnit', SECRETARIAT, input), input as any))
        .then((r) => r.id),
    store,
    readModels,
    projector,
    dir,
    draft: (input: Record<string, any>) =>
      draft
        .execute(
          new DraftResolutionCommand(env('draftResolution', SECRETARIAT, input), input as any),
        )
        .then((r) => r.id),
    resolution: (actor: Actor, id: string, change: ResolutionChange) =>
      changeResolution
        .execute(
          new ChangeResolutionCommand(env(change.type, actor, { id, ...change }), id, change),
        )
        .then((r) => r.id),
    assign: (input: Record<string, any>) =>
      assign
        .execute(new AssignTaskCommand(env('assignTask', STANDING, input), input as any))
        .then((r) => r.id),
    task: (actor: Actor, id: string, change: TaskChange) =>
      changeTask
        .execute(new ChangeTaskCommand(env(change.type, actor, { id, ...change }), id, change))
        .then((r) => r.id),
    hold: (input: { resolutionId: string; heldOn: string; coversThroughYear: number }) =>
      hold
        .execute(new HoldReviewCommand(env('holdMidtermReview', STANDING, input), 'MIDTERM', input))
        .then((r) => r.id),
    review: (id: string, change: any) =>
      changeReview
        .execute(new ChangeReviewCommand(env(change.type, STANDING, { id, ...change }), id, change))
        .then((r) => r.id),
    async events(): Promise<StoredEvent[]> {
      const all: StoredEvent[] = [];
      for await (const e of store.readAll()) all.push(e);
      return all;
    },
    async close() {
      await processes.stop();
      await projector.stop();
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Bench = Awaited<ReturnType<typeof workbench>>;

const target = (code: string, over: Record<string, unknown> = {}) => ({
  type: 'DefineTarget' as const,
  code,
  group: 'Kinh tế',
  name: `Chỉ tiêu ${code}`,
  unit: 'tỷ đồng',
  kind: 'LEVEL',
  comparison: 'AT_LEAST',
  baseline: '100',
  baselineYear: 2020,
  targetValue: '200',
  dueYear: 2025,
  ...over,
});

/** A resolution through issue, two tasks with reports (one corrected), and a mid-term review. */
async function lifecycle(b: Bench) {
  const id = await b.draft({
    title: 'Nghị quyết Đại hội',
    kind: 'CONGRESS',
    termStart: 2020,
    termEnd: 2025,
  });
  const revenue = await b.resolution(SECRETARIAT, id, target('KT-01') as ResolutionChange);
  const poverty = await b.resolution(
    SECRETARIAT,
    id,
    target('XH-01', {
      group: 'Xã hội',
      unit: '%',
      comparison: 'AT_MOST',
      baseline: '3.5',
      targetValue: '1.2',
    }) as ResolutionChange,
  );
  const members = await b.resolution(
    SECRETARIAT,
    id,
    target('XD-01', {
      group: 'Xây dựng Đảng',
      unit: 'người',
      kind: 'CUMULATIVE',
      baseline: null,
      targetValue: '450',
    }) as ResolutionChange,
  );
  await b.resolution(SECRETARIAT, id, { type: 'SubmitForReview' });
  await b.resolution(STANDING, id, {
    type: 'IssueResolution',
    code: '01-NQ/TU',
    issuedOn: '2020-10-01',
    signedBy: 'Bí thư',
  });
  const taskA = await b.assign({
    resolutionId: id,
    title: 'Tăng thu ngân sách',
    assigneeUnitId: 'phuong-duc-xuan',
    targetIds: [revenue, members],
    dueOn: '2023-12-31',
  });
  const taskB = await b.assign({
    resolutionId: id,
    title: 'Giảm nghèo',
    assigneeUnitId: 'xa-duong-quang',
    targetIds: [poverty, members],
    dueOn: '2026-12-31',
    reportingFrequency: 'ANNUAL',
  });
  await b.task(REPORTER_A, taskA, { type: 'AcceptTask' });
  await b.task(REPORTER_B, taskB, { type: 'AcceptTask' });
  const report = (
    year: number,
    measurements: Array<[string, number, string]>,
    correctsReportId: string | null = null,
  ) => ({
    type: 'ReportProgress' as const,
    year,
    percentComplete: 40,
    narrative: 'Tiến độ',
    difficulties: null,
    proposals: null,
    correctsReportId,
    measurements: measurements.map(([targetId, y, value]) => ({ targetId, year: y, value })),
  });
  const first = await b.task(
    REPORTER_A,
    taskA,
    report(2021, [
      [revenue, 2021, '150.0'],
      [members, 2021, '90'],
    ]),
  );
  await b.task(
    REPORTER_B,
    taskB,
    report(2021, [
      [poverty, 2021, '2.4'],
      [members, 2021, '40'],
    ]),
  );
  await b.task(REPORTER_A, taskA, report(2021, [[revenue, 2021, '155']], first));
  await b.task(
    REPORTER_A,
    taskA,
    report(2022, [
      [revenue, 2022, '170.50'],
      [members, 2022, '80'],
    ]),
  );
  await b.task(REPORTER_B, taskB, report(2022, [[poverty, 2022, '1.9']]));
  const reviewId = await b.hold({
    resolutionId: id,
    heldOn: '2023-06-01',
    coversThroughYear: 2022,
  });
  await b.review(reviewId, {
    type: 'AssessTarget',
    targetId: poverty,
    assessment: 'MET',
    justification: 'Đạt theo số liệu mới',
  });
  await b.review(reviewId, {
    type: 'ConcludeReview',
    conclusions: 'Cơ bản đạt tiến độ',
    directives: ['Tập trung giảm nghèo'],
  });
  return { id, revenue, poverty, members, taskA, taskB, first, reviewId };
}

export function readModelSuite(name: string, open: () => Promise<ReadModelStore>) {
  describe(`${name} read models`, () => {
    let b: Bench;
    let ids: Awaited<ReturnType<typeof lifecycle>>;

    beforeAll(async () => {
      b = await workbench(open);
      ids = await lifecycle(b);
    });
    afterAll(() => b.close());

    it('serves the resolution with its targets, live values and assessments', async () => {
      const r = (await b.readModels.resolution(ids.id))!;
      expect(r.status).toBe('MIDTERM_REVIEWED');
      expect(r.code).toBe('01-NQ/TU');
      expect(r.taskIds).toEqual([ids.taskA, ids.taskB]);
      expect(r.reviewIds).toEqual([ids.reviewId]);
      const byCode = Object.fromEntries(r.targets.map((t) => [t.code, t]));
      // The latest year reported is 2022: revenue 170.5 vs path 100 + 100 × 2/5 = 140.
      expect(byCode['KT-01']).toMatchObject({ currentValue: '170.5', assessment: 'ON_SCHEDULE' });
      expect(byCode['XH-01']).toMatchObject({ currentValue: '1.9', assessment: 'ON_SCHEDULE' });
      // Members: latest per (year, unit) summed: 90 + 40 + 80 = 210 ≥ 450 × 2/5 = 180.
      expect(byCode['XD-01']).toMatchObject({ currentValue: '210', assessment: 'ON_SCHEDULE' });
    });

    it('keeps only the latest value per (target, year, unit), the correction included', async () => {
      const observations = await b.readModels.observations(ids.id);
      const revenue2021 = observations.filter((o) => o.targetId === ids.revenue && o.year === 2021);
      expect(revenue2021.map((o) => o.value)).toEqual(['155']);
      expect(observations).toHaveLength(7);
      const positions = observations.map((o) => BigInt(o.position));
      expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
    });

    it('serves tasks with filters, paging and reports in order', async () => {
      const all = await b.readModels.tasks({ today: '2024-03-01', limit: 100 });
      expect(all.items.map((t) => t.id)).toEqual([ids.taskA, ids.taskB]);
      const first = await b.readModels.tasks({ today: '2024-03-01', limit: 1 });
      expect(first).toMatchObject({ hasNextPage: true, items: [{ id: ids.taskA }] });
      const next = await b.readModels.tasks({
        today: '2024-03-01',
        limit: 1,
        after: first.items[0].seq,
      });
      expect(next).toMatchObject({ hasNextPage: false, items: [{ id: ids.taskB }] });
      const overdue = await b.readModels.tasks({ today: '2024-03-01', overdue: true, limit: 10 });
      expect(overdue.items.map((t) => t.id)).toEqual([ids.taskA]);
      const notOverdue = await b.readModels.tasks({
        today: '2024-03-01',
        overdue: false,
        limit: 10,
      });
      expect(notOverdue.items.map((t) => t.id)).toEqual([ids.taskB]);
      const byUnit = await b.readModels.tasks({
        today: '2024-03-01',
        assigneeUnitId: 'xa-duong-quang',
        limit: 10,
      });
      expect(byUnit.items.map((t) => t.id)).toEqual([ids.taskB]);
      const reports = await b.readModels.reports(ids.taskA);
      expect(reports.map((r) => [r.year, r.correctsReportId])).toEqual([
        [2021, null],
        [2021, ids.first],
        [2022, null],
      ]);
      expect(reports[2].measurements[0].value).toBe('170.5');
      expect(await b.readModels.report(ids.first)).toMatchObject({
        id: ids.first,
        taskId: ids.taskA,
      });
    });

    it('serves reporting obligations by (dueOn, taskId, period), filtered and paged', async () => {
      const q = { today: '2024-03-01', limit: 10 };
      const all = await b.readModels.reportingObligations(q);
      // Task B (ANNUAL) was assigned on 2024-03-01; its first report that day satisfied 2024.
      expect(all.items.map((o) => [o.taskId, o.period, o.dueOn, o.status])).toEqual([
        [ids.taskB, '2024', '2025-01-10', 'SUBMITTED'],
        [ids.taskB, '2025', '2026-01-10', 'UPCOMING'],
        [ids.taskB, '2026', '2027-01-10', 'UPCOMING'],
      ]);
      expect(all.items[0].reportId).not.toBeNull();
      const upcoming = await b.readModels.reportingObligations({ ...q, status: 'UPCOMING' });
      expect(upcoming.items.map((o) => o.period)).toEqual(['2025', '2026']);
      const later = await b.readModels.reportingObligations({
        ...q,
        today: '2026-02-01',
        status: 'MISSED',
      });
      expect(later.items.map((o) => o.period)).toEqual(['2025']);
      const page = await b.readModels.reportingObligations({ ...q, limit: 1 });
      expect(page.hasNextPage).toBe(true);
      const [o] = page.items;
      const rest = await b.readModels.reportingObligations({
        ...q,
        after: { dueOn: o.dueOn, taskId: o.taskId, period: o.period },
      });
      expect(rest.items.map((x) => x.period)).toEqual(['2025', '2026']);
      expect(
        await b.readModels.reportingObligations({ ...q, assigneeUnitId: 'phuong-duc-xuan' }),
      ).toEqual({ items: [], hasNextPage: false });
      expect(
        (await b.readModels.reportingObligations({ ...q, resolutionId: ids.id })).items,
      ).toHaveLength(3);
    });

    it('serves the review with its override and a summary that uses it', async () => {
      const review = (await b.readModels.review(ids.reviewId))!;
      expect(review).toMatchObject({
        status: 'CONCLUDED',
        coversThroughYear: 2022,
        directives: ['Tập trung giảm nghèo'],
      });
      const poverty = review.items.find((i) => i.targetId === ids.poverty)!;
      expect(poverty).toMatchObject({ computed: 'ON_SCHEDULE', override: 'MET', value: '1.9' });
      expect(review.summary).toEqual({
        total: 3,
        exceeded: 0,
        met: 1,
        onSchedule: 2,
        behind: 0,
        noData: 0,
        achievedOrExceeded: 1,
      });
    });

    it('lists resolutions by status with paging', async () => {
      const page = await b.readModels.resolutions({ status: 'MIDTERM_REVIEWED', limit: 10 });
      expect(page.items.map((r) => r.id)).toEqual([ids.id]);
      expect((await b.readModels.resolutions({ status: 'DRAFT', limit: 10 })).items).toEqual([]);
    });

    it('remembers each command for idempotent replays', async () => {
      expect(await b.readModels.command('cmd-1')).toMatchObject({
        command: 'draftResolution',
        resultId: ids.id,
      });
      expect(await b.readModels.command('no-such-command')).toBeNull();
    });

    it('lists resolutions by kind, parent and search, ignoring case and diacritics', async () => {
      const child = await b.draft({
        title: 'Nghị quyết chuyên đề về xây dựng Đảng bộ phường Đức Xuân',
        kind: 'THEMATIC',
        termStart: 2021,
        termEnd: 2025,
        parentId: ids.id,
      });
      const annual = await b.draft({
        title: 'Chương trình công tác năm 2024 (50%_giải ngân)',
        kind: 'ANNUAL',
        termStart: 2024,
        termEnd: 2024,
      });
      const find = async (q: Record<string, unknown>) =>
        (await b.readModels.resolutions({ limit: 100, ...q })).items.map((r) => r.id);
      expect(await find({ search: 'nghi quyet' })).toEqual([ids.id, child]);
      expect(await find({ search: 'NGHỊ QUYẾT' })).toEqual([ids.id, child]);
      expect(await find({ search: 'dang bo' })).toEqual([child]);
      expect(await find({ search: 'Đảng Bộ' })).toEqual([child]);
      expect(await find({ search: 'duc xuan' })).toEqual([child]);
      // The code is searched too.
      expect(await find({ search: '01-nq/tu' })).toEqual([ids.id]);
      // LIKE wildcards are plain characters.
      expect(await find({ search: '%' })).toEqual([annual]);
      expect(await find({ search: '50%_giai' })).toEqual([annual]);
      expect(await find({ search: 'n%q' })).toEqual([]);
      expect(await find({ kind: 'THEMATIC' })).toEqual([child]);
      expect(await find({ parentId: ids.id })).toEqual([child]);
      expect(await find({ kind: 'ANNUAL', search: 'nghi quyet' })).toEqual([]);
      expect(await find({ status: 'DRAFT', search: 'chuong trinh' })).toEqual([annual]);

      // Cursor paging while rows arrive: a new resolution appears only after the last page.
      const first = await b.readModels.resolutions({ limit: 2 });
      expect(first.items.map((r) => r.id)).toEqual([ids.id, child]);
      const late = await b.draft({
        title: 'Kết luận của Ban Thường vụ',
        kind: 'CONCLUSION',
        termStart: 2024,
        termEnd: 2024,
      });
      const second = await b.readModels.resolutions({ limit: 2, after: first.items[1].seq });
      expect(second).toMatchObject({ hasNextPage: false });
      expect(second.items.map((r) => r.id)).toEqual([annual, late]);
    });

    it('lists tasks by member, status and due date, with the old filters', async () => {
      const taskC = await b.assign({
        resolutionId: ids.id,
        title: 'Kiểm tra chuyên đề',
        assigneeMemberId: 'member-9',
        dueOn: '2024-05-01',
      });
      const find = async (q: Record<string, unknown>) =>
        (await b.readModels.tasks({ today: '2024-03-01', limit: 100, ...q })).items.map(
          (t) => t.id,
        );
      expect(await find({ assigneeMemberId: 'member-9' })).toEqual([taskC]);
      expect(await find({ status: 'ASSIGNED' })).toEqual([taskC]);
      expect(await find({ status: 'IN_PROGRESS' })).toEqual([ids.taskA, ids.taskB]);
      expect(await find({ dueBefore: '2024-01-01' })).toEqual([ids.taskA]);
      // Before, not on: the due date itself is excluded.
      expect(await find({ dueBefore: '2024-05-01' })).toEqual([ids.taskA]);
      expect(await find({ dueBefore: '2024-05-02' })).toEqual([ids.taskA, taskC]);
      expect(await find({ dueBefore: '2027-01-01', assigneeUnitId: 'xa-duong-quang' })).toEqual([
        ids.taskB,
      ]);
      expect(await find({ status: 'ASSIGNED', overdue: true })).toEqual([]);
    });

    it('lists reports across tasks by resolution, unit, year and status, paging while they arrive', async () => {
      const find = async (q: Record<string, unknown>) =>
        (await b.readModels.listReports({ limit: 100, ...q })).items.map((r) => [r.taskId, r.year]);
      expect(await find({ resolutionId: ids.id })).toEqual([
        [ids.taskA, 2021],
        [ids.taskB, 2021],
        [ids.taskA, 2021],
        [ids.taskA, 2022],
        [ids.taskB, 2022],
      ]);
      expect(await find({ assigneeUnitId: 'xa-duong-quang' })).toEqual([
        [ids.taskB, 2021],
        [ids.taskB, 2022],
      ]);
      expect(await find({ year: 2022, resolutionId: ids.id })).toEqual([
        [ids.taskA, 2022],
        [ids.taskB, 2022],
      ]);
      expect(await find({ resolutionId: 'nope' })).toEqual([]);

      const page1 = await b.readModels.listReports({ resolutionId: ids.id, limit: 3 });
      expect(page1.hasNextPage).toBe(true);
      const correction = page1.items[2];
      expect(correction.correctsReportId).toBe(ids.first);
      // Returned: its values stop counting, the earlier value counts again.
      await b.task(SECRETARIAT, ids.taskA, {
        type: 'ReturnReport',
        subjectReportId: correction.id,
        reason: 'Số liệu chưa khớp',
      });
      await b.task(STANDING, ids.taskB, {
        type: 'ApproveReport',
        subjectReportId: page1.items[1].id,
      });
      const arrived = await b.task(REPORTER_B, ids.taskB, {
        type: 'ReportProgress',
        year: 2023,
        percentComplete: 80,
        narrative: null,
        difficulties: null,
        proposals: null,
        correctsReportId: null,
        measurements: [{ targetId: ids.poverty, year: 2023, value: '1.5' }],
      });
      const page2 = await b.readModels.listReports({
        resolutionId: ids.id,
        limit: 3,
        after: page1.items[2].position,
      });
      expect(page2.hasNextPage).toBe(false);
      expect(page2.items.map((r) => r.id)).toEqual([
        (await b.readModels.reports(ids.taskA))[2].id,
        (await b.readModels.reports(ids.taskB))[1].id,
        arrived,
      ]);
      expect(
        (await b.readModels.listReports({ status: 'RETURNED', limit: 10 })).items,
      ).toMatchObject([
        { id: correction.id, status: 'RETURNED', returnReason: 'Số liệu chưa khớp' },
      ]);
      expect(
        (await b.readModels.listReports({ status: 'APPROVED', limit: 10 })).items.map((r) => r.id),
      ).toEqual([page1.items[1].id]);
      expect(
        (await b.readModels.listReports({ status: 'SUBMITTED', limit: 10 })).items,
      ).toHaveLength(4);
      const observations = await b.readModels.observations(ids.id);
      const revenue2021 = observations.filter((o) => o.targetId === ids.revenue && o.year === 2021);
      expect(revenue2021.map((o) => o.value)).toEqual(['150']);
      const revenue = (await b.readModels.resolution(ids.id))!.targets.find(
        (t) => t.id === ids.revenue,
      );
      expect(revenue?.currentValue).toBe('170.5');
    });

    it('serves organisation units by parent, in the order first defined', async () => {
      await b.unit({ id: 'db-tp', name: 'Đảng bộ thành phố', kind: 'PARTY_COMMITTEE' });
      await b.unit({ id: 'p-dx', name: 'Phường Đức Xuân', kind: 'WARD', parentId: 'db-tp' });
      await b.unit({ id: 'x-dq', name: 'Xã Dương Quang', kind: 'COMMUNE', parentId: 'db-tp' });
      await b.unit({ id: 'so-tc', name: 'Sở Tài chính', kind: 'AGENCY' });
      const ids = async (parentId: string | null) =>
        (await b.readModels.orgUnits(parentId)).map((u) => u.id);
      expect(await ids(null)).toEqual(['db-tp', 'so-tc']);
      expect(await ids('db-tp')).toEqual(['p-dx', 'x-dq']);
      // Redefined: moved to the top, keeping its place among the units first defined.
      await b.unit({ id: 'p-dx', name: 'Phường Đức Xuân (mới)', kind: 'WARD' });
      expect(await ids(null)).toEqual(['db-tp', 'p-dx', 'so-tc']);
      expect(await ids('db-tp')).toEqual(['x-dq']);
      expect(await b.readModels.orgUnit('p-dx')).toMatchObject({
        name: 'Phường Đức Xuân (mới)',
        parentId: null,
        version: 1,
      });
      expect(await b.readModels.orgUnit('nope')).toBeNull();
    });

    it('keeps each allocation with its unit figures, and they add up to the target', async () => {
      await b.resolution(STANDING, ids.id, {
        type: 'AllocateTarget',
        targetId: ids.members,
        allocations: [
          { unitId: 'phuong-duc-xuan', value: '250' },
          { unitId: 'xa-duong-quang', value: '200' },
        ],
      } as ResolutionChange);
      const members = (await b.readModels.resolution(ids.id))!.targets.find(
        (t) => t.id === ids.members,
      )!;
      expect(members.currentValue).toBe('210');
      // 2022 of 2020–2025: paths 250 × 2/5 = 100 ≤ 170 and 200 × 2/5 = 80 > 40.
      expect(members.allocations).toEqual([
        { unitId: 'phuong-duc-xuan', value: '250', currentValue: '170', assessment: 'ON_SCHEDULE' },
        { unitId: 'xa-duong-quang', value: '200', currentValue: '40', assessment: 'BEHIND' },
      ]);
    });

    it('answers null for unknown ids', async () => {
      expect(await b.readModels.resolution('nope')).toBeNull();
      expect(await b.readModels.task('nope')).toBeNull();
      expect(await b.readModels.review('nope')).toBeNull();
      expect(await b.readModels.reports('nope')).toEqual([]);
    });

    it('keeps the running hash of every event, and each review the anchor of its evidence', async () => {
      const events = await b.events();
      const expected = advanceAnchor(EMPTY_ANCHOR, events);
      const head = events[events.length - 1].position;
      expect(await b.readModels.anchorPoints(0n, head, 100_000)).toEqual(expected);
      expect(await b.readModels.anchorAt(head)).toEqual(expected[expected.length - 1]);
      expect(await b.readModels.anchorAt(0n)).toEqual(EMPTY_ANCHOR);
      const held = events.find((e) => e.type === 'ReviewHeld')!;
      const review = (await b.readModels.review(String(held.data.reviewId)))!;
      const point = expected.find((p) => p.position === BigInt(review.asOfPosition))!;
      expect(review.anchor).toBe(formatAnchor(point));
      expect(await verifyAnchor(b.store, point, b.readModels)).toMatchObject({ intact: true });
    });

    it('applying the same events again changes nothing (idempotent projection)', async () => {
      const before = await b.readModels.dump();
      const events = await b.events();
      await b.readModels.applyBatch(events.slice(0, 20));
      await b.readModels.applyBatch(events);
      expect(await b.readModels.dump()).toEqual(before);
    });

    it('a rebuild from the events, in batches of any size, gives exactly the same rows', async () => {
      const expected = await b.readModels.dump();
      const events = await b.events();
      for (const size of [1, 7, events.length]) {
        await b.readModels.reset();
        expect(await b.readModels.checkpoint()).toBe(0n);
        for (let i = 0; i < events.length; i += size)
          await b.readModels.applyBatch(events.slice(i, i + size));
        expect(await b.readModels.dump()).toEqual(expected);
      }
    });
  });
}
