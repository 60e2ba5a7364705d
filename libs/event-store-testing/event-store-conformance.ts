import { randomUUID } from 'node:crypto';
import { eventHash } from '../event-store/event-hash';
import {
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  WrongExpectedRevisionError,
  matchesFilter,
} from '../event-store/event-store.port';

/**
 * Behaviour every EventStore adapter must have. Each test uses its own stream ids, so the suite
 * also runs against a store shared with other tests or processes.
 */
export function eventStoreConformance(
  name: string,
  open: () => Promise<EventStore>,
  opts: { cleanup?: () => Promise<void> } = {},
): void {
  describe(`EventStore conformance: ${name}`, () => {
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    const sid = (label: string) => `conf-${run}-${++counter}-${label}`;

    const append = (streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision) =>
      store.appendToStream(streamId, events, { expectedRevision });
    const readStream = (streamId: string, o?: { fromRevision?: bigint; toPosition?: bigint }) =>
      collect(store.readStream(streamId, o));

    beforeAll(async () => {
      store = await open();
    });

    afterAll(async () => {
      await store?.close();
      await opts.cleanup?.();
    });

    describe('appendToStream', () => {
      it('numbers revisions from 0, one per event, and returns the last revision and position', async () => {
        const s = sid('rev');
        const r1 = await append(s, [ev(), ev()], 'no_stream');
        const r2 = await append(s, [ev(), ev(), ev()], 1n);

        expect(r1.nextRevision).toBe(1n);
        expect(r2.nextRevision).toBe(4n);
        const read = await readStream(s);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(read.every((e) => e.streamId === s)).toBe(true);
        expect(read[1].position).toBe(r1.lastPosition);
        expect(read[4].position).toBe(r2.lastPosition);
      });

      it("'no_stream' creates a stream and is refused once the stream exists, writing nothing", async () => {
        const s = sid('nostream');
        const first = ev();
        await append(s, [first], 'no_stream');

        const err = await append(s, [ev(), ev()], 'no_stream').catch((e: unknown) => e);

        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: s, expected: 'no_stream', actual: 0n });
        expect((await readStream(s)).map((e) => e.id)).toEqual([first.id]);
        expect(await collect(store.readAll({ filter: { streamIds: [s] } }))).toHaveLength(1);
      });

      it('an exact expected revision appends when it is the last revision, otherwise is refused', async () => {
        const s = sid('exact');
        await append(s, [ev(), ev(), ev()], 'no_stream');

        expect((await append(s, [ev()], 2n)).nextRevision).toBe(3n);
        const stale = await append(s, [ev()], 2n).catch((e: unknown) => e);
        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ expected: 2n, actual: 3n });
        await expect(append(s, [ev()], 7n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);

        const missing = sid('exact-missing');
        const err = await append(missing, [ev()], 0n).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ actual: 'no_stream' });

        expect(await readStream(s)).toHaveLength(4);
        expect(await readStream(missing)).toHaveLength(0);
      });

      it("'any' appends whatever the stream's state", async () => {
        const s = sid('any');
        expect((await append(s, [ev()], 'any')).nextRevision).toBe(0n);
        expect((await append(s, [ev(), ev()], 'any')).nextRevision).toBe(2n);
        expect(await readStream(s)).toHaveLength(3);
      });

      it('of concurrent appends with the same expected revision exactly one wins', async () => {
        const s = sid('race');
        await append(s, [ev()], 'no_stream');

        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => append(s, [ev('Attempt', { i })], 0n)),
        );

        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        const read = await readStream(s);
        expect(read).toHaveLength(2);
        expect(read[1].data).toEqual({ i: won[0] });
      });

      it("of concurrent 'no_stream' appends to a new stream exactly one wins", async () => {
        const s = sid('race-new');
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => append(s, [ev('Attempt', { i }), ev()], 'no_stream')),
        );

        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await readStream(s)).toHaveLength(2);
      });

      it('a refused append does not affect appends made at the same time', async () => {
        const [a, b, c] = [sid('ok-a'), sid('refused'), sid('ok-c')];
        await append(b, [ev()], 'no_stream');

        const [ra, rb, rc] = await Promise.allSettled([
          append(a, [ev(), ev()], 'no_stream'),
          append(b, [ev()], 'no_stream'),
          append(c, [ev()], 'any'),
        ]);

        expect(ra.status).toBe('fulfilled');
        expect(rb.status).toBe('rejected');
        expect(rc.status).toBe('fulfilled');
        expect(await readStream(a)).toHaveLength(2);
        expect(await readStream(b)).toHaveLength(1);
        expect(await readStream(c)).toHaveLength(1);
      });

      it('re-appending the same event ids writes nothing and returns the earlier result', async () => {
        const s = sid('idem');
        const events = [ev(), ev()];
        const first = await append(s, events, 'no_stream');
        await append(s, [ev()], 1n);

        // The expected revision is stale by now: a retry must still succeed.
        expect(await append(s, events, 'no_stream')).toEqual(first);
        expect(await append(s, events, 'any')).toEqual(first);
        expect(await append(s, events, 2n)).toEqual(first);

        const read = await readStream(s);
        expect(read).toHaveLength(3);
        expect(await collect(store.readAll({ filter: { streamIds: [s] } }))).toHaveLength(3);
      });

      it('a retry racing the original append gets the same result and writes once', async () => {
        const s = sid('idem-race');
        const events = [ev(), ev(), ev()];

        const [r1, r2] = await Promise.all([
          append(s, events, 'no_stream'),
          append(s, events, 'no_stream'),
        ]);

        expect(r1).toEqual(r2);
        expect(r1.nextRevision).toBe(2n);
        expect(await readStream(s)).toHaveLength(3);
      });

      it('refuses an append whose ids are only partly stored, or stored in another stream', async () => {
        const s = sid('partial');
        const stored = ev();
        await append(s, [stored], 'no_stream');

        const partial = await append(s, [stored, ev()], 'any').catch((e: unknown) => e);
        expect(partial).toBeInstanceOf(Error);
        expect(partial).not.toBeInstanceOf(WrongExpectedRevisionError);
        const other = sid('partial-other');
        await expect(append(other, [stored], 'any')).rejects.toBeInstanceOf(Error);

        expect(await readStream(s)).toHaveLength(1);
        expect(await readStream(other)).toHaveLength(0);
      });

      it('refuses an append that repeats an event id, writing none of it', async () => {
        const s = sid('repeat');
        const e = ev();

        await expect(append(s, [e, ev(), e], 'no_stream')).rejects.toBeInstanceOf(Error);

        expect(await readStream(s)).toHaveLength(0);
        expect((await append(s, [e], 'no_stream')).nextRevision).toBe(0n);
      });
    });

    describe('commands (commandIds are global)', () => {
      it('remembers the command of an append: its stream, last position and result', async () => {
        const s = sid('cmd');
        const commandId = randomUUID();
        const m = { commandId, command: 'assignTask', commandFingerprint: 'f1', resultId: 'r1' };
        const r = await append(s, [ev('A', {}, m), ev('B', {}, m)], 'no_stream');
        expect(await store.findCommand(commandId)).toEqual({
          commandId,
          streamId: s,
          position: r.lastPosition,
          command: 'assignTask',
          fingerprint: 'f1',
          resultId: 'r1',
        });
        expect(await store.findCommand(randomUUID())).toBeNull();
      });

      it('a retried append keeps the first record, and a refused one leaves none', async () => {
        const s = sid('cmd-retry');
        const commandId = randomUUID();
        const events = [ev('A', {}, { commandId, command: 'x', resultId: 'r' })];
        const first = await append(s, events, 'no_stream');
        await append(s, events, 'no_stream');
        expect((await store.findCommand(commandId))?.position).toBe(first.lastPosition);

        const refused = randomUUID();
        await expect(append(s, [ev('A', {}, { commandId: refused })], 'no_stream')).rejects.toThrow(
          WrongExpectedRevisionError,
        );
        expect(await store.findCommand(refused)).toBeNull();
      });
    });

    describe('positions and reads', () => {
      it('global positions strictly increase across concurrently written streams', async () => {
        const prefix = `${sid('order')}/`;
        const results: { streamId: string; count: number; result: AppendResult }[] = [];
        await Promise.all(
          Array.from({ length: 5 }, async (_, w) => {
            const s = `${prefix}${w}`;
            let expected: ExpectedRevision = 'no_stream';
            for (let i = 0; i < 10; i++) {
              const count = 1 + (i % 2);
              const result = await append(
                s,
                Array.from({ length: count }, () => ev()),
                expected,
              );
              results.push({ streamId: s, count, result });
              expected = result.nextRevision;
            }
          }),
        );

        const all = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));

        expect(all).toHaveLength(75);
        expectStrictlyIncreasing(all.map((e) => e.position));
        const byPosition = new Map(all.map((e) => [e.position, e]));
        for (const { streamId, result } of results) {
          expect(byPosition.get(result.lastPosition)).toMatchObject({
            streamId,
            revision: result.nextRevision,
          });
        }
        for (let w = 0; w < 5; w++) {
          const revisions = all
            .filter((e) => e.streamId === `${prefix}${w}`)
            .map((e) => e.revision);
          expect(revisions).toEqual(Array.from({ length: 15 }, (_, i) => BigInt(i)));
        }
        expect(await store.headPosition()).toBeGreaterThanOrEqual(all[all.length - 1].position);
      });

      it('readAll: fromPosition is exclusive, toPosition inclusive, maxCount caps the count', async () => {
        const s = sid('window');
        for (let i = 0; i < 10; i++) await append(s, [ev('Step', { i })], 'any');
        const filter = { streamIds: [s] };
        const p = (await collect(store.readAll({ filter }))).map((e) => e.position);
        const steps = async (o: Parameters<EventStore['readAll']>[0]) =>
          (await collect(store.readAll({ filter, ...o }))).map((e) => e.data.i);

        expect(p).toHaveLength(10);
        expect(await steps({ fromPosition: p[2] })).toEqual([3, 4, 5, 6, 7, 8, 9]);
        expect(await steps({ fromPosition: p[2], toPosition: p[6] })).toEqual([3, 4, 5, 6]);
        expect(await steps({ fromPosition: p[2], maxCount: 3 })).toEqual([3, 4, 5]);
        expect(await steps({ toPosition: p[0] })).toEqual([0]);
        expect(await steps({ fromPosition: p[9] })).toEqual([]);
        expect(await steps({ fromPosition: p[0] - 1n, toPosition: p[0] })).toEqual([0]);

        const firstFive = await collect(store.readAll({ maxCount: 5 }));
        expect(firstFive).toHaveLength(5);
        expect(firstFive[0].position).toBeGreaterThan(0n);
        expectStrictlyIncreasing(firstFive.map((e) => e.position));
      });

      it('readAll filters by stream prefix, type and stream id, combined with AND', async () => {
        const base = sid('filter');
        const [o1, o2, inv] = [`${base}-order-1`, `${base}-order-2`, `${base}-invoice-1`];
        await append(o1, [ev('Created'), ev('Shipped')], 'no_stream');
        await append(o2, [ev('Created')], 'no_stream');
        await append(inv, [ev('Created'), ev('Paid')], 'no_stream');
        const all = await collect(store.readAll({ filter: { streamPrefixes: [base] } }));
        expect(all).toHaveLength(5);

        const cases: [EventFilter, number][] = [
          [{ streamPrefixes: [`${base}-order-`] }, 3],
          [{ streamPrefixes: [`${base}-order-`, `${base}-invoice-`] }, 5],
          [{ streamPrefixes: [base], types: ['Created'] }, 3],
          [{ streamPrefixes: [base], types: ['Paid', 'Shipped'] }, 2],
          [{ streamIds: [inv] }, 2],
          [{ streamIds: [o1, o2] }, 3],
          [{ streamIds: [o1], types: ['Created'] }, 1],
          [{ streamIds: [o1], streamPrefixes: [`${base}-invoice-`] }, 0],
        ];
        for (const [filter, count] of cases) {
          const got = await collect(store.readAll({ filter }));
          expect(got.map((e) => e.id)).toEqual(
            all.filter((e) => matchesFilter(e, filter)).map((e) => e.id),
          );
          expect(got).toHaveLength(count);
        }
      });

      it('readStream starts at fromRevision and stops at toPosition', async () => {
        const s = sid('from');
        await append(s, [ev(), ev(), ev(), ev(), ev()], 'no_stream');
        const all = await readStream(s);

        expect((await readStream(s, { fromRevision: 2n })).map((e) => e.revision)).toEqual([
          2n,
          3n,
          4n,
        ]);
        expect(await readStream(s, { fromRevision: 5n })).toEqual([]);
        expect(
          (await readStream(s, { toPosition: all[2].position })).map((e) => e.revision),
        ).toEqual([0n, 1n, 2n]);
        expect(await readStream(sid('never-written'))).toEqual([]);
      });

      it('round-trips metadata and data exactly', async () => {
        const s = sid('meta');
        const full = ev(
          'ResolutionDrafted',
          { title: 'Draft', amounts: [1, 2.5, -3], nested: { ok: true, none: null } },
          {
            actorId: 'user-42',
            actorRole: 'secretary',
            commandId: 'cmd-1',
            correlationId: 'corr-1',
            causationId: 'cause-1',
            occurredAt: '2025-03-01T08:30:00.123Z',
            payloadHash: 'abc123',
            extra: { list: [1, 'two', { three: 3 }], flag: false },
          },
        );
        const nulls = ev('Noted', {}, { commandId: null, correlationId: null, causationId: null });
        await append(s, [full, nulls], 'no_stream');

        const read = await readStream(s);

        expect(
          read.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
        ).toStrictEqual([full, nulls]);
      });

      it('chains hashes: prevHash is the previous hash in the stream, hash = eventHash(...)', async () => {
        const s = sid('hash');
        await append(s, [ev('A', { n: 1 })], 'no_stream');
        await append(s, [ev('B', { n: 2 }), ev('C', { n: 3 })], 0n);
        await append(sid('hash-other'), [ev()], 'no_stream');
        await append(s, [ev('D', { n: 4 })], 2n);

        const read = await readStream(s);

        expect(read).toHaveLength(4);
        expect(read[0].prevHash).toBeNull();
        read.forEach((e, i) => {
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          if (i > 0) expect(e.prevHash).toBe(read[i - 1].hash);
          expect(e.hash).toBe(eventHash(e, e.prevHash));
        });
        expect(new Set(read.map((e) => e.hash)).size).toBe(4);
      });

      it('reads back a stream of 10,000 events completely and in order', async () => {
        const s = sid('large');
        const ids: string[] = [];
        let expected: ExpectedRevision = 'no_stream';
        for (let b = 0; b < 100; b++) {
          const events = Array.from({ length: 100 }, (_, i) => ev('Tick', { n: b * 100 + i }));
          ids.push(...events.map((e) => e.id));
          expected = (await append(s, events, expected)).nextRevision;
        }

        const read = await readStream(s);

        expect(read).toHaveLength(10_000);
        expect(read.map((e) => e.id)).toEqual(ids);
        expect(read.every((e, i) => e.revision === BigInt(i) && e.data.n === i)).toBe(true);
        const viaAll = await collect(store.readAll({ filter: { streamIds: [s] } }));
        expect(viaAll.map((e) => e.id)).toEqual(ids);
        expect((await readStream(s, { fromRevision: 9_990n })).map((e) => e.data.n)).toEqual(
          Array.from({ length: 10 }, (_, i) => 9_990 + i),
        );
      });

      it('round-trips Vietnamese text, emoji and a ~1 MB payload', async () => {
        const text = 'Nghị quyết số 08-NQ/TU về phát triển du lịch 🎉🇻🇳 “trích yếu” ✓';
        const s = `${sid('unicode')}-Nghị-quyết-🎉`;
        const big = `${text}\n`.repeat(16_000);
        const e = ev(text, { title: text, body: big }, { note: `${text} — ghi chú` });
        expect(Buffer.byteLength(big)).toBeGreaterThan(1_000_000);

        await append(s, [e, ev()], 'no_stream');

        const [read] = await readStream(s);
        expect({
          id: read.id,
          type: read.type,
          data: read.data,
          metadata: read.metadata,
        }).toStrictEqual(e);
        expect(read.hash).toBe(eventHash(read, null));
        const byPrefix = await collect(
          store.readAll({ filter: { streamPrefixes: [s.slice(0, -3)] } }),
        );
        expect(byPrefix.map((x) => x.streamId)).toEqual([s, s]);
      });
    });

    describe('subscribe', () => {
      it('delivers catch-up then live events without gap or duplicate while writers append', async () => {
        const prefix = `${sid('sub')}/`;
        const from = await store.headPosition();
        const expectedIds = new Set<string>();
        const writeStream = async (s: string, n: number) => {
          let expected: ExpectedRevision = 'no_stream';
          for (let i = 0; i < n; i++) {
            const e = ev('Live', { i });
            expectedIds.add(e.id);
            expected = (await append(s, [e], expected)).nextRevision;
          }
        };
        await Promise.all(
          Array.from({ length: 4 }, (_, w) => writeStream(`${prefix}pre-${w}`, 25)),
        );

        const sub = store.subscribe({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        const writers = Promise.all(
          Array.from({ length: 5 }, (_, w) => writeStream(`${prefix}live-${w}`, 100)),
        );
        const got = await take(sub, 600);
        await writers;
        await sub.close();

        expect(got).toHaveLength(600);
        expectStrictlyIncreasing(got.map((e) => e.position));
        expect(new Set(got.map((e) => e.id))).toEqual(expectedIds);
        const stored = await collect(
          store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } }),
        );
        expect(got.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      });

      it('without fromPosition delivers only events appended after subscribing', async () => {
        const s = sid('sub-now');
        await append(s, [ev('Old'), ev('Old')], 'no_stream');

        const sub = store.subscribe({ filter: { streamIds: [s] } });
        const later = [ev('New'), ev('New')];
        await append(s, later, 1n);
        const got = await take(sub, 2);
        await sub.close();

        expect(got.map((e) => e.id)).toEqual(later.map((e) => e.id));
      });

      it('applies its filter', async () => {
        const base = sid('sub-filter');
        const from = await store.headPosition();
        const sub = store.subscribe({
          fromPosition: from,
          filter: { streamPrefixes: [`${base}-a`], types: ['Wanted'] },
        });
        const wanted: string[] = [];
        for (let i = 0; i < 20; i++) {
          const w = ev('Wanted', { i });
          wanted.push(w.id);
          await append(`${base}-a${i % 3}`, [ev('Other'), w], 'any');
          await append(`${base}-b${i % 3}`, [ev('Wanted')], 'any');
        }
        const got = await take(sub, 20);
        await sub.close();

        expect(got.map((e) => e.id)).toEqual(wanted);
        expect(got.every((e) => e.type === 'Wanted' && e.streamId.startsWith(`${base}-a`))).toBe(
          true,
        );
      });

      it('close() ends a pending next(), and breaking out of for-await ends it too', async () => {
        const idle = store.subscribe({ filter: { streamIds: [sid('sub-idle')] } });
        const pending = idle.next();
        await idle.close();
        await expect(pending).resolves.toEqual({ value: undefined, done: true });
        await expect(idle.next()).resolves.toEqual({ value: undefined, done: true });

        const s = sid('sub-break');
        const from = await store.headPosition();
        await append(s, [ev(), ev(), ev()], 'no_stream');
        const sub = store.subscribe({ fromPosition: from, filter: { streamIds: [s] } });
        const seen: StoredEvent[] = [];
        for await (const e of sub) {
          seen.push(e);
          if (seen.length === 2) break;
        }
        expect(seen.map((e) => e.revision)).toEqual([0n, 1n]);
        await expect(sub.next()).resolves.toEqual({ value: undefined, done: true });
      });
    });
  });
}

function ev(
  type = 'SomethingHappened',
  data: Record<string, unknown> = {},
  metadata: Partial<EventMetadata> = {},
): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actorId: 'user-1',
      actorRole: 'member',
      commandId: randomUUID(),
      correlationId: null,
      causationId: null,
      occurredAt: new Date().toISOString(),
      ...metadata,
    },
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Takes exactly n events (waits for live ones); the test timeout catches a missing event. */
async function take(sub: EventSubscription, n: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  while (out.length < n) {
    const r = await sub.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

function expectStrictlyIncreasing(xs: bigint[]): void {
  for (let i = 1; i < xs.length; i++) {
    if (!(xs[i] > xs[i - 1]))
      throw new Error(`not strictly increasing at ${i}: ${xs[i - 1]} then ${xs[i]}`);
  }
}
