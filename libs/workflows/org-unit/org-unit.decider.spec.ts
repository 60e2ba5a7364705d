import { BadUserInput, Forbidden } from '../../shared/domain-errors';
import { ROLES, type Actor, type Role } from '../shared/actor';
import { deciderSpec } from '../shared/decider-spec';
import type { OrgUnitCommand } from './org-unit.commands';
import { evolve, initialState, orgUnitDecider } from './org-unit.decider';
import type { OrgUnitEvent } from './org-unit.events';

const actor = (role: Role): Actor => ({ id: `user-${role}`, role });
const define = (over: Partial<OrgUnitCommand> = {}): OrgUnitCommand => ({
  actor: actor('SECRETARIAT'),
  at: '2024-03-01T03:00:00.000Z',
  today: '2024-03-01',
  type: 'DefineOrgUnit',
  unitId: 'phuong-duc-xuan',
  name: ' Đảng bộ phường Đức Xuân ',
  kind: 'WARD',
  parentId: 'dang-bo-thanh-pho',
  parentChain: ['dang-bo-thanh-pho'],
  ...over,
});
const defined = (over: Partial<OrgUnitEvent['data']> = {}): OrgUnitEvent => ({
  type: 'OrgUnitDefined',
  data: {
    unitId: 'phuong-duc-xuan',
    name: 'Đảng bộ phường Đức Xuân',
    kind: 'WARD',
    parentId: 'dang-bo-thanh-pho',
    ...over,
  },
});
const given = deciderSpec(orgUnitDecider);

describe('org unit decider', () => {
  it('the secretariat defines a unit under a registered parent', () =>
    given([]).when(define()).then([defined()]));

  it('a top-level unit has no parent', () =>
    given([])
      .when(define({ parentId: null, parentChain: null }))
      .then([defined({ parentId: null })]));

  it('defining the same id again replaces name, kind and parent (none: moves it to the top)', () => {
    given([defined()])
      .when(define({ name: 'Phường Đức Xuân', kind: 'OTHER', parentId: null, parentChain: null }))
      .then([defined({ name: 'Phường Đức Xuân', kind: 'OTHER', parentId: null })]);
    const state = [defined(), defined({ parentId: null })].reduce(evolve, initialState);
    expect(state).toMatchObject({ defined: true, parentId: null });
  });

  it.each(ROLES.filter((r) => r !== 'SECRETARIAT'))('%s may not define a unit', (role) =>
    given([])
      .when(define({ actor: actor(role), name: ' ' }))
      .thenThrows(Forbidden, /may not DefineOrgUnit/),
  );

  it('a blank id or name is malformed', () => {
    given([])
      .when(define({ unitId: ' ' }))
      .thenThrows(BadUserInput, /id/);
    given([])
      .when(define({ name: '' }))
      .thenThrows(BadUserInput, /name/);
  });

  it('an unregistered parent is BAD_USER_INPUT naming parentId', () =>
    given([])
      .when(define({ parentChain: null }))
      .thenThrows(BadUserInput, /no registered unit dang-bo-thanh-pho/));

  it('never into its own subtree: itself, its child or a deeper descendant', () => {
    given([])
      .when(define({ parentId: 'phuong-duc-xuan', parentChain: null }))
      .thenThrows(BadUserInput, /own parent/);
    given([defined({ parentId: null })])
      .when(define({ parentId: 'chi-bo-1', parentChain: ['chi-bo-1', 'phuong-duc-xuan'] }))
      .thenThrows(BadUserInput, /own subtree/);
    given([defined({ parentId: null })])
      .when(
        define({
          parentId: 'to-dang-2',
          parentChain: ['to-dang-2', 'chi-bo-1', 'phuong-duc-xuan'],
        }),
      )
      .thenThrows(BadUserInput, /own subtree/);
  });
});
