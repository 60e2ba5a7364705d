/**
 * A command writes one stream; its follow-up on another (assignTask → ImplementationStarted,
 * holding a review → the review) is a process's. A crash after the command was stored but before
 * its follow-up was: the processes resume from their checkpoint at the next start and write it;
 * the client's own retry (same commandId) gets the first result and writes nothing.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { auditTrail, issuedResolution, Q, reportingResolution } from '../support/lifecycle';
import { actors, ok, startServer, type Actors, type TestServer } from '../support/server';

/**
 * Stops the server, removes the follow-up of the command (its event and its command key, which a
 * crash before its commit would never have written), restarts.
 */
async function crashBeforeFollowUp(s: TestServer, type: string, commandId: string) {
  await s.close();
  const db = new Database(join(s.dataDir, 'events.db'));
  const followUp = db
    .prepare(
      `SELECT id, json_extract(metadata, '$.commandId') AS commandId FROM events WHERE type = ?
       AND json_extract(metadata, '$.causationId') IN
         (SELECT id FROM events WHERE json_extract(metadata, '$.commandId') = ?)`,
    )
    .all(type, commandId) as Array<{ id: string; commandId: string }>;
  expect(followUp).toHaveLength(1);
  db.prepare('DELETE FROM events WHERE id = ?').run(followUp[0].id);
  db.prepare('DELETE FROM commands WHERE command_id = ?').run(followUp[0].commandId);
  db.close();
  // The read models and the processes' checkpoint had seen it; before a crash they never did.
  for (const f of ['read-models.db', 'read-models.db-wal', 'read-models.db-shm'])
    rmSync(join(s.dataDir, f), { force: true });
  return startServer({ dataDir: s.dataDir });
}

describe('a follow-up a crash cut short is written when the processes resume', () => {
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
    s = await crashBeforeFollowUp(s, 'ReviewHeld', 'hold-once');
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
    s = await crashBeforeFollowUp(s, 'ImplementationStarted', 'assign-once');
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
