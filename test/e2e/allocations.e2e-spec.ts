import { actors, failure, ok, UNIT_A, UNIT_B } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import { acceptTask, assignTask, cid, issuedResolution, report } from '../support/lifecycle';

/** Allocations (giao chỉ tiêu cho đơn vị, DOMAIN.md) over real HTTP. */

const ALLOCATION = `unitId unit { id name } value currentValue assessment`;
const Ops = {
  allocate: `mutation($input: AllocateTargetInput!) { allocateTarget(input: $input) {
    id currentValue allocations { ${ALLOCATION} } } }`,
  targets: `query($id: ID!) { resolution(id: $id) { version targets { id currentValue allocations { ${ALLOCATION} } } } }`,
  defineUnit: `mutation($input: DefineOrgUnitInput!) { defineOrgUnit(input: $input) { id } }`,
  head: `{ serverInfo { headPosition } }`,
};

describe('allocations, over HTTP', () => {
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await s?.close();
  });

  const head = async () => ok(await s.gql(a.auditor, Ops.head)).serverInfo.headPosition;
  const allocate = (input: Record<string, unknown>, tok = a.standing) =>
    s.gql(tok, Ops.allocate, { input });

  it('splits the 450 new members across units; each shows its own figures; a new list replaces the old', async () => {
    ok(
      await s.gql(a.secretariat, Ops.defineUnit, {
        input: { id: UNIT_A, name: 'Phường Đức Xuân', kind: 'WARD' },
      }),
    );
    const { resolution, targets } = await issuedResolution(s, a, [
      { code: 'XD-01', kind: 'CUMULATIVE', baseline: null, targetValue: '450' },
    ]);
    const target = targets[0].id;
    const first = ok(
      await allocate({
        resolutionId: resolution.id,
        targetId: target,
        allocations: [
          { unitId: UNIT_A, value: '250' },
          { unitId: UNIT_B, value: '200.0' },
        ],
      }),
    ).allocateTarget;
    expect(first.allocations).toEqual([
      {
        unitId: UNIT_A,
        unit: { id: UNIT_A, name: 'Phường Đức Xuân' },
        value: '250',
        currentValue: null,
        assessment: 'NO_DATA',
      },
      { unitId: UNIT_B, unit: null, value: '200', currentValue: null, assessment: 'NO_DATA' },
    ]);

    for (const [unit, tok] of [
      [UNIT_A, a.unitA],
      [UNIT_B, a.unitB],
    ] as const) {
      const task = await assignTask(s, a, {
        resolutionId: resolution.id,
        assigneeUnitId: unit,
        targetIds: [target],
      });
      await acceptTask(s, tok, task.id);
      await report(s, tok, {
        taskId: task.id,
        year: 2021,
        measurements: [{ targetId: target, year: 2021, value: unit === UNIT_A ? '60' : '20' }],
      });
    }
    // One year of five: path 250 × 1/5 = 50 ≤ 60; 200 × 1/5 = 40 > 20.
    const read = ok(await s.gql(a.auditor, Ops.targets, { id: resolution.id })).resolution
      .targets[0];
    expect(read.currentValue).toBe('80');
    expect(read.allocations.map((x: any) => [x.unitId, x.currentValue, x.assessment])).toEqual([
      [UNIT_A, '60', 'ON_SCHEDULE'],
      [UNIT_B, '20', 'BEHIND'],
    ]);

    const replaced = ok(
      await allocate({
        resolutionId: resolution.id,
        targetId: target,
        allocations: [{ unitId: UNIT_B, value: '450' }],
      }),
    ).allocateTarget;
    expect(replaced.allocations).toEqual([
      { unitId: UNIT_B, unit: null, value: '450', currentValue: '20', assessment: 'BEHIND' },
    ]);
  });

  it('refuses in the contract order and writes nothing', async () => {
    const { resolution, targets } = await issuedResolution(s, a, [
      { code: 'XD-01', kind: 'CUMULATIVE', baseline: null, targetValue: '450' },
    ]);
    const input = (over: Record<string, unknown> = {}) => ({
      resolutionId: resolution.id,
      targetId: targets[0].id,
      allocations: [{ unitId: UNIT_A, value: '450' }],
      ...over,
    });
    const at = await head();
    for (const tok of [a.secretariat, a.member, a.unitA, a.auditor])
      expect(
        failure(await allocate(input({ allocations: [{ unitId: UNIT_A, value: '1,5' }] }), tok))
          .code,
      ).toBe('FORBIDDEN');
    const refusals: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        { allocations: [{ unitId: UNIT_A, value: '1,5' }], resolutionId: 'nope' },
        'BAD_USER_INPUT',
        /allocations/,
      ],
      [
        {
          allocations: [
            { unitId: UNIT_A, value: '300' },
            { unitId: UNIT_A, value: '300' },
          ],
        },
        'BAD_USER_INPUT',
        /allocations/,
      ],
      [{ resolutionId: 'nope' }, 'NOT_FOUND', /not found/],
      [{ targetId: 'no-such-target' }, 'BAD_USER_INPUT', /targetId/],
      [{ allocations: [{ unitId: UNIT_A, value: '449' }] }, 'BAD_USER_INPUT', /allocations/],
      [{ expectedVersion: 0 }, 'CONCURRENCY_CONFLICT', /expectedVersion/],
    ];
    for (const [over, code, message] of refusals) {
      const e = failure(await allocate(input(over)));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    }
    expect(await head()).toBe(at);

    const c = cid();
    const once = ok(await allocate(input({ commandId: c })));
    const after = await head();
    expect(ok(await allocate(input({ commandId: c })))).toEqual(once);
    expect(await head()).toBe(after);
  });
});
