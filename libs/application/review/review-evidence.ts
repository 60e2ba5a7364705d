import type { Observation, TargetSpec } from '../../assessment/assessment';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { MemoryReadModel } from '../../read-models/memory-read-model';
import { observationsOf } from '../../read-models/resolution-tracking.projection';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ResolutionEvent } from '../../workflows/resolution/resolution.events';
import { resolutionStream, taskStream } from '../../workflows/shared/streams';

export interface ReviewEvidence {
  /** Global position of the last event of the resolution and its tasks that the review saw. */
  asOfPosition: string;
  targets: TargetSpec[];
  observations: Observation[];
}

/** The resolution's tasks stored up to `toPosition`, from their TaskAssigned events. */
async function tasksOf(store: EventStore, resolutionId: string, toPosition: bigint) {
  const ids: string[] = [];
  for await (const e of store.readAll({ toPosition, filter: { types: ['TaskAssigned'] } }))
    if (e.data.resolutionId === resolutionId) ids.push(String(e.data.taskId));
  return ids;
}

/**
 * What a review is based on, read from the events themselves (never the read models): the
 * resolution's targets and the latest value of each (target, year, unit) reported by its tasks,
 * up to `toPosition` (inclusive).
 */
export async function gatherEvidence(
  store: EventStore,
  resolutionId: string,
  toPosition: bigint,
): Promise<ReviewEvidence> {
  const taskIds = await tasksOf(store, resolutionId, toPosition);
  const events: StoredEvent[] = [];
  for (const streamId of [resolutionStream(resolutionId), ...taskIds.map(taskStream)])
    for await (const e of store.readStream(streamId, { toPosition })) events.push(e);
  events.sort((a, b) => (a.position < b.position ? -1 : 1));
  let state = resolutionDecider.initialState;
  const values = new MemoryReadModel();
  for (const e of events) {
    if (e.streamId === resolutionStream(resolutionId))
      state = resolutionDecider.evolve(state, e as unknown as ResolutionEvent);
    else if (e.type === 'ProgressReported')
      values.addObservations(resolutionId, observationsOf(e), String(e.data.reportId));
    // A report returned before the review no longer counts; one returned later still did.
    else if (e.type === 'ReportReturned')
      values.returnReport(resolutionId, String(e.data.reportId));
  }
  return {
    asOfPosition: (events[events.length - 1]?.position ?? 0n).toString(),
    targets: [...state.targets.values()].map((t) => ({
      id: t.targetId,
      kind: t.kind,
      comparison: t.comparison,
      baseline: t.baseline,
      baselineYear: t.baselineYear,
      targetValue: t.targetValue,
      dueYear: t.dueYear,
    })),
    observations: values.observations(resolutionId),
  };
}
