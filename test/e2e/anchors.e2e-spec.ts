/**
 * Anchors over real HTTP: the store's head as a string an auditor keeps outside it, verified
 * later against the events themselves, including after a truncated tail and a rebuild (which the
 * per-stream chains and `npm run verify` alone cannot see), and each review's own anchor.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { replay } from '../../apps/cli/replay';
import { verifyAll } from '../../apps/cli/verify';
import { auditTrail, draftResolution, reportingResolution } from '../support/lifecycle';
import { actors, failure, ok, startServer, type Actors, type TestServer } from '../support/server';

const ANCHOR = `{ integrityAnchor { position events hash anchor } }`;
const VERIFY = `query($a: String!) { verifyAnchor(anchor: $a) { intact checkedEvents firstBrokenEventId problem } }`;
const HOLD = `mutation($input: HoldReviewInput!) { holdMidtermReview(input: $input) { id asOfPosition anchor } }`;

describe('anchors', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  const anchorNow = async () => ok(await s.gql(a.auditor, ANCHOR)).integrityAnchor;
  const verify = async (anchor: string) =>
    ok(await s.gql(a.auditor, VERIFY, { a: anchor })).verifyAnchor;

  it('integrityAnchor covers every event up to the head; verifyAnchor finds it intact', async () => {
    await reportingResolution(s, a);
    const anchor = await anchorNow();
    const head = await s.head();
    expect(anchor.position).toBe(head.toString());
    expect(anchor.anchor).toBe(`rt1-${anchor.position}-${anchor.events}-${anchor.hash}`);
    expect(anchor.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verify(anchor.anchor)).toEqual({
      intact: true,
      checkedEvents: anchor.events,
      firstBrokenEventId: null,
      problem: null,
    });
    // Later writes leave an earlier anchor intact, and move the head's.
    await draftResolution(s, a);
    const later = await anchorNow();
    expect(later.events).toBeGreaterThan(anchor.events);
    expect(later.hash).not.toBe(anchor.hash);
    expect((await verify(anchor.anchor)).intact).toBe(true);
    expect((await verify(later.anchor)).intact).toBe(true);
  });

  it('a malformed anchor is BAD_USER_INPUT naming anchor, and writes nothing', async () => {
    const head = await s.head();
    const { hash, position, events } = await anchorNow();
    for (const bad of [
      '',
      'not-an-anchor',
      `rt1-${position}-${events}-${hash.slice(1)}`,
      `rt1-${position}-${events}-${hash}x`,
      `rt1-99999999999999999999999-${events}-${hash}`,
    ]) {
      const r = await s.gql(a.auditor, VERIFY, { a: bad });
      expect(failure(r)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'anchor' });
      expect(failure(r).message).toMatch(/anchor/);
    }
    expect(await s.head()).toBe(head);
  });

  it('an anchor of another store or with a changed hash is not intact', async () => {
    const { anchor, position, events } = await anchorNow();
    const forged = anchor.replace(/[0-9a-f]$/, (c: string) => (c === '0' ? '1' : '0'));
    expect(await verify(forged)).toMatchObject({ intact: false, checkedEvents: events });
    const beyond = await verify(`rt1-${BigInt(position) + 100n}-${events + 5}-${'a'.repeat(64)}`);
    expect(beyond).toMatchObject({ intact: false, firstBrokenEventId: null });
  });

  it('each review keeps the anchor of the events up to its asOfPosition, verifiable later', async () => {
    const r = await reportingResolution(s, a);
    const held = ok(
      await s.gql(a.standing, HOLD, {
        input: { resolutionId: r.resolution.id, heldOn: '2023-01-10', coversThroughYear: 2021 },
      }),
    ).holdMidtermReview;
    expect(held.anchor).toMatch(new RegExp(`^rt1-${held.asOfPosition}-\\d+-[0-9a-f]{64}$`));
    expect((await verify(held.anchor)).intact).toBe(true);
    // More events later change nothing in it; the time-travelled review carries the same one.
    await draftResolution(s, a);
    const again = ok(
      await s.gql(
        a.auditor,
        `{ review(id: "${held.id}") { anchor } resolutionAsOfPosition(id: "${r.resolution.id}", position: "${held.asOfPosition}") { id }
           resolution(id: "${r.resolution.id}", asOf: "2999-01-01T00:00:00Z") { reviews { id anchor } } }`,
      ),
    );
    expect(again.review.anchor).toBe(held.anchor);
    expect(again.resolution.reviews).toEqual([{ id: held.id, anchor: held.anchor }]);
  });

  it('the newest events of a stream deleted and the read models rebuilt: verify alone says intact, an earlier anchor reports the loss', async () => {
    const r = await reportingResolution(s, a);
    const held = ok(
      await s.gql(a.standing, HOLD, {
        input: { resolutionId: r.resolution.id, heldOn: '2023-01-10', coversThroughYear: 2021 },
      }),
    ).holdMidtermReview;
    const anchor = await anchorNow();
    // Events after the anchor, on another resolution: the store goes on past its position.
    await draftResolution(s, a);
    const trail = (await auditTrail(s, a.auditor, r.resolution.id)).events;
    const reviewStream = trail.filter((e) => e.streamId === `review-${held.id}`);
    expect(reviewStream.length).toBeGreaterThan(0);
    await s.close();

    // The review's stream loses its newest events, straight in the SQLite file.
    const db = new Database(join(s.dataDir, 'events.db'));
    let firstAfter: string;
    try {
      db.prepare('DELETE FROM events WHERE stream_id = ?').run(`review-${held.id}`);
      firstAfter = (
        db
          .prepare('SELECT id FROM events WHERE position > ? ORDER BY position LIMIT 1')
          .get(Number(anchor.position)) as { id: string }
      ).id;
    } finally {
      db.close();
    }
    process.env.DATA_DIR = s.dataDir;
    await replay({ quiet: true });
    // What the issue found: the per-stream chains and the rebuilt read models agree on the loss.
    expect((await verifyAll({ quiet: true })).problems).toEqual([]);
    const withAnchor = await verifyAll({ quiet: true, anchor: anchor.anchor });
    expect(withAnchor.problems).toEqual([expect.stringMatching(/no longer hash to the anchor/)]);
    await expect(verifyAll({ quiet: true, anchor: 'rt1-nope' })).rejects.toThrow(/--anchor/);

    s = await startServer({ dataDir: s.dataDir });
    const report = await verify(anchor.anchor);
    expect(report.intact).toBe(false);
    expect(report.checkedEvents).toBe(anchor.events - reviewStream.length);
    // The first event after the anchor's position lies after the loss, wherever it was.
    expect(report.firstBrokenEventId).toBe(firstAfter);
    // The review's own anchor (its evidence was before the deleted events) still holds.
    expect((await verify(held.anchor)).intact).toBe(true);
  });
});
