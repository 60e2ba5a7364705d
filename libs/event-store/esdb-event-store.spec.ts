import { randomUUID } from 'node:crypto';
import { EsdbTestServer } from '../../test/esdb-test-server/esdb-test-server';
import { eventStoreConformance } from '../event-store-testing/event-store-conformance';
import { EsdbEventStore } from './esdb-event-store';
import { EventSubscription, NewEvent, StoredEvent } from './event-store.port';

/**
 * With EVENTSTORE_CONNECTION_STRING set (e.g. `esdb://127.0.0.1:2113?tls=false` after
 * `docker compose up -d eventstore`) the conformance suite runs against that node; otherwise
 * against the gRPC test double in test/esdb-test-server, started here.
 */
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;

/**
 * ESDB refuses appends over 1 MiB of data + metadata by default; the conformance suite appends a
 * ~1.5 MB event, so a real node needs EVENTSTORE_MAX_APPEND_SIZE raised (4194304 is enough).
 */
const MAX_APPEND_SIZE = 4 * 1024 * 1024;

let server: EsdbTestServer | undefined;

beforeAll(async () => {
  if (!realServer) server = await EsdbTestServer.start({ maxAppendSize: MAX_APPEND_SIZE });
});

afterAll(async () => {
  await server?.stop();
});

eventStoreConformance('EventStoreDB adapter', async () =>
  EsdbEventStore.connect(realServer ?? server!.connectionString),
);

function ev(type = 'Happened', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actorId: 'user-1',
      actorRole: 'member',
      commandId: randomUUID(),
      correlationId: 'corr-1',
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

async function take(sub: EventSubscription, n: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  while (out.length < n) {
    const r = await sub.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('EsdbEventStore specifics', () => {
  let store: EsdbEventStore;

  beforeAll(() => {
    store = EsdbEventStore.connect(realServer ?? server!.connectionString, {
      duplicateCheckWindow: 8,
    });
  });

  afterAll(async () => {
    await store.close();
  });

  it('recognises a retried append larger than the duplicate-check window', async () => {
    const s = `retry-${randomUUID()}`;
    const events = Array.from({ length: 20 }, (_, i) => ev('Step', { i }));
    const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
    await store.appendToStream(s, [ev(), ev()], { expectedRevision: 19n });

    expect(await store.appendToStream(s, events, { expectedRevision: 'no_stream' })).toEqual(first);
    expect(await store.appendToStream(s, events, { expectedRevision: 'any' })).toEqual(first);
    await expect(
      store.appendToStream(s, [...events.slice(15), ev()], { expectedRevision: 'any' }),
    ).rejects.toMatchObject({ name: 'DuplicateEventIdError' });
    expect(await collect(store.readStream(s))).toHaveLength(22);
  });

  it('accepts a position that is not an event position in readAll and subscribe', async () => {
    const s = `seek-${randomUUID()}`;
    await store.appendToStream(s, [ev('A'), ev('B'), ev('C')], { expectedRevision: 'no_stream' });
    const head = await store.headPosition();

    // What the API does at start-up: the last event, from just below the head.
    const last = await collect(
      store.readAll({ fromPosition: head - 1n, filter: { streamIds: [s] } }),
    );
    expect(last.map((e) => e.type)).toEqual(['C']);
    const sub = store.subscribe({ fromPosition: head - 1n, filter: { streamIds: [s] } });
    expect((await take(sub, 1)).map((e) => e.type)).toEqual(['C']);
    await sub.close();
  });

  it('keeps the hash chain and ESDB correlation ids in the ESDB event metadata', async () => {
    const s = `meta-${randomUUID()}`;
    await store.appendToStream(s, [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
    const stored = await collect(store.readStream(s));

    const raw: Record<string, unknown>[] = [];
    for await (const r of store.client.readStream(s)) {
      raw.push(r.event?.metadata as Record<string, unknown>);
    }
    expect(raw.map((m) => m.$hash)).toEqual(stored.map((e) => e.hash));
    expect(raw.map((m) => m.$prevHash)).toEqual([null, stored[0].hash]);
    expect(raw[0]).toMatchObject({ actorId: 'user-1', $correlationId: 'corr-1' });
    expect(raw[0]).not.toHaveProperty('$causationId');
    expect(stored[0].metadata).not.toHaveProperty('$hash');
  });
});

(realServer ? describe.skip : describe)('EsdbEventStore through the ESDB test server', () => {
  const opened: { store: EsdbEventStore; server?: EsdbTestServer }[] = [];
  const open = async (opts: Parameters<typeof EsdbTestServer.start>[0] = {}) => {
    const own = await EsdbTestServer.start(opts);
    const store = EsdbEventStore.connect(own.connectionString, {
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    opened.push({ store, server: own });
    return { server: own, store };
  };

  afterEach(async () => {
    for (const { store, server: own } of opened.splice(0)) {
      await store.close();
      await own?.stop();
    }
  });

  it('reconnects and resumes a subscription after the server restarts on the same port', async () => {
    const { server: node, store } = await open();
    const s = `restart-${randomUUID()}`;
    const from = await store.headPosition();
    const sub = store.subscribe({ fromPosition: from, filter: { streamIds: [s] } });
    const ids: string[] = [];
    const write = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = ev('Tick', { i: ids.length });
        ids.push(e.id);
        await store.appendToStream(s, [e], { expectedRevision: 'any' });
      }
    };

    await write(50);
    // Most of these are still in flight or buffered when the connection drops.
    const before = await take(sub, 5);
    const port = node.port;
    await node.restart({ downtimeMs: 150 });
    expect(node.port).toBe(port);
    await write(50);
    const after = await take(sub, 95);
    await sub.close();

    const got = [...before, ...after];
    expect(got.map((e) => e.id)).toEqual(ids);
    for (let i = 1; i < got.length; i++)
      expect(got[i].position).toBeGreaterThan(got[i - 1].position);
  });

  it('resumes after a drop while live, then delivers what was written during the outage', async () => {
    const { server: node, store } = await open();
    const s = `outage-${randomUUID()}`;
    const sub = store.subscribe({ filter: { streamPrefixes: [s] } });
    const first = ev('Before');
    await store.appendToStream(s, [first], { expectedRevision: 'no_stream' });
    expect((await take(sub, 1)).map((e) => e.id)).toEqual([first.id]);

    await node.stop();
    // Another writer's event lands in the node's log while this client is cut off.
    const second = ev('During');
    node.log.append(s, 0n, [
      {
        id: second.id,
        type: second.type,
        contentType: 'application/json',
        data: Buffer.from('{}'),
        metadata: Buffer.from(JSON.stringify(second.metadata)),
      },
    ]);
    await node.restart({ downtimeMs: 100 });
    const third = ev('After');
    await store.appendToStream(s, [third], { expectedRevision: 1n });

    expect((await take(sub, 2)).map((e) => e.id)).toEqual([second.id, third.id]);
    await sub.close();
  });

  it('starts a subscription opened while the node is down once it is back', async () => {
    const { server: node, store } = await open();
    const s = `down-${randomUUID()}`;
    await node.stop();
    const sub = store.subscribe({ filter: { streamIds: [s] } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await node.restart();
    const e = ev();
    await store.appendToStream(s, [e], { expectedRevision: 'no_stream' });

    expect((await take(sub, 1)).map((x) => x.id)).toEqual([e.id]);
    await sub.close();
  });

  it('skips system events in headPosition, readAll and subscribe', async () => {
    const { server: node, store } = await open();
    const s = `user-${randomUUID()}`;
    const from = await store.headPosition();
    expect(from).toBe(0n);
    const sub = store.subscribe({ fromPosition: from });
    const r = await store.appendToStream(s, [ev()], { expectedRevision: 'no_stream' });
    node.log.append('$stats-127.0.0.1:2113', 'any', [
      {
        id: randomUUID(),
        type: '$statsCollected',
        contentType: 'application/json',
        data: Buffer.from('{}'),
        metadata: new Uint8Array(0),
      },
    ]);
    const last = ev();
    const r2 = await store.appendToStream(`${s}-2`, [last], { expectedRevision: 'no_stream' });
    node.log.append('$stats-127.0.0.1:2113', 'any', [
      {
        id: randomUUID(),
        type: '$statsCollected',
        contentType: 'application/json',
        data: Buffer.from('{}'),
        metadata: new Uint8Array(0),
      },
    ]);

    expect(await store.headPosition()).toBe(r2.lastPosition);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual([r.lastPosition, r2.lastPosition]);
    expect((await take(sub, 2)).map((e) => e.position)).toEqual([r.lastPosition, r2.lastPosition]);
    await sub.close();
    await expect(
      store.appendToStream(s, [ev('$reserved')], { expectedRevision: 'any' }),
    ).rejects.toThrow(/reserved/);
  });

  it('works through the older Append call when BatchAppend is not advertised', async () => {
    const { store } = await open({ batchAppend: false });
    const s = `append-${randomUUID()}`;
    const events = [ev(), ev()];
    const [r1, r2] = await Promise.all([
      store.appendToStream(s, events, { expectedRevision: 'no_stream' }),
      store.appendToStream(s, events, { expectedRevision: 'no_stream' }),
    ]);
    expect(r1).toEqual(r2);
    expect(r1.nextRevision).toBe(1n);
    await expect(store.appendToStream(s, [ev()], { expectedRevision: 0n })).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      actual: 1n,
    });
    expect((await store.appendToStream(s, [ev()], { expectedRevision: 'any' })).nextRevision).toBe(
      2n,
    );
    expect(await collect(store.readStream(s))).toHaveLength(3);
  });

  it("passes on ESDB's maximum append size (1 MiB by default) without writing anything", async () => {
    const { store } = await open();
    const s = `large-${randomUUID()}`;
    const big = ev('Big', { body: 'x'.repeat(1_100_000) });

    await expect(store.appendToStream(s, [big], { expectedRevision: 'no_stream' })).rejects.toThrow(
      /Maximum Append Size/i,
    );
    expect(await collect(store.readStream(s))).toEqual([]);
  });
});
