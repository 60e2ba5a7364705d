/** Events of an `orgunit-<id>` stream: the unit's definitions, the latest in force. */

export const ORG_UNIT_KINDS = [
  'PARTY_COMMITTEE',
  'AGENCY',
  'WARD',
  'COMMUNE',
  'PARTY_CELL',
  'OTHER',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export type OrgUnitEvent = {
  type: 'OrgUnitDefined';
  data: { unitId: string; name: string; kind: OrgUnitKind; parentId: string | null };
};
