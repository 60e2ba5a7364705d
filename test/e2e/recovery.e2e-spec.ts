/**
 * Commands that write two streams (assignTask: the task, then the resolution; holding a review:
 * the resolution, then the review) can be cut between the two by a crash. The next start finishes
 * them, retrying each on its client's behalf; the client's own retry (same commandId) then gets
 * the first result and writes nothing.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { auditTrail, issuedResolution, Q, reportingResolution } from '../support/lifecycle';
import { actors, ok, startServer, type Actors, type TestServer } from '../support/server';

/** Stops the server, removes the command's second event as a crash would have, restarts. */
async function crashAfterFirstAppend(s: TestServer, type: string, commandId: string) {
  await s.close();
  const db = new Database(join(s.dataDir, 'events.db'));
  const removed = db
    .prepare(`DELETE FROM events WHERE type = ? AND json_extract(metadata, '$.commandId') = ?`)
    .run(type, commandId);
  db.close();
  expect(removed.changes).toBe(1);
  // The read models had seen it; a crash before it was stored means they never did.
  for (const f of ['read-models.db', 'read-models.db-wal', 'read-models.db-shm'])
    rmSync(join(s.dataDir, f), { force: true });
  return startServer({ dataDir: s.dataDir });
}

describe('a command a crash cut short is completed at the next start', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  it('holdMidtermReview: the review is written on the evidence as it stood at the hold', async () => {
    const r = await reportingResolution(s, a);
    const input = {
      commandId: 'hold-once',
      resolutionId: r.resolution.id,
      heldOn: '2023-01-10',
      coversThroughYear: 2021,
    };
    const HOLD = `mutation($input: HoldReviewInput!) { holdMidtermReview(input: $input) {
      id asOfPosition items { targetId value computed evidenceEventIds } summary { total onSchedule } } }`;
    const first = ok(await s.gql(a.standing, HOLD, { input })).holdMidtermReview;
    s = await crashAfterFirstAppend(s, 'ReviewHeld', 'hold-once');
    const status = ok(
      await s.gql(a.auditor, `{ resolution(id: "${r.resolution.id}") { status reviews { id } } }`),
    );
    expect(status.resolution).toEqual({ status: 'MIDTERM_REVIEWED', reviews: [{ id: first.id }] });

    const head = await s.head();
    const retried = ok(await s.gql(a.standing, HOLD, { input })).holdMidtermReview;
    expect(retried).toEqual(first);
    expect(await s.head()).toBe(head);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const held = trail.find((e) => e.type === 'MidtermReviewHeld');
    expect(trail.find((e) => e.type === 'ReviewHeld')).toMatchObject({ causationId: held.id });
    const checks = ok(
      await s.gql(
        a.auditor,
        `{ verifyReview(id: "${first.id}") { matches } verifyIntegrity(resolutionId: "${r.resolution.id}") { intact } }`,
      ),
    );
    expect(checks).toEqual({ verifyReview: { matches: true }, verifyIntegrity: { intact: true } });
  });

  it('assignTask: the resolution moves to IN_IMPLEMENTATION', async () => {
    const { resolution, targets } = await issuedResolution(s, a);
    const input = {
      commandId: 'assign-once',
      resolutionId: resolution.id,
      title: 'Nhiệm vụ',
      assigneeUnitId: 'unit-a',
      targetIds: [targets[0].id],
      dueOn: '2027-06-30',
    };
    const first = ok(await s.gql(a.secretariat, Q.assignTask, { input })).assignTask;
    s = await crashAfterFirstAppend(s, 'ImplementationStarted', 'assign-once');
    const started = ok(await s.gql(a.auditor, `{ resolution(id: "${resolution.id}") { status } }`));
    expect(started.resolution.status).toBe('IN_IMPLEMENTATION');

    const head = await s.head();
    const retried = ok(await s.gql(a.secretariat, Q.assignTask, { input })).assignTask;
    expect(retried.id).toBe(first.id);
    expect(await s.head()).toBe(head);
    const after = ok(
      await s.gql(a.auditor, `{ resolution(id: "${resolution.id}") { status tasks { id } } }`),
    );
    expect(after.resolution).toEqual({ status: 'IN_IMPLEMENTATION', tasks: [{ id: first.id }] });
  });
});
