/**
 * What auditors rely on: tamper evidence, time travel, "knew then / corrected later", review
 * recomputation, the audit trail's paging, and the operator tools (replay, verify, export).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { exportAudit } from '../../apps/cli/export-audit';
import { replay } from '../../apps/cli/replay';
import { verifyAll } from '../../apps/cli/verify';
import { AUDIT_FIELDS, auditTrail, report, reportingResolution, sleep } from '../support/lifecycle';
import { actors, ok, startServer, type Actors, type TestServer } from '../support/server';

const HOLD = `mutation($input: HoldReviewInput!) { holdMidtermReview(input: $input) {
  id asOfPosition items { targetId value computed evidenceEventIds currentValue currentAssessment changedSinceReview } } }`;

async function reviewedResolution(s: TestServer, a: Actors) {
  const r = await reportingResolution(s, a);
  const held = ok(
    await s.gql(a.standing, HOLD, {
      input: { resolutionId: r.resolution.id, heldOn: '2023-01-10', coversThroughYear: 2021 },
    }),
  ).holdMidtermReview;
  return { ...r, review: held };
}

function tamper(s: TestServer, sql: string, ...args: unknown[]) {
  const db = new Database(join(s.dataDir, 'events.db'));
  try {
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}

const integrity = async (s: TestServer, a: Actors, id: string) =>
  ok(
    await s.gql(
      a.auditor,
      `{ verifyIntegrity(resolutionId: "${id}") { intact checkedEvents firstBrokenEventId problem } }`,
    ),
  ).verifyIntegrity;

const verifyReview = async (s: TestServer, a: Actors, id: string) =>
  ok(
    await s.gql(
      a.auditor,
      `{ verifyReview(id: "${id}") { matches differences { targetId recorded recomputed reason } } }`,
    ),
  ).verifyReview;

describe('audit: tamper evidence', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  it('an untouched store is intact, every event of the resolution, its tasks and review checked', async () => {
    const r = await reviewedResolution(s, a);
    const trail = await auditTrail(s, a.auditor, r.resolution.id);
    expect(await integrity(s, a, r.resolution.id)).toEqual({
      intact: true,
      checkedEvents: trail.events.length,
      firstBrokenEventId: null,
      problem: null,
    });
  });

  it('finds an altered event', async () => {
    const r = await reviewedResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const issued = trail.find((e) => e.type === 'ResolutionIssued');
    tamper(
      s,
      `UPDATE events SET data = json_set(data, '$.code', '99-NQ/TU') WHERE id = ?`,
      issued.id,
    );
    const result = await integrity(s, a, r.resolution.id);
    expect(result).toMatchObject({ intact: false, firstBrokenEventId: issued.id });
    expect(result.problem).toMatch(/hash/);
  });

  it('finds an altered actor in the metadata', async () => {
    const r = await reviewedResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const reported = trail.find((e) => e.type === 'ProgressReported');
    tamper(
      s,
      `UPDATE events SET metadata = json_set(metadata, '$.actorId', 'someone-else') WHERE id = ?`,
      reported.id,
    );
    expect(await integrity(s, a, r.resolution.id)).toMatchObject({
      intact: false,
      firstBrokenEventId: reported.id,
    });
  });

  it('finds an event removed from the middle of a stream', async () => {
    const r = await reviewedResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const stream = trail.filter((e) => e.streamId === `resolution-${r.resolution.id}`);
    tamper(s, 'DELETE FROM events WHERE id = ?', stream[1].id);
    const result = await integrity(s, a, r.resolution.id);
    expect(result).toMatchObject({ intact: false, firstBrokenEventId: stream[2].id });
  });

  it('finds an event removed from the end of a stream', async () => {
    const r = await reviewedResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const task = trail.filter((e) => e.streamId === `task-${r.task.id}`);
    tamper(s, 'DELETE FROM events WHERE id = ?', task[task.length - 1].id);
    const result = await integrity(s, a, r.resolution.id);
    expect(result.intact).toBe(false);
    expect(result.problem).toMatch(/removed/);
  });

  it('finds two events swapped', async () => {
    const r = await reviewedResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const [x, y] = trail.filter((e) => e.streamId === `resolution-${r.resolution.id}`).slice(1, 3);
    // Swap the two events' contents (type and data), each keeping its place in the stream.
    const db = new Database(join(s.dataDir, 'events.db'));
    const row = db.prepare('SELECT type, data FROM events WHERE id = ?');
    const [rx, ry] = [row.get(x.id), row.get(y.id)] as Array<{ type: string; data: string }>;
    const put = db.prepare('UPDATE events SET type = ?, data = ? WHERE id = ?');
    db.transaction(() => {
      put.run(ry.type, ry.data, x.id);
      put.run(rx.type, rx.data, y.id);
    })();
    db.close();
    const result = await integrity(s, a, r.resolution.id);
    expect(result).toMatchObject({ intact: false, firstBrokenEventId: x.id });
  });

  it('a changed evidence event makes its review fail to verify; the difference is shown', async () => {
    const r = await reviewedResolution(s, a);
    expect(await verifyReview(s, a, r.review.id)).toEqual({ matches: true, differences: [] });
    const evidence = r.review.items[0].evidenceEventIds[0];
    tamper(
      s,
      `UPDATE events SET data = json_set(data, '$.measurements[0].value', '250') WHERE id = ?`,
      evidence,
    );
    const result = await verifyReview(s, a, r.review.id);
    expect(result.matches).toBe(false);
    expect(result.differences).toEqual([
      {
        targetId: r.targets[0].id,
        recorded: 'ON_SCHEDULE',
        recomputed: 'EXCEEDED',
        reason: 'assessment differs',
      },
    ]);
  });

  it('a removed evidence event makes its review fail to verify', async () => {
    const r = await reviewedResolution(s, a);
    tamper(s, 'DELETE FROM events WHERE id = ?', r.review.items[0].evidenceEventIds[0]);
    const result = await verifyReview(s, a, r.review.id);
    expect(result.matches).toBe(false);
    expect(result.differences[0]).toMatchObject({ recorded: 'ON_SCHEDULE', recomputed: 'NO_DATA' });
  });
});

describe('audit: what the review knew then, and what was corrected later', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  it('a later correction changes today’s value, not the review, and the review still verifies', async () => {
    const r = await reviewedResolution(s, a);
    expect(r.review.items[0]).toMatchObject({
      value: '120',
      computed: 'ON_SCHEDULE',
      currentValue: '120',
      changedSinceReview: false,
    });
    await report(s, a.unitA, {
      taskId: r.task.id,
      year: 2021,
      correctsReportId: r.report.id,
      measurements: [{ targetId: r.targets[0].id, year: 2021, value: '90' }],
    });
    const review = ok(
      await s.gql(
        a.auditor,
        `{ review(id: "${r.review.id}") { items { value computed currentValue currentAssessment changedSinceReview } } }`,
      ),
    ).review;
    expect(review.items[0]).toEqual({
      value: '120',
      computed: 'ON_SCHEDULE',
      currentValue: '90',
      currentAssessment: 'BEHIND',
      changedSinceReview: true,
    });
    expect(await verifyReview(s, a, r.review.id)).toEqual({ matches: true, differences: [] });
  });
});

describe('audit: time travel', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  const AS_OF = `query($id: ID!, $asOf: DateTime) { resolution(id: $id, asOf: $asOf) {
    status version code targets { code currentValue assessment } tasks { status reports { id } } reviews { id } } }`;

  it('answers from the events up to an instant or a position, tasks and values included', async () => {
    const r = await reportingResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const issued = trail.find((e) => e.type === 'ResolutionIssued');
    const reported = trail.find((e) => e.type === 'ProgressReported');
    await sleep(5);
    await s.gql(a.standing, HOLD, {
      input: { resolutionId: r.resolution.id, heldOn: '2023-01-10', coversThroughYear: 2021 },
    });

    const beforeIssue = ok(
      await s.gql(a.auditor, AS_OF, {
        id: r.resolution.id,
        asOf: new Date(Date.parse(issued.occurredAt) - 1).toISOString(),
      }),
    ).resolution;
    expect(beforeIssue).toMatchObject({ status: 'IN_REVIEW', code: null, tasks: [], reviews: [] });

    const atReport = ok(
      await s.gql(a.auditor, AS_OF, { id: r.resolution.id, asOf: reported.occurredAt }),
    ).resolution;
    expect(atReport).toMatchObject({
      status: 'IN_IMPLEMENTATION',
      targets: [{ code: 'T1', currentValue: '120' }],
      tasks: [{ status: 'IN_PROGRESS', reports: [{ id: r.report.id }] }],
      reviews: [],
    });

    const byPosition = ok(
      await s.gql(
        a.auditor,
        `{ resolutionAsOfPosition(id: "${r.resolution.id}", position: "${issued.position}") { status code version } }`,
      ),
    ).resolutionAsOfPosition;
    expect(byPosition).toEqual({
      status: 'ISSUED',
      code: issued.data.code,
      version: issued.revision,
    });

    const now = ok(await s.gql(a.auditor, AS_OF, { id: r.resolution.id })).resolution;
    expect(now.status).toBe('MIDTERM_REVIEWED');
    expect(now.reviews).toHaveLength(1);

    const beforeDraft = ok(
      await s.gql(a.auditor, AS_OF, { id: r.resolution.id, asOf: '2000-01-01T00:00:00Z' }),
    ).resolution;
    expect(beforeDraft).toBeNull();
  });
});

describe('audit trail', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  it('pages in global order without skipping or repeating while new events arrive', async () => {
    const r = await reportingResolution(s, a);
    const seen: any[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const conn: any = ok(
        await s.gql(
          a.auditor,
          `query($id: ID!, $after: String) { auditTrail(resolutionId: $id, first: 2, after: $after) {
            edges { cursor node { ${AUDIT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
          { id: r.resolution.id, after },
        ),
      ).auditTrail;
      seen.push(...conn.edges.map((e: any) => e.node));
      // Something new happens between pages.
      if (page < 3)
        await report(s, a.unitA, {
          taskId: r.task.id,
          year: 2022,
          measurements: [{ targetId: r.targets[0].id, year: 2022, value: `${130 + page}` }],
        });
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const all = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const positions = all.map((e) => BigInt(e.position));
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
  });

  it('a task given by a review directive is caused by the review conclusion', async () => {
    const r = await reviewedResolution(s, a);
    ok(
      await s.gql(
        a.standing,
        `mutation($i: ConcludeReviewInput!) { concludeReview(input: $i) { id } }`,
        {
          i: {
            reviewId: r.review.id,
            conclusions: 'Cơ bản đạt tiến độ',
            directives: ['Rà soát chỉ tiêu thu ngân sách', 'Đẩy nhanh giải ngân vốn đầu tư'],
          },
        },
      ),
    );
    const ASSIGN = `mutation($i: AssignTaskInput!) { assignTask(input: $i) {
      id fromDirective { reviewId index text } } }`;
    const input = (fromDirective: Record<string, unknown>) => ({
      i: {
        resolutionId: r.resolution.id,
        title: 'Đẩy nhanh giải ngân',
        assigneeUnitId: 'unit-a',
        dueOn: '2027-06-30',
        fromDirective,
      },
    });
    const task = ok(
      await s.gql(a.standing, ASSIGN, input({ reviewId: r.review.id, index: 1 })),
    ).assignTask;
    expect(task.fromDirective).toEqual({
      reviewId: r.review.id,
      index: 1,
      text: 'Đẩy nhanh giải ngân vốn đầu tư',
    });
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const concluded = trail.find((e) => e.type === 'ReviewConcluded');
    const assigned = trail.find(
      (e) => e.type === 'TaskAssigned' && e.streamId === `task-${task.id}`,
    );
    expect(assigned).toMatchObject({
      causationId: concluded.id,
      correlationId: concluded.correlationId,
      data: { fromDirective: { reviewId: r.review.id, index: 1 } },
    });
    for (const bad of [
      { reviewId: r.review.id, index: 5 },
      { reviewId: 'no-such-review', index: 0 },
    ]) {
      const refused = await s.gql(a.standing, ASSIGN, input(bad));
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringContaining('fromDirective'),
      });
    }
  });

  it('events written in response to another carry its id as causation and its correlation', async () => {
    const r = await reviewedResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const assigned = trail.find((e) => e.type === 'TaskAssigned');
    const started = trail.find((e) => e.type === 'ImplementationStarted');
    // Follow-ups are written by the engine's processes, as SYSTEM, with a derived commandId.
    expect(started).toMatchObject({
      causationId: assigned.id,
      correlationId: assigned.correlationId,
      commandId: `implementation-start:${assigned.id}`,
      actorId: 'system',
      actorRole: 'SYSTEM',
    });
    const held = trail.find((e) => e.type === 'MidtermReviewHeld');
    const review = trail.find((e) => e.type === 'ReviewHeld');
    expect(review).toMatchObject({
      causationId: held.id,
      correlationId: held.correlationId,
      commandId: `review-opening:${held.id}`,
      actorId: 'system',
      actorRole: 'SYSTEM',
    });
    for (const e of trail) {
      expect(e.actorId).toEqual(expect.any(String));
      expect(e.actorRole).toEqual(expect.any(String));
      expect(e.commandId).toEqual(expect.any(String));
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('operator tools: replay, verify, export', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  const SNAPSHOT = `query($id: ID!) { resolution(id: $id) { status version targets { code currentValue assessment }
    tasks { id status version reports { id measurements { value } } } reviews { id summary { total achievedOrExceeded } } } }`;

  it('replay rebuilds read models that answer exactly as before; verify and export read the same events', async () => {
    const r = await reviewedResolution(s, a);
    const before = ok(await s.gql(a.auditor, SNAPSHOT, { id: r.resolution.id }));
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    await s.close();

    process.env.DATA_DIR = s.dataDir;
    const replayed = await replay({ quiet: true });
    expect(replayed.events).toBe(Number(replayed.head));
    const verified = await verifyAll({ quiet: true });
    expect(verified).toMatchObject({ problems: [] });

    const csv = new PassThrough();
    let text = '';
    csv.on('data', (c) => (text += c));
    expect(await exportAudit(r.resolution.id, 'csv', csv)).toBe(trail.length);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      'position,id,streamId,revision,type,occurredAt,actorId,actorRole,commandId,correlationId,causationId,hash,prevHash,data',
    );
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(trail.map((e) => e.id));

    const jsonl = new PassThrough();
    let lines2 = '';
    jsonl.on('data', (c) => (lines2 += c));
    await exportAudit(r.resolution.id, 'jsonl', jsonl);
    const parsed = lines2
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(parsed.map((e) => [e.id, e.hash])).toEqual(trail.map((e) => [e.id, e.hash]));

    s = await startServer({ dataDir: s.dataDir });
    expect(ok(await s.gql(a.auditor, SNAPSHOT, { id: r.resolution.id }))).toEqual(before);
  });

  it('verify lists every problem it finds', async () => {
    const r = await reviewedResolution(s, a);
    ok(
      await s.gql(
        a.standing,
        `mutation { concludeReview(input: {reviewId: "${r.review.id}", conclusions: "Kết luận"}) { id } }`,
      ),
    );
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    await s.close();
    tamper(
      s,
      `UPDATE events SET data = json_set(data, '$.measurements[0].value', '999') WHERE id = ?`,
      r.review.items[0].evidenceEventIds[0],
    );
    tamper(
      s,
      'DELETE FROM events WHERE id = ?',
      trail.find((e) => e.type === 'ReviewConcluded').id,
    );
    process.env.DATA_DIR = s.dataDir;
    const { problems } = await verifyAll({ quiet: true });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/content does not match its hash/),
        expect.stringMatching(/removed/),
      ]),
    );
    s = await startServer({ dataDir: s.dataDir });
  });
});
