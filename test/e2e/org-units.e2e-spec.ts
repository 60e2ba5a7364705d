import { actors, failure, ok } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import { assignTask, cid, issuedResolution, sleep } from '../support/lifecycle';

/** Organisation units (DOMAIN.md): defineOrgUnit, orgUnit, orgUnits, Task.assigneeUnit. */

const UNIT = `id name kind parent { id name } children { id }`;
const Ops = {
  define: `mutation($input: DefineOrgUnitInput!) { defineOrgUnit(input: $input) { ${UNIT} } }`,
  unit: `query($id: ID!) { orgUnit(id: $id) { ${UNIT} } }`,
  units: `query($parentId: ID) { orgUnits(parentId: $parentId) { id name } }`,
  task: `query($id: ID!) { task(id: $id) { assigneeUnitId assigneeUnit { id name parent { id } } } }`,
  events: `query($id: ID!) { auditTrail(resolutionId: $id) { edges { node { type } } } }`,
  head: `{ serverInfo { headPosition } }`,
};

describe('organisation units, over HTTP', () => {
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await s?.close();
  });

  const define = (input: Record<string, unknown>, tok = a.secretariat) =>
    s.gql(tok, Ops.define, { input });
  const head = async () => ok(await s.gql(a.auditor, Ops.head)).serverInfo.headPosition;

  it('registers a hierarchy, lists it in the order first defined, and resolves task units', async () => {
    const city = ok(
      await define({ id: 'db-tp', name: 'Đảng bộ thành phố Bắc Kạn', kind: 'PARTY_COMMITTEE' }),
    ).defineOrgUnit;
    expect(city).toEqual({
      id: 'db-tp',
      name: 'Đảng bộ thành phố Bắc Kạn',
      kind: 'PARTY_COMMITTEE',
      parent: null,
      children: [],
    });
    ok(await define({ id: 'p-dx', name: ' Phường Đức Xuân ', kind: 'WARD', parentId: 'db-tp' }));
    ok(await define({ id: 'x-dq', name: 'Xã Dương Quang', kind: 'COMMUNE', parentId: 'db-tp' }));
    ok(await define({ id: 'cb-1', name: 'Chi bộ tổ 1', kind: 'PARTY_CELL', parentId: 'p-dx' }));
    const ward = ok(await s.gql(a.member, Ops.unit, { id: 'p-dx' })).orgUnit;
    expect(ward).toMatchObject({
      name: 'Phường Đức Xuân',
      parent: { id: 'db-tp' },
      children: [{ id: 'cb-1' }],
    });
    expect(ok(await s.gql(a.auditor, Ops.units, { parentId: 'db-tp' })).orgUnits).toEqual([
      { id: 'p-dx', name: 'Phường Đức Xuân' },
      { id: 'x-dq', name: 'Xã Dương Quang' },
    ]);
    expect(ok(await s.gql(a.auditor, Ops.units, {})).orgUnits.map((u: any) => u.id)).toContain(
      'db-tp',
    );
    expect(ok(await s.gql(a.auditor, Ops.unit, { id: 'nope' })).orgUnit).toBeNull();

    // A redefinition replaces name, kind and parent; the unit keeps its place in the lists.
    ok(await define({ id: 'p-dx', name: 'Phường Đức Xuân', kind: 'WARD' }));
    expect(ok(await s.gql(a.auditor, Ops.unit, { id: 'p-dx' })).orgUnit.parent).toBeNull();
    ok(await define({ id: 'p-dx', name: 'Phường Đức Xuân', kind: 'WARD', parentId: 'db-tp' }));
    expect(ok(await s.gql(a.auditor, Ops.units, { parentId: 'db-tp' })).orgUnits[0].id).toBe(
      'p-dx',
    );

    const { resolution } = await issuedResolution(s, a);
    const registered = await assignTask(s, a, {
      resolutionId: resolution.id,
      assigneeUnitId: 'p-dx',
    });
    const free = await assignTask(s, a, {
      resolutionId: resolution.id,
      assigneeUnitId: 'so-tai-chinh',
    });
    expect(ok(await s.gql(a.auditor, Ops.task, { id: registered.id })).task).toEqual({
      assigneeUnitId: 'p-dx',
      assigneeUnit: { id: 'p-dx', name: 'Phường Đức Xuân', parent: { id: 'db-tp' } },
    });
    expect(ok(await s.gql(a.auditor, Ops.task, { id: free.id })).task).toEqual({
      assigneeUnitId: 'so-tai-chinh',
      assigneeUnit: null,
    });

    // Time travel covers units: before the rename, the task's unit had its old name.
    await sleep(20);
    const before = new Date().toISOString();
    await sleep(20);
    ok(await define({ id: 'p-dx', name: 'Phường Đức Xuân mới', kind: 'WARD', parentId: 'db-tp' }));
    const names = async (asOf: string | null) =>
      ok(
        await s.gql(
          a.auditor,
          `query($id: ID!, $asOf: DateTime) { resolution(id: $id, asOf: $asOf) { tasks { assigneeUnit { name } } } }`,
          { id: resolution.id, asOf },
        ),
      ).resolution.tasks.map((t: any) => t.assigneeUnit?.name ?? null);
    expect(await names(before)).toEqual(['Phường Đức Xuân', null]);
    expect(await names(null)).toEqual(['Phường Đức Xuân mới', null]);
  });

  it('refuses in the contract order and writes nothing', async () => {
    ok(await define({ id: 'root-2', name: 'Ban Tổ chức', kind: 'AGENCY' }));
    ok(await define({ id: 'child-2', name: 'Phòng 1', kind: 'OTHER', parentId: 'root-2' }));
    const at = await head();
    for (const tok of [a.standing, a.member, a.unitA, a.auditor])
      expect(failure(await define({ id: 'x', name: ' ', kind: 'WARD' }, tok)).code).toBe(
        'FORBIDDEN',
      );
    const blank = failure(await define({ id: 'x', name: ' ', kind: 'WARD' }));
    expect(blank.code).toBe('BAD_USER_INPUT');
    expect(blank.message).toMatch(/name/);
    for (const parentId of ['no-such-unit', 'root-2', 'child-2']) {
      const e = failure(
        await define({ id: 'root-2', name: 'Ban Tổ chức', kind: 'AGENCY', parentId }),
      );
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toMatch(/parentId/);
    }
    expect(await head()).toBe(at);

    const c = cid();
    const first = ok(
      await define({ commandId: c, id: 'u-3', name: 'Xã Nông Thượng', kind: 'COMMUNE' }),
    );
    const after = await head();
    expect(
      ok(await define({ commandId: c, id: 'u-3', name: 'Xã Nông Thượng', kind: 'COMMUNE' })),
    ).toEqual(first);
    expect(await head()).toBe(after);
  });
});
