import fc from 'fast-check';
import {
  actors,
  startServer,
  type Actors,
  type GqlResult,
  type TestServer,
} from '../support/server';
import { draftResolution, implementingResolution, Q } from '../support/lifecycle';

/** Every code the contract lets a client see; INTERNAL_SERVER_ERROR is the server's own fault. */
const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CONCURRENCY_CONFLICT',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Generated inputs per mutation; PROPERTY_RUNS raises it (e.g. 1000) outside the CI run. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

/**
 * Property tests through GraphQL: for every generated input of each mutation (well-formed values,
 * values of the wrong type, hostile strings and numbers, unknown keys), the server never answers
 * 5xx, every error carries a contract code, and a refused mutation writes no event.
 */
describe('mutation inputs, generated (fast-check): no 5xx, coded errors, nothing written when refused', () => {
  let s: TestServer;
  let a: Actors;
  let draft: any;
  let live: any;
  let task: any;
  let target: any;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
    draft = await draftResolution(s, a, { title: 'Dự thảo' });
    const r = await implementingResolution(s, a);
    live = r.resolution;
    task = r.task;
    target = r.targets[0];
  });

  afterAll(async () => {
    await s?.close();
  });

  /** A value for any field: the right kind often, anything else just as often. */
  const anyValue = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '',
        ' ',
        '2021-02-30',
        '2024-02-29',
        '2021-02-30T00:00:00Z',
        '9223372036854775808',
        '-1',
        '1,2',
        '1e5',
        '170.0',
        'ANNUAL',
        'LEVEL',
        'AT_LEAST',
        'EXCEEDED',
        '\u0000',
        'Nghị quyết',
        'x'.repeat(201),
        'x'.repeat(10_001),
      ),
      fc
        .constantFrom(
          () => draft.id,
          () => live.id,
          () => task.id,
          () => target.id,
        )
        .map((f) => f()),
      fc.constant(null),
      fc.integer(),
      fc.integer({ min: 1900, max: 2200 }),
      fc.double(),
      fc.boolean(),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    );

  /** An object with any subset of `fields` (each any value), sometimes with an unknown key. */
  const inputOf = (fields: string[]) =>
    fc
      .tuple(
        fc.record(Object.fromEntries(fields.map((f) => [f, anyValue()])), { requiredKeys: [] }),
        fc.option(fc.constantFrom('unknownKey', '__proto__', 'constructor'), { nil: undefined }),
      )
      .map(([input, extra]) => (extra ? { ...input, [extra]: 'x' } : input));

  const CASES: Array<{
    name: string;
    actor: () => string;
    query: string;
    variables: fc.Arbitrary<Record<string, unknown>>;
  }> = [
    {
      name: 'draftResolution',
      actor: () => a.secretariat,
      query: Q.draft,
      variables: inputOf([
        'commandId',
        'title',
        'kind',
        'termStart',
        'termEnd',
        'parentId',
        'summary',
      ]).map((input) => ({ input })),
    },
    {
      name: 'defineTarget',
      actor: () => a.secretariat,
      query: Q.defineTarget,
      variables: inputOf([
        'commandId',
        'expectedVersion',
        'resolutionId',
        'code',
        'group',
        'name',
        'unit',
        'kind',
        'comparison',
        'baseline',
        'baselineYear',
        'targetValue',
        'dueYear',
        'source',
      ]).map((input) => ({ input })),
    },
    {
      name: 'submitForReview',
      actor: () => a.secretariat,
      query: Q.submit,
      variables: inputOf(['id', 'v', 'c']),
    },
    {
      name: 'returnToDraft',
      actor: () => a.secretariat,
      query: Q.returnToDraft,
      variables: inputOf(['id', 'reason', 'v', 'c']),
    },
    {
      name: 'issueResolution',
      actor: () => a.standing,
      query: Q.issue,
      variables: inputOf([
        'commandId',
        'expectedVersion',
        'resolutionId',
        'code',
        'issuedOn',
        'signedBy',
      ]).map((input) => ({ input })),
    },
    {
      name: 'assignTask',
      actor: () => a.secretariat,
      query: Q.assignTask,
      variables: inputOf([
        'commandId',
        'resolutionId',
        'title',
        'assigneeUnitId',
        'assigneeMemberId',
        'targetIds',
        'dueOn',
        'reportingFrequency',
      ]).map((input) => ({ input })),
    },
    {
      name: 'acceptTask',
      actor: () => a.unitA,
      query: Q.acceptTask,
      variables: inputOf(['id', 'v', 'c']),
    },
    {
      name: 'reportProgress',
      actor: () => a.unitA,
      query: Q.report,
      variables: fc
        .tuple(
          inputOf([
            'commandId',
            'expectedVersion',
            'taskId',
            'year',
            'percentComplete',
            'narrative',
            'difficulties',
            'proposals',
            'correctsReportId',
          ]),
          fc.option(fc.array(inputOf(['targetId', 'year', 'value']), { maxLength: 3 }), {
            nil: undefined,
          }),
        )
        .map(([input, measurements]) => ({ input: { ...input, measurements } })),
    },
    {
      name: 'holdMidtermReview',
      actor: () => a.standing,
      query: Q.holdMidterm,
      variables: inputOf(['commandId', 'resolutionId', 'heldOn', 'coversThroughYear']).map(
        (input) => ({ input }),
      ),
    },
    {
      name: 'completeTask',
      actor: () => a.unitA,
      query: Q.completeTask,
      variables: inputOf(['id', 'v', 'c']),
    },
  ];

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    let refusedCount = 0;
    await fc.assert(
      fc.asyncProperty(c.variables, async (variables) => {
        const before = await s.head();
        const r: GqlResult = await s.gql(c.actor(), c.query, variables);
        expect(r.status).toBeLessThan(500);
        for (const e of r.errors ?? []) expect(CONTRACT_CODES).toContain(e.extensions?.code);
        const answered = r.data && Object.values(r.data)[0];
        if (!answered) {
          refusedCount++;
          expect(r.errors?.length).toBeGreaterThan(0);
          expect(await s.head()).toBe(before);
        }
      }),
      { numRuns: RUNS },
    );
    // Most generated inputs are refused; the property is about those.
    expect(refusedCount).toBeGreaterThan(0);
  });
});
