import WebSocket from 'ws';
import {
  actors,
  startServer,
  token,
  type Actors,
  type GqlError,
  type TestServer,
} from '../support/server';
import { draftResolution, issuedResolution, Q } from '../support/lifecycle';

interface Raw {
  status: number;
  body: { data?: any; errors?: GqlError[] };
}

/** One HTTP request exactly as given (method, content type, body): what an attacker would send. */
async function raw(
  s: TestServer,
  init: { method?: string; body?: string; headers?: Record<string, string>; qs?: string },
): Promise<Raw> {
  const res = await fetch(s.url + (init.qs ?? ''), {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  const text = await res.text();
  let body: Raw['body'];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON answer ${res.status}: ${text}`);
  }
  return { status: res.status, body };
}

async function health(s: TestServer): Promise<number> {
  return (await fetch(s.url.replace(/\/graphql$/, '/health'))).status;
}

/** A subscription socket driven message by message (graphql-transport-ws). */
async function socket(
  s: TestServer,
  opts: { headers?: Record<string, string>; init?: Record<string, unknown> | null },
) {
  const ws = new WebSocket(s.url.replace('http://', 'ws://'), 'graphql-transport-ws', {
    headers: opts.headers,
  });
  const inbox: any[] = [];
  const waiting: Array<(m: any) => void> = [];
  const closed = new Promise<{ type: 'closed'; code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      const c = { type: 'closed' as const, code, reason: reason.toString() };
      resolve(c);
      for (const w of waiting.splice(0)) w(c);
    }),
  );
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify(
      opts.init === null
        ? { type: 'connection_init' }
        : { type: 'connection_init', payload: opts.init },
    ),
  );
  const next = (): Promise<any> =>
    inbox.length > 0
      ? Promise.resolve(inbox.shift())
      : ws.readyState === WebSocket.CLOSED
        ? closed
        : new Promise((resolve) => waiting.push(resolve));
  const subscribe = (id: string, query: string, variables?: unknown) =>
    ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  return { ws, next, closed, subscribe, close: () => ws.close() };
}

const SUBSCRIPTION = `subscription($filter: EventFilter, $from: String) {
  events(filter: $filter, fromPosition: $from) { id position type }
}`;

/** parent { children { parent { children … } } }: the query, `levels` pairs deep. */
function nesting(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `children { parent { ${inner} } }`;
  return inner;
}

describe('hostile input: every refusal coded, nothing written, /health answering', () => {
  let s: TestServer;
  let a: Actors;
  let parent: any;
  let live: any;

  /** Runs a request that must be refused with `code`, and proves nothing was written. */
  async function refused(code: string, run: () => Promise<Raw>, says?: RegExp): Promise<Raw> {
    const before = await s.head();
    const r = await run();
    expect(r.status).toBeLessThan(500);
    expect(r.body.errors?.length).toBeGreaterThan(0);
    expect(r.body.errors!.map((e) => e.extensions?.code)).toEqual(r.body.errors!.map(() => code));
    if (says) expect(r.body.errors![0].message).toMatch(says);
    expect(await s.head()).toBe(before);
    expect(await health(s)).toBe(200);
    return r;
  }

  const post =
    (tok: string | null, query: string, variables?: unknown, extra = {}) =>
    () =>
      raw(s, {
        body: JSON.stringify({ query, variables, ...extra }),
        headers: tok ? { authorization: `Bearer ${tok}` } : {},
      });

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
    parent = await draftResolution(s, a, { title: 'Cha' });
    await draftResolution(s, a, { title: 'Con 1', parentId: parent.id });
    await draftResolution(s, a, { title: 'Con 2', parentId: parent.id });
    live = (await issuedResolution(s, a)).resolution;
  });

  afterAll(async () => {
    await s?.close();
  });

  describe('cost limits, before anything runs', () => {
    it('the nesting of the issue (parent/children, 15 levels) is refused by depth', async () => {
      const r = await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `query($id: ID!) { resolution(id: $id) { ${nesting(15)} } }`, {
          id: parent.id,
        }),
        /depth.*MAX_QUERY_DEPTH/,
      );
      expect(r.body.data).toBeUndefined();
    });

    it('nesting within the depth limit is refused by its estimated cost', async () => {
      await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `query($id: ID!) { resolution(id: $id) { ${nesting(5)} } }`, {
          id: parent.id,
        }),
        /cost.*MAX_QUERY_COST/,
      );
    });

    it('1000 aliases of the resolution query are refused by the alias limit', async () => {
      const many = Array.from(
        { length: 1000 },
        (_, i) => `r${i}: resolution(id: $id) { id title status targets { id } }`,
      ).join(' ');
      await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `query($id: ID!) { ${many} }`, { id: live.id }),
        /MAX_QUERY_(ALIASES|TOKENS)/,
      );
      const some = Array.from({ length: 31 }, (_, i) => `r${i}: serverInfo { headPosition }`);
      await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `{ ${some.join(' ')} }`),
        /Aliases.*MAX_QUERY_ALIASES/,
      );
    });

    it('first multiplies the cost of what a connection holds, given literally or as a variable', async () => {
      const deep = `edges { node { tasks { reports { measurements { value } } } } }`;
      await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `{ resolutions(first: 1000) { ${deep} } }`),
        /cost/,
      );
      await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `query($n: Int) { resolutions(first: $n) { ${deep} } }`, { n: 1000 }),
        /cost/,
      );
      // The same shape with a small page is served.
      const small = await post(a.auditor, `{ resolutions(first: 5) { ${deep} } }`)();
      expect(small.body.errors).toBeUndefined();
    });

    it('a document over the token limit', async () => {
      await refused(
        'QUERY_TOO_COMPLEX',
        post(a.auditor, `{ serverInfo { ${'headPosition '.repeat(5000)} } }`),
        /tokens.*MAX_QUERY_TOKENS/,
      );
    });

    it('a mutation over the limits writes nothing, and UNAUTHENTICATED comes first', async () => {
      const selection = `id ${nesting(8)}`;
      await refused(
        'QUERY_TOO_COMPLEX',
        post(
          a.secretariat,
          `mutation { draftResolution(input: { title: "x", kind: ANNUAL, termStart: 2020, termEnd: 2025 }) { ${selection} } }`,
        ),
      );
      await refused(
        'UNAUTHENTICATED',
        post(null, `query($id: ID!) { resolution(id: $id) { ${nesting(15)} } }`, { id: parent.id }),
      );
    });

    it('the queries people use pass: a resolution with everything in it, a page of the audit trail', async () => {
      const r = await post(a.auditor, Q.resolution, { id: live.id })();
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.resolution.id).toBe(live.id);
      const trail = await post(
        a.auditor,
        `query($id: ID!) { auditTrail(resolutionId: $id, first: 1000) { edges { node { id type data actorId } } } }`,
        { id: live.id },
      )();
      expect(trail.body.errors).toBeUndefined();
    });
  });

  describe('requests that are not valid GraphQL keep Apollo codes, never INTERNAL_SERVER_ERROR', () => {
    const auth = () => ({ authorization: `Bearer ${a.secretariat}` });
    const mutation = `mutation { draftResolution(input: { title: "x", kind: ANNUAL, termStart: 2020, termEnd: 2025 }) { id } }`;

    it.each([
      ['null', 'null'],
      ['[]', '[]'],
      ['{}', '{}'],
      ['a string', '"x"'],
      ['query as a number', '{"query": 1}'],
      ['variables as a string', JSON.stringify({ query: mutation, variables: 'x' })],
      ['a batched array', JSON.stringify([{ query: mutation }, { query: mutation }])],
    ])('a JSON body %s: BAD_REQUEST', async (_name, body) => {
      await refused('BAD_REQUEST', () => raw(s, { body, headers: auth() }));
    });

    it('cross-site POSTs (text/plain, a form) are refused as CSRF: BAD_REQUEST', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded'])
        await refused(
          'BAD_REQUEST',
          () =>
            raw(s, {
              body: JSON.stringify({ query: mutation }),
              headers: { ...auth(), 'content-type': type },
            }),
          /Cross-Site Request Forgery/,
        );
    });

    it('GET with a mutation: BAD_REQUEST, 405', async () => {
      const r = await refused('BAD_REQUEST', () =>
        raw(s, {
          method: 'GET',
          qs: `?query=${encodeURIComponent(mutation)}`,
          headers: { ...auth(), 'apollo-require-preflight': 'true' },
        }),
      );
      expect(r.status).toBe(405);
    });

    it('an unknown operationName: OPERATION_RESOLUTION_FAILURE', async () => {
      await refused(
        'OPERATION_RESOLUTION_FAILURE',
        post(a.secretariat, `mutation A { submitForReview(resolutionId: "x") { id } }`, undefined, {
          operationName: 'B',
        }),
      );
    });

    it('an unknown persisted-query hash: PERSISTED_QUERY_NOT_FOUND', async () => {
      await refused('PERSISTED_QUERY_NOT_FOUND', () =>
        raw(s, {
          body: JSON.stringify({
            extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } },
          }),
          headers: auth(),
        }),
      );
    });

    it('a persisted query of an unknown version, or whose hash does not match: BAD_REQUEST', async () => {
      const query = '{ serverInfo { headPosition } }';
      for (const persistedQuery of [
        { version: 2, sha256Hash: 'ab'.repeat(32) },
        { version: 1, sha256Hash: 'ab'.repeat(32) },
      ])
        await refused('BAD_REQUEST', () =>
          raw(s, {
            body: JSON.stringify({ query, extensions: { persistedQuery } }),
            headers: auth(),
          }),
        );
    });

    it('a document that does not parse, or asks for what the schema lacks', async () => {
      await refused('GRAPHQL_PARSE_FAILED', post(a.secretariat, 'mutation { draftResolution('));
      await refused('GRAPHQL_VALIDATION_FAILED', post(a.auditor, '{ resolutoin(id: "x") { id } }'));
    });

    it('the HTTP layer refusals have GraphQL-shaped bodies: malformed JSON, 413, 415', async () => {
      const bad = await refused('BAD_REQUEST', () =>
        raw(s, { body: '{"query": ', headers: auth() }),
      );
      expect(bad.status).toBe(400);
      const big = await refused('BAD_REQUEST', () =>
        raw(s, {
          body: JSON.stringify({ query: mutation, padding: 'x'.repeat(2_000_000) }),
          headers: auth(),
        }),
      );
      expect(big.status).toBe(413);
      const type = await refused('BAD_REQUEST', () =>
        raw(s, { body: '<q/>', headers: { ...auth(), 'content-type': 'application/xml' } }),
      );
      expect(type.status).toBe(415);
    });
  });

  it('what the HTTP parser refuses (headers over the limit) has a GraphQL-shaped body too', async () => {
    const before = await s.head();
    const r = await raw(s, {
      method: 'GET',
      qs: `?query=${'a'.repeat(100_000)}`,
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(r.status).toBe(431);
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(await s.head()).toBe(before);
    expect(await health(s)).toBe(200);
  });

  it('memory stays bounded under repeated costly queries (all refused before they run)', async () => {
    const many = Array.from(
      { length: 1000 },
      (_, i) => `r${i}: resolution(id: $id) { id title status targets { id } }`,
    ).join(' ');
    const attacks = [
      post(a.auditor, `query($id: ID!) { resolution(id: $id) { ${nesting(15)} } }`, {
        id: parent.id,
      }),
      post(a.auditor, `query($id: ID!) { resolution(id: $id) { ${nesting(5)} } }`, {
        id: parent.id,
      }),
      post(a.auditor, `query($id: ID!) { ${many} }`, { id: live.id }),
    ];
    // Warm up, then measure: this process runs the server.
    for (const attack of attacks) await attack();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 30; i++)
      for (const r of await Promise.all(attacks.map((attack) => attack())))
        expect(r.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // Before the limits one depth-24 query alone took 120 MB.
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
    expect(await health(s)).toBe(200);
  });

  describe('input validation', () => {
    it('positions at or above 2^63, negative or not a number: BAD_USER_INPUT naming the field', async () => {
      for (const position of ['9223372036854775808', '99999999999999999999999', '-1', '1e3'])
        await refused(
          'BAD_USER_INPUT',
          post(
            a.auditor,
            `query($id: ID!, $p: String!) { resolutionAsOfPosition(id: $id, position: $p) { id } }`,
            {
              id: live.id,
              p: position,
            },
          ),
          /position/,
        );
      const cursor = Buffer.from('v1:9223372036854775808').toString('base64url');
      await refused(
        'BAD_USER_INPUT',
        post(
          a.auditor,
          `query($id: ID!, $after: String) { auditTrail(resolutionId: $id, after: $after) { edges { cursor } } }`,
          {
            id: live.id,
            after: cursor,
          },
        ),
        /after/,
      );
    });

    it('dates are checked against the calendar: asOf 2021-02-30, dueOn 2021-02-29, hour 24', async () => {
      for (const asOf of [
        '2021-02-30T00:00:00Z',
        '2021-04-31T10:00:00+07:00',
        '2021-01-01T24:00:00Z',
        '2021-01-01T10:61:00Z',
      ])
        await refused(
          'BAD_USER_INPUT',
          post(a.auditor, Q.resolution, { id: live.id, asOf }),
          /DateTime/,
        );
      await refused(
        'BAD_USER_INPUT',
        post(a.auditor, `{ resolution(id: "x", asOf: "2021-02-30T00:00:00Z") { id } }`),
        /asOf/,
      );
      await refused(
        'BAD_USER_INPUT',
        post(a.secretariat, Q.assignTask, {
          input: {
            resolutionId: live.id,
            title: 't',
            assigneeUnitId: 'unit-a',
            dueOn: '2021-02-29',
          },
        }),
        /dueOn/,
      );
      // A real leap day and an offset are fine.
      const ok = await post(a.auditor, Q.resolution, {
        id: live.id,
        asOf: '2024-02-29T23:59:59+07:00',
      })();
      expect(ok.body.errors).toBeUndefined();
    });

    it('a mutation spread from a fragment (named or inline) is checked for the role: FORBIDDEN', async () => {
      const input = `input: { title: "x", kind: ANNUAL, termStart: 2020, termEnd: 2025 }`;
      await refused(
        'FORBIDDEN',
        post(
          a.auditor,
          `mutation { ...M } fragment M on Mutation { draftResolution(${input}) { id } }`,
        ),
      );
      await refused(
        'FORBIDDEN',
        post(
          a.auditor,
          `mutation { ... on Mutation { ...N } } fragment N on Mutation { draftResolution(${input}) { id } }`,
        ),
      );
      // Even with a malformed value inside, the role comes first.
      await refused(
        'FORBIDDEN',
        post(
          a.integration,
          `mutation { ...M } fragment M on Mutation { draftResolution(input: { title: "x", kind: NOPE, termStart: 2020, termEnd: 2025 }) { id } }`,
        ),
      );
    });

    it('every string has a length limit: commandId 201 characters, an id of 100 KB, a text of 10,001', async () => {
      const draft = (input: Record<string, unknown>) =>
        post(a.secretariat, Q.draft, {
          input: { title: 't', kind: 'ANNUAL', termStart: 2020, termEnd: 2025, ...input },
        });
      await refused('BAD_USER_INPUT', draft({ commandId: 'c'.repeat(201) }), /commandId/);
      await refused('BAD_USER_INPUT', draft({ commandId: 'c'.repeat(100_000) }), /commandId/);
      await refused('BAD_USER_INPUT', draft({ parentId: 'p'.repeat(100_000) }), /parentId/);
      await refused('BAD_USER_INPUT', draft({ summary: 's'.repeat(10_001) }), /summary/);
      await refused(
        'BAD_USER_INPUT',
        post(a.secretariat, Q.returnToDraft, { id: live.id, reason: 'r', c: 'c'.repeat(201) }),
        /commandId/,
      );
      // 200 is still fine.
      const r = await draft({ commandId: 'c'.repeat(200) })();
      expect(r.body.errors).toBeUndefined();
    });

    it('an x-correlation-id header that is not a short id: BAD_USER_INPUT', async () => {
      for (const id of ['c'.repeat(201), 'has spaces', 'ünïcode'])
        await refused(
          'BAD_USER_INPUT',
          () =>
            raw(s, {
              body: JSON.stringify({
                query: Q.draft,
                variables: {
                  input: { title: 't', kind: 'ANNUAL', termStart: 2020, termEnd: 2025 },
                },
              }),
              headers: { authorization: `Bearer ${a.secretariat}`, 'x-correlation-id': id },
            }),
          /x-correlation-id/,
        );
    });

    it('a token without exp is refused: UNAUTHENTICATED', async () => {
      const { SignJWT } = await import('jose');
      const forever = await new SignJWT({ role: 'SECRETARIAT' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('sec-forever')
        .sign(new TextEncoder().encode('e2e-test-secret-0123456789abcdef'));
      await refused(
        'UNAUTHENTICATED',
        post(forever, Q.draft, {
          input: { title: 't', kind: 'ANNUAL', termStart: 2020, termEnd: 2025 },
        }),
      );
    });

    it('rate limiting is off in development: 150 requests in a row from one actor are served', async () => {
      const tok = await token('AUDITOR', { sub: 'busy-auditor' });
      const answers = await Promise.all(
        Array.from({ length: 150 }, () => post(tok, '{ serverInfo { headPosition } }')()),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    });
  });

  describe('subscriptions over WebSocket', () => {
    it('the token on the upgrade request works without a connection_init payload, and with an empty one', async () => {
      for (const init of [null, {}]) {
        const c = await socket(s, { headers: { authorization: `Bearer ${a.auditor}` }, init });
        expect((await c.next()).type).toBe('connection_ack');
        c.subscribe('1', SUBSCRIPTION, { from: '0' });
        const m = await c.next();
        expect(m).toMatchObject({ id: '1', type: 'next' });
        expect(m.payload.errors).toBeUndefined();
        expect(m.payload.data.events.position).toEqual(expect.any(String));
        c.close();
        await c.closed;
      }
    });

    /** Subscribes with `variables` and returns the first error the server answers with (all with one code). */
    async function subscriptionError(query: string, variables?: unknown): Promise<GqlError> {
      const before = await s.head();
      const c = await socket(s, { init: { Authorization: `Bearer ${a.auditor}` } });
      expect((await c.next()).type).toBe('connection_ack');
      c.subscribe('1', query, variables);
      const m = await c.next();
      const errors: GqlError[] = m.type === 'error' ? m.payload : m.payload?.errors;
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors.map((e) => e.extensions?.code)).size).toBe(1);
      c.close();
      await c.closed;
      expect(await s.head()).toBe(before);
      expect(await health(s)).toBe(200);
      return errors[0];
    }

    it('filter variables of the wrong shape: BAD_USER_INPUT', async () => {
      for (const variables of [
        { filter: 'x' },
        { filter: { types: [1, 2] } },
        { filter: { streamPrefix: { a: 1 } } },
        { filter: [] },
        { from: 12 },
      ]) {
        const e = await subscriptionError(SUBSCRIPTION, variables);
        expect(e.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it('fromPosition at 2^63 or negative: BAD_USER_INPUT naming fromPosition', async () => {
      for (const from of ['9223372036854775808', '-5']) {
        const e = await subscriptionError(SUBSCRIPTION, { from });
        expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
        expect(e.message).toContain('fromPosition');
      }
    });

    it('a mutation over WebSocket gets the same role check first: FORBIDDEN, nothing written', async () => {
      for (const kind of ['ANNUAL', 'NOPE']) {
        const e = await subscriptionError(
          `mutation { ...M } fragment M on Mutation { draftResolution(input: { title: "x", kind: ${kind}, termStart: 2020, termEnd: 2025 }) { id } }`,
        );
        expect(e.extensions?.code).toBe('FORBIDDEN');
      }
    });

    it('a subscription sent over HTTP: BAD_REQUEST', async () => {
      await refused('BAD_REQUEST', post(a.auditor, 'subscription { events { id } }'), /graphql-ws/);
    });

    it('parse failures, validation failures and cost limits have the HTTP codes', async () => {
      expect((await subscriptionError('subscription { events(')).extensions?.code).toBe(
        'GRAPHQL_PARSE_FAILED',
      );
      expect((await subscriptionError('subscription { events { nope } }')).extensions?.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ');
      expect(
        (await subscriptionError(`subscription { events { ${aliases} } }`)).extensions?.code,
      ).toBe('QUERY_TOO_COMPLEX');
      expect(
        (await subscriptionError(`subscription { events { ${'id '.repeat(5000)} } }`)).extensions
          ?.code,
      ).toBe('QUERY_TOO_COMPLEX');
    });

    it('connections per actor are bounded (10 by default): one more is closed with 4429', async () => {
      const tok = await token('AUDITOR', { sub: 'many-sockets' });
      const open = [];
      for (let i = 0; i < 10; i++) {
        const c = await socket(s, { init: { Authorization: `Bearer ${tok}` } });
        expect((await c.next()).type).toBe('connection_ack');
        open.push(c);
      }
      const extra = await socket(s, { init: { Authorization: `Bearer ${tok}` } });
      expect(await extra.next()).toMatchObject({ type: 'closed', code: 4429 });
      // Another actor is not affected, and a closed connection frees its place.
      const other = await socket(s, { init: { Authorization: `Bearer ${a.auditor}` } });
      expect((await other.next()).type).toBe('connection_ack');
      open[0].close();
      await open[0].closed;
      const again = await socket(s, { init: { Authorization: `Bearer ${tok}` } });
      expect((await again.next()).type).toBe('connection_ack');
      for (const c of [...open.slice(1), other, again]) {
        c.close();
        await c.closed;
      }
    });
  });
});

describe('hostile input in production mode (NODE_ENV=production)', () => {
  let s: TestServer;
  let a: Actors;
  let parent: any;
  const SET = {
    NODE_ENV: 'production',
    RATE_LIMIT_PER_MINUTE: '60',
    QUERY_TIME_BUDGET_MS: '100',
    MAX_QUERY_DEPTH: '60',
    MAX_QUERY_COST: '1000000000000000',
  };
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries(SET)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    try {
      s = await startServer();
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    a = await actors();
    parent = await draftResolution(s, a, { title: 'Cha' });
    await draftResolution(s, a, { title: 'Con 1', parentId: parent.id });
    await draftResolution(s, a, { title: 'Con 2', parentId: parent.id });
  });

  afterAll(async () => {
    await s?.close();
  });

  it('introspection is off over HTTP, with no "Did you mean" suggestions', async () => {
    const before = await s.head();
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Mutation") { fields { name } } }',
    ]) {
      const r = await s.gql(a.auditor, query);
      expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.data ?? null).toBeNull();
    }
    const typo = await s.gql(a.auditor, '{ resolutoin(id: "x") { id } }');
    expect(typo.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    const field = await s.gql(a.auditor, '{ serverInfo { headPositon } }');
    expect(field.errors?.[0].message).not.toMatch(/Did you mean|headPosition/);
    expect(await s.head()).toBe(before);
    expect(await health(s)).toBe(200);
  });

  it('introspection is off over WebSocket too', async () => {
    const c = await socket(s, { init: { Authorization: `Bearer ${a.auditor}` } });
    expect((await c.next()).type).toBe('connection_ack');
    c.subscribe('1', '{ __schema { types { name } } }');
    const m = await c.next();
    expect(m.type).toBe('error');
    expect(m.payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    c.subscribe('2', 'subscription { events { idd } }');
    const typo = await c.next();
    expect(typo.payload[0].message).not.toMatch(/Did you mean/);
    c.close();
    await c.closed;
  });

  it('a costly query runs out of its time budget (QUERY_TIME_BUDGET_MS) while /health keeps answering', async () => {
    const tok = await token('AUDITOR', { sub: 'budget-auditor' });
    const before = await s.head();
    const heavy = s.gql(tok, `query($id: ID!) { resolution(id: $id) { ${nesting(14)} } }`, {
      id: parent.id,
    });
    // /health is answered while the query runs: it yields to the event loop.
    const healthy = health(s);
    const r = await heavy;
    expect(await healthy).toBe(200);
    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(r.errors?.[0].message).toMatch(/QUERY_TIME_BUDGET_MS/);
    expect(r.status).toBe(400);
    expect(await s.head()).toBe(before);
  });

  it('rate limiting counts subscribe messages over WebSocket too: RATE_LIMITED', async () => {
    const tok = await token('AUDITOR', { sub: 'socket-flooder' });
    const c = await socket(s, { init: { Authorization: `Bearer ${tok}` } });
    expect((await c.next()).type).toBe('connection_ack');
    const codes: string[] = [];
    for (let i = 0; i < 61; i++) {
      c.subscribe(String(i), '{ serverInfo { headPosition } }');
      const m = await c.next();
      if (m.type === 'next') {
        expect(await c.next()).toMatchObject({ id: String(i), type: 'complete' });
        codes.push('ok');
      } else codes.push(m.payload[0].extensions.code);
    }
    expect(codes.slice(0, 60)).toEqual(codes.slice(0, 60).map(() => 'ok'));
    expect(codes[60]).toBe('RATE_LIMITED');
    c.close();
    await c.closed;
  });

  it('rate limiting per actor: RATE_LIMITED with HTTP 429 and Retry-After; others are served', async () => {
    const tok = await token('AUDITOR', { sub: 'flooding-auditor' });
    const query = '{ serverInfo { headPosition } }';
    const answers = await Promise.all(Array.from({ length: 60 }, () => s.gql(tok, query)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    const before = await s.head();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { errors: GqlError[] };
    expect(body.errors[0].extensions?.code).toBe('RATE_LIMITED');
    // A mutation from a limited actor is refused the same way and writes nothing.
    const sec = await token('SECRETARIAT', { sub: 'flooding-secretariat' });
    await Promise.all(Array.from({ length: 60 }, () => s.gql(sec, query)));
    const m = await s.gql(sec, Q.draft, {
      input: { title: 't', kind: 'ANNUAL', termStart: 2020, termEnd: 2025 },
    });
    expect(m.status).toBe(429);
    expect(m.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(await s.head()).toBe(before);
    expect((await s.gql(a.auditor, query)).status).toBe(200);
    expect(await health(s)).toBe(200);
  });
});
