import type { Observation, TargetSpec } from '../../assessment/assessment';
import type { StoredEvent } from '../../event-store/event-store.port';
import { MemoryReadModel } from '../../read-models/memory-read-model';
import { observationsOf } from '../../read-models/resolution-tracking.projection';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ResolutionEvent } from '../../workflows/resolution/resolution.events';
import { resolutionStream, taskStream } from '../resolution/resolution-context';
import type { StreamRunner } from '../stream-runner';

export interface ReviewEvidence {
  /** Global position of the last event of the resolution and its tasks that the review saw. */
  asOfPosition: string;
  targets: TargetSpec[];
  observations: Observation[];
}

/**
 * What a review is based on, read from the events themselves: the resolution's targets and the
 * latest value of each (target, year, unit) reported by its tasks, up to `toPosition` (inclusive;
 * everything stored when omitted).
 */
export async function gatherEvidence(
  runner: StreamRunner,
  resolutionId: string,
  toPosition?: bigint,
): Promise<ReviewEvidence> {
  const taskIds = (await runner.readModels.resolution(resolutionId))?.taskIds ?? [];
  const events: StoredEvent[] = [];
  for (const streamId of [resolutionStream(resolutionId), ...taskIds.map(taskStream)])
    for await (const e of runner.store.readStream(streamId, { toPosition })) events.push(e);
  events.sort((a, b) => (a.position < b.position ? -1 : 1));
  let state = resolutionDecider.initialState;
  const values = new MemoryReadModel();
  for (const e of events) {
    if (e.streamId === resolutionStream(resolutionId))
      state = resolutionDecider.evolve(state, e as unknown as ResolutionEvent);
    else if (e.type === 'ProgressReported') values.addObservations(resolutionId, observationsOf(e));
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
