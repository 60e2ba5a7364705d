import type { ReadView } from '../../../../libs/application/queries/read-view';
import type { ResolutionDoc, TaskDoc } from '../../../../libs/read-models/documents';
import type { StoredEvent } from '../../../../libs/event-store/event-store.port';

/** A resolution as GraphQL sees it: the document plus where its tasks and reviews are read from. */
export type ResolutionNode = ResolutionDoc & { __view: ReadView };
export type TaskNode = TaskDoc & { __view?: ReadView };

export function resolutionNode(doc: ResolutionDoc, view: ReadView): ResolutionNode {
  return { ...doc, __view: view };
}

/** The contract's AuditEvent: the stored event with its metadata lifted to fields. */
export function auditEvent(e: StoredEvent) {
  return {
    id: e.id,
    streamId: e.streamId,
    revision: Number(e.revision),
    position: e.position.toString(),
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    actorId: e.metadata.actorId,
    actorRole: e.metadata.actorRole,
    commandId: e.metadata.commandId ?? null,
    correlationId: e.metadata.correlationId ?? null,
    causationId: e.metadata.causationId ?? null,
    occurredAt: e.metadata.occurredAt,
    hash: e.hash,
    // CloudEvents-style envelope over the same facts.
    specversion: '1.0',
    source: `/resolutions/${String((e.data as { resolutionId?: string }).resolutionId ?? '')}`,
    subject: e.streamId,
    time: e.metadata.occurredAt,
  };
}
