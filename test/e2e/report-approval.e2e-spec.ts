import { actors, failure, ok } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import { cid, report, reportingResolution } from '../support/lifecycle';

/** Report approval (duyệt báo cáo, DOMAIN.md): approve or return once; a return stops counting. */

const REPORT = `id taskId year status returnReason correctsReportId measurements { targetId year value }`;
const Ops = {
  approve: `mutation($id: ID!, $c: ID) { approveReport(reportId: $id, commandId: $c) { ${REPORT} } }`,
  ret: `mutation($id: ID!, $reason: String!, $c: ID) { returnReport(reportId: $id, reason: $reason, commandId: $c) { ${REPORT} } }`,
  target: `query($id: ID!) { resolution(id: $id) { targets { id currentValue assessment } tasks { reports { id status returnReason } } } }`,
  hold: `mutation($input: HoldReviewInput!) { holdMidtermReview(input: $input) {
    id items { targetId value evidenceEventIds currentValue changedSinceReview } } }`,
  review: `query($id: ID!) { review(id: $id) { items { value currentValue changedSinceReview } } }`,
  verify: `query($id: ID!) { verifyReview(id: $id) { matches differences { targetId } } }`,
  head: `{ serverInfo { headPosition } }`,
};

describe('report approval, end to end over HTTP', () => {
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await s?.close();
  });

  const head = async () => ok(await s.gql(a.auditor, Ops.head)).serverInfo.headPosition as string;
  const current = async (id: string) =>
    ok(await s.gql(a.auditor, Ops.target, { id })).resolution.targets[0].currentValue as string;

  it('a report is SUBMITTED until approved; approval does not hold values back', async () => {
    const r = await reportingResolution(s, a);
    const before = ok(await s.gql(a.auditor, Ops.target, { id: r.resolution.id })).resolution;
    expect(before.tasks[0].reports).toEqual([
      { id: r.report.id, status: 'SUBMITTED', returnReason: null },
    ]);
    expect(before.targets[0].currentValue).toBe('120');
    const approved = ok(await s.gql(a.secretariat, Ops.approve, { id: r.report.id })).approveReport;
    expect(approved).toMatchObject({ id: r.report.id, status: 'APPROVED', returnReason: null });
    expect(await current(r.resolution.id)).toBe('120');
  });

  it('a returned report stops counting (the earlier value counts again); its correction counts', async () => {
    const r = await reportingResolution(s, a);
    const target = r.targets[0].id;
    const held = ok(
      await s.gql(a.standing, Ops.hold, {
        input: { resolutionId: r.resolution.id, heldOn: '2022-01-20', coversThroughYear: 2021 },
      }),
    ).holdMidtermReview;
    expect(held.items[0]).toMatchObject({ value: '120', changedSinceReview: false });

    const later = await report(s, a.unitA, {
      taskId: r.task.id,
      year: 2021,
      measurements: [{ targetId: target, year: 2021, value: '130' }],
    });
    expect(await current(r.resolution.id)).toBe('130');
    const returned = ok(
      await s.gql(a.standing, Ops.ret, { id: later.id, reason: ' Số liệu cộng trùng ' }),
    ).returnReport;
    expect(returned).toMatchObject({ status: 'RETURNED', returnReason: 'Số liệu cộng trùng' });
    expect(await current(r.resolution.id)).toBe('120');

    const fix = await report(s, a.unitA, {
      taskId: r.task.id,
      year: 2021,
      correctsReportId: later.id,
      measurements: [{ targetId: target, year: 2021, value: '125' }],
    });
    expect(fix.correctsReportId).toBe(later.id);
    const listed = ok(await s.gql(a.auditor, Ops.target, { id: r.resolution.id })).resolution;
    expect(listed.tasks[0].reports.map((x: any) => x.status)).toEqual([
      'SUBMITTED',
      'RETURNED',
      'SUBMITTED',
    ]);
    expect(await current(r.resolution.id)).toBe('125');
    ok(await s.gql(a.secretariat, Ops.approve, { id: fix.id }));

    // The review's own report is returned: the review keeps the evidence it froze.
    ok(await s.gql(a.secretariat, Ops.ret, { id: r.report.id, reason: 'Thiếu xác nhận' }));
    expect(await current(r.resolution.id)).toBe('125');
    const review = ok(await s.gql(a.auditor, Ops.review, { id: held.id })).review;
    expect(review.items[0]).toMatchObject({
      value: '120',
      currentValue: '125',
      changedSinceReview: true,
    });
    expect(ok(await s.gql(a.auditor, Ops.verify, { id: held.id })).verifyReview).toEqual({
      matches: true,
      differences: [],
    });
  });

  it('a review held after a return does not count the returned values', async () => {
    const r = await reportingResolution(s, a);
    const later = await report(s, a.unitA, {
      taskId: r.task.id,
      year: 2021,
      measurements: [{ targetId: r.targets[0].id, year: 2021, value: '130' }],
    });
    ok(await s.gql(a.standing, Ops.ret, { id: later.id, reason: 'Chưa có số liệu chính thức' }));
    const held = ok(
      await s.gql(a.standing, Ops.hold, {
        input: { resolutionId: r.resolution.id, heldOn: '2022-01-20', coversThroughYear: 2021 },
      }),
    ).holdMidtermReview;
    expect(held.items[0]).toMatchObject({ value: '120', changedSinceReview: false });
    expect(ok(await s.gql(a.auditor, Ops.verify, { id: held.id })).verifyReview.matches).toBe(true);
  });

  it('once per report: a decided report is INVALID_TRANSITION, and nothing is written', async () => {
    const r = await reportingResolution(s, a);
    ok(await s.gql(a.standing, Ops.ret, { id: r.report.id, reason: 'Sai năm' }));
    const at = await head();
    expect(failure(await s.gql(a.secretariat, Ops.approve, { id: r.report.id })).code).toBe(
      'INVALID_TRANSITION',
    );
    expect(failure(await s.gql(a.standing, Ops.ret, { id: r.report.id, reason: 'x' })).code).toBe(
      'INVALID_TRANSITION',
    );
    expect(await head()).toBe(at);
  });

  it('errors in the contract order: role, shape, NOT_FOUND, replay', async () => {
    const r = await reportingResolution(s, a);
    const at = await head();
    for (const tok of [a.unitA, a.member, a.auditor, a.integration]) {
      expect(failure(await s.gql(tok, Ops.approve, { id: r.report.id })).code).toBe('FORBIDDEN');
      // Role before shape and existence.
      expect(failure(await s.gql(tok, Ops.ret, { id: 'nope', reason: ' ' })).code).toBe(
        'FORBIDDEN',
      );
    }
    const blank = failure(await s.gql(a.secretariat, Ops.ret, { id: 'nope', reason: '  ' }));
    expect(blank).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(blank.message).toMatch(/reason/);
    expect(failure(await s.gql(a.secretariat, Ops.approve, { id: 'nope' })).code).toBe('NOT_FOUND');
    expect(failure(await s.gql(a.secretariat, Ops.ret, { id: 'nope', reason: 'x' })).code).toBe(
      'NOT_FOUND',
    );
    expect(await head()).toBe(at);

    // The same commandId answers the same report and writes nothing more.
    const c = cid();
    const first = ok(await s.gql(a.secretariat, Ops.approve, { id: r.report.id, c })).approveReport;
    const after = await head();
    const again = ok(await s.gql(a.secretariat, Ops.approve, { id: r.report.id, c })).approveReport;
    expect(again).toEqual(first);
    expect(await head()).toBe(after);
  });
});
