import type { CommandContext } from '../shared/actor';
import type { OrgUnitKind } from './org-unit.events';

export type OrgUnitCommand = CommandContext & {
  type: 'DefineOrgUnit';
  unitId: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  /**
   * The parent and its ancestors up to the top, read by the handler from their streams (null:
   * the parent is not registered).
   */
  parentChain: string[] | null;
};
