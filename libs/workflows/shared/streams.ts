/** Stream names: the one place that builds and parses them (stored forever, never renamed). */
export const resolutionStream = (id: string) => `resolution-${id}`;
export const taskStream = (id: string) => `task-${id}`;
export const reviewStream = (id: string) => `review-${id}`;
export const alertsStream = (resolutionId: string) => `alerts-${resolutionId}`;
export const orgUnitStream = (unitId: string) => `orgunit-${unitId}`;

const KINDS = ['resolution', 'task', 'review', 'alerts', 'orgunit'] as const;
export type StreamKind = (typeof KINDS)[number];

/** The kind and entity id of a product stream, or null for any other name. */
export function parseStream(streamId: string): { kind: StreamKind; id: string } | null {
  const dash = streamId.indexOf('-');
  const kind = streamId.slice(0, dash) as StreamKind;
  return dash > 0 && KINDS.includes(kind) ? { kind, id: streamId.slice(dash + 1) } : null;
}
