import { BadUserInput } from '../../shared/domain-errors';
import type { Role } from '../shared/actor';
import { requireRole, requireText } from '../shared/guards';
import type { OrgUnitCommand } from './org-unit.commands';
import { ORG_UNIT_KINDS, type OrgUnitEvent, type OrgUnitKind } from './org-unit.events';

export interface OrgUnitState {
  defined: boolean;
  name: string | null;
  kind: OrgUnitKind | null;
  parentId: string | null;
}

export const initialState: OrgUnitState = {
  defined: false,
  name: null,
  kind: null,
  parentId: null,
};

export const ORG_UNIT_ROLES: Record<OrgUnitCommand['type'], Role[]> = {
  DefineOrgUnit: ['SECRETARIAT'],
};

/** Role and shape, before any state is read. */
export function authorize(cmd: OrgUnitCommand): void {
  requireRole(cmd.actor, ORG_UNIT_ROLES[cmd.type], cmd.type);
  requireText('id', cmd.unitId, 200);
  requireText('name', cmd.name, 500);
  if (!ORG_UNIT_KINDS.includes(cmd.kind)) throw new BadUserInput('kind', 'unknown unit kind');
  if (cmd.parentId !== null) requireText('parentId', cmd.parentId, 200);
}

/** A unit is created by its first definition: nothing to find first. */
export function checkAccess(_cmd: OrgUnitCommand, _state: OrgUnitState): void {}

export function decide(cmd: OrgUnitCommand, _state: OrgUnitState): OrgUnitEvent[] {
  // authorize and checkAccess have run (the runner's order: they come before the replay check).
  // State-dependent input: the parent must be registered, and never the unit or one below it.
  if (cmd.parentId !== null) {
    if (cmd.parentId === cmd.unitId)
      throw new BadUserInput('parentId', 'a unit cannot be its own parent');
    if (cmd.parentChain === null)
      throw new BadUserInput('parentId', `no registered unit ${cmd.parentId}`);
    if (cmd.parentChain.includes(cmd.unitId))
      throw new BadUserInput('parentId', 'would move the unit into its own subtree');
  }
  // A redefinition replaces name, kind and parent (no parent: the unit moves to the top).
  return [
    {
      type: 'OrgUnitDefined',
      data: {
        unitId: cmd.unitId,
        name: cmd.name.trim(),
        kind: cmd.kind,
        parentId: cmd.parentId,
      },
    },
  ];
}

export function evolve(_state: OrgUnitState, event: OrgUnitEvent): OrgUnitState {
  switch (event.type) {
    case 'OrgUnitDefined':
      return {
        defined: true,
        name: event.data.name,
        kind: event.data.kind,
        parentId: event.data.parentId,
      };
    default:
      return _state;
  }
}

export const orgUnitDecider = { decide, evolve, initialState, authorize, checkAccess };
