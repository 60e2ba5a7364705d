import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../event-store/event-hash';
import type { Actor } from '../workflows/shared/actor';

/** What every command carries besides its payload: who, which command, and why (correlation). */
export interface CommandEnvelope {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** The mutation's name, e.g. 'reportProgress'. */
  command: string;
  /** sha256 of mutation, input and actor: a commandId reused for anything else is refused. */
  fingerprint: string;
  expectedVersion: number | null;
}

export function envelope(
  command: string,
  actor: Actor,
  input: Record<string, unknown>,
  opts: { commandId?: string | null; correlationId?: string | null } = {},
): CommandEnvelope {
  const { commandId: _c, ...payload } = input;
  const commandId = opts.commandId || randomUUID();
  const expectedVersion = input['expectedVersion'];
  return {
    commandId,
    correlationId: opts.correlationId || commandId,
    causationId: commandId,
    actor,
    command,
    fingerprint: createHash('sha256')
      .update(
        canonicalJson({ command, payload, actor: [actor.id, actor.role, actor.unitId ?? null] }),
      )
      .digest('hex'),
    expectedVersion: typeof expectedVersion === 'number' ? expectedVersion : null,
  };
}

/** A UUID derived from a name: the same command always gets the same entity and event ids. */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5-style
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
