import {
  actors,
  failure,
  ok,
  startServer,
  token,
  MEMBER_ID,
  UNIT_A,
  type Actors,
  type GqlResult,
  type TestServer,
} from '../support/server';
import {
  acceptTask,
  assignTask,
  draftResolution,
  defineTarget,
  issuedResolution,
  Q,
  report,
} from '../support/lifecycle';

/**
 * Every error code of the contract, each time with the event count (serverInfo.headPosition)
 * before and after: a refused mutation writes nothing.
 */
describe('errors: codes, precedence, and nothing written', () => {
  let s: TestServer;
  let a: Actors;
  /** DRAFT, one target */
  let draft: any;
  /** IN_IMPLEMENTATION → MIDTERM_REVIEWED; term 2020–2025 */
  let live: any;
  let linked: any; // LEVEL target linked to taskA
  let unlinked: any; // CUMULATIVE target linked to no task
  let taskA: any; // UNIT_A, ACCEPTED, one report
  let taskM: any; // MEMBER_ID, ASSIGNED
  let taskU: any; // UNIT_A, ASSIGNED (never accepted)
  let firstReport: any;
  let review: any; // the mid-term review of `live`, OPEN

  /** Runs a request that must fail with `code`, and proves the store did not move. */
  async function refused(
    code: string,
    run: () => Promise<GqlResult>,
    field?: string,
  ): Promise<{ code: string | undefined; message: string }> {
    const before = await s.head();
    const r = await run();
    const after = await s.head();
    const f = failure(r);
    expect({ code: f.code, message: f.message }).toEqual({ code, message: expect.any(String) });
    if (field !== undefined) expect(f.message).toContain(field);
    // A failed mutation answers no data for its field.
    expect(r.data?.[Object.keys(r.data ?? {})[0]] ?? null).toBeNull();
    expect(after).toBe(before);
    return f;
  }

  const reportInput = (extra: Record<string, unknown> = {}) => ({
    input: {
      taskId: taskA.id,
      year: 2022,
      percentComplete: 50,
      measurements: [{ targetId: linked.id, year: 2022, value: '150' }],
      ...extra,
    },
  });

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
    draft = await draftResolution(s, a, { title: 'Dự thảo' });
    await defineTarget(s, a, draft.id, { code: 'D1', kind: 'LEVEL', targetValue: '10' });
    const issued = await issuedResolution(s, a, [
      { code: 'T1', kind: 'LEVEL', baseline: '100', targetValue: '200' },
      { code: 'T2', kind: 'CUMULATIVE', targetValue: '450' },
    ]);
    live = issued.resolution;
    [linked, unlinked] = issued.targets;
    taskA = await assignTask(s, a, { resolutionId: live.id, targetIds: [linked.id] });
    taskA = await acceptTask(s, a.unitA, taskA.id);
    taskM = await assignTask(s, a, {
      resolutionId: live.id,
      assigneeUnitId: null,
      assigneeMemberId: MEMBER_ID,
    });
    taskU = await assignTask(s, a, { resolutionId: live.id, targetIds: [linked.id] });
    firstReport = await report(s, a.unitA, {
      taskId: taskA.id,
      year: 2021,
      measurements: [{ targetId: linked.id, year: 2021, value: '120' }],
    });
    review = ok(
      await s.gql(a.standing, Q.holdMidterm, {
        input: { resolutionId: live.id, heldOn: '2023-01-10', coversThroughYear: 2022 },
      }),
    ).holdMidtermReview;
  });

  afterAll(async () => {
    await s?.close();
  });

  describe('UNAUTHENTICATED', () => {
    const draftVars = {
      input: { title: 'x', kind: 'ANNUAL', termStart: 2020, termEnd: 2025 },
    };

    it('no Authorization header', async () => {
      await refused('UNAUTHENTICATED', () => s.gql(null, Q.draft, draftVars));
    });

    it('a header that is not a bearer token', async () => {
      await refused('UNAUTHENTICATED', () =>
        s.gql(null, Q.draft, draftVars, { authorization: 'Basic c2VjOnNlYw==' }),
      );
      await refused('UNAUTHENTICATED', () =>
        s.gql(null, Q.draft, draftVars, { authorization: 'Bearer not.a.jwt' }),
      );
    });

    it('a bad signature', async () => {
      const forged = await token('SECRETARIAT', { secret: 'another-secret-0123456789abcdef!' });
      await refused('UNAUTHENTICATED', () => s.gql(forged, Q.draft, draftVars));
      // Tampered payload: the role changed after signing.
      const [h, , sig] = a.auditor.split('.');
      const payload = Buffer.from(
        JSON.stringify({ sub: 'auditor-1', role: 'SECRETARIAT', exp: 4102444800 }),
      ).toString('base64url');
      await refused('UNAUTHENTICATED', () => s.gql(`${h}.${payload}.${sig}`, Q.draft, draftVars));
    });

    it('an expired token', async () => {
      const expired = await token('SECRETARIAT', {
        expiresAt: Math.floor(Date.now() / 1000) - 60,
      });
      await refused('UNAUTHENTICATED', () => s.gql(expired, Q.draft, draftVars));
    });

    it('an unknown role, or no role, or no sub', async () => {
      const unknown = await token('CHAIRMAN');
      await refused('UNAUTHENTICATED', () => s.gql(unknown, Q.draft, draftVars));
      const lower = await token('secretariat');
      await refused('UNAUTHENTICATED', () => s.gql(lower, Q.draft, draftVars));
      const noSub = await token('SECRETARIAT', { sub: '' });
      await refused('UNAUTHENTICATED', () => s.gql(noSub, Q.draft, draftVars));
    });

    it('queries need a token too', async () => {
      const r = await s.gql(null, Q.resolution, { id: live.id });
      expect(failure(r).code).toBe('UNAUTHENTICATED');
      expect(r.data ?? null).toBeNull();
    });

    it('UNAUTHENTICATED comes before FORBIDDEN and malformed input', async () => {
      const expired = await token('AUDITOR', { expiresAt: Math.floor(Date.now() / 1000) - 60 });
      await refused('UNAUTHENTICATED', () =>
        s.gql(expired, Q.report, reportInput({ percentComplete: 101 })),
      );
    });
  });

  describe('FORBIDDEN', () => {
    /** Every contract mutation with input that is valid for the right role. */
    const everyMutation = (): Array<[string, string, Record<string, unknown>]> => [
      [
        'draftResolution',
        Q.draft,
        { input: { title: 'x', kind: 'ANNUAL', termStart: 2021, termEnd: 2022 } },
      ],
      [
        'defineTarget',
        Q.defineTarget,
        {
          input: {
            resolutionId: draft.id,
            code: 'D2',
            group: 'g',
            name: 'n',
            unit: '%',
            kind: 'LEVEL',
            comparison: 'AT_LEAST',
            baselineYear: 2020,
            targetValue: '1',
            dueYear: 2025,
          },
        },
      ],
      ['submitForReview', Q.submit, { id: draft.id }],
      ['returnToDraft', Q.returnToDraft, { id: draft.id, reason: 'r' }],
      [
        'issueResolution',
        Q.issue,
        { input: { resolutionId: draft.id, code: 'X', issuedOn: '2021-01-01', signedBy: 'y' } },
      ],
      [
        'assignTask',
        Q.assignTask,
        {
          input: { resolutionId: live.id, title: 't', assigneeUnitId: UNIT_A, dueOn: '2026-01-01' },
        },
      ],
      ['acceptTask', Q.acceptTask, { id: taskU.id }],
      ['reportProgress', Q.report, reportInput()],
      ['completeTask', Q.completeTask, { id: taskA.id }],
      [
        'holdMidtermReview',
        Q.holdMidterm,
        { input: { resolutionId: live.id, heldOn: '2023-01-10', coversThroughYear: 2022 } },
      ],
      [
        'holdFinalEvaluation',
        Q.holdFinal,
        { input: { resolutionId: live.id, heldOn: '2025-12-01', coversThroughYear: 2025 } },
      ],
      [
        'assessTarget',
        Q.assess,
        {
          input: {
            reviewId: review.id,
            targetId: linked.id,
            assessment: 'MET',
            justification: 'j',
          },
        },
      ],
      ['concludeReview', Q.conclude, { input: { reviewId: review.id, conclusions: 'c' } }],
    ];

    it('AUDITOR and INTEGRATION can run no mutation', async () => {
      const list = everyMutation();
      expect(list).toHaveLength(13);
      for (const tok of [a.auditor, a.integration])
        for (const [name, doc, vars] of list) {
          const f = await refused('FORBIDDEN', () => s.gql(tok, doc, vars));
          expect([name, f.code]).toEqual([name, 'FORBIDDEN']);
        }
    });

    it('each mutation refuses the roles the domain table does not list', async () => {
      const allowed: Record<string, Array<keyof Actors>> = {
        draftResolution: ['secretariat'],
        defineTarget: ['secretariat'],
        submitForReview: ['secretariat', 'standing'],
        returnToDraft: ['secretariat', 'standing'],
        issueResolution: ['standing'],
        assignTask: ['secretariat', 'standing'],
        acceptTask: ['unitA', 'unitB', 'member', 'member2'],
        reportProgress: ['unitA', 'unitB', 'member', 'member2'],
        completeTask: ['unitA', 'unitB', 'member', 'member2'],
        holdMidtermReview: ['standing'],
        holdFinalEvaluation: ['standing'],
        assessTarget: ['standing'],
        concludeReview: ['standing'],
      };
      const roles: Array<keyof Actors> = ['secretariat', 'standing', 'unitA', 'member'];
      for (const [name, doc, vars] of everyMutation())
        for (const role of roles) {
          if (allowed[name].includes(role)) continue;
          const f = await refused('FORBIDDEN', () => s.gql(a[role], doc, vars));
          expect([name, role, f.code]).toEqual([name, role, 'FORBIDDEN']);
        }
    });

    it('SECRETARIAT may not issue', async () => {
      await refused('FORBIDDEN', () =>
        s.gql(a.secretariat, Q.issue, {
          input: { resolutionId: draft.id, code: 'X', issuedOn: '2021-01-01', signedBy: 'y' },
        }),
      );
    });

    it('a UNIT_REPORTER of another unit may not act on the task', async () => {
      await refused('FORBIDDEN', () => s.gql(a.unitB, Q.acceptTask, { id: taskU.id }));
      await refused('FORBIDDEN', () => s.gql(a.unitB, Q.report, reportInput()));
      await refused('FORBIDDEN', () => s.gql(a.unitB, Q.completeTask, { id: taskA.id }));
      const noUnit = await token('UNIT_REPORTER', { sub: 'reporter-x' });
      await refused('FORBIDDEN', () => s.gql(noUnit, Q.report, reportInput()));
    });

    it('a MEMBER who is not the assignee may not act on the task', async () => {
      await refused('FORBIDDEN', () => s.gql(a.member2, Q.acceptTask, { id: taskM.id }));
      await refused('FORBIDDEN', () => s.gql(a.member, Q.report, reportInput()));
      // A MEMBER token that carries the unit's id is still not the unit's reporter.
      const memberOfA = await token('MEMBER', { sub: 'member-9', unitId: UNIT_A });
      await refused('FORBIDDEN', () => s.gql(memberOfA, Q.acceptTask, { id: taskU.id }));
    });

    it('FORBIDDEN (role) wins over malformed input', async () => {
      const target = (value: unknown) => ({
        input: {
          resolutionId: draft.id,
          code: 'D3',
          group: 'g',
          name: 'n',
          unit: '%',
          kind: 'LEVEL',
          comparison: 'AT_LEAST',
          baselineYear: 2020,
          targetValue: value,
          dueYear: 2025,
        },
      });
      await refused('FORBIDDEN', () => s.gql(a.auditor, Q.defineTarget, target('1,2')));
      await refused('FORBIDDEN', () => s.gql(a.auditor, Q.defineTarget, target(1.2)));
      await refused('FORBIDDEN', () =>
        s.gql(a.auditor, Q.report, reportInput({ percentComplete: 101, year: 'x' })),
      );
      await refused('FORBIDDEN', () =>
        s.gql(a.integration, Q.draft, { input: { title: '', kind: 'NOPE' } }),
      );
      await refused('FORBIDDEN', () =>
        s.gql(a.secretariat, Q.issue, { input: { resolutionId: draft.id, code: '' } }),
      );
      // Also when the malformed value is written into the document itself.
      await refused('FORBIDDEN', () =>
        s.gql(
          a.auditor,
          `mutation { defineTarget(input: { resolutionId: "${draft.id}", code: "D3", group: "g", name: "n", unit: "%", kind: LEVEL, comparison: AT_LEAST, baselineYear: 2020, targetValue: "1,2", dueYear: 2025 }) { id } }`,
        ),
      );
    });

    it('the unit scope comes after shape and existence', async () => {
      // malformed and out of scope: BAD_USER_INPUT
      await refused(
        'BAD_USER_INPUT',
        () => s.gql(a.unitB, Q.report, reportInput({ percentComplete: 101 })),
        'percentComplete',
      );
      // unknown task: NOT_FOUND, not FORBIDDEN
      await refused('NOT_FOUND', () =>
        s.gql(a.unitB, Q.acceptTask, { id: '00000000-0000-5000-8000-000000000000' }),
      );
      // out of scope with a stale version: FORBIDDEN before CONCURRENCY_CONFLICT
      await refused('FORBIDDEN', () =>
        s.gql(a.unitB, Q.report, reportInput({ expectedVersion: 0 })),
      );
      // out of scope, reusing the assignee's commandId: FORBIDDEN before the idempotent replay
      const commandId = `scope-${Date.now()}`;
      const own = ok(await s.gql(a.unitA, Q.report, reportInput({ commandId })));
      expect(own.reportProgress.year).toBe(2022);
      await refused('FORBIDDEN', () => s.gql(a.unitB, Q.report, reportInput({ commandId })));
    });
  });

  describe('BAD_USER_INPUT names the field', () => {
    it.each([['1,2'], ['abc'], [1.2], [' 1'], ['1.'], ['.5'], ['1e3'], ['']])(
      'Decimal %p in a variable',
      async (value) => {
        await refused(
          'BAD_USER_INPUT',
          () =>
            s.gql(
              a.unitA,
              Q.report,
              reportInput({ measurements: [{ targetId: linked.id, year: 2022, value }] }),
            ),
          'value',
        );
        await refused(
          'BAD_USER_INPUT',
          () =>
            s.gql(a.secretariat, Q.defineTarget, {
              input: {
                resolutionId: draft.id,
                code: 'D4',
                group: 'g',
                name: 'n',
                unit: '%',
                kind: 'LEVEL',
                comparison: 'AT_LEAST',
                baselineYear: 2020,
                targetValue: value,
                dueYear: 2025,
              },
            }),
          'targetValue',
        );
      },
    );

    it('Decimal written into the document', async () => {
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.secretariat,
            `mutation { defineTarget(input: { resolutionId: "${draft.id}", code: "D5", group: "g", name: "n", unit: "%", kind: LEVEL, comparison: AT_LEAST, baselineYear: 2020, targetValue: "1,2", dueYear: 2025 }) { id } }`,
          ),
        'targetValue',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.secretariat,
            `mutation { defineTarget(input: { resolutionId: "${draft.id}", code: "D5", group: "g", name: "n", unit: "%", kind: LEVEL, comparison: AT_LEAST, baselineYear: 2020, targetValue: 1.2, dueYear: 2025 }) { id } }`,
          ),
        'targetValue',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.unitA,
            `mutation { reportProgress(input: { taskId: "${taskA.id}", year: 2022, measurements: [{ targetId: "${linked.id}", year: 2022, value: "1" }, { targetId: "${linked.id}", year: 2021, value: " 1" }] }) { id } }`,
          ),
        'value',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.secretariat,
            `mutation { draftResolution(input: { title: "t", kind: MANIFESTO, termStart: 2020, termEnd: 2025 }) { id } }`,
          ),
        'kind',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.secretariat,
            `mutation { assignTask(input: { resolutionId: "${live.id}", title: "t", assigneeUnitId: "${UNIT_A}", dueOn: "2026-02-30" }) { id } }`,
          ),
        'dueOn',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.standing,
            `mutation { concludeReview(input: { reviewId: "${review.id}", conclusions: "c", directives: ["a", 3] }) { id } }`,
          ),
        'directives',
      );
    });

    it('empty or blank title', async () => {
      for (const title of ['', '   '])
        await refused(
          'BAD_USER_INPUT',
          () =>
            s.gql(a.secretariat, Q.draft, {
              input: { title, kind: 'CONGRESS', termStart: 2020, termEnd: 2025 },
            }),
          'title',
        );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.assignTask, {
            input: {
              resolutionId: live.id,
              title: ' ',
              assigneeUnitId: UNIT_A,
              dueOn: '2026-01-01',
            },
          }),
        'title',
      );
    });

    it('percentComplete 101 and -1', async () => {
      for (const percentComplete of [101, -1])
        await refused(
          'BAD_USER_INPUT',
          () => s.gql(a.unitA, Q.report, reportInput({ percentComplete })),
          'percentComplete',
        );
    });

    it('report year outside the term or in the future', async () => {
      for (const year of [2019, 2026])
        await refused(
          'BAD_USER_INPUT',
          () => s.gql(a.unitA, Q.report, reportInput({ year, measurements: [] })),
          'year',
        );
      const { resolution, targets } = await issuedResolution(
        s,
        a,
        [{ code: 'F1', kind: 'LEVEL', targetValue: '5', baselineYear: 2024, dueYear: 2030 }],
        { termStart: 2025, termEnd: 2030 },
      );
      const t = await assignTask(s, a, { resolutionId: resolution.id, targetIds: [targets[0].id] });
      await acceptTask(s, a.unitA, t.id);
      const nextYear = new Date().getUTCFullYear() + 1;
      await refused(
        'BAD_USER_INPUT',
        () => s.gql(a.unitA, Q.report, { input: { taskId: t.id, year: nextYear } }),
        'year',
      );
    });

    it('measurements: a target not linked to the task, a year after the report or outside the target', async () => {
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.unitA,
            Q.report,
            reportInput({ measurements: [{ targetId: unlinked.id, year: 2022, value: '1' }] }),
          ),
        'targetId',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.unitA,
            Q.report,
            reportInput({ measurements: [{ targetId: 'no-such-target', year: 2022, value: '1' }] }),
          ),
        'targetId',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.unitA,
            Q.report,
            reportInput({ measurements: [{ targetId: linked.id, year: 2023, value: '1' }] }),
          ),
        'year',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.unitA,
            Q.report,
            reportInput({ measurements: [{ targetId: linked.id, year: 2020, value: '1' }] }),
          ),
        'year',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(
            a.unitA,
            Q.report,
            reportInput({
              measurements: [
                { targetId: linked.id, year: 2022, value: '1' },
                { targetId: linked.id, year: 2022, value: '2' },
              ],
            }),
          ),
        'measurements',
      );
    });

    it('unknown targetIds on assignTask', async () => {
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.assignTask, {
            input: {
              resolutionId: live.id,
              title: 't',
              assigneeUnitId: UNIT_A,
              targetIds: [linked.id, 'no-such-target'],
              dueOn: '2026-01-01',
            },
          }),
        'targetIds',
      );
      // a target of another resolution is unknown here too
      const other = await draftResolution(s, a);
      const foreign = await defineTarget(s, a, other.id, {
        code: 'O1',
        kind: 'LEVEL',
        targetValue: '1',
      });
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.assignTask, {
            input: {
              resolutionId: live.id,
              title: 't',
              assigneeUnitId: UNIT_A,
              targetIds: [foreign.id],
              dueOn: '2026-01-01',
            },
          }),
        'targetIds',
      );
    });

    it('unknown parentId', async () => {
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.draft, {
            input: {
              title: 'Chuyên đề',
              kind: 'THEMATIC',
              termStart: 2020,
              termEnd: 2025,
              parentId: 'no-such-resolution',
            },
          }),
        'parentId',
      );
    });

    it('unknown correctsReportId, or one of another year', async () => {
      await refused(
        'BAD_USER_INPUT',
        () => s.gql(a.unitA, Q.report, reportInput({ correctsReportId: 'no-such-report' })),
        'correctsReportId',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.unitA, Q.report, reportInput({ year: 2022, correctsReportId: firstReport.id })),
        'year',
      );
    });

    it('dueYear ≤ baselineYear', async () => {
      for (const dueYear of [2020, 2019])
        await refused(
          'BAD_USER_INPUT',
          () =>
            s.gql(a.secretariat, Q.defineTarget, {
              input: {
                resolutionId: draft.id,
                code: 'D6',
                group: 'g',
                name: 'n',
                unit: '%',
                kind: 'LEVEL',
                comparison: 'AT_LEAST',
                baselineYear: 2020,
                targetValue: '1',
                dueYear,
              },
            }),
          'dueYear',
        );
    });

    it('an override to NO_DATA, a blank justification, a target of another resolution', async () => {
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.standing, Q.assess, {
            input: {
              reviewId: review.id,
              targetId: linked.id,
              assessment: 'NO_DATA',
              justification: 'j',
            },
          }),
        'assessment',
      );
      for (const justification of ['', '  \n '])
        await refused(
          'BAD_USER_INPUT',
          () =>
            s.gql(a.standing, Q.assess, {
              input: { reviewId: review.id, targetId: linked.id, assessment: 'MET', justification },
            }),
          'justification',
        );
      const foreign = await defineTarget(s, a, draft.id, {
        code: 'D7',
        kind: 'LEVEL',
        targetValue: '1',
      });
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.standing, Q.assess, {
            input: {
              reviewId: review.id,
              targetId: foreign.id,
              assessment: 'MET',
              justification: 'j',
            },
          }),
        'targetId',
      );
    });

    it('a review held in the future, before the issue, or covering a year outside the term', async () => {
      const { resolution } = await issuedResolution(s, a);
      await assignTask(s, a, { resolutionId: resolution.id });
      const hold = (heldOn: string, coversThroughYear: number) => () =>
        s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: resolution.id, heldOn, coversThroughYear },
        });
      const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
      await refused('BAD_USER_INPUT', hold(tomorrow, 2023), 'heldOn');
      await refused('BAD_USER_INPUT', hold('2020-06-01', 2020), 'heldOn');
      await refused('BAD_USER_INPUT', hold('2023-06-01', 2019), 'coversThroughYear');
      await refused('BAD_USER_INPUT', hold('2023-06-01', 2024), 'coversThroughYear');
    });

    it('malformed scalars, enums, paging arguments', async () => {
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.assignTask, {
            input: {
              resolutionId: live.id,
              title: 't',
              assigneeUnitId: UNIT_A,
              dueOn: '2026-02-30',
            },
          }),
        'dueOn',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.draft, {
            input: { title: 't', kind: 'MANIFESTO', termStart: 2020, termEnd: 2025 },
          }),
        'kind',
      );
      await refused(
        'BAD_USER_INPUT',
        () =>
          s.gql(a.secretariat, Q.assignTask, {
            input: { resolutionId: live.id, title: 't', dueOn: '2026-01-01' },
          }),
        'assignee',
      );
      await refused(
        'BAD_USER_INPUT',
        () => s.gql(a.auditor, `{ resolutions(first: 1001) { edges { cursor } } }`),
        'first',
      );
      await refused(
        'BAD_USER_INPUT',
        () => s.gql(a.auditor, `{ resolutions(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }`),
        'after',
      );
    });
  });

  describe('NOT_FOUND, and null for unknown ids in queries', () => {
    const unknownId = '00000000-0000-5000-8000-00000000dead';

    it('acceptTask on an unknown task id', async () => {
      await refused('NOT_FOUND', () => s.gql(a.unitA, Q.acceptTask, { id: unknownId }));
      await refused('NOT_FOUND', () => s.gql(a.member, Q.completeTask, { id: unknownId }));
      await refused('NOT_FOUND', () =>
        s.gql(a.unitA, Q.report, { input: { taskId: unknownId, year: 2022 } }),
      );
    });

    it('submitForReview and friends on an unknown resolution or review', async () => {
      await refused('NOT_FOUND', () => s.gql(a.secretariat, Q.submit, { id: unknownId }));
      await refused('NOT_FOUND', () =>
        s.gql(a.secretariat, Q.returnToDraft, { id: unknownId, reason: 'r' }),
      );
      await refused('NOT_FOUND', () =>
        s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: unknownId, heldOn: '2023-01-10', coversThroughYear: 2022 },
        }),
      );
      await refused('NOT_FOUND', () =>
        s.gql(a.standing, Q.conclude, { input: { reviewId: unknownId, conclusions: 'c' } }),
      );
    });

    it('NOT_FOUND comes before a stale expectedVersion', async () => {
      await refused('NOT_FOUND', () => s.gql(a.secretariat, Q.submit, { id: unknownId, v: 3 }));
    });

    it('a query for an unknown id answers null', async () => {
      const r = await s.gql(
        a.auditor,
        `query($id: ID!) { resolution(id: $id) { id } past: resolution(id: $id, asOf: "2024-01-01T00:00:00Z") { id } task(id: $id) { id } review(id: $id) { id } }`,
        { id: unknownId },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ resolution: null, past: null, task: null, review: null });
    });
  });

  describe('INVALID_TRANSITION', () => {
    it('issue a DRAFT', async () => {
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.standing, Q.issue, {
          input: { resolutionId: draft.id, code: 'X', issuedOn: '2021-01-01', signedBy: 'y' },
        }),
      );
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.secretariat, Q.returnToDraft, { id: draft.id, reason: 'r' }),
      );
    });

    it('defineTarget after issue', async () => {
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.secretariat, Q.defineTarget, {
          input: {
            resolutionId: live.id,
            code: 'T1',
            group: 'g',
            name: 'n',
            unit: '%',
            kind: 'LEVEL',
            comparison: 'AT_LEAST',
            baselineYear: 2020,
            targetValue: '300',
            dueYear: 2025,
          },
        }),
      );
    });

    it('a second mid-term review; a final evaluation while a review is OPEN', async () => {
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: live.id, heldOn: '2023-02-01', coversThroughYear: 2022 },
        }),
      );
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.standing, Q.holdFinal, {
          input: { resolutionId: live.id, heldOn: '2025-12-01', coversThroughYear: 2025 },
        }),
      );
    });

    it('report before accept; accept twice; complete an unaccepted task', async () => {
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.unitA, Q.report, {
          input: { taskId: taskU.id, year: 2022, measurements: [] },
        }),
      );
      await refused('INVALID_TRANSITION', () => s.gql(a.unitA, Q.acceptTask, { id: taskA.id }));
      await refused('INVALID_TRANSITION', () => s.gql(a.unitA, Q.completeTask, { id: taskU.id }));
    });

    it('tasks and reviews need the resolution to be under way', async () => {
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.secretariat, Q.assignTask, {
          input: {
            resolutionId: draft.id,
            title: 't',
            assigneeUnitId: UNIT_A,
            dueOn: '2026-01-01',
          },
        }),
      );
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: draft.id, heldOn: '2023-02-01', coversThroughYear: 2022 },
        }),
      );
    });

    it('INVALID_TRANSITION comes before state-dependent BAD_USER_INPUT', async () => {
      // the task is not accepted and the year is outside the term: the transition decides
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.unitA, Q.report, { input: { taskId: taskU.id, year: 2019 } }),
      );
      // a second mid-term review covering a year outside the term
      await refused('INVALID_TRANSITION', () =>
        s.gql(a.standing, Q.holdMidterm, {
          input: { resolutionId: live.id, heldOn: '2023-02-01', coversThroughYear: 2030 },
        }),
      );
    });
  });

  describe('CONCURRENCY_CONFLICT', () => {
    it('a stale expectedVersion writes nothing; the right one succeeds', async () => {
      const r = await draftResolution(s, a);
      await defineTarget(s, a, r.id, { code: 'C1', kind: 'LEVEL', targetValue: '1' });
      // version is 1 now
      await refused('CONCURRENCY_CONFLICT', () =>
        s.gql(a.secretariat, Q.submit, { id: r.id, v: 0 }),
      );
      await refused('CONCURRENCY_CONFLICT', () =>
        s.gql(a.secretariat, Q.submit, { id: r.id, v: 2 }),
      );
      await refused('CONCURRENCY_CONFLICT', () =>
        s.gql(a.secretariat, Q.defineTarget, {
          input: {
            resolutionId: r.id,
            expectedVersion: 0,
            code: 'C2',
            group: 'g',
            name: 'n',
            unit: '%',
            kind: 'LEVEL',
            comparison: 'AT_LEAST',
            baselineYear: 2020,
            targetValue: '1',
            dueYear: 2025,
          },
        }),
      );
      const submitted = ok(
        await s.gql(a.secretariat, Q.submit, { id: r.id, v: 1 }),
      ).submitForReview;
      expect(submitted).toMatchObject({ status: 'IN_REVIEW', version: 2 });
    });

    it('on a task: stale version refused, current version accepted', async () => {
      const t = ok(await s.gql(a.auditor, Q.task, { id: taskA.id })).task;
      await refused('CONCURRENCY_CONFLICT', () =>
        s.gql(a.unitA, Q.report, reportInput({ expectedVersion: t.version - 1 })),
      );
      const rep = ok(
        await s.gql(a.unitA, Q.report, reportInput({ expectedVersion: t.version })),
      ).reportProgress;
      expect(rep.year).toBe(2022);
      expect(ok(await s.gql(a.auditor, Q.task, { id: taskA.id })).task.version).toBe(t.version + 1);
    });

    it('CONCURRENCY_CONFLICT comes before INVALID_TRANSITION', async () => {
      // issuing a DRAFT is not allowed, but the stale version is found first
      await refused('CONCURRENCY_CONFLICT', () =>
        s.gql(a.standing, Q.issue, {
          input: {
            resolutionId: draft.id,
            expectedVersion: 0,
            code: 'X',
            issuedOn: '2021-01-01',
            signedBy: 'y',
          },
        }),
      );
    });
  });
});
