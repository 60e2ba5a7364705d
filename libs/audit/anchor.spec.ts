import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventHash } from '../event-store/event-hash';
import type { NewEvent, StoredEvent } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import {
  advanceAnchor,
  ANCHOR_SEED,
  EMPTY_ANCHOR,
  foldAnchor,
  formatAnchor,
  parseAnchor,
  verifyAnchor,
  type AnchorPoint,
  type AnchorReference,
} from './anchor';

function ev(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actorId: 'user-1',
      actorRole: 'SECRETARIAT',
      commandId: null,
      correlationId: null,
      causationId: null,
      occurredAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function all(store: SqliteEventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

/** The running points as the read models would keep them, here in a plain list. */
const referenceOf = (points: AnchorPoint[]): AnchorReference => ({
  anchorPoints: async (after, to, limit) =>
    points.filter((p) => p.position > after && p.position <= to).slice(0, limit),
});

describe('anchor computation', () => {
  it('starts from a fixed seed and folds sha256(running ‖ event hash) in global order', () => {
    expect(ANCHOR_SEED).toBe(sha('resolution-tracker/anchor/v1'));
    expect(foldAnchor('a'.repeat(64), 'b'.repeat(64))).toBe(sha('a'.repeat(64) + 'b'.repeat(64)));
  });

  it('hashes each event from its content, skips $ streams and events already folded', () => {
    const base = { type: 'T', data: { n: 1 }, metadata: ev('T').metadata, prevHash: null };
    const e1 = { ...base, id: 'e1', streamId: 's-1', revision: 0n, position: 1n, hash: 'stale' };
    const sys = { ...base, id: 'x', streamId: '$stats', revision: 0n, position: 2n, hash: 'h' };
    const e2 = { ...base, id: 'e2', streamId: 's-2', revision: 0n, position: 3n, hash: 'stale' };
    const points = advanceAnchor(EMPTY_ANCHOR, [e1, sys, e2]);
    const h1 = foldAnchor(ANCHOR_SEED, eventHash(e1, null));
    expect(points).toEqual([
      { position: 1n, events: 1, hash: h1 },
      { position: 3n, events: 2, hash: foldAnchor(h1, eventHash(e2, null)) },
    ]);
    // Folding the same events again from the last point adds nothing.
    expect(advanceAnchor(points[1], [e1, e2])).toEqual([]);
    // The same events in batches give the same points.
    expect([...advanceAnchor(EMPTY_ANCHOR, [e1]), ...advanceAnchor(points[0], [sys, e2])]).toEqual(
      points,
    );
  });

  it('formats an anchor as one string and parses it back; anything else is not an anchor', () => {
    const p = { position: 42n, events: 17, hash: 'c'.repeat(64) };
    expect(formatAnchor(p)).toBe(`rt1-42-17-${'c'.repeat(64)}`);
    expect(parseAnchor(formatAnchor(p))).toEqual(p);
    expect(parseAnchor(formatAnchor(EMPTY_ANCHOR))).toEqual(EMPTY_ANCHOR);
    for (const bad of [
      '',
      'anchor',
      `rt1-42-17-${'c'.repeat(63)}`,
      `rt1-42-17-${'C'.repeat(64)}`,
      `rt2-42-17-${'c'.repeat(64)}`,
      `rt1-042-17-${'c'.repeat(64)}`,
      `rt1--1-17-${'c'.repeat(64)}`,
      `rt1-18446744073709551616-17-${'c'.repeat(64)}`,
      `rt1-0-0-${'c'.repeat(64)}`,
      `rt1-5-0-${ANCHOR_SEED}`,
      ` rt1-42-17-${'c'.repeat(64)}`,
    ])
      expect(parseAnchor(bad)).toBeNull();
  });
});

describe('verifyAnchor over a real SQLite store', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'anchor-'));
    file = join(dir, 'events.db');
    store = SqliteEventStore.open(file);
    // Two streams interleaved, over a thousand events so the check runs over two chunks.
    for (let i = 0; i < 600; i++) {
      await store.appendToStream('resolution-a', [ev('Noted', { i })], {
        expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
      });
      await store.appendToStream('task-b', [ev('Noted', { i })], {
        expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
      });
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const points = async () => advanceAnchor(EMPTY_ANCHOR, await all(store));
  const tamper = (sql: string, ...args: unknown[]) => {
    const db = new Database(file);
    try {
      db.prepare(sql).run(...args);
    } finally {
      db.close();
    }
  };

  it('an anchor of the head or of any earlier position is intact', async () => {
    const ps = await points();
    expect(ps).toHaveLength(1200);
    for (const p of [ps[ps.length - 1], ps[700], ps[0], EMPTY_ANCHOR]) {
      const report = await verifyAnchor(store, p, referenceOf(ps));
      expect(report).toEqual({
        intact: true,
        checkedEvents: p.events,
        firstBrokenEventId: null,
        problem: null,
      });
      expect((await verifyAnchor(store, p)).intact).toBe(true);
    }
  });

  it('an altered event is found, and pinned to itself with the running points as reference', async () => {
    const ps = await points();
    const events = await all(store);
    const altered = events[900];
    tamper(`UPDATE events SET data = '{"i":-1}' WHERE id = ?`, altered.id);
    const anchor = ps[1000];
    expect(await verifyAnchor(store, anchor, referenceOf(ps))).toMatchObject({
      intact: false,
      checkedEvents: 901,
      firstBrokenEventId: altered.id,
    });
    // Without a reference the difference cannot be located: the first event after the anchor.
    expect(await verifyAnchor(store, anchor)).toMatchObject({
      intact: false,
      firstBrokenEventId: events[1001].id,
    });
  });

  it('the newest events of a stream deleted: an earlier anchor reports the loss', async () => {
    const before = await points();
    const events = await all(store);
    const anchor = before[before.length - 1];
    // The tail of task-b goes; resolution-a's last event stays at the anchor's position - 1.
    tamper(`DELETE FROM events WHERE stream_id = 'task-b' AND revision >= 550`);
    // The per-stream chains cannot see it, and the points rebuilt from what is left agree too.
    const rebuilt = await points();
    const report = await verifyAnchor(store, anchor, referenceOf(rebuilt));
    expect(report.intact).toBe(false);
    expect(report.checkedEvents).toBe(1150);
    // The store ends before the anchor's position (its last event was task-b's).
    expect(report.firstBrokenEventId).toBeNull();
    // An anchor taken in the middle of the lost tail, with later events still there.
    await store.appendToStream('resolution-a', [ev('Noted', { i: 600 })], {
      expectedRevision: 599n,
    });
    const mid = before[1150];
    const after = await verifyAnchor(store, mid, referenceOf(await points()));
    expect(after.intact).toBe(false);
    expect(after.firstBrokenEventId).toBe(events[1152].id);
    // With the points kept from before the deletion the first missing event is pinned.
    const pinned = await verifyAnchor(store, mid, referenceOf(before));
    expect(pinned.intact).toBe(false);
    expect(pinned.firstBrokenEventId).toBe(events[1102].id);
  });

  it('recomputes in chunks that let other callbacks run between them', async () => {
    const ps = await points();
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const report = await verifyAnchor(store, ps[ps.length - 1]);
    counting = false;
    expect(report.intact).toBe(true);
    // Over 1000 events: at least one turn of the event loop while it ran.
    expect(turns).toBeGreaterThanOrEqual(1);
  });

  it('an anchor beyond the store or with a wrong hash is not intact', async () => {
    const ps = await points();
    const head = ps[ps.length - 1];
    expect(
      await verifyAnchor(store, { ...head, position: head.position + 10n, events: 1201 }),
    ).toMatchObject({ intact: false, firstBrokenEventId: null });
    expect(await verifyAnchor(store, { ...ps[10], hash: 'd'.repeat(64) })).toMatchObject({
      intact: false,
      checkedEvents: 11,
    });
  });
});
