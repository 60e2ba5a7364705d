import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { actors, ok, startServer, token, type Actors, type TestServer } from '../support/server';
import { AUDIT_FIELDS, issuedResolution } from '../support/lifecycle';

interface Received {
  id: string;
  position: string;
  type: string;
  streamId: string;
  data: { resolutionId?: string };
  actorId: string;
  commandId: string | null;
}

const SUBSCRIPTION = `subscription($filter: EventFilter, $from: String) {
  events(filter: $filter, fromPosition: $from) { ${AUDIT_FIELDS} }
}`;

function client(
  server: TestServer,
  params: Record<string, unknown>,
  headers?: Record<string, string>,
): Client {
  const url = server.url.replace('http://', 'ws://');
  return createClient({
    url,
    connectionParams: params,
    lazy: true,
    retryAttempts: 0,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
  });
}

/** Collects events until `until` says stop; rejects with the subscription's error. */
function collect(
  c: Client,
  variables: Record<string, unknown>,
  until: (got: Received[]) => boolean,
): { done: Promise<Received[]>; stop: () => void } {
  const got: Received[] = [];
  let stopped = false;
  let stop = () => undefined as void;
  const done = new Promise<Received[]>((resolve, reject) => {
    stop = c.subscribe<{ events: Received }>(
      { query: SUBSCRIPTION, variables },
      {
        next: (msg) => {
          if (stopped) return;
          if (msg.errors) return reject(msg.errors);
          got.push(msg.data!.events);
          if (until(got)) {
            stopped = true;
            stop();
            resolve(got);
          }
        },
        error: reject,
        complete: () => resolve(got),
      },
    );
  });
  return { done, stop: () => stop() };
}

describe('events subscription (graphql-ws on /graphql)', () => {
  let server: TestServer;
  let a: Actors;
  const clients: Client[] = [];
  const open = (params: Record<string, unknown>, headers?: Record<string, string>) => {
    const c = client(server, params, headers);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.close();
  });

  it('delivers every event after fromPosition in global order, then live, none skipped or twice', async () => {
    await issuedResolution(server, a);
    const head = await server.head();
    const c = open({ Authorization: `Bearer ${a.auditor}` });
    const target = Number(head) + 16; // four more resolutions of four events each
    const sub = collect(c, { from: '0' }, (got) => got.length >= target);
    // Writes that land while the subscriber is still catching up.
    const more = Promise.all(Array.from({ length: 4 }, () => issuedResolution(server, a)));
    await more;
    const got = await sub.done;
    const positions = got.map((e) => BigInt(e.position));
    expect(new Set(positions).size).toBe(positions.length);
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
    expect(positions[0]).toBe(1n);
    // Dense in the embedded store: nothing in between was skipped.
    expect(positions[positions.length - 1] - positions[0] + 1n).toBe(BigInt(positions.length));
    expect(got[0]).toMatchObject({ type: 'ResolutionDrafted', actorId: 'sec-1' });
  });

  it('filters by resolution, type and stream prefix, and resumes from the last position received', async () => {
    const first = (await issuedResolution(server, a)).resolution;
    const from = (await server.head()).toString();
    const second = await issuedResolution(server, a);
    void second;
    const c = open({ Authorization: `Bearer ${a.integration}` });
    const only = collect(
      c,
      {
        from: '0',
        filter: { resolutionId: first.id, types: ['ResolutionIssued', 'ResolutionDrafted'] },
      },
      (got) => got.length >= 2,
    );
    const got = await only.done;
    expect(got.map((e) => e.type)).toEqual(['ResolutionDrafted', 'ResolutionIssued']);
    expect(got.every((e) => e.data.resolutionId === first.id)).toBe(true);

    const resumed = collect(c, { from, filter: { streamPrefix: 'resolution-' } }, (got2) =>
      got2.some((e) => e.type === 'ResolutionIssued'),
    );
    const after = await resumed.done;
    expect(after.every((e) => BigInt(e.position) > BigInt(from))).toBe(true);
    expect(after.every((e) => e.streamId.startsWith('resolution-'))).toBe(true);
  });

  it('with no fromPosition, delivers only what happens after it subscribed', async () => {
    const c = open({ Authorization: `Bearer ${a.standing}` });
    const before = await server.head();
    const sub = collect(c, {}, (got) => got.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const r = (await issuedResolution(server, a)).resolution;
    const got = await sub.done;
    expect(BigInt(got[0].position)).toBeGreaterThan(before);
    expect(got[0].data.resolutionId).toBe(r.id);
  });

  it('accepts the token on the upgrade request too', async () => {
    const c = open({}, { authorization: `Bearer ${a.secretariat}` });
    const got = await collect(c, { from: '0' }, (g) => g.length >= 1).done;
    expect(got).toHaveLength(1);
  });

  it('refuses roles that may not subscribe, and connections without a valid token', async () => {
    const reporter = open({ Authorization: `Bearer ${a.unitA}` });
    await expect(collect(reporter, { from: '0' }, () => true).done).rejects.toEqual(
      expect.arrayContaining([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      ]),
    );
    const member = open({ Authorization: `Bearer ${await token('MEMBER', { sub: 'm-9' })}` });
    await expect(collect(member, { from: '0' }, () => true).done).rejects.toBeTruthy();
    const anonymous = open({});
    await expect(collect(anonymous, { from: '0' }, () => true).done).rejects.toBeTruthy();
    const forged = open({
      Authorization: `Bearer ${await token('AUDITOR', { secret: 'wrong-secret-0123456789' })}`,
    });
    await expect(collect(forged, { from: '0' }, () => true).done).rejects.toBeTruthy();
  });

  it('an event as received carries the same fields the audit trail shows', async () => {
    const r = (await issuedResolution(server, a)).resolution;
    const c = open({ Authorization: `Bearer ${a.auditor}` });
    const got = await collect(
      c,
      { from: '0', filter: { resolutionId: r.id } },
      (g) => g.length >= 4,
    ).done;
    const trail = ok(
      await server.gql(
        a.auditor,
        `{ auditTrail(resolutionId: "${r.id}") { edges { node { ${AUDIT_FIELDS} } } } }`,
      ),
    ).auditTrail.edges.map((e: { node: Received }) => e.node);
    expect(got).toEqual(trail.slice(0, got.length));
  });

  it('each event also carries CloudEvents-style fields: specversion, source, subject, time', async () => {
    const r = (await issuedResolution(server, a)).resolution;
    const c = open({ Authorization: `Bearer ${a.integration}` });
    const got = await new Promise<any>((resolve, reject) => {
      const stop = c.subscribe<any>(
        {
          query: `subscription($f: EventFilter) { events(filter: $f, fromPosition: "0") {
            id type specversion source subject time occurredAt streamId data } }`,
          variables: { f: { resolutionId: r.id } },
        },
        {
          next: (m) => {
            stop();
            if (m.errors) reject(m.errors);
            else resolve(m.data.events);
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    expect(got).toMatchObject({
      type: 'ResolutionDrafted',
      specversion: '1.0',
      source: `/resolutions/${r.id}`,
      subject: `resolution-${r.id}`,
      time: got.occurredAt,
      data: { resolutionId: r.id },
    });
  });
});
