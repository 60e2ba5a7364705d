import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EventStore,
  NewEvent,
  StoredEvent,
} from '../../../../libs/event-store/event-store.port';
import { SqliteEventStore } from '../../../../libs/event-store/sqlite-event-store';
import { eventStream } from './event-stream';

let n = 0;
const event = (resolutionId: string): NewEvent => ({
  id: `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`,
  type: 'TaskAccepted',
  data: { taskId: 't', resolutionId },
  metadata: {
    actorId: 'a',
    actorRole: 'UNIT_REPORTER',
    commandId: `c${n}`,
    correlationId: `c${n}`,
    causationId: `c${n}`,
    occurredAt: new Date(Date.UTC(2024, 0, 1) + n).toISOString(),
  },
});

/** The real store, counting what its subscriptions have read out of it. */
function counting(store: EventStore) {
  const counter = { read: 0 };
  const wrapped: EventStore = Object.create(store);
  wrapped.subscribe = (opts) => {
    const sub = store.subscribe(opts);
    const next = sub.next.bind(sub);
    sub.next = async () => {
      const r = await next();
      if (!r.done) counter.read++;
      return r;
    };
    return sub;
  };
  return { store: wrapped, counter };
}

describe('event stream of a subscriber', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-stream-'));
    store = SqliteEventStore.open(join(dir, 'events.db'), { pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (count: number, resolutionId = 'r1') => {
    for (let i = 0; i < count; i++)
      await store.appendToStream(`task-${resolutionId}-${n}`, [event(resolutionId)], {
        expectedRevision: 'no_stream',
      });
  };

  it('delivers catch-up then live in order, filtered by resolution, none twice', async () => {
    await append(5, 'r1');
    await append(3, 'r2');
    const stream = eventStream(store, {
      filter: { resolutionId: 'r1' },
      fromPosition: 0n,
      maxLag: 1000,
      map: (e: StoredEvent) => e,
    });
    const got: StoredEvent[] = [];
    for (let i = 0; i < 5; i++) got.push((await stream.next()).value as StoredEvent);
    await append(2, 'r1');
    for (let i = 0; i < 2; i++) got.push((await stream.next()).value as StoredEvent);
    await stream.return(undefined);
    const positions = got.map((e) => e.position);
    expect(new Set(positions).size).toBe(7);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(got.every((e) => e.data.resolutionId === 'r1')).toBe(true);
  });

  it('a live consumer that stops reading holds no growing buffer, then is cut off with the position to resume from', async () => {
    const { store: observed, counter } = counting(store);
    const stream = eventStream(observed, {
      filter: {},
      fromPosition: undefined,
      maxLag: 20,
      map: (e: StoredEvent) => e,
    });
    const first = stream.next();
    await append(1);
    const delivered = (await first).value as StoredEvent;
    // The consumer stops reading while 500 more events are written.
    await append(500);
    await new Promise((r) => setTimeout(r, 100));
    // Nothing piles up on its behalf: the store has been read at most one page ahead.
    expect(counter.read).toBeLessThanOrEqual(1 + 1000);
    expect(counter.read).toBeLessThan(501);
    let error: any;
    try {
      for (let i = 0; i < 50; i++) await stream.next();
    } catch (e) {
      error = e;
    }
    expect(error?.extensions?.code).toBe('SLOW_CONSUMER');
    const resume = BigInt(error.extensions.resumeFromPosition);
    expect(resume).toBeGreaterThanOrEqual(delivered.position);
    // Resuming from the position it was given misses nothing and repeats nothing.
    const again = eventStream(store, {
      filter: {},
      fromPosition: resume,
      maxLag: 0,
      map: (e) => e,
    });
    const rest: bigint[] = [];
    for (;;) {
      const r = await again.next();
      rest.push((r.value as StoredEvent).position);
      if ((r.value as StoredEvent).position === (await store.headPosition())) break;
    }
    await again.return(undefined);
    expect(rest[0]).toBe(resume + 1n);
    expect(rest).toHaveLength(Number((await store.headPosition()) - resume));
  });
});
