import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace. The hash must be the same whichever adapter
 * stores the event, so it is computed from this form only.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface HashableEvent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
}

/** Chains each event to the previous one of its stream: altering, removing or reordering breaks it. */
export function eventHash(e: HashableEvent, prevHash: string | null): string {
  const content = canonicalJson({
    id: e.id,
    streamId: e.streamId,
    revision: e.revision.toString(),
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    prevHash,
  });
  return createHash('sha256').update(content).digest('hex');
}
