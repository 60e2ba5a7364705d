/**
 * The API on its production stores: events in EventStoreDB (the real client over real gRPC, to
 * the protocol test server in test/esdb-test-server, or to a real node when
 * EVENTSTORE_CONNECTION_STRING is set) and read models in a real PostgreSQL.
 */
import { EsdbTestServer } from '../esdb-test-server/esdb-test-server';
import {
  acceptTask,
  assignTask,
  auditTrail,
  implementingResolution,
  issuedResolution,
  report,
} from '../support/lifecycle';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { actors, ok, startServer, UNIT_A, type Actors, type TestServer } from '../support/server';

describe('the API on EventStoreDB and PostgreSQL', () => {
  const realEventStore = process.env.EVENTSTORE_CONNECTION_STRING;
  let esdb: EsdbTestServer | null = null;
  let pg: TestPostgres;
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    if (!realEventStore) esdb = await EsdbTestServer.start({ maxAppendSize: 4 * 1024 * 1024 });
    pg = await startPostgres(['api_read_models']);
    s = await startServer({
      eventStore: realEventStore ?? esdb!.connectionString,
      readModelUrl: pg.url('api_read_models'),
    });
    a = await actors();
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await pg?.stop();
    await esdb?.stop();
    if (realEventStore) process.env.EVENTSTORE_CONNECTION_STRING = realEventStore;
  });

  it('runs the lifecycle with read-your-writes, a review, the audit trail and its integrity', async () => {
    const r = await implementingResolution(s, a);
    const rep = await report(s, a.unitA, {
      taskId: r.task.id,
      year: 2021,
      measurements: [{ targetId: r.targets[0].id, year: 2021, value: '120.50' }],
    });
    expect(rep.measurements[0].value).toBe('120.5');
    const task = ok(await s.gql(a.auditor, `{ task(id: "${r.task.id}") { status version } }`)).task;
    expect(task).toEqual({ status: 'IN_PROGRESS', version: 2 });

    const review = ok(
      await s.gql(
        a.standing,
        `mutation($i: HoldReviewInput!) { holdMidtermReview(input: $i) { id asOfPosition
          items { value computed evidenceEventIds } summary { total onSchedule } } }`,
        { i: { resolutionId: r.resolution.id, heldOn: '2022-03-01', coversThroughYear: 2021 } },
      ),
    ).holdMidtermReview;
    expect(review.items[0]).toMatchObject({ value: '120.5', computed: 'ON_SCHEDULE' });
    expect(review.summary).toEqual({ total: 1, onSchedule: 1 });

    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    expect(trail.map((e) => e.type)).toEqual([
      'ResolutionDrafted',
      'TargetDefined',
      'ResolutionSubmittedForReview',
      'ResolutionIssued',
      'TaskAssigned',
      'ImplementationStarted',
      'TaskAccepted',
      'ProgressReported',
      'MidtermReviewHeld',
      'ReviewHeld',
    ]);
    expect(review.items[0].evidenceEventIds).toEqual([trail[7].id]);
    const verified = ok(
      await s.gql(
        a.auditor,
        `{ verifyIntegrity(resolutionId: "${r.resolution.id}") { intact checkedEvents }
           verifyReview(id: "${review.id}") { matches } }`,
      ),
    );
    expect(verified).toEqual({
      verifyIntegrity: { intact: true, checkedEvents: 10 },
      verifyReview: { matches: true },
    });

    // Anchors over $all: the product's own events only (never EventStoreDB's $ streams).
    const { integrityAnchor: head, review: held } = ok(
      await s.gql(
        a.auditor,
        `{ integrityAnchor { position events hash anchor } review(id: "${review.id}") { anchor } }`,
      ),
    );
    expect(head.position).toBe(trail[trail.length - 1].position);
    expect(head.anchor).toBe(`rt1-${head.position}-${head.events}-${head.hash}`);
    expect(held.anchor).toMatch(new RegExp(`^rt1-${review.asOfPosition}-`));
    for (const anchor of [head.anchor, held.anchor])
      expect(
        ok(
          await s.gql(a.auditor, `query($a: String!) { verifyAnchor(anchor: $a) { intact } }`, {
            a: anchor,
          }),
        ).verifyAnchor,
      ).toEqual({ intact: true });
  }, 60_000);

  it('serves units, allocations, visit-directive tasks, report approval and the lists', async () => {
    const define = (input: Record<string, unknown>) =>
      s.gql(
        a.secretariat,
        `mutation($i: DefineOrgUnitInput!) { defineOrgUnit(input: $i) { id } }`,
        {
          i: input,
        },
      );
    ok(await define({ id: 'prod-city', name: 'Đảng bộ thành phố', kind: 'PARTY_COMMITTEE' }));
    ok(await define({ id: UNIT_A, name: 'Phường Đức Xuân', kind: 'WARD', parentId: 'prod-city' }));
    const { resolution, targets } = await issuedResolution(
      s,
      a,
      [{ code: 'XD-01', kind: 'CUMULATIVE', baseline: null, targetValue: '450' }],
      { title: 'Nghị quyết về công tác Đảng viên' },
    );
    const target = targets[0].id;
    ok(
      await s.gql(
        a.standing,
        `mutation($i: AllocateTargetInput!) { allocateTarget(input: $i) { id } }`,
        {
          i: {
            resolutionId: resolution.id,
            targetId: target,
            allocations: [{ unitId: UNIT_A, value: '450' }],
          },
        },
      ),
    );
    const visit = ok(
      await s.gql(
        a.standing,
        `mutation($i: RecordSupervisionVisitInput!) { recordSupervisionVisit(input: $i) { supervisionVisits { id } } }`,
        {
          i: {
            resolutionId: resolution.id,
            visitedOn: '2024-03-19',
            body: 'Ban Thường vụ Tỉnh ủy',
            findings: 'Cơ bản đạt',
            directives: ['Kết nạp đảng viên mới'],
          },
        },
      ),
    ).recordSupervisionVisit.supervisionVisits[0];
    const task = await assignTask(s, a, {
      resolutionId: resolution.id,
      targetIds: [target],
      fromVisitDirective: { visitId: visit.id, index: 0 },
    });
    await acceptTask(s, a.unitA, task.id);
    const first = await report(s, a.unitA, {
      taskId: task.id,
      year: 2021,
      measurements: [{ targetId: target, year: 2021, value: '90' }],
    });
    const wrong = await report(s, a.unitA, {
      taskId: task.id,
      year: 2021,
      measurements: [{ targetId: target, year: 2021, value: '900' }],
    });
    ok(
      await s.gql(a.secretariat, `mutation { approveReport(reportId: "${first.id}") { status } }`),
    );
    ok(
      await s.gql(
        a.standing,
        `mutation { returnReport(reportId: "${wrong.id}", reason: "Nhập nhầm") { status } }`,
      ),
    );
    const read = ok(
      await s.gql(
        a.auditor,
        `query($id: ID!) {
          resolution(id: $id) { targets { currentValue allocations { unit { name } currentValue assessment } }
            supervisionVisits { directiveTasks { id assigneeUnit { name } } } }
          resolutions(search: "dang vien") { edges { node { id } } }
          reports(resolutionId: $id, status: RETURNED) { edges { node { id returnReason } } }
          orgUnits(parentId: "prod-city") { id }
        }`,
        { id: resolution.id },
      ),
    );
    expect(read.resolution.targets[0]).toEqual({
      currentValue: '90',
      allocations: [
        { unit: { name: 'Phường Đức Xuân' }, currentValue: '90', assessment: 'ON_SCHEDULE' },
      ],
    });
    expect(read.resolution.supervisionVisits[0].directiveTasks).toEqual([
      { id: task.id, assigneeUnit: { name: 'Phường Đức Xuân' } },
    ]);
    expect(read.resolutions.edges.map((e: any) => e.node.id)).toEqual([resolution.id]);
    expect(read.reports.edges).toEqual([{ node: { id: wrong.id, returnReason: 'Nhập nhầm' } }]);
    expect(read.orgUnits).toEqual([{ id: UNIT_A }]);
  }, 60_000);
});
