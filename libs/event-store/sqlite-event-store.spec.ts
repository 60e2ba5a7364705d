import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventStoreConformance } from '../event-store-testing/event-store-conformance';
import { eventHash } from './event-hash';
import { NewEvent, StoredEvent, WrongExpectedRevisionError } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const conformanceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-conformance-'));
eventStoreConformance(
  'SqliteEventStore',
  async () => SqliteEventStore.open(path.join(conformanceDir, 'events.db')),
  { cleanup: async () => fs.rmSync(conformanceDir, { recursive: true, force: true }) },
);

function ev(type = 'Happened', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actorId: 'user-1',
      actorRole: 'member',
      commandId: null,
      correlationId: null,
      causationId: null,
      occurredAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('SqliteEventStore (SQLite specifics)', () => {
  let dir: string;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = (opts?: { pollIntervalMs?: number }) => {
    const s = SqliteEventStore.open(file, opts);
    opened.push(s);
    return s;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-event-store-'));
    file = path.join(dir, 'events.db');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every event, revision and hash across close and reopen', async () => {
    const first = open();
    await first.appendToStream('a', [ev(), ev()], { expectedRevision: 'no_stream' });
    await first.appendToStream('b', [ev('Other', { x: 'Nghị quyết' })], {
      expectedRevision: 'any',
    });
    await first.appendToStream('a', [ev()], { expectedRevision: 1n });
    const before = await collect(first.readAll());
    const head = await first.headPosition();
    await first.close();

    const second = open();

    expect(await collect(second.readAll())).toEqual(before);
    expect(await second.headPosition()).toBe(head);
    // Stream heads come back from the file: revision check and hash chain continue.
    await expect(
      second.appendToStream('a', [ev()], { expectedRevision: 1n }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const r = await second.appendToStream('a', [ev()], { expectedRevision: 2n });
    expect(r.nextRevision).toBe(3n);
    expect(r.lastPosition).toBeGreaterThan(head);
    const a = await collect(second.readStream('a'));
    expect(a[3].prevHash).toBe(a[2].hash);
    expect(a[3].hash).toBe(eventHash(a[3], a[2].hash));
  });

  it('a second instance on the same file sees the first one’s appends through subscribe polling', async () => {
    const writer = open();
    const reader = open({ pollIntervalMs: 20 });
    const from = await reader.headPosition();
    const sub = reader.subscribe({ fromPosition: from });

    const appended: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = ev('Polled', { i });
      appended.push(e.id);
      await writer.appendToStream(`s-${i % 2}`, [e], { expectedRevision: 'any' });
    }
    const got: StoredEvent[] = [];
    while (got.length < 5) {
      const r = await sub.next();
      if (r.done) break;
      got.push(r.value);
    }
    await sub.close();

    expect(got.map((e) => e.id)).toEqual(appended);
  });

  it('two instances appending to the same stream keep revisions and the hash chain right', async () => {
    const a = open();
    const b = open();
    await a.appendToStream('shared', [ev()], { expectedRevision: 'no_stream' });
    await b.appendToStream('shared', [ev()], { expectedRevision: 0n });

    // a has cached revision 0; it must notice b's commit.
    await expect(
      a.appendToStream('shared', [ev()], { expectedRevision: 0n }),
    ).rejects.toMatchObject({
      actual: 1n,
    });
    await a.appendToStream('shared', [ev()], { expectedRevision: 1n });
    await b.appendToStream('shared', [ev(), ev()], { expectedRevision: 'any' });

    const read = await collect(a.readStream('shared'));
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    read.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? null : read[i - 1].hash);
      expect(e.hash).toBe(eventHash(e, e.prevHash));
    });
  });

  it('writes appends still queued when close() is called', async () => {
    const store = open();
    const e = ev();
    const pending = store.appendToStream('late', [e], { expectedRevision: 'no_stream' });
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextRevision: 0n });

    const reopened = open();
    expect((await collect(reopened.readStream('late'))).map((x) => x.id)).toEqual([e.id]);
  });

  it('close() ends live subscriptions and refuses later calls', async () => {
    const store = open();
    const sub = store.subscribe();
    const pending = sub.next();
    await store.close();

    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    await expect(store.appendToStream('x', [ev()], { expectedRevision: 'any' })).rejects.toThrow(
      /closed/,
    );
    await expect(store.headPosition()).rejects.toThrow(/closed/);
  });

  it('refuses, alone, an append whose data would not read back as hashed', async () => {
    const store = open();
    const results = await Promise.allSettled([
      store.appendToStream('ok-1', [ev()], { expectedRevision: 'no_stream' }),
      store.appendToStream('bigint', [ev(), ev('Bad', { n: 1n })], { expectedRevision: 'any' }),
      store.appendToStream('date', [ev('Bad', { at: new Date() })], { expectedRevision: 'any' }),
      store.appendToStream('ok-2', [ev()], { expectedRevision: 'no_stream' }),
    ]);

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['ok-1', 'ok-2']);
  });

  it('stores what the event was when appended, not what the caller changed afterwards', async () => {
    const store = open();
    const e = ev('Snapshot', { status: 'draft' });
    const pending = store.appendToStream('snap', [e], { expectedRevision: 'no_stream' });
    e.data.status = 'changed';
    await pending;

    const [stored] = await collect(store.readStream('snap'));
    expect(stored.data).toEqual({ status: 'draft' });
    expect(stored.hash).toBe(eventHash(stored, null));
  });

  it('reads past a page boundary in readAll, readStream and subscribe', async () => {
    const store = open();
    const ids: string[] = [];
    for (let b = 0; b < 3; b++) {
      const events = Array.from({ length: 1000 }, () => ev());
      ids.push(...events.map((e) => e.id));
      await store.appendToStream('big', events, {
        expectedRevision: b === 0 ? 'no_stream' : BigInt(b * 1000 - 1),
      });
    }
    await store.appendToStream('tail', [ev()], { expectedRevision: 'any' });

    expect((await collect(store.readStream('big'))).map((e) => e.id)).toEqual(ids);
    expect(await collect(store.readAll({ maxCount: 2500 }))).toHaveLength(2500);
    const sub = store.subscribe({ fromPosition: 0n, filter: { types: ['Happened'] } });
    const got: string[] = [];
    while (got.length < 3001) {
      const r = await sub.next();
      if (r.done) break;
      got.push(r.value.id);
    }
    await sub.close();
    expect(got.slice(0, 3000)).toEqual(ids);
  });
});
